"""The online book's rendering: HTML and one script (``assets/abduction-quiz.js`` and its style sheet), no kernel.

Radio buttons, selects and real buttons with labels, and an ``aria-live`` feedback region.  The same
objects carry the print version (``text/markdown``, from :mod:`.printed`) for a notebook converted outside the
book; the course pack does not take it from a kernel: there a quiz displays nothing and the page's
``{exercise-set}`` directive prints the questions (:mod:`abduction_issue.sphinxext.directives`).

**Grading is defined once, in Python.**  Each question carries, as JSON in the page, what
:func:`.grading.question_data` says about it: for a choice question, every choice's verdict and its whole
feedback (so the script looks up the chosen one); for an ordering or matching question, the expected item
in each slot, the name of every item, and the messages already written (the success message in full, the
partial one with only the counts and the out-of-place items to fill in).  The script compares each slot
with its expected item, counts, fills the placeholders and shows the result, exactly as
:func:`.grading.grade_slots` does; it holds no answer, no rule of what is right and no wording of its own
(the page-level messages come from :data:`.grading.MESSAGES`).  The other way round -- the script as the
one implementation, driven by the Python tests -- was not chosen because the live notebook's widgets and the
learning-platform export (:mod:`abduction_issue.lms`) grade in a kernel with no browser.
``tests/test_quiz_site.py`` answers every bank question on the built pages in Chromium, right and wrong, and
checks the page says exactly what :func:`.grading.grade` says.

What the script adds on top is presentation: feedback focus (after *Check answer* focus moves to the
question's feedback, so a keyboard or screen-reader user stays on the question), the section link under
every feedback (written here, as a relative link to the chapter page: every page with a quiz sits one
folder below the book's root), the hidden chart of a prediction (shown once answered), the chapter's score
(predictions are not counted), and the answers kept in the browser's ``localStorage`` (one key per page and
question; nothing is sent anywhere) with a *Clear my answers* button.
"""
from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import re
from pathlib import Path

from .. import i18n
from ..i18n import tr
from .bank import CHOICE_KINDS, Question, chapter_page, chart_display, event_text, kind_name
from .grading import MESSAGES, fill, question_data
from .markup import inline_html
from .printed import question_markdown

#: The quiz's one script and style sheet, real files: the online book ships them once as static files
#: (:mod:`abduction_issue.sphinxext.directives`); a quiz shown anywhere else carries them inline.
ASSETS = Path(__file__).resolve().parent / "assets"
QUIZ_JS = ASSETS / "abduction-quiz.js"
QUIZ_CSS = ASSETS / "abduction-quiz.css"
#: How a quiz's page reaches the book's root: every page with a quiz (``chapters/*``, ``notebooks/*``) is one
#: folder down.
ROOT_FROM_PAGE = "../"


def _inline_assets() -> bool:
    """Whether a quiz carries its script and style itself: not in the built book, which loads the files."""
    from ..render import mode
    return mode() != "book"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def messages_json() -> str:
    """The messages (:data:`.grading.MESSAGES`) as the JSON the script reads."""
    return _json(dict(MESSAGES))


def _position(i: int, n: int) -> str:
    if i == 0:
        return tr("Position {number} (earliest):").format(number=i + 1)
    if i == n - 1:
        return tr("Position {number} (latest):").format(number=i + 1)
    return tr("Position {number} (next):").format(number=i + 1)


def section_id(heading: str) -> str:
    """The HTML id the book gives a section (docutils' ``make_id`` of its title, as Sphinx writes it)."""
    from docutils.nodes import make_id
    return make_id(heading)


def section_link(q: Question) -> tuple[str, str]:
    """``(href, text)`` of the section that answers ``q`` (its chapter's page when it names no section), relative
    to a page one folder below the root (:data:`ROOT_FROM_PAGE`)."""
    page = ROOT_FROM_PAGE + re.sub(r"\.(md|ipynb)$", ".html", chapter_page(q.chapter))
    chapter = i18n.chapter_title(q.chapter)
    if not q.section:
        return page, tr("the chapter “{chapter}”").format(chapter=chapter)
    section = i18n.page_text(chapter_page(q.chapter).rsplit(".", 1)[0], q.section)
    return f"{page}#{section_id(q.section)}", tr("section “{section}” of “{chapter}”").format(section=section,
                                                                                           chapter=chapter)


