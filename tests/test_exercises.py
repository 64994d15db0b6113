"""The exercise engine: bank validation, grading, live widgets, static HTML, print and the answer key."""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from abduction_issue import charts, data, exercises as ex

FIXTURES = Path(__file__).parent / "fixtures" / "bank"


@pytest.fixture(scope="module")
def fixture_bank():
    return {q.id: q for q in ex.load_bank(FIXTURES)}


# --------------------------------------------------------------------------- the real bank

def test_real_bank_is_valid():
    """Every question in abduction_issue/bank/*.yml passes validation (errors name file and id)."""
    ex.load_bank()


@pytest.mark.parametrize("chapter", ex.CHAPTERS)
def test_every_chapter_has_questions(chapter):
    assert ex.load_bank(chapter=chapter), f"no questions in abduction_issue/bank/{chapter}.yml"


def test_real_bank_questions_are_complete():
    tl = data.load_timeline().set_index("id")
    for q in ex.load_bank():
        assert q.source.strip() and q.explanation.strip()
        if q.kind in ex.CHOICE_KINDS:
            assert sum(c.correct for c in q.choices) == 1
            assert all(c.feedback.strip() for c in q.choices)
        if q.kind == "order_events":
            dates = [tl.loc[e, "date"] for e in q.answer]
            assert dates == sorted(dates)
        if q.chart:
            assert q.chart in charts.CHARTS


# --------------------------------------------------------------------------- validation errors

def _write(tmp_path, name, text):
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


GOOD_MC = """
  - id: summit-q1
    kind: multiple_choice
    objective: 1
    prompt: "P?"
    choices:
      - text: "A"
        correct: true
        feedback: "Because A."
      - text: "B"
        feedback: "Not B."
    explanation: "E."
    source: "data/abductees.csv"
"""


def _bank_error(tmp_path, name, body):
    _write(tmp_path, name, body)
    with pytest.raises(ex.BankError) as info:
        ex.load_bank(tmp_path)
    return str(info.value)


@pytest.mark.parametrize("mutation, message", [
    (lambda s: s.replace("        correct: true\n", ""), "exactly one choice must be correct (found 0)"),
    (lambda s: s.replace('      - text: "B"\n', '      - text: "B"\n        correct: true\n'), "found 2"),
    (lambda s: s.replace('        feedback: "Not B."\n', ""), "has no 'feedback'"),
    (lambda s: s.replace('    source: "data/abductees.csv"\n', ""), "missing 'source'"),
    (lambda s: s.replace('    explanation: "E."\n', ""), "missing 'explanation'"),
    (lambda s: s.replace("kind: multiple_choice", "kind: essay"), "kind 'essay' is not one of"),
    (lambda s: s.replace("id: summit-q1", "id: q1"), "must start with the chapter"),
    (lambda s: s.replace("objective: 1", "objective: first"), "'objective' must be"),
    (lambda s: s.replace('    prompt: "P?"\n', '    prompt: "P?"\n    feeback: "typo"\n'), "unknown field"),
    (lambda s: s.replace("kind: multiple_choice", "kind: read_chart\n    chart: no_such_chart"),
     "chart 'no_such_chart' does not exist"),
    (lambda s: s.replace("kind: multiple_choice", "kind: read_chart"), "read_chart needs 'chart'"),
])
def test_validation_errors_name_file_and_question(tmp_path, mutation, message):
    msg = _bank_error(tmp_path, "summit.yml", "chapter: summit\nquestions:" + mutation(GOOD_MC))
    assert message in msg
    assert "summit.yml" in msg
    assert "'summit-q1'" in msg or "'q1'" in msg


def test_good_question_loads(tmp_path):
    _write(tmp_path, "summit.yml", "chapter: summit\nquestions:" + GOOD_MC)
    (q,) = ex.load_bank(tmp_path)
    assert q.choices[q.answer].text == "A" and q.chapter == "summit"


def test_unknown_chapter_and_file_name(tmp_path):
    msg = _bank_error(tmp_path, "prologue.yml", "chapter: prologue\nquestions:" + GOOD_MC)
    assert "chapter 'prologue' does not exist" in msg
    (tmp_path / "prologue.yml").unlink()
    msg = _bank_error(tmp_path, "backfire.yml", "chapter: summit\nquestions:" + GOOD_MC)
    assert "does not match the file name" in msg


def test_duplicate_ids_across_files(tmp_path):
    _write(tmp_path, "summit.yml", "chapter: summit\nquestions:" + GOOD_MC)
    msg = _bank_error(tmp_path, "summit.yaml", "chapter: summit\nquestions:" + GOOD_MC)
    assert "duplicate id" in msg


def test_order_events_must_exist_and_be_orderable(tmp_path):
    body = """
    chapter: summit
    questions:
      - id: summit-order
        kind: order_events
        objective: 1
        prompt: "Order."
        events: [ev-20020917, ev-99999999]
        explanation: "E."
        source: "data/timeline.csv"
    """
    msg = _bank_error(tmp_path, "summit.yml", body)
    assert "ev-99999999" in msg and "not in data/timeline.csv" in msg and "'summit-order'" in msg
    # two events on the same day cannot be ordered from the data
    tl = data.load_timeline()
    same = tl[tl.duplicated("date", keep=False)].sort_values("date").id.tolist()[:2]
    msg = _bank_error(tmp_path, "summit.yml", body.replace("ev-20020917, ev-99999999", ", ".join(same)))
    assert "cannot be ordered" in msg


