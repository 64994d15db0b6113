"""Grading, defined once: :func:`question_data` says, per question, what is right and what each answer is told;
:func:`grade` reads that and returns a :class:`Result`.

:func:`question_data` is the one definition of a question's grading: for a choice question, each choice's
verdict and its whole feedback; for an ordering or matching question, the expected item in every slot, the
name each item is called by when it is out of place, and the messages already written (the success message
in full, the partial one with ``{n}``, ``{total}`` and ``{items}`` still to fill).  The online book's quiz
(``exercises/assets/abduction-quiz.js``) receives exactly this JSON in the page (:mod:`.static`) and reads
it the way :func:`grade` does (:func:`grade_slots`, :func:`fill`): it holds no grading rule and no wording.
``tests/test_quiz_site.py`` checks, in Chromium on the built pages, that the page tells a student exactly
what :func:`grade` says for every question of the bank.

Responses:

* ``multiple_choice`` / ``read_chart`` / ``predict_reveal``: the index of the chosen choice (or its text);
* ``order_events``: the timeline ids in the order the student puts them (the right order comes from the
  dates in ``data/timeline.csv``, never from the YAML);
* ``match_quote``: the speakers, in the order of the quotes (or a dict quote -> speaker).

A ``predict_reveal`` question is graded like any choice question, but it is a prediction: it is not
counted in a score (``scored`` is false).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..i18n import N_, translate

from .bank import CHOICE_KINDS, Question, event_date, event_text, correct_order


#: Every message the quizzes give a student, defined once.  The Python grading and the live widgets use them;
#: the online book's quiz (``exercises/assets/abduction-quiz.js``) receives them as JSON in the page (:mod:`.static`), so
#: the browser holds no copy of any wording.  ``{n}``, ``{total}``, ``{items}``, ``{answered}`` and ``{right}``
#: are filled in by :func:`fill` (or the script's copy of it, which only replaces placeholders).
_MESSAGES = {
    "right": N_("Correct. "),
    "wrong": N_("Not quite. "),
    "choose_first": N_("Choose an answer first."),
    "choose_every_line": N_("Choose an answer for every line first."),
    "each_event_once": N_("Each event can be used only once: change the repeated one."),
    "order_partial": N_("Not yet: {n} of {total} events are in the right place. Out of place: {items}. "
                     "Think about what had to happen first, then try again."),
    "match_partial": N_("Not yet: {n} of {total} quotes are matched correctly. Given to the wrong quote: {items}. "
                     "Consider each speaker's role and position, then try again."),
    "item": N_("“{text}”"),
    "items_join": N_("; "),
    "score": N_("Your score: {answered} of {total} answered, {right} correct."),
    "not_this_one": N_("\u2718 not this one"),
    "prediction": N_("A prediction: it is not counted in the score. The data appear once you have answered."),
    "clear": N_("Clear my answers"),
    "cleared": N_("Your answers on this page were cleared."),
    "kept": N_("Your answers are kept in this browser only (nothing is sent anywhere), so they are still here when "
            "you come back."),
    "read_more": N_("Where the chapter explains it:"),
    "in_order": N_("In order: "),
    "date_sep": N_(": "),
    "end": N_("."),
}


class _Messages(Mapping):
    """:data:`_MESSAGES` in the build's language (:mod:`abduction_issue.i18n`)."""

    def __getitem__(self, key):
        return translate(_MESSAGES[key])

    def __iter__(self):
        return iter(_MESSAGES)

    def __len__(self):
        return len(_MESSAGES)


MESSAGES = _Messages()


def verdict(correct: bool) -> str:
    """The words that open a choice's feedback."""
    return MESSAGES["right"] if correct else MESSAGES["wrong"]


def fill(template: str, **values) -> str:
    """``template`` with each ``{name}`` replaced by its value: nothing else (braces elsewhere stay), exactly as
    the script fills a message."""
    for k, v in values.items():
        template = template.replace("{" + k + "}", str(v))
    return template


@dataclass
class Result:
    correct: bool
    feedback: str
    detail: list = field(default_factory=list)


def order_success(q: Question) -> str:
    sep = MESSAGES["date_sep"]
    return MESSAGES["right"] + MESSAGES["in_order"] + MESSAGES["items_join"].join(
        f"{event_date(e)}{sep}{event_text(e, q).rstrip('.').rstrip('。')}" for e in correct_order(q.events)) + MESSAGES["end"]


def question_data(q: Question) -> dict:
    """Everything a question's grading needs, as JSON data (see the module docstring): the one definition
    :func:`grade` and the online book's script both read."""
    if q.kind in CHOICE_KINDS:
        return {"kind": "choice", "scored": q.kind != "predict_reveal",
                "choices": [{"correct": c.correct, "feedback": verdict(c.correct) + c.feedback} for c in q.choices]}
    if q.kind == "order_events":
        return {"kind": "order", "scored": True, "unique": True, "expected": correct_order(q.events),
                "names": {e: fill(MESSAGES["item"], text=event_text(e, q)) for e in q.shown_events},
                "success": order_success(q), "partial": MESSAGES["order_partial"], "join": MESSAGES["items_join"]}
    if q.kind == "match_quote":
        return {"kind": "match", "scored": True, "unique": False, "expected": [p.speaker for p in q.pairs],
                "names": {s: s for s in q.shown_speakers},
                "success": MESSAGES["right"] + " ".join(
                    fill(MESSAGES["item"], text=p.quote) + MESSAGES["date_sep"] + p.speaker + MESSAGES["end"]
                    for p in q.pairs),
                "partial": MESSAGES["match_partial"], "join": MESSAGES["items_join"]}
    raise ValueError(f"unknown kind {q.kind!r}")


def grade_slots(d: dict, values: list) -> Result:
    """An ordering or matching answer (one value per slot) graded by its :func:`question_data` ``d``."""
    detail = [v == e for v, e in zip(values, d["expected"])]
    if all(detail):
        return Result(True, d["success"], detail)
    items = d["join"].join(d["names"][v] for v, ok in zip(values, detail) if not ok)
    return Result(False, fill(d["partial"], n=sum(detail), total=len(detail), items=items), detail)


def grade(question: Question, response) -> Result:
    """Grade ``response`` to ``question`` (see the module docstring for response shapes)."""
    q = question
    d = question_data(q)
    if d["kind"] == "choice":
        if isinstance(response, str):
            texts = [c.text for c in q.choices]
            if response not in texts:
                raise ValueError(f"{response!r} is not a choice of {q.id}")
            response = texts.index(response)
        if isinstance(response, bool) or not isinstance(response, int) or not 0 <= response < len(q.choices):
            raise ValueError(f"response to {q.id} must be a choice index 0..{len(q.choices) - 1}")
        c = d["choices"][response]
        return Result(c["correct"], c["feedback"], [c["correct"]])
    if q.kind == "match_quote" and isinstance(response, dict):
        response = [response.get(p.quote) for p in q.pairs]
    response = list(response)
    if d["unique"] and sorted(response) != sorted(d["expected"]):
        raise ValueError(f"response to {q.id} must list each of {list(q.events)} once")
    if len(response) != len(d["expected"]) or any(v not in d["names"] for v in response):
        raise ValueError(f"response to {q.id} must give one of {list(d['names'])} per line")
    return grade_slots(d, response)