def browser_data(q: Question) -> dict:
    """What the page carries for ``q``: :func:`.grading.question_data`, plus ``v``, a digest of it (an answer
    kept in the browser is restored only into the same question)."""
    d = question_data(q)
    return {**d, "v": hashlib.sha256(json.dumps(d, sort_keys=True).encode("utf-8")).hexdigest()[:12]}


def _question_html(q: Question, number: int, quiz_id: str) -> str:
    qid = f"{quiz_id}-{_slug(q.id)}"
    e = _html.escape
    head = tr("Question {number} ({kind}). ").format(number=number, kind=kind_name(q.kind))
    body = []
    note = (f'<p class="aiq-note" id="{qid}-note">{e(MESSAGES["prediction"])}</p>'
            if q.kind == "predict_reveal" else "")
    if q.kind in CHOICE_KINDS:
        chart = ""
        if q.kind in ("read_chart", "predict_reveal"):
            chart = chart_display(q.chart).html()
        if q.kind == "read_chart":
            body.append(chart)
        opts = "".join(
            f'<div class="aiq-choice"><input type="radio" name="{qid}" id="{qid}-{i}" value="{i}">'
            f'<label for="{qid}-{i}">{inline_html(c.text)}</label></div>' for i, c in enumerate(q.choices))
        described = f' aria-describedby="{qid}-note"' if note else ""
        body.append(f'<fieldset{described}><legend>{e(head)}{inline_html(q.prompt)}</legend>{note}{opts}</fieldset>')
        tail = (f'<div class="aiq-reveal" hidden><p>{e(tr("The data:"))}</p>{chart}</div>'
                if q.kind == "predict_reveal" else "")
    elif q.kind == "order_events":
        opts = f'<option value="">{e(tr("— choose an event —"))}</option>' + "".join(
            f'<option value="{e(ev)}">{e(event_text(ev, q))}</option>' for ev in q.shown_events)
        parts = "".join(
            f'<div class="aiq-part"><label for="{qid}-{i}">{e(_position(i, len(q.events)))}</label> '
            f'<select id="{qid}-{i}">{opts}</select><p class="aiq-chosen" aria-hidden="true"></p>'
            f'<span class="aiq-mark"></span></div>'
            for i in range(len(q.events)))
        body.append(f'<fieldset><legend>{e(head)}{inline_html(q.prompt)}</legend>{parts}</fieldset>')
        tail = ""
    else:
        opts = f'<option value="">{e(tr("— who said it? —"))}</option>' + "".join(
            f'<option value="{e(s)}">{e(s)}</option>' for s in q.shown_speakers)
        parts = "".join(
            f'<div class="aiq-part"><p class="aiq-quote" id="{qid}-q{i}">{e(fill(MESSAGES["item"], text=p.quote))}</p>'
            f'<label for="{qid}-{i}">{e(tr("Speaker of quote {number}:").format(number=i + 1))}</label> '
            f'<select id="{qid}-{i}" aria-describedby="{qid}-q{i}">{opts}</select>'
            f'<p class="aiq-chosen" aria-hidden="true"></p><span class="aiq-mark"></span></div>'
            for i, p in enumerate(q.pairs))
        body.append(f'<fieldset><legend>{e(head)}{inline_html(q.prompt)}</legend>{parts}</fieldset>')
        tail = ""
    href, where = section_link(q)
    more = (f'<p class="aiq-more" hidden>{e(MESSAGES["read_more"])} '
            f'<a href="{e(href)}">{e(where)}</a></p>')
    return (f'<div class="aiq-question" id="{qid}" data-quiz="{quiz_id}" data-qid="{e(q.id)}" '
            f'data-kind="{e(q.kind)}">'
            + "".join(body)
            + f'<button type="button" class="aiq-check">{e(tr("Check answer"))}</button>'
              f'<button type="button" class="aiq-retry" hidden>{e(tr("Try again"))}</button>'
              f'<div class="aiq-feedback" role="status" aria-live="polite" tabindex="-1">'
              f'<p class="aiq-text"></p>{more}</div>'
            + tail
            + f'<script type="application/json" class="aiq-data">{_json(browser_data(q))}</script></div>')


class _Bundle:
    def __init__(self, bundle):
        self.bundle = bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