def test_match_quote_needs_complete_pairs(tmp_path):
    body = """
    chapter: reading-sources
    questions:
      - id: reading-sources-m
        kind: match_quote
        objective: 1
        prompt: "Match."
        pairs:
          - quote: "one"
            speaker: "A"
            source: "s"
          - quote: "two"
            speaker: "B"
        explanation: "E."
        source: "s"
    """
    msg = _bank_error(tmp_path, "reading-sources.yml", body)
    assert "pair 2 has no 'source'" in msg and "reading-sources.yml" in msg


def test_invalid_yaml_is_reported_with_file(tmp_path):
    msg = _bank_error(tmp_path, "summit.yml", "chapter: summit\nquestions: [\n")
    assert "summit.yml" in msg and "not valid YAML" in msg


# --------------------------------------------------------------------------- grading

def test_grade_multiple_choice(fixture_bank):
    q = fixture_bank["before-2002-fixture-count"]
    n = len(data.load_abductees())
    right = [i for i, c in enumerate(q.choices) if c.text == str(n)]
    assert right == [q.answer]
    r = ex.grade(q, q.answer)
    assert r.correct and r.feedback.startswith("Correct.") and q.choices[q.answer].feedback in r.feedback
    wrong = (q.answer + 1) % len(q.choices)
    r = ex.grade(q, wrong)
    assert not r.correct and q.choices[wrong].feedback in r.feedback
    assert ex.grade(q, q.choices[q.answer].text).correct
    with pytest.raises(ValueError):
        ex.grade(q, 99)


def test_order_answer_comes_from_timeline_dates(fixture_bank):
    q = fixture_bank["summit-fixture-order"]
    tl = data.load_timeline().set_index("id")
    expected = sorted(q.events, key=lambda e: tl.loc[e, "date"])
    assert q.answer == expected
    assert list(q.events) != expected  # the YAML order is not the answer
    r = ex.grade(q, expected)
    assert r.correct and all(r.detail)
    for e in expected:
        assert ex.event_date(e) in r.feedback
    swapped = expected[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]
    r = ex.grade(q, swapped)
    assert not r.correct and r.detail == [False, False] + [True] * (len(expected) - 2)
    assert f"{len(expected) - 2} of {len(expected)}" in r.feedback
    with pytest.raises(ValueError):
        ex.grade(q, expected[:-1])


def test_grade_match_quote(fixture_bank):
    q = fixture_bank["summit-fixture-match"]
    assert ex.grade(q, [p.speaker for p in q.pairs]).correct
    assert ex.grade(q, {p.quote: p.speaker for p in q.pairs}).correct
    r = ex.grade(q, [p.speaker for p in reversed(q.pairs)])
    assert not r.correct and r.detail == [False, False]


def test_from_dict_validates_like_the_bank():
    d = yaml.safe_load("chapter: summit\nquestions:" + GOOD_MC)["questions"][0]
    q = ex.from_dict(d, "summit")
    assert q.choices[q.answer].text == "A"
    d["choices"][1]["correct"] = True
    with pytest.raises(ex.BankError, match="exactly one choice"):
        ex.from_dict(d, "summit")


# --------------------------------------------------------------------------- live widgets

def test_widget_multiple_choice_feedback_retry_and_score(fixture_bank):
    qs = [fixture_bank["before-2002-fixture-count"], fixture_bank["backfire-fixture-chart"]]
    quiz = ex.quiz_widget(qs, "Test")
    assert quiz.score == (0, 2)
    qw = quiz.questions[0]
    q = qw.q
    # nothing chosen yet
    qw.check.click()
    assert "Choose an answer" in qw.feedback.value and qw.attempts == 0
    wrong = (q.answer + 1) % len(q.choices)
    qw.inputs[0].value = wrong
    qw.check.click()
    assert q.choices[wrong].feedback.replace("'", "&#x27;")[:20] in qw.feedback.value or \
        q.choices[wrong].feedback[:20] in qw.feedback.value
    assert "Not quite" in qw.feedback.value
    assert quiz.score == (0, 2) and "Score: 0 of 2" in quiz.score_label.value
    assert qw.retry.layout.display is None  # "Try again" is visible
    qw.retry.click()
    assert qw.inputs[0].value is None and qw.feedback.value == ""
    qw.inputs[0].value = q.answer
    qw.check.click()
    assert "Correct" in qw.feedback.value and qw.check.disabled and qw.inputs[0].disabled
    assert quiz.score == (1, 2) and "Score: 1 of 2" in quiz.score_label.value and "(2 attempts)" in quiz.score_label.value
    # a read_chart question shows its chart, with alt text
    chart_q = quiz.questions[1]
    assert "<img" in chart_q.chart.value and 'alt="' in chart_q.chart.value


def test_widget_order_and_match(fixture_bank):
    quiz = ex.quiz_widget([fixture_bank["summit-fixture-order"], fixture_bank["summit-fixture-match"]])
    order, match = quiz.questions
    right = order.q.answer
    for w, e in zip(order.inputs, reversed(right)):
        w.value = e
    order.check.click()
    assert "Not yet" in order.feedback.value and any("✘" in w.description for w in order.inputs)
    order.retry.click()
    for w, e in zip(order.inputs, right):
        w.value = e
    order.check.click()
    assert order.result.correct and "Correct" in order.feedback.value
    # a repeated event is refused without counting as an attempt
    for w, s in zip(match.inputs, [p.speaker for p in match.q.pairs]):
        w.value = s
    match.check.click()
    assert match.result.correct
    assert quiz.score == (2, 2)


