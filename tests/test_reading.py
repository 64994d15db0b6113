"""Reading times are computed from the page's words (issue 23, item 2): the counting rules, and the notebooks'
typed "Time to learn" lines against the computation."""
from __future__ import annotations

import pytest

from abduction_issue import project, reading


def test_count_words_joins_apostrophes_and_hyphens():
    assert reading.count_words("Koizumi's follow-up visit, 1970s–80s: 3 of 5.") == 8   # "1970s", "80s"


@pytest.mark.parametrize("words, minutes", [(0, 0), (1, 1), (200, 1), (201, 2), (5000, 25), (5001, 26)])
def test_minutes_round_up_at_the_stated_rate(words, minutes):
    assert reading.WORDS_PER_MINUTE == 200
    assert reading.minutes(words) == minutes


def test_markdown_words_keeps_what_a_reader_sees():
    text = ("# Title\n```python\nx = 1 + 2\n```\n```{admonition} Box title\n:class: tip\n"
            "Some *boxed* text {term}`Kim Jong Il` and {ref}`the summit <ch2-aims>`.\n```\n(label)=\n"
            "[a link](https://x.y/z) Koizumi's follow-up, 1970s.\n")
    # Title | Box title | Some boxed text Kim Jong Il and the summit | a link Koizumi's follow-up 1970s
    assert reading.markdown_words(text) == 1 + 2 + 9 + 5


@pytest.mark.parametrize("page", project.NOTEBOOKS)
def test_notebook_time_line_is_the_computed_one(page):
    path = project.ROOT / page
    text = path.read_text(encoding="utf-8")
    match = reading.NOTEBOOK_TIME.search(text)
    assert match, f"{page}: no '**Time to learn:** about N minutes ...' line"
    expected = reading.notebook_time_line(path)
    assert match.group(0) == expected, (
        f"{page}: the time line says {match.group(0)!r}, the text gives {expected!r}; "
        "run `.venv/bin/python -m abduction_issue.reading` to update it")


def test_the_exercises_notebook_counts_the_whole_bank():
    from abduction_issue.exercises import load_bank
    path = project.ROOT / "notebooks" / reading.EXERCISES_NOTEBOOK
    assert reading.notebook_minutes(path) == reading.minutes(
        reading.notebook_words(path) + reading.question_words(load_bank()))
    assert reading.question_words(load_bank()) > 100 * len(load_bank()) // 2
