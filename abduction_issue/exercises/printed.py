"""The print rendering (MyST Markdown, which the LaTeX builder uses): the question and room to answer.

The answer is never printed here; it appears only in the answer key (:mod:`.key`).
"""
from __future__ import annotations

from ..i18n import tr
from .bank import CHOICE_KINDS, LETTERS, Question, event_text, kind_name
from .grading import MESSAGES, fill
from .markup import one_line


def question_markdown(q: Question, number: int) -> str:
    """The print version (MyST Markdown): question and room to answer, no answer."""
    lines = [tr("**Question {number}** ({kind}). {prompt}").format(number=number, kind=kind_name(q.kind),
                                                                   prompt=one_line(q.prompt)), ""]
    letters = LETTERS
    if q.kind in CHOICE_KINDS:
        if q.kind == "read_chart":
            lines += ["*" + tr("Use the chart printed above this question.") + "*", ""]
        if q.kind == "predict_reveal":
            lines += ["*" + tr("Write your prediction before you look at the data.") + "*", ""]
        lines += [f"- ({letters[i]}) {one_line(c.text)}" for i, c in enumerate(q.choices)]
        lines += ["", tr("Your answer: ( &nbsp; ) &nbsp; Explain your choice in one or two sentences:")]
    elif q.kind == "order_events":
        lines += [tr("Number the events from 1 (earliest) to {n} (latest):").format(n=len(q.events)), ""]
        lines += [f"- \\_\\_\\_\\_ {one_line(event_text(ev, q))}" for ev in q.shown_events]
    else:
        speakers = q.shown_speakers
        lines += [tr("Speakers:"), ""] + [f"- ({letters[i]}) {one_line(s)}" for i, s in enumerate(speakers)]
        lines += ["", tr("Write the letter of the speaker next to each quote:"), ""]
        lines += [f"- \\_\\_\\_\\_ {fill(MESSAGES['item'], text=one_line(p.quote))}" for p in q.pairs]
    # Print layout (abductionpack.sty): the question is kept on one page with its answer space, ruled lines
    # for the one- or two-sentence explanation a choice question asks for (the other kinds are answered in
    # their blanks).
    rules = 3 if q.kind in CHOICE_KINDS else 0
    # predict, then reveal: the chart that reveals the answer comes after the question in the source; floats
    # may go to the top of the page they are anchored on, so none may float above this question on its page
    after = ["\\suppressfloats[t]"] if q.kind == "predict_reveal" else []
    lines = ["```{raw} latex", "\\abductionquestion{%d}" % (sum(len(x) // 85 + 1 for x in lines) + 2 * rules), "```",
             "", *lines, "", "```{raw} latex", "\\abductionanswerspace{%d}" % rules, *after, "```", ""]
    return "\n".join(lines)