def test_widget_predict_reveal_shows_chart_only_after_check(fixture_bank):
    quiz = ex.quiz_widget([fixture_bank["backfire-fixture-predict"]])
    qw = quiz.questions[0]
    assert qw.chart.layout.display == "none"
    qw.inputs[0].value = (qw.q.answer + 1) % len(qw.q.choices)
    qw.check.click()
    assert qw.chart.layout.display is None
    assert "Not quite" in qw.feedback.value


# --------------------------------------------------------------------------- static HTML, print, answer key

def test_static_html_is_self_contained_and_accessible(fixture_bank):
    quiz = ex.static_quiz(list(fixture_bank.values()), quiz_id="aiq-test")
    html = quiz.html()
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert "http://" not in html and "https://" not in html
    assert 'aria-live="polite"' in html and 'role="status"' in html
    assert html.count('<button type="button" class="aiq-check">') == len(fixture_bank)
    # every radio and select has a label
    for m in re.finditer(r'<(input type="radio"|select)[^>]* id="([^"]+)"', html):
        assert f'for="{m.group(2)}"' in html
    # chart images carry alt text
    for img in re.findall(r"<img [^>]*>", html):
        assert re.search(r'alt="[^"]{40,}"', img)
    # the grading data embedded for the browser match the Python answers
    for q in fixture_bank.values():
        block = html.split(f'data-qid="{q.id}"', 1)[1]
        payload = json.loads(re.search(r'<script type="application/json" class="aiq-data">(.*?)</script>', block).group(1))
        assert _payload_answer(payload) == q.answer


def _payload_answer(payload):
    """The right answer as the page's grading data give it: the right choice's index, or the expected slots."""
    if payload["kind"] == "choice":
        return next(i for i, c in enumerate(payload["choices"]) if c["correct"])
    return payload["expected"]


def test_print_version_has_no_answers(fixture_bank):
    quiz = ex.static_quiz(list(fixture_bank.values()))
    md = quiz.markdown()
    for q in fixture_bank.values():
        assert ex.one_line(q.prompt) in md
        assert q.explanation not in md
        for c in q.choices:
            assert c.feedback not in md
        if q.kind == "order_events":
            listed = [ex.event_text(e, q) for e in q.events]
            pos = [md.index(t) for t in listed]
            assert [listed[i] for i in sorted(range(len(pos)), key=pos.__getitem__)] != [ex.event_text(e, q) for e in q.answer]
    # room to answer (ruled lines for an explanation), kept on one page with its question
    assert "\\abductionanswerspace{3}" in md and md.count("\\abductionquestion{") == len(fixture_bank)
    bundle = quiz._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/markdown", "text/plain"}


def test_display_parts_print_read_chart_as_pdf(fixture_bank, monkeypatch):
    quiz = ex.static_quiz([fixture_bank["backfire-fixture-chart"]])
    monkeypatch.setenv("ABDUCTION_OUTPUT", "latex")
    parts = [p._repr_mimebundle_() for p in quiz.parts()]
    assert any("application/pdf" in p and "<img" not in p["text/html"] for p in parts)
    assert all("application/vnd.jupyter.widget-view+json" not in p for p in parts)
    monkeypatch.setenv("ABDUCTION_OUTPUT", "html")   # the online book: the chart is in the question's HTML
    parts = [p._repr_mimebundle_() for p in quiz.parts()]
    assert not any("application/pdf" in p for p in parts) and any("<img" in p["text/html"] for p in parts)


def test_answer_key_markdown(fixture_bank):
    key = ex.answer_key_markdown(directory=FIXTURES)
    for q in fixture_bank.values():
        assert ex.readable(q.explanation, "myst") in key
        if q.kind in ex.CHOICE_KINDS:
            assert f"({ex.answer_letter(q)}) {q.choices[q.answer].text}" in key
    q = fixture_bank["summit-fixture-order"]
    positions = [key.index(f"{ex.event_date(e)}: {ex.event_text(e, q)}") for e in q.answer]
    assert positions == sorted(positions)
    only = ex.answer_key_markdown("summit", directory=FIXTURES)
    assert "Placeholder quotation one" in only and "How many people" not in only


def test_show_chapter_switches_on_render_mode(monkeypatch, fixture_bank):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    monkeypatch.setenv("ABDUCTION_RENDER", "book")
    ex.show_chapter("summit", directory=FIXTURES)
    monkeypatch.setenv("ABDUCTION_RENDER", "live")
    ex.show_chapter("summit", directory=FIXTURES)
    assert isinstance(shown[0], ex.StaticQuiz) and isinstance(shown[1], ex.QuizWidget)


# --------------------------------------------------------------------------- display order (issue 14)

LETTER_LINE = re.compile(r"^- \(([a-z])\) (.*)$", re.M)


def _print_block(q, number=1) -> str:
    return ex.question_markdown(q, number)


def _print_choices(q) -> list[str]:
    """The choice texts in the order the print version lists them, read from its Markdown."""
    return [t for _, t in LETTER_LINE.findall(_print_block(q))]


def _html_block(q) -> str:
    html = ex.static_quiz([q], quiz_id="aiq-t").html()
    return html.split(f'data-qid="{q.id}"', 1)[1]


def _html_labels(q) -> list[str]:
    return [re.sub(r"<[^>]+>", "", lab) for lab in re.findall(r'<label for="[^"]+-\d+">(.*?)</label>', _html_block(q))]


def _html_options(q) -> list[str]:
    first_select = re.search(r"<select[^>]*>(.*?)</select>", _html_block(q), re.S).group(1)
    return [v for v in re.findall(r'<option value="([^"]*)">', first_select) if v]


def _plain(html_text: str) -> str:
    import html as h
    return h.unescape(re.sub(r"<[^>]+>", "", html_text))


