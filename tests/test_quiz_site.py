"""The static quiz on the built book, driven in headless Chromium (Debian's, served on 127.0.0.1).

* the page tells a student exactly what :func:`abduction_issue.exercises.grade` says, for every question of
  the bank and many answers to each (grading is defined once, in Python: :mod:`abduction_issue.exercises.static`);
* every feedback links to the section that answers it, and every link's page and anchor exist;
* after *Check answer*, right or wrong, keyboard focus stays on the question (its live feedback region);
* a prediction's chart stays hidden until it is answered, and predictions are not counted in the score;
* answers survive a reload (localStorage, one key per page and question) with their feedback and the
  chapter's score, and *Clear my answers* forgets them;
* at 390 px no matching or ordering option is cut off (the chosen text is shown in full under its select);
* in the theme's dark mode the quiz cards and their radio buttons are dark-mode controls (screenshots of
  both modes are written next to the test's temporary files).
"""
from __future__ import annotations

import html as _html
import itertools
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from abduction_issue import exercises as ex
from abduction_issue import i18n
from abduction_issue import project

CHAPTER_PAGES = [c.docname + ".html" for c in project.CHAPTERS]
QUIZ_PAGES = CHAPTER_PAGES + ["notebooks/02-public-opinion.html", "notebooks/04-exercises.html"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def bank():
    return {q.id: q for q in ex.load_bank()}


@pytest.fixture()
def context(chromium, site_server):
    """A fresh browser context (its own, empty localStorage) that may reach 127.0.0.1 only."""
    ctx = chromium.new_context(**DESKTOP)
    outside = []

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()
    ctx.route("**/*", route)
    yield ctx
    ctx.close()
    assert outside == [], f"requests to other hosts: {outside}"


def open_page(ctx, server, path):
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + path, wait_until="load")
    page.errors = errors
    return page


def score_text(answered, total, right) -> str:
    """The score line the quiz shows (its words from the one set of messages, in the build's language)."""
    return ex.fill(ex.MESSAGES["score"], answered=answered, total=total, right=right)


# --------------------------------------------------------------------------- web and Python grade alike

def responses(q) -> list:
    """Answers to try: every choice; for ordering and matching the right one, its reverse, every swap of two
    slots, the order offered and (matching) one speaker given twice.  The right answer comes last (it locks
    the question)."""
    if q.kind in ex.CHOICE_KINDS:
        return [i for i in range(len(q.choices)) if i != q.answer] + [q.answer]
    right = list(q.answer)
    tries = [right[::-1], list(q.shown_events or q.shown_speakers)]
    for i, j in itertools.combinations(range(len(right)), 2):
        swapped = right[:]
        swapped[i], swapped[j] = swapped[j], swapped[i]
        tries.append(swapped)
    if q.kind == "match_quote":
        tries.append([right[1]] + right[1:])
    seen, out = set(), []
    for t in tries:
        if t != right and tuple(t) not in seen:
            seen.add(tuple(t))
            out.append(t)
    return out + [right]


#: Answer one question in the page as a student does (set the inputs, press Check answer) and read what it says.
ANSWER = """([qid, r]) => {
  const q = [...document.querySelectorAll('.aiq-question')].find(x => x.dataset.qid === qid);
  const retry = q.querySelector('.aiq-retry');
  if (!retry.hidden) retry.click();
  if (typeof r === 'number') q.querySelectorAll('input[type=radio]')[r].checked = true;
  else q.querySelectorAll('select').forEach((s, k) => { s.value = r[k]; s.dispatchEvent(new Event('change')); });
  q.querySelector('.aiq-check').click();
  return {text: q.querySelector('.aiq-feedback .aiq-text').textContent,
          bad: [...q.querySelectorAll('.aiq-part')].map(p => p.classList.contains('aiq-bad')),
          correct: q.classList.contains('aiq-correct')};
}"""


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_the_page_grades_every_bank_question_as_python_does(context, site_server, bank, path):
    page = open_page(context, site_server, path)
    qids = page.eval_on_selector_all(".aiq-question", "qs => qs.map(q => q.dataset.qid)")
    chapter = next(c.id for c in project.CHAPTERS if c.docname + ".html" == path)
    assert sorted(qids) == sorted(q for q in bank if bank[q].chapter == chapter)
    checked = 0
    for qid in qids:
        q = bank[qid]
        for r in responses(q):
            said = page.evaluate(ANSWER, [qid, r])
            result = ex.grade(q, r)
            assert said["text"] == ("\u2714 " if result.correct else "\u2718 ") + result.feedback, (qid, r)
            assert said["correct"] == result.correct, (qid, r)
            if q.kind not in ex.CHOICE_KINDS:
                assert said["bad"] == [not ok for ok in result.detail], (qid, r)
            checked += 1
    assert checked >= 3 * len(qids) and page.errors == []


