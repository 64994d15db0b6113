"""The online book's rendering: HTML and one script (``assets/abduction-quiz.js`` and its style sheet), no kernel.

Radio buttons, selects and real buttons with labels, and an ``aria-live`` feedback region.  The same
objects carry the print version (``text/markdown``, from :mod:`.printed`) for a notebook converted outside the
book; the course pack does not take it from a kernel: there a quiz displays nothing and the page's
``{exercise-set}`` directive prints the questions (:mod:`abduction_issue.sphinxext.directives`).
"""
from __future__ import annotations

import base64
import html as _html
import json
import re
from pathlib import Path

from .bank import CHOICE_KINDS, KIND_NAMES, Question, chart_display, event_text, correct_order
from .grading import MESSAGES, order_success, verdict
from .markup import inline_html
from .printed import question_markdown

#: The quiz's one script and style sheet, real files: the online book ships them once as static files
#: (:mod:`abduction_issue.sphinxext.directives`); a quiz shown anywhere else carries them inline.
ASSETS = Path(__file__).resolve().parent / "assets"
QUIZ_JS = ASSETS / "abduction-quiz.js"
QUIZ_CSS = ASSETS / "abduction-quiz.css"


def _inline_assets() -> bool:
    """Whether a quiz carries its script and style itself: not in the built book, which loads the files."""
    from ..render import mode
    return mode() != "book"


def messages_json() -> str:
    """The messages (:data:`.grading.MESSAGES`) as the JSON the script reads."""
    return json.dumps(MESSAGES, ensure_ascii=False).replace("</", "<\\/")


