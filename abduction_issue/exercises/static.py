"""The online book's rendering: self-contained HTML/JS, no kernel, nothing loaded from anywhere.

Radio buttons, selects and real buttons with labels, and an ``aria-live`` feedback region.  The same
objects carry the print version (``text/markdown``, from :mod:`.printed`), so one output serves both
builders.
"""
from __future__ import annotations

import base64
import html as _html
import json
import re

from .bank import CHOICE_KINDS, KIND_NAMES, Question, chart_display, event_text, correct_order
from .grading import order_success
from .markup import inline_html
from .printed import question_markdown

_CSS = """
.aiq-quiz{border:1px solid #bbb;border-radius:6px;padding:.6em 1em;margin:1em 0;background:#fff;color:#111}
.aiq-question{padding:.4em 0}
.aiq-question fieldset{border:0;margin:0;padding:0}
.aiq-question legend{font-weight:600;font-size:1rem;line-height:1.5;margin-bottom:.4em;padding:0;float:none;width:auto}
.aiq-choice{display:flex;gap:.5em;align-items:flex-start;margin:.25em 0}
.aiq-choice input{margin-top:.3em}
.aiq-question select{max-width:100%;margin:.2em 0}
.aiq-question button{margin:.4em .4em .2em 0;padding:.3em .9em;border:1px solid #0b5394;border-radius:4px;background:#0b5394;color:#fff;cursor:pointer;font:inherit}
.aiq-question button.aiq-retry{background:#fff;color:#0b5394}
.aiq-question button:focus-visible,.aiq-question input:focus-visible,.aiq-question select:focus-visible{outline:3px solid #e69f00;outline-offset:2px}
.aiq-feedback{min-height:1.2em;margin:.3em 0}
.aiq-feedback.aiq-right{color:#006d4e}.aiq-feedback.aiq-wrong{color:#a33a00}
.aiq-question.aiq-correct{background:#eaf6f1}
.aiq-part.aiq-bad select{border:2px solid #a33a00}
.aiq-mark{font-weight:700;margin-left:.3em}
.aiq-score{font-weight:600}
.aiq-quote{margin:.4em 0 .1em 0;padding-left:.8em;border-left:3px solid #999}
.aiq-question img{max-width:100%;height:auto;background:#fff}
"""

_JS = r"""
(function(){
if (window.AbductionQuiz) { window.AbductionQuiz.initAll(); return; }
function $(el, sel){ return Array.prototype.slice.call(el.querySelectorAll(sel)); }
function say(q, ok, text){
  var fb = q.querySelector('.aiq-feedback');
  fb.className = 'aiq-feedback ' + (ok ? 'aiq-right' : 'aiq-wrong');
  fb.textContent = (ok ? '\u2714 ' : '\u2718 ') + text;
}
function updateScore(quizId){
  var qs = $(document, '.aiq-question[data-quiz="' + quizId + '"]');
  var right = qs.filter(function(q){ return q.classList.contains('aiq-correct'); }).length;
  var el = document.getElementById(quizId + '-score');
  if (el) el.textContent = 'Score: ' + right + ' of ' + qs.length + ' answered correctly.';
}
function check(q, d){
  var ok, text, detail = null;
  if (d.kind === 'choice') {
    var sel = q.querySelector('input[type=radio]:checked');
    if (!sel) { say(q, false, 'Choose an answer first.'); return; }
    var i = parseInt(sel.value, 10);
    ok = (i === d.answer); text = d.feedback[i];
  } else {
    var vals = $(q, 'select').map(function(s){ return s.value; });
    if (vals.some(function(v){ return v === ''; })) { say(q, false, 'Choose an answer for every line first.'); return; }
    if (d.kind === 'order' && new Set(vals).size !== vals.length) { say(q, false, 'Each event can be used only once: change the repeated one.'); return; }
    detail = vals.map(function(v, k){ return v === d.answer[k]; });
    var n = detail.filter(Boolean).length;
    ok = (n === detail.length);
    text = ok ? d.success : d.partial.replace('{n}', n).replace('{total}', detail.length);
  }
  q.dataset.attempts = String(parseInt(q.dataset.attempts || '0', 10) + 1);
  if (detail) {
    $(q, '.aiq-part').forEach(function(p, k){
      p.classList.toggle('aiq-bad', !detail[k]);
      var s = p.querySelector('select'); s.setAttribute('aria-invalid', detail[k] ? 'false' : 'true');
      var m = p.querySelector('.aiq-mark'); m.textContent = detail[k] ? '' : '\u2718 not this one';
    });
  }
  say(q, ok, text);
  var reveal = q.querySelector('.aiq-reveal'); if (reveal) reveal.hidden = false;
  if (ok) {
    q.classList.add('aiq-correct');
    $(q, 'input,select').forEach(function(x){ x.disabled = true; });
    q.querySelector('.aiq-check').disabled = true;
    q.querySelector('.aiq-retry').hidden = true;
  } else {
    q.querySelector('.aiq-retry').hidden = false;
  }
  updateScore(q.dataset.quiz);
}
function retry(q){
  $(q, 'input[type=radio]').forEach(function(x){ x.checked = false; });
  $(q, 'select').forEach(function(s){ s.value = ''; s.setAttribute('aria-invalid', 'false'); });
  $(q, '.aiq-part').forEach(function(p){ p.classList.remove('aiq-bad'); p.querySelector('.aiq-mark').textContent = ''; });
  var fb = q.querySelector('.aiq-feedback'); fb.textContent = ''; fb.className = 'aiq-feedback';
  q.querySelector('.aiq-retry').hidden = true;
  var first = q.querySelector('input,select'); if (first) first.focus();
}
function init(q){
  if (q.dataset.ready) return; q.dataset.ready = '1';
  var d = JSON.parse(q.querySelector('script.aiq-data').textContent);
  q.querySelector('.aiq-check').addEventListener('click', function(){ check(q, d); });
  q.querySelector('.aiq-retry').addEventListener('click', function(){ retry(q); });
}
function initAll(){ $(document, '.aiq-question').forEach(init); }
window.AbductionQuiz = {initAll: initAll, check: check};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initAll); else initAll();
})();
"""


