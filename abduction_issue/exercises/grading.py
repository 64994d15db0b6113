"""Grading, in plain Python: ``grade(question, response)`` returns a :class:`Result`.

Responses:

* ``multiple_choice`` / ``read_chart`` / ``predict_reveal``: the index of the chosen choice (or its text);
* ``order_events``: the timeline ids in the order the student puts them (the right order comes from the
  dates in ``data/timeline.csv``, never from the YAML);
* ``match_quote``: the speakers, in the order of the quotes (or a dict quote -> speaker).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .bank import CHOICE_KINDS, Question, event_date, event_text, correct_order


#: Every message the quizzes give a student, defined once.  The Python grading and the live widgets use them;
#: the online book's quiz (``exercises/assets/abduction-quiz.js``) receives them as JSON in the page (:mod:`.static`), so
#: the browser holds no copy of any wording.  ``{n}``, ``{total}`` and ``{right}`` are filled in by either side.
MESSAGES = {
    "right": "Correct. ",
    "wrong": "Not quite. ",
    "choose_first": "Choose an answer first.",
    "choose_every_line": "Choose an answer for every line first.",
    "each_event_once": "Each event can be used only once: change the repeated one.",
    "order_partial": "Not yet: {n} of {total} events are in the right place (the others are marked). "
                     "Think about what had to happen first, then try again.",
    "match_partial": "Not yet: {n} of {total} quotes are matched correctly (the others are marked). "
                     "Consider each speaker's role and position, then try again.",
    "score": "Score: {right} of {total} answered correctly.",
    "not_this_one": "\u2718 not this one",
}


def verdict(correct: bool) -> str:
    """The words that open a choice's feedback."""
    return MESSAGES["right"] if correct else MESSAGES["wrong"]


@dataclass
class Result:
    correct: bool
    feedback: str
    detail: list = field(default_factory=list)


def order_success(q: Question) -> str:
    return MESSAGES["right"] + "In order: " + "; ".join(f"{event_date(e)}: {event_text(e, q).rstrip('.')}"
                                              for e in correct_order(q.events)) + "."


def grade(question: Question, response) -> Result:
    """Grade ``response`` to ``question`` (see the module docstring for response shapes)."""
    q = question
    if q.kind in CHOICE_KINDS:
        if isinstance(response, str):
            texts = [c.text for c in q.choices]
            if response not in texts:
                raise ValueError(f"{response!r} is not a choice of {q.id}")
            response = texts.index(response)
        if isinstance(response, bool) or not isinstance(response, int) or not 0 <= response < len(q.choices):
            raise ValueError(f"response to {q.id} must be a choice index 0..{len(q.choices) - 1}")
        c = q.choices[response]
        return Result(c.correct, verdict(c.correct) + c.feedback, [c.correct])
    if q.kind == "order_events":
        response = list(response)
        if sorted(response) != sorted(q.events):
            raise ValueError(f"response to {q.id} must list each of {list(q.events)} once")
        right = correct_order(q.events)
        detail = [a == b for a, b in zip(response, right)]
        if all(detail):
            return Result(True, order_success(q), detail)
        return Result(False, MESSAGES["order_partial"].format(n=sum(detail), total=len(detail)), detail)
    if q.kind == "match_quote":
        if isinstance(response, dict):
            response = [response.get(p.quote) for p in q.pairs]
        response = list(response)
        if len(response) != len(q.pairs):
            raise ValueError(f"response to {q.id} must give one speaker per quote")
        detail = [r == p.speaker for r, p in zip(response, q.pairs)]
        if all(detail):
            return Result(True, MESSAGES["right"] + " ".join(f"“{p.quote}”: {p.speaker}." for p in q.pairs), detail)
        return Result(False, MESSAGES["match_partial"].format(n=sum(detail), total=len(detail)), detail)
    raise ValueError(f"unknown kind {q.kind!r}")