class _PrintChart:
    """A chart shown only in print (the HTML rendering embeds it inside the question)."""

    def __init__(self, name):
        self.fd = chart_display(name)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from ..render import output

        bundle = {"text/html": "<!-- chart shown inside the question below -->",
                  "text/plain": f"[chart] {self.fd.alt_text}"}
        if output() in ("latex", "all"):   # the HTML book never draws the print version (issue 15)
            bundle["application/pdf"] = base64.b64encode(self.fd.pdf).decode("ascii")
        return bundle


class StaticQuiz:
    """Kernel-free rendering of questions: ``text/html`` (online book) and ``text/markdown`` (print).

    Displaying it emits one output per question (plus a header with the score
    line, the CSS and the JS), so that a ``read_chart`` chart can be printed as a
    figure before its question.  ``html()`` is the whole quiz as one HTML string.
    """

    def __init__(self, questions, quiz_id=None, title=None):
        self.questions = list(questions)
        self.quiz_id = quiz_id or ("aiq-" + _slug("-".join(q.id for q in self.questions[:1]) or "empty"))
        self.title = title

    @property
    def scored(self) -> int:
        """How many questions count in the score (predictions do not)."""
        return sum(1 for q in self.questions if q.kind != "predict_reveal")

    def header_html(self) -> str:
        n = self.scored
        e = _html.escape
        t = f"<p><strong>{e(self.title)}</strong></p>" if self.title else ""
        style = f"<style>{QUIZ_CSS.read_text(encoding='utf-8')}</style>" if _inline_assets() else ""
        score = (f'<p class="aiq-score" id="{self.quiz_id}-score" aria-live="polite">'
                 f"{e(fill(MESSAGES['score'], answered=0, total=n, right=0))}"
                 "</p>") if n else ""
        return style + (
            f'<script type="application/json" class="aiq-messages">{messages_json()}</script>'
            f'<div class="aiq-quiz-head" data-quiz="{self.quiz_id}">{t}{score}'
            "<p class=\"aiq-help\">" + tr("Choose an answer and press <em>Check answer</em> (keyboard: Tab to move, "
                                          "arrow keys or Space to choose, Enter to press a button). Feedback appears "
                                          "below each question.") + " "
            f"{e(MESSAGES['kept'])}</p>"
            f'<p class="aiq-tools"><button type="button" class="aiq-clear">{e(MESSAGES["clear"])}</button> '
            '<span class="aiq-cleared" role="status" aria-live="polite"></span></p></div>')

    @staticmethod
    def script_html() -> str:
        """The quiz script, inline where the page does not load ``abduction-quiz.js`` (outside the built book)."""
        return f"<script>{QUIZ_JS.read_text(encoding='utf-8')}</script>" if _inline_assets() else ""

    def parts(self):
        yield _Bundle({"text/html": self.header_html(),
                       "text/markdown": "*" + tr("Answer in the space provided.") + "*\n",
                       "text/plain": tr("{n} questions").format(n=len(self.questions))})
        for i, q in enumerate(self.questions, 1):
            if q.kind == "read_chart":
                yield _PrintChart(q.chart)
            html = f'<div class="aiq-quiz">{_question_html(q, i, self.quiz_id)}</div>'
            if i == len(self.questions):
                html += self.script_html()
            yield _Bundle({"text/html": html, "text/markdown": question_markdown(q, i),
                           "text/plain": tr("Question {number}: {prompt}").format(number=i, prompt=q.prompt)})

    def html(self) -> str:
        qs = "".join(_question_html(q, i, self.quiz_id) for i, q in enumerate(self.questions, 1))
        return f'{self.header_html()}<div class="aiq-quiz">{qs}</div>{self.script_html()}'

    def markdown(self) -> str:
        return "\n".join(question_markdown(q, i) for i, q in enumerate(self.questions, 1))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/markdown": self.markdown(),
                "text/plain": tr("{n} questions").format(n=len(self.questions))}

    def _ipython_display_(self):
        from IPython.display import display

        from ..render import output
        if output() == "latex":
            # The course pack prints a notebook's questions from its ``{exercise-set}`` directive (no kernel
            # output to recognise): a quiz shown by a kernel leaves nothing to print.
            return
        if not self.questions:
            display(_Bundle({"text/markdown": "*" + tr("No questions for this chapter yet.") + "*",
                             "text/plain": tr("no questions")}))
            return
        for part in self.parts():
            display(part)


def static_quiz(questions, quiz_id=None, title=None) -> StaticQuiz:
    return StaticQuiz(questions, quiz_id, title)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