def _choice_questions(bank):
    return [q for q in bank if q.kind in ex.CHOICE_KINDS]


@pytest.fixture(scope="module")
def real_bank():
    return ex.load_bank()


def _rendered_answer_positions(bank) -> list[int]:
    """Where each choice question's right answer is printed: found by its text in the print version."""
    out = []
    for q in _choice_questions(bank):
        listed = _print_choices(q)
        right = next(c.text for c in q.choices if c.correct)
        out.append(listed.index(ex.one_line(right)))
    return out


def test_no_position_holds_more_than_35_percent_of_the_right_answers(real_bank):
    from collections import Counter
    positions = _rendered_answer_positions(real_bank)
    assert len(positions) >= 10
    counts = Counter(positions)
    worst, n = max(counts.values()), len(positions)
    assert worst / n <= 0.35, f"position {max(counts, key=counts.get)} holds {worst} of {n} right answers: {counts}"


@pytest.mark.parametrize("chapter", ex.CHAPTERS)
def test_no_chapter_puts_its_answers_in_one_place(real_bank, chapter):
    from collections import Counter
    positions = _rendered_answer_positions([q for q in real_bank if q.chapter == chapter])
    if len(positions) >= 3:
        assert max(Counter(positions).values()) <= -(-len(positions) // 2), positions


def test_positions_stay_balanced_when_every_bank_answer_is_first(tmp_path):
    """The balancing is not luck: a bank that always lists the right answer first is still spread out."""
    from collections import Counter
    for chapter in ex.CHAPTERS[:3]:
        questions = [{"id": f"{chapter}-q{i}", "kind": "multiple_choice", "objective": 1, "prompt": f"Q{i}?",
                      "choices": [{"text": "A", "correct": True, "feedback": "Yes."}]
                      + [{"text": t, "feedback": "No."} for t in "BCD"],
                      "explanation": "E.", "source": "data/abductees.csv"} for i in range(9)]
        (tmp_path / f"{chapter}.yml").write_text(yaml.safe_dump({"chapter": chapter, "questions": questions}),
                                                 encoding="utf-8")
    bank = ex.load_bank(tmp_path)
    assert all(len(q.choices) == 4 and next(c for c in q.choices if c.correct).text == "A" for q in bank)
    counts = Counter(_rendered_answer_positions(bank))
    assert max(counts.values()) / len(bank) <= 0.35, counts
    for chapter in ex.CHAPTERS[:3]:
        local = Counter(_rendered_answer_positions([q for q in bank if q.chapter == chapter]))
        assert max(local.values()) <= 3, (chapter, local)


def test_all_three_renderings_and_the_key_show_the_same_order(real_bank):
    key = {ch: ex.answer_key_markdown(ch, style="plain") for ch in ex.CHAPTERS}
    for ch in ex.CHAPTERS:
        quiz = ex.quiz_widget([q for q in real_bank if q.chapter == ch])
        for number, qw in enumerate(quiz.questions, 1):
            q = qw.q
            entry = key[ch].split(f"**Question {number}**", 1)[1].split("\n**Question", 1)[0]
            if q.kind in ex.CHOICE_KINDS:
                widget = [label for label, _ in qw.inputs[0].options]
                printed = _print_choices(q)
                static = [_plain(t) for t in _html_labels(q)]
                assert printed == [ex.one_line(t) for t in widget], q.id
                assert [" ".join(s.split()) for s in static] == [" ".join(t.split()) for t in widget], q.id
                letters = {t: "abcdefghijklmnopqrstuvwxyz"[i] for i, t in enumerate(printed)}
                right = ex.one_line(next(c.text for c in q.choices if c.correct))
                assert f"- **Answer:** ({letters[right]}) {right}" in entry, q.id
                payload = json.loads(re.search(r'class="aiq-data">(.*?)</script>', _html_block(q)).group(1))
                assert widget[_payload_answer(payload)] == next(c.text for c in q.choices if c.correct)
            elif q.kind == "order_events":
                widget = [v for _, v in qw.inputs[0].options if v]
                static = _html_options(q)
                printed = re.findall(r"^- \\_\\_\\_\\_ (.*)$", _print_block(q), re.M)
                assert widget == static == list(q.shown_events), q.id
                assert printed == [ex.one_line(ex.event_text(e, q)) for e in widget], q.id
                numbers = [q.answer.index(e) + 1 for e in widget]
                assert f"in the order the events are printed: {', '.join(map(str, numbers))}" in entry
            else:
                widget = [v for _, v in qw.inputs[0].options if v]
                static = [_plain(v) for v in _html_options(q)]
                block = _print_block(q)
                printed = dict((t, letter) for letter, t in LETTER_LINE.findall(block))
                assert widget == static == list(printed), q.id
                for p in q.pairs:
                    assert f"“{p.quote}”: ({printed[p.speaker]}) {p.speaker}" in entry, q.id


def test_ordering_and_matching_are_never_shown_in_the_answer_order(real_bank):
    for q in real_bank:
        if q.kind == "order_events":
            shown, right = list(q.shown_events), list(q.answer)
        elif q.kind == "match_quote":
            shown, right = list(q.shown_speakers), [p.speaker for p in q.pairs]
        else:
            continue
        assert sorted(shown) == sorted(right)
        assert shown != right and (len(right) < 3 or shown != right[::-1]), q.id
        in_place = sum(a == b for a, b in zip(shown, right))
        assert len(right) < 3 or 2 * in_place < len(right), (q.id, in_place)


def test_display_order_is_the_same_in_another_process(real_bank):
    """sha256, not hash(): a fresh interpreter with a different hash seed gives the same order."""
    import os
    import subprocess
    import sys
    code = ("import json; from abduction_issue import exercises as ex; print(json.dumps("
            "[[q.id, [c.text for c in q.choices], list(q.shown_events), list(q.shown_speakers)] for q in ex.load_bank()]))")
    mine = [[q.id, [c.text for c in q.choices], list(q.shown_events), list(q.shown_speakers)] for q in real_bank]
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                             cwd=Path(__file__).parent.parent)
        assert json.loads(out.stdout) == mine


