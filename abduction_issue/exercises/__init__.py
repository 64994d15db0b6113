"""The quiz engine: the question bank, its grading, and three renderings of every question.

One module per concern; the public names are re-exported here (never a private one), so ``from abduction_issue import exercises`` and
``exercises.load_bank(...)`` work as before.

=================  =====================================================================================
``bank``           the data model (:class:`Question`, ...), :func:`load_bank` and its validation
                   (:class:`BankError` names the file and the question id), and the one display order
                   of choices, events and speakers that every rendering and the answer key share
``grading``        the grading, defined once: ``question_data`` (what is right and what each answer is
                   told, as the JSON the online book's script reads) and :func:`grade` (returns a
                   :class:`Result`), and every message a student sees (``MESSAGES``)
``live``           :func:`quiz_widget`: ipywidgets for a live notebook (instant feedback, *Try again*,
                   running score)
``static``         :func:`static_quiz`: HTML for the online book (no kernel), with ``assets/abduction-quiz.js``,
                   which only looks up and shows what ``grading`` wrote; answers kept in the browser
``printed``        the print version (MyST Markdown for the LaTeX builder): question and room to answer,
                   never the answer
``key``            :func:`answer_key_markdown` (instructor edition only) and :func:`readable` /
                   :func:`format_sources`: citation keys, timeline ids and data files written for people
``citations``      the bibliography as plain "Author (Year)" labels, with a/b suffixes where two
                   labels would read the same
``markup``         small text helpers the renderings share
=================  =====================================================================================

All three renderings, and the answer key's letters, show choices, events and speakers in the display
order fixed when a question is loaded (the right answers' positions are balanced, seeded by ``sha256``
of the question id; see :mod:`.bank`).

In a notebook use :func:`show_chapter` (it goes through :func:`abduction_issue.render.show`: static in
the book, widgets in a kernel).
"""
from __future__ import annotations

from .bank import (CHAPTER_TITLES, CHAPTERS, CHOICE_KINDS, KIND_NAMES, KINDS, LETTERS, BankError, Choice, Pair,
                   Question, answer_letter, bank_dir, chapter_page, chapter_sections, chart_display, correct_order,
                   event_date, event_text, from_dict, get, load_bank, numbered, question_number)
from .citations import bibliography, cite_candidates, citation_text, lettered_years
from .grading import MESSAGES, Result, fill, grade, order_success
from .key import (DATASET_NAMES, DATASETS_PAGE, STYLES, anchor, answer_key_entry, answer_key_markdown,
                  event_reference, format_sources, readable, section_reference)
from .live import QuestionWidget, QuizWidget, quiz_widget
from .markup import inline_html, one_line
from .printed import question_markdown
from .static import StaticQuiz, static_quiz

__all__ = [
    "CHAPTER_TITLES", "CHAPTERS", "CHOICE_KINDS", "KIND_NAMES", "KINDS", "LETTERS", "BankError", "Choice", "Pair",
    "Question", "answer_letter", "bank_dir", "chapter_page", "chapter_sections", "chart_display", "correct_order",
    "event_date", "event_text", "from_dict", "get", "load_bank", "numbered", "question_number",
    "bibliography", "cite_candidates", "citation_text", "lettered_years", "MESSAGES", "Result", "fill", "grade", "order_success",
    "DATASET_NAMES", "DATASETS_PAGE", "STYLES", "anchor", "answer_key_entry", "answer_key_markdown",
    "event_reference", "format_sources", "readable", "section_reference", "QuestionWidget", "QuizWidget",
    "quiz_widget", "inline_html", "one_line", "question_markdown", "StaticQuiz", "static_quiz", "show_chapter",
]

def show_chapter(chapter: str, directory=None):
    """Display a chapter's questions: widgets in a kernel, static HTML/print in the book."""
    from .. import render

    qs = [q for _, q in numbered(chapter, directory)]  # numbered as the answer key and the guide number them
    from ..i18n import chapter_title
    from ..i18n import tr
    title = tr("Exercises: {chapter}").format(chapter=chapter_title(chapter))
    return render.show(live=lambda: quiz_widget(qs, title), static=lambda: static_quiz(qs, f"aiq-{chapter}"))
