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


def _doctree():
    """A page: an overview, a core section, a deep-dive section with a code block, and the exercises."""
    from docutils.core import publish_doctree

    from abduction_issue.sphinxext import reading as ext
    rst = ("Page title\n==========\n\nOverview\n--------\n\none two three\n\n"
           "Core part\n---------\n\nfour five six seven\n\n"
           "Deep part\n---------\n\neight nine\n\n.. code-block:: python\n\n   not counted at all\n\n"
           "Exercises\n---------\n\nten eleven twelve thirteen\n")
    doc = publish_doctree(rst, settings_overrides={"report_level": 5})
    sections = {s[0].astext(): s for s in doc.findall(__import__("docutils").nodes.section)}
    sections["Overview"].insert(1, ext.reading_time(chapter=None))
    sections["Deep part"].insert(1, ext.deep_dive())
    return doc, sections


def test_the_page_words_split_into_core_and_deep_dive_without_code_or_exercises():
    from types import SimpleNamespace

    from abduction_issue.sphinxext import reading as ext
    doc, _ = _doctree()
    ext._count(SimpleNamespace(env=SimpleNamespace(docname="page")), doc)
    rt = next(doc.findall(ext.reading_time))
    # core: "Page title", "Overview one two three", "Core part four five six seven"; deep: "Deep part eight nine"
    assert rt["core"] == 2 + 4 + 6
    # the section is kept by its id: its title is read when the page is written (translated in another language)
    assert [(ext.section_title(doc, target), n) for target, n in rt["deep"]] == [("Deep part", 4)]
    assert rt["questions"] == 0 and rt["exercise_words"] == 0


def test_the_time_to_read_line_names_core_deep_dives_and_exercises():
    from abduction_issue.sphinxext import reading as ext
    text = ext.time_to_read(4100, [("ch1-a", "Colonial rule", 900), ("ch1-b", "Koreans in Japan", 700)], 9,
                            1300).astext()
    assert text == ("Time to read: about 21 minutes for the core sections, plus about 8 minutes for the deep dives "
                    "(Colonial rule, 5 min; Koreans in Japan, 4 min). Exercises: 9 questions, about 7 minutes of "
                    "reading plus your thinking time. (Computed from the page's words at 200 words a minute.)")


def test_a_deep_dive_outside_a_section_is_refused_naming_the_page():
    from types import SimpleNamespace


    from abduction_issue.sphinxext import reading as ext
    doc = _doctree()[0]
    doc.insert(0, ext.deep_dive())
    with pytest.raises(ValueError, match="page: {deep-dive} must sit directly under a section"):
        ext._count(SimpleNamespace(env=SimpleNamespace(docname="page")), doc)


def test_one_minute_is_singular():
    from abduction_issue.sphinxext import reading as ext
    text = ext.time_to_read(150, [("x", "A short aside", 120)], 1, 100).astext()
    assert "about 1 minute for the core" in text and "about 1 minute for the deep dive (A short aside)" in text
    assert "1 minutes" not in text