def test_display_order_does_not_depend_on_the_bank_order_of_the_wrong_choices(tmp_path):
    body = GOOD_MC.replace('      - text: "B"\n        feedback: "Not B."',
                           '      - text: "B"\n        feedback: "Not B."\n      - text: "C"\n        feedback: "Not C."')
    _write(tmp_path, "summit.yml", "chapter: summit\nquestions:" + body)
    (one,) = ex.load_bank(tmp_path)
    swapped = body.replace('text: "B"', 'text: "TMP"').replace('text: "C"', 'text: "B"').replace('text: "TMP"', 'text: "C"')
    swapped = swapped.replace('"Not B."', '"TMP"').replace('"Not C."', '"Not B."').replace('"TMP"', '"Not C."')
    _write(tmp_path, "summit.yml", "chapter: summit\nquestions:" + swapped)
    (two,) = ex.load_bank(tmp_path)
    assert [c.text for c in one.choices] == [c.text for c in two.choices]


@pytest.mark.parametrize("flag", ["keep_last: true", None])
def test_none_of_the_above_stays_last(tmp_path, flag):
    text = "Something else entirely" if flag else "None of the above"
    extra = f'      - text: "{text}"\n        feedback: "No."\n' + (f"        {flag}\n" if flag else "")
    body = "".join(GOOD_MC.replace("summit-q1", f"summit-q{i}").replace(
        '        feedback: "Not B."\n', '        feedback: "Not B."\n      - text: "C"\n        feedback: "Not C."\n' + extra)
        for i in range(6))
    _write(tmp_path, "summit.yml", "chapter: summit\nquestions:" + body)
    for q in ex.load_bank(tmp_path):
        assert _print_choices(q)[-1] == text
        assert q.choices[-1].text == text and q.choices[q.answer].text == "A"


def test_keep_last_must_be_true_or_false(tmp_path):
    msg = _bank_error(tmp_path, "summit.yml", "chapter: summit\nquestions:" + GOOD_MC.replace(
        '        feedback: "Not B."\n', '        feedback: "Not B."\n        keep_last: maybe\n'))
    assert "'keep_last' must be true or false" in msg and "summit.yml" in msg and "'summit-q1'" in msg


# --------------------------------------------------------------------------- an answer key a person can read

def test_real_answer_key_has_no_raw_ids_keys_or_file_names(real_bank):
    from pybtex.database import parse_file
    bib_keys = set(parse_file(str(data.data_dir() / "references.bib")).entries)
    assert any(k in q.source for q in real_bank for k in bib_keys)  # the bank does cite by key
    for style in ex.STYLES:
        for ch in ex.CHAPTERS:
            key = ex.answer_key_markdown(ch, style=style)
            words = set(re.findall(r"[\w-]+", re.sub(r"\{cite:[pt]\}`[^`]*`", "", key)))
            assert not words & bib_keys, (style, ch, words & bib_keys)
            assert not re.search(r"\bev-\d{4}", key), (style, ch)
            assert not re.search(r"\.(csv|yml|ya?ml|json|py)\b", key), (style, ch)
            assert not [q.id for q in real_bank if q.id in key], (style, ch)


def test_explanations_cite_by_key_not_by_outlet_and_date(real_bank):
    """Every key explanation cites its sources through the bibliography: no "Outlet YYYY-MM-DD", no author-year
    written out by hand, and no citation key left raw (unknown to data/references.bib) in the rendered key."""
    dated = re.compile(r"\b(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b")
    bib = ex.bibliography()
    for q in real_bank:
        assert not dated.search(q.explanation), (q.id, q.explanation)
        assert not ex.bank._WORDED_CITATION(q.explanation), (q.id, ex.bank._WORDED_CITATION(q.explanation))
        assert all(k in bib for k in ex.cite_candidates(q.explanation)), q.id
        for style in ex.STYLES:
            shown = ex.readable(ex.one_line(q.explanation), style)
            bare = re.sub(r"\{cite:[pt]\}`[^`]*`", "", shown)
            assert not ex.cite_candidates(bare), (q.id, style, ex.cite_candidates(bare))
            assert not dated.search(shown), (q.id, style)
    cited = [q for q in real_bank if ex.cite_candidates(q.explanation)]
    assert len(cited) >= 20  # the explanations do cite by key
    assert "{cite:t}`japantimes2002radio`" in ex.answer_key_markdown("before-2002", style="myst")


def test_worded_citations_are_recognised():
    """The check above can fail: each way of writing a citation out by hand is caught."""
    found = " | ".join(ex.bank._WORDED_CITATION("Cha 2002 reads it so; The Japan Times (2002) too; Williams and Mobrand (2010)."))
    for label in ("Cha 2002", "The Japan Times (2002)", "Williams and Mobrand (2010)"):
        assert label in found
    assert not ex.bank._WORDED_CITATION("On 24 Oct 2002 the five stayed; the 2023-24 waves are gaps.")
    assert [m.group(0) for m in ex.bank._DATED_CITATION.finditer("Xinhua via china.org.cn, 2005-01-25.")]