def _question_html(q: Question, number: int, quiz_id: str) -> str:
    qid = f"{quiz_id}-{_slug(q.id)}"
    e = _html.escape
    head = f"Question {number} ({KIND_NAMES[q.kind]}). "
    body = []
    if q.kind in CHOICE_KINDS:
        data = {"kind": "choice", "answer": q.answer,
                "feedback": [verdict(c.correct) + c.feedback for c in q.choices]}
        chart = ""
        if q.kind in ("read_chart", "predict_reveal"):
            chart = chart_display(q.chart).html()
        if q.kind == "read_chart":
            body.append(chart)
        opts = "".join(
            f'<div class="aiq-choice"><input type="radio" name="{qid}" id="{qid}-{i}" value="{i}">'
            f'<label for="{qid}-{i}">{inline_html(c.text)}</label></div>' for i, c in enumerate(q.choices))
        body.append(f'<fieldset><legend>{e(head)}{inline_html(q.prompt)}</legend>{opts}</fieldset>')
        tail = f'<div class="aiq-reveal" hidden><p>The data:</p>{chart}</div>' if q.kind == "predict_reveal" else ""
    elif q.kind == "order_events":
        right = correct_order(q.events)
        data = {"kind": "order", "answer": right, "success": order_success(q), "partial": "order_partial"}
        opts = '<option value="">— choose an event —</option>' + "".join(
            f'<option value="{e(ev)}">{e(event_text(ev, q))}</option>' for ev in q.shown_events)
        parts = "".join(
            f'<div class="aiq-part"><label for="{qid}-{i}">Position {i + 1} ({"earliest" if i == 0 else "latest" if i == len(q.events) - 1 else "next"}):</label> '
            f'<select id="{qid}-{i}">{opts}</select><span class="aiq-mark" aria-hidden="false"></span></div>'
            for i in range(len(q.events)))
        body.append(f'<fieldset><legend>{e(head)}{inline_html(q.prompt)}</legend>{parts}</fieldset>')
        tail = ""
    else:
        data = {"kind": "match", "answer": [p.speaker for p in q.pairs],
                "success": MESSAGES["right"] + " ".join(f"“{p.quote}”: {p.speaker}." for p in q.pairs),
                "partial": "match_partial"}
        speakers = q.shown_speakers
        opts = '<option value="">— who said it? —</option>' + "".join(
            f'<option value="{e(s)}">{e(s)}</option>' for s in speakers)
        parts = "".join(
            f'<div class="aiq-part"><p class="aiq-quote" id="{qid}-q{i}">“{e(p.quote)}”</p>'
            f'<label for="{qid}-{i}">Speaker of quote {i + 1}:</label> '
            f'<select id="{qid}-{i}" aria-describedby="{qid}-q{i}">{opts}</select><span class="aiq-mark"></span></div>'
            for i, p in enumerate(q.pairs))
        body.append(f'<fieldset><legend>{e(head)}{inline_html(q.prompt)}</legend>{parts}</fieldset>')
        tail = ""
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (f'<div class="aiq-question" id="{qid}" data-quiz="{quiz_id}" data-qid="{e(q.id)}">'
            + "".join(body)
            + '<button type="button" class="aiq-check">Check answer</button>'
              '<button type="button" class="aiq-retry" hidden>Try again</button>'
              '<div class="aiq-feedback" role="status" aria-live="polite"></div>'
            + tail
            + f'<script type="application/json" class="aiq-data">{payload}</script></div>')


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

    def header_html(self) -> str:
        n = len(self.questions)
        t = f"<p><strong>{_html.escape(self.title)}</strong></p>" if self.title else ""
        style = f"<style>{QUIZ_CSS.read_text(encoding='utf-8')}</style>" if _inline_assets() else ""
        return style + (
            f'<script type="application/json" class="aiq-messages">{messages_json()}</script>'
            f'<div class="aiq-quiz-head">{t}<p class="aiq-score" id="{self.quiz_id}-score" aria-live="polite">'
            f"{_html.escape(MESSAGES['score'].format(right=0, total=n))}</p>"
            "<p class=\"aiq-help\">Choose an answer and press <em>Check answer</em> (keyboard: Tab to move, arrow keys "
            "or Space to choose, Enter to press a button). Feedback appears below each question.</p></div>")

    @staticmethod
    def script_html() -> str:
        """The quiz script, inline where the page does not load ``abduction-quiz.js`` (outside the built book)."""
        return f"<script>{QUIZ_JS.read_text(encoding='utf-8')}</script>" if _inline_assets() else ""

    def parts(self):
        yield _Bundle({"text/html": self.header_html(), "text/markdown": "*Answer in the space provided.*\n",
                       "text/plain": f"{len(self.questions)} questions"})
        for i, q in enumerate(self.questions, 1):
            if q.kind == "read_chart":
                yield _PrintChart(q.chart)
            html = f'<div class="aiq-quiz">{_question_html(q, i, self.quiz_id)}</div>'
            if i == len(self.questions):
                html += self.script_html()
            yield _Bundle({"text/html": html, "text/markdown": question_markdown(q, i),
                           "text/plain": f"Question {i}: {q.prompt}"})

    def html(self) -> str:
        qs = "".join(_question_html(q, i, self.quiz_id) for i, q in enumerate(self.questions, 1))
        return f'{self.header_html()}<div class="aiq-quiz">{qs}</div>{self.script_html()}'

    def markdown(self) -> str:
        return "\n".join(question_markdown(q, i) for i, q in enumerate(self.questions, 1))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/markdown": self.markdown(),
                "text/plain": f"{len(self.questions)} questions"}

    def _ipython_display_(self):
        from IPython.display import display

        from ..render import output
        if output() == "latex":
            # The course pack prints a notebook's questions from its ``{exercise-set}`` directive (no kernel
            # output to recognise): a quiz shown by a kernel leaves nothing to print.
            return
        if not self.questions:
            display(_Bundle({"text/markdown": "*No questions for this chapter yet.*", "text/plain": "no questions"}))
            return
        for part in self.parts():
            display(part)


def static_quiz(questions, quiz_id=None, title=None) -> StaticQuiz:
    return StaticQuiz(questions, quiz_id, title)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