def test_wrong_order_feedback_names_the_events_out_of_place(bank):
    for q in bank.values():
        if q.kind != "order_events":
            continue
        right = list(q.answer)
        swapped = [right[1], right[0]] + right[2:]
        text = ex.grade(q, swapped).feedback

        def named(e):   # an event as the feedback names it (in quotation marks of the build's language)
            return ex.fill(ex.MESSAGES["item"], text=ex.event_text(e, q))
        assert named(right[0]) in text and named(right[1]) in text, text
        for e in right[2:]:
            assert named(e) not in text, text


# --------------------------------------------------------------------------- section links

def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_every_feedback_links_to_a_section_that_exists(built_html, bank):
    seen = set()
    for path in QUIZ_PAGES:
        html = (built_html / path).read_text(encoding="utf-8")
        for block in html.split('<div class="aiq-question"')[1:]:
            qid = re.search(r'data-qid="([^"]+)"', block).group(1)
            links = re.findall(r'<p class="aiq-more" hidden>[^<]*<a href="([^"]+)">([^<]+)</a>', block)
            assert len(links) == 1, f"{path}: {qid} has {len(links)} section links"
            href, text = links[0]
            href = _html.unescape(href)
            target, _, anchor = href.partition("#")
            file = (built_html / path).parent / target
            assert file.resolve().is_file(), f"{path}: {qid} links to a missing page {href}"
            if anchor:
                assert anchor in _ids(file.read_text(encoding="utf-8")), f"{path}: {qid}: no #{anchor} in {target}"
            q = bank[qid]
            if q.section:   # the section's title as the page gives it (translated in another language)
                title = i18n.page_text(ex.chapter_page(q.chapter).rsplit(".", 1)[0], q.section)
                assert anchor and title in _html.unescape(text), (qid, text)
            seen.add(qid)
    assert seen == set(bank), f"questions shown nowhere with a link: {set(bank) - seen}"


def test_the_link_is_shown_with_the_feedback_and_leads_to_the_section(context, site_server):
    page = open_page(context, site_server, "notebooks/04-exercises.html")
    q = page.locator(".aiq-question").first
    more = q.locator(".aiq-more")
    assert not more.is_visible()
    q.locator("input[type=radio]").first.check()
    q.locator(".aiq-check").click()
    assert more.is_visible()
    href = more.locator("a").get_attribute("href")
    expected = urljoin(page.url, href)
    more.locator("a").click()
    page.wait_for_load_state("load")
    assert page.url == expected and "/chapters/" in expected
    assert page.evaluate("id => !!document.getElementById(id)", href.split("#", 1)[1])


# --------------------------------------------------------------------------- keyboard

@pytest.mark.parametrize("right", [False, True], ids=["wrong", "right"])
def test_focus_stays_on_the_question_after_check_answer(context, site_server, right):
    page = open_page(context, site_server, "chapters/02-the-summit.html")
    q = page.locator(".aiq-question[data-kind=multiple_choice]").first
    data = q.evaluate("q => JSON.parse(q.querySelector('script.aiq-data').textContent)")
    answer = next(i for i, c in enumerate(data["choices"]) if c["correct"])
    choice = answer if right else (answer + 1) % len(data["choices"])
    q.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")
    for _ in range(choice):
        page.keyboard.press("ArrowDown")
    assert q.locator("input[type=radio]").nth(choice).is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "aiq-check"
    page.keyboard.press("Enter")
    active = page.evaluate("""() => { const a = document.activeElement;
        return {cls: a.className, live: a.getAttribute('aria-live'), qid: a.closest('.aiq-question')?.dataset.qid}; }""")
    assert active["qid"] == q.get_attribute("data-qid") and "aiq-feedback" in active["cls"] and active["live"] == "polite"
    assert q.locator(".aiq-check").is_disabled() == right
    if not right:   # one step back is Try again
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.className") == "aiq-retry"


