"""The static quiz's script and style are real files, every message is defined once (grading.MESSAGES), and the
page carries exactly the grading data Python grades with (grading.question_data).

The browser tests (tests/test_quiz_site.py, tests/test_notebooks.py, tests/test_site.py) click through the quiz in Chromium; these check
that the script has no copy of any wording and uses only messages Python defines."""
from __future__ import annotations

import json
import re
from pathlib import Path

from abduction_issue import exercises as ex
from abduction_issue.exercises import grading, static

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"


def test_the_script_and_style_are_files_of_the_package():
    assert static.QUIZ_JS.is_file() and static.QUIZ_CSS.is_file()
    assert static.QUIZ_JS.parent == static.ASSETS


def test_the_script_holds_no_copy_of_a_message():
    js = static.QUIZ_JS.read_text(encoding="utf-8")
    for key, text in grading.MESSAGES.items():
        words = text.replace("{n}", "").replace("{total}", "").replace("{right}", "").strip()
        for chunk in re.split(r"[.:(){}]", words):
            chunk = chunk.strip()
            if len(chunk.split()) >= 3:
                assert chunk not in js, f"quiz.js repeats the wording of {key!r}: {chunk!r}"


def test_every_message_the_script_asks_for_is_defined():
    js = static.QUIZ_JS.read_text(encoding="utf-8")
    asked = set(re.findall(r"msg\('(\w+)'", js))
    assert asked and asked <= set(grading.MESSAGES), asked - set(grading.MESSAGES)
    payload_keys = {"order_partial", "match_partial"}
    assert payload_keys <= set(grading.MESSAGES)


def test_a_quiz_outside_the_book_carries_the_files_and_the_messages(monkeypatch):
    monkeypatch.delenv("ABDUCTION_RENDER", raising=False)
    html = ex.static_quiz(ex.load_bank(FIXTURE_BANK), quiz_id="aiq-fixture").html()
    assert static.QUIZ_JS.read_text(encoding="utf-8") in html
    assert static.QUIZ_CSS.read_text(encoding="utf-8") in html
    m = re.search(r'<script type="application/json" class="aiq-messages">(.*?)</script>', html, re.S)
    assert m and json.loads(m.group(1).replace("<\\/", "</")) == grading.MESSAGES


def test_in_the_book_the_quiz_loads_the_shipped_files_instead(monkeypatch):
    monkeypatch.setenv("ABDUCTION_RENDER", "book")
    html = ex.static_quiz(ex.load_bank(FIXTURE_BANK), quiz_id="aiq-fixture").html()
    assert static.QUIZ_JS.read_text(encoding="utf-8") not in html and "<style>" not in html
    assert 'class="aiq-messages"' in html


def test_the_partial_feedback_is_the_same_in_python_and_in_the_page(monkeypatch):
    monkeypatch.delenv("ABDUCTION_RENDER", raising=False)
    q = next(q for q in ex.load_bank(FIXTURE_BANK) if q.kind == "order_events")
    wrong = list(reversed(ex.correct_order(q.events)))
    result = ex.grade(q, wrong)
    n = sum(result.detail)
    names = [ex.event_text(e, q) for e, ok in zip(wrong, result.detail) if not ok]
    assert result.feedback.startswith(f"Not yet: {n} of {len(q.events)} events are in the right place. Out of place: ")
    assert all(f"“{name}”" in result.feedback for name in names) and len(names) == len(q.events) - n
    html = ex.static_quiz([q], quiz_id="aiq-one").html()
    data = json.loads(re.search(r'class="aiq-data">(.*?)</script>', html, re.S).group(1).replace("<\\/", "</"))
    assert data["partial"] == grading.MESSAGES["order_partial"]   # the template itself, filled by the page
    assert grading.grade_slots(data, wrong).feedback == result.feedback   # the page's data grade as Python does


def test_the_page_carries_exactly_the_data_python_grades_with(monkeypatch):
    """Every bank question's JSON in the page is grading.question_data (plus a digest): the script reads what
    grade() reads, and grade() of every choice, and of wrong and right orders and matches, is grade_slots on it."""
    monkeypatch.setenv("ABDUCTION_RENDER", "book")
    bank = ex.load_bank()
    html = ex.static_quiz(bank, quiz_id="aiq-all").html()
    blocks = dict(re.findall(r'data-qid="([^"]+)".*?<script type="application/json" class="aiq-data">(.*?)</script>',
                             html, re.S))
    assert set(blocks) == {q.id for q in bank}
    for q in bank:
        data = json.loads(blocks[q.id].replace("<\\/", "</"))
        assert len(data.pop("v")) == 12 and data == grading.question_data(q), q.id
        if data["kind"] == "choice":
            for i, c in enumerate(data["choices"]):
                assert (ex.grade(q, i).correct, ex.grade(q, i).feedback) == (c["correct"], c["feedback"])
            assert data["scored"] == (q.kind != "predict_reveal")
        else:
            for r in (data["expected"], data["expected"][::-1]):
                assert ex.grade(q, r) == grading.grade_slots(data, r)
            assert set(data["names"]) == set(data["expected"])


def test_the_digest_changes_with_the_question():
    """An answer kept in a browser is restored only into the same question (its digest ``v``)."""
    q = next(q for q in ex.load_bank() if q.kind == "multiple_choice")
    from dataclasses import replace
    changed = replace(q, choices=tuple(reversed(q.choices)))
    assert static.browser_data(q)["v"] == static.browser_data(q)["v"] != static.browser_data(changed)["v"]