def _question_html(q: Question, number: int, quiz_id: str) -> str:
    qid = f"{quiz_id}-{_slug(q.id)}"
    e = _html.escape
    head = f"Question {number} ({KIND_NAMES[q.kind]}). "
    body = []
    if q.kind in CHOICE_KINDS:
        data = {"kind": "choice", "answer": q.answer,
                "feedback": [("Correct. " if c.correct else "Not quite. ") + c.feedback for c in q.choices]}
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
        data = {"kind": "order", "answer": right, "success": order_success(q),
                "partial": "Not yet: {n} of {total} events are in the right place (the others are marked). "
                           "Think about what had to happen first, then try again."}
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
                "success": "Correct. " + " ".join(f"“{p.quote}”: {p.speaker}." for p in q.pairs),
                "partial": "Not yet: {n} of {total} quotes are matched correctly (the others are marked). "
                           "Consider each speaker's role and position, then try again."}
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
        return f"<style>{_CSS}</style>" + (
            f'<div class="aiq-quiz-head">{t}<p class="aiq-score" id="{self.quiz_id}-score" aria-live="polite">'
            f"Score: 0 of {n} answered correctly.</p>"
            "<p class=\"aiq-help\">Choose an answer and press <em>Check answer</em> (keyboard: Tab to move, arrow keys "
            "or Space to choose, Enter to press a button). Feedback appears below each question.</p></div>")

    def parts(self):
        yield _Bundle({"text/html": self.header_html(), "text/markdown": "*Answer in the space provided.*\n",
                       "text/plain": f"{len(self.questions)} questions"})
        for i, q in enumerate(self.questions, 1):
            if q.kind == "read_chart":
                yield _PrintChart(q.chart)
            html = f'<div class="aiq-quiz">{_question_html(q, i, self.quiz_id)}</div>'
            if i == len(self.questions):
                html += f"<script>{_JS}</script>"
            yield _Bundle({"text/html": html, "text/markdown": question_markdown(q, i),
                           "text/plain": f"Question {i}: {q.prompt}"})

    def html(self) -> str:
        qs = "".join(_question_html(q, i, self.quiz_id) for i, q in enumerate(self.questions, 1))
        return f'{self.header_html()}<div class="aiq-quiz">{qs}</div><script>{_JS}</script>'

    def markdown(self) -> str:
        return "\n".join(question_markdown(q, i) for i, q in enumerate(self.questions, 1))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/markdown": self.markdown(),
                "text/plain": f"{len(self.questions)} questions"}

    def _ipython_display_(self):
        from IPython.display import display
        if not self.questions:
            display(_Bundle({"text/markdown": "*No questions for this chapter yet.*", "text/plain": "no questions"}))
            return
        for part in self.parts():
            display(part)


def static_quiz(questions, quiz_id=None, title=None) -> StaticQuiz:
    return StaticQuiz(questions, quiz_id, title)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