def test_key_cites_author_year_links_sections_and_keeps_other_text(real_bank):
    plain = ex.answer_key_markdown("summit", style="plain")
    myst = ex.answer_key_markdown("summit", style="myst")
    assert "Allanson Conlon (2023)" in plain and re.search(r"Ministry of Foreign Affairs of Japan \(2002[a-z]\)", plain)
    assert "{cite:p}`" in myst and "allansonconlon2023abduction" in myst  # the role links to the bibliography
    assert "{cite:" not in plain
    q = next(q for q in real_bank if q.id == "summit-readout-kind")
    assert q.section == "Kim Jong Il's admission"
    assert "section [Kim Jong Il's admission](/chapters/02-the-summit.md#kim-jong-ils-admission)" in myst
    assert "section “Kim Jong Il's admission” of “The summit”" in plain
    # fact-check references: a link in the book, words in plain text
    refs = [(q, ref) for q in real_bank for ref in re.findall(r"\{claim\}`claim-(\d+)`", q.explanation)]
    assert refs
    for q, number in refs:
        assert f"{{claim}}`claim-{number}`" in ex.answer_key_markdown(q.chapter, style="myst")
        plain = ex.answer_key_markdown(q.chapter, style="plain")
        assert f"fact-check claim {int(number)} (Reading the sources)" in plain and "{claim}" not in plain


def test_section_links_resolve_to_a_heading_anchor(real_bank):
    """The link target is the anchor MyST gives the heading (myst_heading_anchors in _config.yml)."""
    cfg = yaml.safe_load((Path(__file__).parent.parent / "_config.yml").read_text(encoding="utf-8"))
    assert cfg["sphinx"]["config"].get("myst_heading_anchors", 0) >= 2
    from myst_parser.mdit_to_docutils.base import default_slugify
    for q in real_bank:
        if q.section:
            assert q.section in ex.chapter_sections(q.chapter)
            assert f"#{default_slugify(q.section)})" in ex.section_reference(q, "myst")


def test_event_ids_become_dates_and_titles():
    tl = data.load_timeline().set_index("id")
    row = tl.loc["ev-19880326"]
    jt = ex.citation_text("japantimes2002radio")
    assert re.fullmatch(r"The Japan Times \(2002[a-z]\)", jt)  # nine 2002 articles: lettered
    text = ex.readable("Timeline ev-19880326; see data/timeline.csv and japantimes2002radio. {claim}`claim-04`.")
    assert text == (f"Timeline 26 March 1988 ({row['label']}); see the timeline dataset and {jt}. "
                    "fact-check claim 4 (Reading the sources).")
    assert ex.readable("See {claim}`claim-04`.", "myst") == "See {claim}`claim-04`."
    assert ex.format_sources("japantimes2002radio; data/timeline.csv (ev-19880326); test fixture") == \
        f"{jt}; the timeline dataset: 26 March 1988 ({row['label']}); test fixture"
    assert "{doc}`the timeline dataset </chapters/datasets>`" in ex.format_sources("data/timeline.csv", "myst")
    with pytest.raises(ValueError):
        ex.readable("x", "html")
    # markup already in the bank is left alone (a role's target is not rewritten)
    marked = "See {ref}`claim-ev-19880326` and {cite:p}`japantimes2002radio`, `data/timeline.csv`; ev-19880326."
    assert ex.readable(marked, "myst") == marked.replace("; ev-19880326.", f"; 26 March 1988 ({row['label']}).")


@pytest.mark.parametrize("mutation, message", [
    (lambda s: s.replace('    source: "data/abductees.csv"', '    source: "nosuchkey2002thing; data/abductees.csv"'),
     "nosuchkey2002thing look like citation keys but are not in data/references.bib"),
    (lambda s: s.replace("objective: 1", 'objective: 1\n    section: "No such section"'),
     "section 'No such section' is not a section heading of chapters/02-the-summit.md"),
    # explanations cite by bib key (written as a linked author-year citation), never by outlet and date in words
    (lambda s: s.replace('explanation: "E."', 'explanation: "As the Japan Times 2002-09-18 reported."'),
     "explanation: 'Japan Times 2002-09-18' cites a source by outlet and date"),
    (lambda s: s.replace('explanation: "E."', 'explanation: "A broken pledge (BBC, 2002-10-24)."'),
     "explanation: 'BBC, 2002-10-24)' cites a source by outlet and date"),
    (lambda s: s.replace('explanation: "E."', 'explanation: "Allanson Conlon (2023) uses the phrase."'),
     "explanation: 'Allanson Conlon (2023)' writes out a citation"),
    (lambda s: s.replace('explanation: "E."', 'explanation: "See nosuchkey2002thing."'),
     "explanation: nosuchkey2002thing look like citation keys but are not in data/references.bib"),
])
def test_key_references_are_checked(tmp_path, mutation, message):
    msg = _bank_error(tmp_path, "summit.yml", "chapter: summit\nquestions:" + mutation(GOOD_MC))
    assert message in msg and "summit.yml" in msg and "'summit-q1'" in msg


# --------------------------------------------------------------------------- questions that test understanding (issue 14)

LONGEST_LIMIT = 0.40


def _longest_share(questions) -> tuple[float, list]:
    """The share of choice questions whose right answer is (one of) the longest option(s), and those ids."""
    mc = [q for q in questions if q.kind in ex.CHOICE_KINDS]
    flagged = [q.id for q in mc if len(q.choices[q.answer].text) >= max(len(c.text) for c in q.choices)]
    return len(flagged) / len(mc), flagged


