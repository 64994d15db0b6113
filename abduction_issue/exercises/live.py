"""The live-notebook rendering: ipywidgets with instant feedback, *Try again* and a running score."""
from __future__ import annotations

import html as _html

from ..i18n import tr
from .bank import CHOICE_KINDS, Question, chart_display, event_text, kind_name
from .grading import MESSAGES, Result, fill, grade
from .markup import inline_html


class QuestionWidget:
    """One question as ipywidgets. ``inputs``, ``check``, ``retry``, ``feedback``, ``result``, ``widget``."""

    def __init__(self, q: Question, on_result=None):
        import ipywidgets as W

        self.q = q
        self.result: Result | None = None
        self.attempts = 0
        self._on_result = on_result
        head = W.HTML(f"<p><strong>{_html.escape(kind_name(q.kind).capitalize())}.</strong> {inline_html(q.prompt)}</p>")
        parts = [head]
        self.chart = None
        if q.kind in ("read_chart", "predict_reveal"):
            self.chart = W.HTML(chart_display(q.chart).html())
            if q.kind == "predict_reveal":
                self.chart.layout.display = "none"  # revealed after the prediction is checked
        if q.kind in CHOICE_KINDS:
            radio = W.RadioButtons(options=[(c.text, i) for i, c in enumerate(q.choices)], value=None,
                                   layout=W.Layout(width="auto"), style={"description_width": "0px"})
            self.inputs = [radio]
            if q.kind == "read_chart":
                parts.append(self.chart)
            parts.append(radio)
        elif q.kind == "order_events":
            opts = [(tr("— choose an event —"), None)] + [(event_text(e, q), e) for e in q.shown_events]
            self.inputs = [W.Dropdown(options=opts, value=None, description=f"{i + 1}.", layout=W.Layout(width="90%"))
                           for i in range(len(q.events))]
            parts += self.inputs
        else:
            speakers = q.shown_speakers
            self.inputs = []
            for p in q.pairs:
                parts.append(W.HTML(f"<blockquote>{_html.escape(fill(MESSAGES['item'], text=p.quote))}</blockquote>"))
                dd = W.Dropdown(options=[(tr("— who said it? —"), None)] + [(s, s) for s in speakers], value=None,
                                layout=W.Layout(width="90%"))
                self.inputs.append(dd)
                parts.append(dd)
        self.check = W.Button(description=tr("Check answer"), button_style="primary", icon="check")
        self.retry = W.Button(description=tr("Try again"), icon="undo")
        self.retry.layout.display = "none"
        self.feedback = W.HTML("")
        self.check.on_click(self._check)
        self.retry.on_click(self._retry)
        parts += [W.HBox([self.check, self.retry]), self.feedback]
        if q.kind == "predict_reveal":
            parts.append(self.chart)
        self.widget = W.VBox(parts, layout=W.Layout(border="1px solid #ccc", padding="8px", margin="8px 0"))

    def response(self):
        if self.q.kind in CHOICE_KINDS:
            return self.inputs[0].value
        return [w.value for w in self.inputs]

    def _check(self, _button=None):
        resp = self.response()
        if resp is None or (isinstance(resp, list) and any(v is None for v in resp)):
            self.feedback.value = f"<p>{MESSAGES['choose_first']}</p>"
            return None
        if self.q.kind == "order_events" and len(set(resp)) != len(resp):
            self.feedback.value = f"<p>{MESSAGES['each_event_once']}</p>"
            return None
        self.attempts += 1
        self.result = grade(self.q, resp)
        colour = "#006d4e" if self.result.correct else "#a33a00"
        mark = "✔" if self.result.correct else "✘"
        self.feedback.value = f'<p style="color:{colour}"><strong>{mark}</strong> {inline_html(self.result.feedback)}</p>'
        if len(self.inputs) > 1:
            for w, ok in zip(self.inputs, self.result.detail):
                w.description = (w.description.split(" ")[0] if self.q.kind == "order_events" else "") + ("" if ok else " ✘")
        if self.result.correct:
            for w in self.inputs:
                w.disabled = True
            self.check.disabled = True
            self.retry.layout.display = "none"
        else:
            self.retry.layout.display = None
        if self.chart is not None and self.q.kind == "predict_reveal":
            self.chart.layout.display = None
        if self._on_result:
            self._on_result(self)
        return self.result

    def _retry(self, _button=None):
        for w in self.inputs:
            w.value = None
            if self.q.kind == "order_events":
                w.description = w.description.split(" ")[0]
            elif len(self.inputs) > 1:
                w.description = ""
        self.feedback.value = ""
        self.retry.layout.display = "none"

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


class QuizWidget:
    """Several questions with a running score (questions answered correctly / total)."""

    def __init__(self, questions, title=None):
        import ipywidgets as W

        self.questions = [QuestionWidget(q, on_result=self._update) for q in questions]
        self.score_label = W.HTML()
        head = [W.HTML(f"<h4>{_html.escape(title)}</h4>")] if title else []
        self.widget = W.VBox(head + [self.score_label] + [qw.widget for qw in self.questions])
        self._update()

    @property
    def score(self) -> tuple[int, int]:
        return sum(1 for qw in self.questions if qw.result is not None and qw.result.correct), len(self.questions)

    def _update(self, _qw=None):
        right, total = self.score
        tried = sum(qw.attempts for qw in self.questions)
        self.score_label.value = "<p>" + tr("<strong>Score: {right} of {total}</strong> answered correctly ({tried} "
                                           "attempts).").format(right=right, total=total, tried=tried) + "</p>"

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


def quiz_widget(questions, title=None) -> QuizWidget:
    return QuizWidget(list(questions), title)
