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
    assert q.answer == 0 and q.chapter == "summit"


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
        assert ex._event_date(e) in r.feedback
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
    assert ex.from_dict(d, "summit").answer == 0
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
        assert payload["answer"] == q.answer


def test_print_version_has_no_answers(fixture_bank):
    quiz = ex.static_quiz(list(fixture_bank.values()))
    md = quiz.markdown()
    for q in fixture_bank.values():
        assert ex._md_escape(q.prompt) in md
        assert q.explanation not in md
        for c in q.choices:
            assert c.feedback not in md
        if q.kind == "order_events":
            listed = [ex._event_text(e) for e in q.events]
            pos = [md.index(t) for t in listed]
            assert [listed[i] for i in sorted(range(len(pos)), key=pos.__getitem__)] != [ex._event_text(e) for e in q.answer]
    assert "\\vspace" in md  # room to answer
    bundle = quiz._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/markdown", "text/plain"}


def test_display_parts_print_read_chart_as_pdf(fixture_bank):
    quiz = ex.static_quiz([fixture_bank["backfire-fixture-chart"]])
    parts = [p._repr_mimebundle_() for p in quiz.parts()]
    assert any("application/pdf" in p and "<img" not in p["text/html"] for p in parts)
    assert all("application/vnd.jupyter.widget-view+json" not in p for p in parts)


def test_answer_key_markdown(fixture_bank):
    key = ex.answer_key_markdown(directory=FIXTURES)
    for q in fixture_bank.values():
        assert q.id in key and q.explanation in key and q.source in key
        if q.kind in ex.CHOICE_KINDS:
            assert q.choices[q.answer].text in key
    q = fixture_bank["summit-fixture-order"]
    positions = [key.index(f"`{e}`") for e in q.answer]
    assert positions == sorted(positions)
    only = ex.answer_key_markdown("summit", directory=FIXTURES)
    assert "summit-fixture-order" in only and "before-2002-fixture-count" not in only


def test_show_chapter_switches_on_render_mode(monkeypatch, fixture_bank):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    monkeypatch.setenv("ABDUCTION_RENDER", "book")
    ex.show_chapter("summit", directory=FIXTURES)
    monkeypatch.setenv("ABDUCTION_RENDER", "live")
    ex.show_chapter("summit", directory=FIXTURES)
    assert isinstance(shown[0], ex.StaticQuiz) and isinstance(shown[1], ex.QuizWidget)