# --------------------------------------------------------------------------- predictions

def test_a_prediction_hides_its_chart_until_answered_and_is_not_scored(context, site_server, bank):
    page = open_page(context, site_server, "chapters/03-the-backfire.html")
    predictions = [q for q in bank.values() if q.chapter == "backfire" and q.kind == "predict_reveal"]
    assert predictions
    scored = sum(1 for q in bank.values() if q.chapter == "backfire" and q.kind != "predict_reveal")
    score = page.locator("#aiq-backfire-score")
    assert score.text_content() == score_text(0, scored, 0)
    for p in predictions:
        q = page.locator(f".aiq-question[data-qid='{p.id}']")
        assert q.locator(".aiq-note").text_content() == ex.MESSAGES["prediction"]   # "not counted in the score"
        reveal = q.locator(".aiq-reveal")
        assert reveal.count() == 1 and not reveal.is_visible() and reveal.locator("img").count() == 1
        assert q.locator("img").evaluate_all("imgs => imgs.filter(i => i.offsetParent !== null).length") == 0
        q.locator("input[type=radio]").nth(p.answer).check()
        q.locator(".aiq-check").click()
        assert reveal.is_visible()
    assert score.text_content() == score_text(0, scored, 0)


# --------------------------------------------------------------------------- progress kept in the browser

#: The quiz's keys in localStorage (the theme keeps its own there too).
KEPT = "Object.keys(localStorage).filter(k => k.startsWith('abduction-quiz:'))"


def test_answers_and_score_survive_a_reload_until_cleared(context, site_server, bank):
    path = "chapters/02-the-summit.html"
    page = open_page(context, site_server, path)
    n = sum(1 for q in bank.values() if q.chapter == "summit" and q.kind != "predict_reveal")
    mc = [q for q in bank.values() if q.chapter == "summit" and q.kind == "multiple_choice"][:2]
    order = next(q for q in bank.values() if q.chapter == "summit" and q.kind == "order_events")
    right, wrong = mc[0], mc[1]
    wrong_choice = (wrong.answer + 1) % len(wrong.choices)
    reversed_order = list(reversed(order.answer))
    page.evaluate(ANSWER, [right.id, right.answer])
    page.evaluate(ANSWER, [wrong.id, wrong_choice])
    page.evaluate(ANSWER, [order.id, reversed_order])
    score = page.locator("#aiq-summit-score")
    assert score.text_content() == score_text(3, n, 1)
    said = {qid: page.locator(f".aiq-question[data-qid='{qid}'] .aiq-text").text_content()
            for qid in (right.id, wrong.id, order.id)}
    keys = page.evaluate(KEPT)
    assert sorted(keys) == sorted(f"abduction-quiz:/{path}:{q.id}" for q in (right, wrong, order)), keys

    page.reload(wait_until="load")
    assert score.text_content() == score_text(3, n, 1)
    for q, choice in ((right, right.answer), (wrong, wrong_choice)):
        el = page.locator(f".aiq-question[data-qid='{q.id}']")
        assert el.locator("input[type=radio]").nth(choice).is_checked()
        assert el.locator(".aiq-text").text_content() == said[q.id]
        assert el.locator(".aiq-more").is_visible()
    assert "aiq-correct" in page.locator(f".aiq-question[data-qid='{right.id}']").get_attribute("class")
    assert page.locator(f".aiq-question[data-qid='{wrong.id}'] .aiq-retry").is_visible()
    el = page.locator(f".aiq-question[data-qid='{order.id}']")
    assert el.locator("select").evaluate_all("ss => ss.map(s => s.value)") == reversed_order
    assert el.locator(".aiq-text").text_content() == said[order.id]
    assert page.evaluate("document.activeElement === document.body")   # restoring moves no focus

    page.locator(".aiq-quiz-head[data-quiz='aiq-summit'] .aiq-clear").click()
    assert score.text_content() == score_text(0, n, 0)
    assert page.evaluate(KEPT) == []
    page.reload(wait_until="load")
    assert score.text_content() == score_text(0, n, 0)
    assert page.locator(".aiq-question input[type=radio]:checked").count() == 0
    assert page.locator(".aiq-question .aiq-text").evaluate_all("ps => ps.filter(p => p.textContent).length") == 0
    assert page.locator(".aiq-question[data-kind=order_events] select").evaluate_all(
        "ss => ss.filter(s => s.value).length") == 0
    assert page.errors == []


