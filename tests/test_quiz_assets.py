"""The static quiz's script and style are real files, and every message is defined once (grading.MESSAGES).

The browser tests (tests/test_notebooks.py, tests/test_site.py) click through the quiz in Chromium; these check
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