def test_the_right_answer_is_not_usually_the_longest(real_bank):
    """A test-wise student who picks the longest option must not pass: computed from the bank as it is."""
    share, flagged = _longest_share(real_bank)
    assert share <= LONGEST_LIMIT, (f"the right answer is the longest option in {len(flagged)} choice questions "
                                    f"({share:.0%} > {LONGEST_LIMIT:.0%}): {', '.join(flagged)}")


def test_the_longest_answer_check_can_fail(tmp_path):
    """The check above flags a bank whose right answers are all the longest option."""
    long_right = GOOD_MC.replace('text: "A"', 'text: "A much longer right answer"')
    body = "".join(long_right.replace("summit-q1", f"summit-q{i}") for i in range(3))
    _write(tmp_path, "summit.yml", "chapter: summit\nquestions:" + body)
    share, flagged = _longest_share(ex.load_bank(tmp_path))
    assert share == 1.0 and len(flagged) == 3


def test_feedback_reads_once_and_cleanly(real_bank):
    """No "Correct. Correct —" (the engine adds the verdict) and no ".;" or ".." in what a student reads."""
    for q in real_bank:
        if q.kind in ex.CHOICE_KINDS:
            texts = [ex.grade(q, i).feedback for i in range(len(q.choices))]
        elif q.kind == "order_events":
            texts = [ex.grade(q, q.answer).feedback, ex.grade(q, list(q.shown_events)).feedback]
        else:
            texts = [ex.grade(q, [p.speaker for p in q.pairs]).feedback]
        for text in texts:
            assert not re.match(r"(Correct|Not quite)\. (Correct|Not quite|Right|Wrong|Incorrect)\b", text), (q.id, text)
            assert ".;" not in text and ".." not in text.replace("...", ""), (q.id, text)


def test_a_verdict_in_the_feedback_is_rejected(tmp_path):
    msg = _bank_error(tmp_path, "summit.yml", "chapter: summit\nquestions:" + GOOD_MC.replace(
        '"Because A."', '"Correct — because A."'))
    assert "choice 1: the feedback starts with a verdict" in msg and "summit.yml" in msg and "'summit-q1'" in msg


def test_ordering_items_are_short_labels_without_dates(real_bank):
    orders = [q for q in real_bank if q.kind == "order_events"]
    assert orders
    for q in orders:
        for e in q.events:
            text = ex.event_text(e, q)
            assert len(text.split()) <= ex.bank.EVENT_LABEL_WORDS, (q.id, e, text)
            assert not re.search(r"\b(1[89]|20)\d\d\b|\d{4}-\d{2}", text), (q.id, e, text)


ORDER_Q = """
  - id: summit-order-x
    kind: order_events
    objective: 1
    prompt: "Order these."
    events: [ev-20020917, ev-200301]
    explanation: "E."
    source: "data/timeline.csv"
"""


def test_a_long_or_dated_event_needs_a_short_label(tmp_path):
    """ev-200301 has no label in the timeline and its description is long: the bank must give one."""
    msg = _bank_error(tmp_path, "summit.yml", "chapter: summit\nquestions:" + ORDER_Q)
    assert "event ev-200301 would be offered as" in msg and "'summit-order-x'" in msg and "summit.yml" in msg
    dated = ORDER_Q.replace('source:', 'labels:\n      ev-200301: "List declared in 2003"\n    source:')
    assert "event ev-200301 would be offered as 'List declared in 2003'" in _bank_error(tmp_path, "summit.yml",
                                                                                   "chapter: summit\nquestions:" + dated)
    stray = ORDER_Q.replace('source:', 'labels:\n      ev-19880326: "Diet"\n      ev-200301: "List declared"\n    source:')
    assert "labels given for event(s) not in 'events': ev-19880326" in _bank_error(
        tmp_path, "summit.yml", "chapter: summit\nquestions:" + stray)
    good = ORDER_Q.replace('source:', 'labels:\n      ev-200301: "List declared"\n    source:')
    _write(tmp_path, "summit.yml", "chapter: summit\nquestions:" + good)
    (q,) = ex.load_bank(tmp_path)
    assert ex.event_text("ev-200301", q) == "List declared"
    assert "List declared" in ex.question_markdown(q, 1) and "List declared" in ex.static_quiz([q]).html()
    assert "January 2003: List declared" in ex.grade(q, q.answer).feedback


# --------------------------------------------------------------------------- citations that can be told apart (issue 14)

BIB = r"""
@misc{paper2002b, author = {{The Paper}}, title = {Zebra crossing}, year = {2002}}
@misc{paper2002a, author = {{The Paper}}, title = {The apple harvest}, year = {2002}}
@misc{paper2003, author = {{The Paper}}, title = {Alone}, year = {2003}}
@misc{wiki1, author = {{Wiki}}, title = {Beta page}}
@misc{wiki2, author = {{Wiki}}, title = {Alpha page}}
"""


def test_colliding_labels_get_letters_in_title_order(tmp_path):
    from abduction_issue.exercises import citations
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    labels = citations.bib_labels(str(path))
    assert labels["paper2002a"] == ("The Paper", "2002a")  # "The apple harvest" sorts as "apple harvest"
    assert labels["paper2002b"] == ("The Paper", "2002b")
    assert labels["paper2003"] == ("The Paper", "2003")  # no collision, no letter
    assert labels["wiki2"] == ("Wiki", "n.d.-a") and labels["wiki1"] == ("Wiki", "n.d.-b")
    assert citations.lettered_years(path) == {"paper2002a": "2002a", "paper2002b": "2002b",
                                              "wiki2": "n.d.-a", "wiki1": "n.d.-b"}