def test_each_page_keeps_its_own_answers(context, site_server, bank):
    q = next(q for q in bank.values() if q.chapter == "summit" and q.kind == "multiple_choice")
    page = open_page(context, site_server, "chapters/02-the-summit.html")
    page.evaluate(ANSWER, [q.id, q.answer])
    other = open_page(context, site_server, "notebooks/04-exercises.html")
    el = other.locator(f".aiq-question[data-qid='{q.id}']")
    assert el.locator("input[type=radio]:checked").count() == 0 and el.locator(".aiq-text").text_content() == ""


# --------------------------------------------------------------------------- a phone: nothing cut off

def test_no_matching_or_ordering_option_is_cut_off_on_a_phone(chromium, site_server):
    ctx = chromium.new_context(**PHONE)
    try:
        problems, tried = [], 0
        for path in QUIZ_PAGES:
            page = ctx.new_page()
            page.goto(site_server.url + path, wait_until="load")
            result = page.evaluate("""() => {
              const out = {problems: [], tried: 0};
              for (const q of document.querySelectorAll('.aiq-question')) {
                if (q.scrollWidth > q.clientWidth + 1) out.problems.push(q.dataset.qid + ': wider than its card');
                for (const s of q.querySelectorAll('select')) {
                  const shown = s.parentNode.querySelector('.aiq-chosen');
                  for (const o of [...s.options].filter(o => o.value)) {
                    s.value = o.value; s.dispatchEvent(new Event('change'));
                    out.tried++;
                    const box = shown.getBoundingClientRect();
                    if (shown.textContent !== o.text) out.problems.push(q.dataset.qid + ': not shown: ' + o.text);
                    else if (shown.scrollWidth > shown.clientWidth + 1 || box.right > innerWidth + 1 || box.width < 50)
                      out.problems.push(q.dataset.qid + ': cut off: ' + o.text);
                  }
                  const box = s.getBoundingClientRect();
                  if (box.right > innerWidth + 1) out.problems.push(q.dataset.qid + ': select wider than the phone');
                  s.value = ''; s.dispatchEvent(new Event('change'));
                }
              }
              return out; }""")
            problems += [f"{path}: {p}" for p in result["problems"]]
            tried += result["tried"]
            page.close()
        assert tried >= 50 and problems == [], problems
    finally:
        ctx.close()


# --------------------------------------------------------------------------- dark mode

def _lum(css: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_quiz_cards_and_radios_follow_the_colour_mode(chromium, site_server, mode, tmp_path_factory):
    ctx = chromium.new_context(**PHONE, color_scheme=mode)
    try:
        page = ctx.new_page()
        page.goto(site_server.url + "chapters/02-the-summit.html", wait_until="load")
        page.wait_for_function(f"document.documentElement.dataset.theme === '{mode}'")
        q = page.locator(".aiq-question[data-kind=multiple_choice]").first
        q.locator("input[type=radio]").nth(1).check()
        q.locator(".aiq-check").click()
        q.scroll_into_view_if_needed()
        shot = tmp_path_factory.mktemp("quiz-shots") / f"quiz-{mode}.png"
        page.screenshot(path=str(shot))
        style = q.evaluate("""q => { const card = q.closest('.aiq-quiz'), radio = q.querySelector('input[type=radio]');
            const cs = getComputedStyle(card), rs = getComputedStyle(radio);
            return {bg: cs.backgroundColor, fg: cs.color, scheme: rs.colorScheme,
                    select: getComputedStyle(document.querySelector('.aiq-question select')).backgroundColor,
                    text: getComputedStyle(q.querySelector('.aiq-feedback .aiq-text')).color}; }""")
        if mode == "dark":
            assert style["scheme"] == "dark", style
            assert _lum(style["bg"]) < 0.05 and _lum(style["fg"]) > 0.5 and _lum(style["select"]) < 0.05, style
            assert _lum(style["text"]) > 0.3, style
        else:
            assert style["scheme"] == "light", style
            assert _lum(style["bg"]) > 0.9 and _lum(style["fg"]) < 0.05, style
        assert shot.stat().st_size > 10_000
    finally:
        ctx.close()