def test_every_label_in_the_bibliography_is_distinct():
    from abduction_issue.exercises import citations
    labels = {k: ex.citation_text(k) for k in citations.bibliography()}
    assert len(set(labels.values())) == len(labels)
    assert sum(1 for t in labels.values() if t.startswith("The Japan Times (2002")) >= 2


def test_the_book_gets_the_same_letters(tmp_path):
    """The Sphinx side writes the same lettered years into sphinxcontrib-bibtex's entries (idempotently)."""
    from types import SimpleNamespace

    from pybtex.database import parse_file

    from abduction_issue.sphinxext import bibtex
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    data = parse_file(str(path))
    dom = SimpleNamespace(bibdata=SimpleNamespace(data=data, bibfiles={path: None}))
    app = SimpleNamespace(env=SimpleNamespace(get_domain=lambda name: dom))
    for _ in range(2):
        bibtex._letter_the_years(app)
    assert [data.entries[k].fields.get("year") for k in ("paper2002a", "paper2002b", "paper2003", "wiki2")] == \
        ["2002a", "2002b", "2003", "n.d.-a"]
    cfg = yaml.safe_load((Path(__file__).parent.parent / "_config.yml").read_text(encoding="utf-8"))
    assert cfg["sphinx"]["extra_extensions"] == ["abduction_issue.sphinxext"]   # which sets up sphinxext.bibtex


# --------------------------------------------------------------------------- the public-opinion notebook's prediction

PREDICT_ID = "backfire-predict-concern-after-2002"


def _after_2002():
    polls = data.load_opinion_polls()
    abd = polls[(polls.item_key == "abduction") & (polls.verified == "yes") & (polls.status == "figures_found")]
    after = abd[abd.fiscal_year > 2002]
    ahead = []
    for s, fy in zip(after.survey_id, after.fiscal_year):
        wave = polls[(polls.survey_id == s) & (polls.verified == "yes")]
        if wave.loc[wave.percent.idxmax(), "item_key"] != "abduction":
            ahead.append((int(fy), wave.loc[wave.percent.idxmax(), "item_key"]))
    unconfirmed = sorted(int(y) for y in polls[(polls.item_key == "abduction") & (polls.verified == "no")].fiscal_year)
    return after, ahead, unconfirmed


def test_predict_question_is_a_bank_question_whose_figures_are_the_data():
    """The notebook's predict-then-reveal question lives in the bank, and every figure its key and feedback
    state is what data/opinion_polls.csv gives (so a change in the data fails here, not silently in print)."""
    q = ex.get(PREDICT_ID)
    assert q.kind == "predict_reveal" and q.chart == "opinion_series"
    after, ahead, unconfirmed = _after_2002()
    low, high = after.loc[after.percent.idxmin()], after.loc[after.percent.idxmax()]
    right = q.choices[q.answer]
    said = right.feedback + " " + q.explanation
    assert f"{low.percent:.1f}% (fiscal {int(low.fiscal_year)})" in said
    assert f"{high.percent:.1f}% (fiscal {int(high.fiscal_year)})" in said
    assert low.percent >= 75          # "at least three in four", the right answer's claim
    assert {k for _, k in ahead} == {"missiles"}
    years = " and ".join(str(y) for y, _ in ahead)
    assert f"fiscal {years}" in right.feedback and f"fiscal {years}" in q.explanation
    assert high.percent - low.percent < 20   # the "swung by twenty points" choice is wrong
    assert ", ".join(str(y) for y in unconfirmed[1:-1]) + f" and {unconfirmed[-1]}" in q.explanation
    assert str(unconfirmed[0]) in q.explanation
    assert "difilippo2013still" in q.explanation and "japantimes2002homecoming" in q.explanation


def test_predict_question_is_in_the_instructor_answer_key():
    q = ex.get(PREDICT_ID)
    key = ex.answer_key_markdown("backfire", style="plain")
    assert ex.readable(ex.one_line(q.prompt), "plain") in key
    letter = ex.answer_letter(q)
    assert f"({letter}) {ex.one_line(q.choices[q.answer].text)}" in key
    assert "DiFilippo (2013)" in key.split(q.prompt[:40])[1].split("**Question")[0]


def test_predict_reveal_print_keeps_the_revealing_chart_below_the_question(fixture_bank):
    """In print a figure may float to the top of the page its anchor is on, i.e. above a question printed
    earlier on that page: a predict-then-reveal question forbids that (\\suppressfloats[t]); others do not.
    (The real bank has no read-the-chart question today: the one on the opinion series repeated the
    prediction, issue 23; the fixture bank's stands in for it.)"""
    md = ex.question_markdown(ex.get(PREDICT_ID), 1)
    assert "\\suppressfloats[t]" in md.split("abductionanswerspace")[1]
    assert "Write your prediction before you look at the data" in md
    other = next(q for q in fixture_bank.values() if q.kind == "read_chart")
    assert "suppressfloats" not in ex.question_markdown(other, 1)


def test_pybtex_plugin_lookups_are_cached_and_still_found():
    import pybtex.plugin
    from abduction_issue.sphinxext.bibtex import cache_pybtex_plugin_lookups
    cache_pybtex_plugin_lookups()
    cache_pybtex_plugin_lookups()                      # twice: wrapped once
    assert hasattr(pybtex.plugin.entry_points, "cache_info")
    assert not hasattr(pybtex.plugin.entry_points.__wrapped__, "cache_info")
    backend = pybtex.plugin.find_plugin("pybtex.backends", "text")
    assert backend is pybtex.plugin.find_plugin("pybtex.backends", "text")
    assert pybtex.plugin.entry_points.cache_info().hits >= 1
