"""The question bank: its data model, loading and validation, and the one display order of every question.

One YAML file per chapter, ``abduction_issue/bank/<chapter>.yml``.  :func:`load_bank` reads and validates
every file and returns :class:`Question` objects whose choices, events and speakers are already in the
order every rendering shows them (see "display order" below); a problem raises :class:`BankError` listing
every problem found, each naming the file and the question id.

Besides the fields of the team brief, an ``order_events`` question may give ``labels:`` (timeline id ->
short label) for events whose timeline label is missing: every event must be offered as a short label
(at most :data:`EVENT_LABEL_WORDS` words, no dates), or the bank is rejected.  A choice's ``feedback``
must not start with "Correct" or "Not quite": the engine adds the verdict.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .. import data, i18n, project
from ..i18n import N_
from ..dates import format_date
from ..project import bank_dir  # noqa: F401  (re-exported: exercises.bank_dir)
from .citations import bibliography, cite_candidates

#: The chapters' ids and short titles (:mod:`abduction_issue.project`, the one list)
CHAPTERS = project.CHAPTER_IDS
CHAPTER_TITLES = project.CHAPTER_TITLES
KINDS = ("multiple_choice", "order_events", "match_quote", "read_chart", "predict_reveal")
CHOICE_KINDS = ("multiple_choice", "read_chart", "predict_reveal")
KIND_NAMES = {
    "multiple_choice": N_("multiple choice"), "order_events": N_("put the events in order"),
    "match_quote": N_("match the quote to the speaker"), "read_chart": N_("read the chart"),
    "predict_reveal": N_("predict, then reveal"),
}


def kind_name(kind: str) -> str:
    """A question's kind in words, in the build's language."""
    return i18n.translate(KIND_NAMES[kind])
_ALLOWED_KEYS = {"id", "kind", "objective", "prompt", "choices", "chart", "events", "labels", "pairs", "explanation",
                 "source", "section"}
#: An event as offered in an ordering question is a short label: no dates (they would give the answer away)
#: and no more than this many words (a long entry is cut off in a dropdown).
EVENT_LABEL_WORDS = data.EVENT_LABEL_WORDS
_VERDICT = re.compile(r"^\s*(correct|incorrect|not quite)\s*[.!,:;—–]", re.I)  # the verdict the engine itself adds
_DATE_IN_LABEL = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{4}-\d{2}")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: A source cited in words by a date ("Japan Times 2002-09-18", "(BBC, 2002-10-24)") instead of by its bib key.
_DATED_CITATION = re.compile(r"(?:\b[A-Z][\w.'/-]*(?:\s+[A-Z][\w.'/-]*)*[,\s(]*)?\(?\b(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b\)?")


def _WORDED_CITATION(text: str) -> list[str]:
    """Author-year labels of the bibliography written out in words ("Allanson Conlon (2023)", "Cha 2002")."""
    found = []
    for author, year in sorted(set(bibliography().values())):
        name = re.sub(r"^The\s+", "", author)
        m = re.search(r"\b(?:The\s+)?" + re.escape(name) + r",?\s+\(?" + re.escape(year[:4]) + r"[a-z]?\b\)?", text)
        if m and m.group(0) not in found:
            found.append(m.group(0))
    return found


class BankError(ValueError):
    """The question bank is invalid; ``problems`` lists (file, question id, message)."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = [f"{f}: question {qid!r}: {msg}" if qid else f"{f}: {msg}" for f, qid, msg in self.problems]
        super().__init__("invalid question bank:\n  " + "\n  ".join(lines))


@dataclass(frozen=True)
class Choice:
    text: str
    feedback: str
    correct: bool = False
    keep_last: bool = False  # "none of the above" and the like: always shown last


@dataclass(frozen=True)
class Pair:
    quote: str
    speaker: str
    source: str


@dataclass(frozen=True)
class Question:
    id: str
    chapter: str
    kind: str
    objective: int
    prompt: str
    source: str
    explanation: str
    choices: tuple = ()
    chart: str | None = None
    events: tuple = ()
    pairs: tuple = ()
    file: str = ""
    section: str | None = None  # the heading of the chapter section the answer rests on
    shown_events: tuple = ()  # order_events: the order the events are offered in (never the answer)
    shown_speakers: tuple = ()  # match_quote: the order (and print letters) of the speakers
    labels: tuple = ()  # order_events: (event id, short label) for events whose timeline label is missing or long

    @property
    def answer(self):
        """The right answer: a choice index, the ordered event ids, or the speakers in quote order."""
        if self.kind in CHOICE_KINDS:
            return next(i for i, c in enumerate(self.choices) if c.correct)
        if self.kind == "order_events":
            return correct_order(self.events)
        return [p.speaker for p in self.pairs]


# --------------------------------------------------------------------------- loading & validation

def timeline():
    """The timeline indexed by id (:func:`abduction_issue.data.timeline_by_id`: shared, read it only)."""
    return data.timeline_by_id()


def _event_key(row):
    return (int(row["year"]), int(row["month"]), int(row["day"]) if str(row["date_precision"]) == "day" else 0)


def correct_order(event_ids) -> list:
    """Timeline ids sorted by their dates in ``data/timeline.csv``."""
    tl = data.timeline_by_id()
    return sorted(event_ids, key=lambda e: _event_key(tl.loc[e]))


def _order_problems(event_ids, tl) -> list[str]:
    out = []
    rows = {e: tl.loc[e] for e in event_ids}
    ids = list(event_ids)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            ra, rb = rows[a], rows[b]
            same_month = (int(ra["year"]), int(ra["month"])) == (int(rb["year"]), int(rb["month"]))
            if same_month and ("month" in (str(ra["date_precision"]), str(rb["date_precision"])) or ra["date"] == rb["date"]):
                out.append(f"events {a} and {b} cannot be ordered from the data (same date or same month "
                           "with only month precision)")
    return out


def _text(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _two_or_more(q: dict, key: str, what: str, problem) -> list | None:
    """``q[key]`` if it is a list of at least two items; otherwise report it (naming ``what``) and return None."""
    raw = q.get(key)
    if isinstance(raw, list) and len(raw) >= 2:
        return raw
    problem(f"needs a list of at least two {what}")
    return None


def _validate_file(path: Path, doc, tl_ids, tl, charts_known, seen_ids) -> tuple[list, list]:
    shown = _shown(path)
    problems, questions = [], []
    if not isinstance(doc, dict):
        return [(shown, None, "expected a mapping with 'chapter' and 'questions'")], []
    chapter = doc.get("chapter")
    if chapter not in CHAPTERS:
        problems.append((shown, None, f"chapter {chapter!r} does not exist; use one of {', '.join(CHAPTERS)}"))
    elif path.stem != chapter:
        problems.append((shown, None, f"chapter {chapter!r} does not match the file name {path.name!r}"))
    qs = doc.get("questions")
    if not isinstance(qs, list) or not qs:
        problems.append((shown, None, "expected a non-empty list 'questions'"))
        return problems, []
    for n, q in enumerate(qs, 1):
        if not isinstance(q, dict):
            problems.append((shown, f"#{n}", "a question must be a mapping"))
            continue
        qid = q.get("id") if _text(q.get("id")) else f"#{n}"
        p = lambda msg: problems.append((shown, qid, msg))  # noqa: E731
        if not _text(q.get("id")):
            p("missing 'id'")
        else:
            if chapter in CHAPTERS and not qid.startswith(chapter + "-"):
                p(f"id must start with the chapter, '{chapter}-'")
            if qid in seen_ids:
                p(f"duplicate id (also in {seen_ids[qid]})")
            seen_ids.setdefault(qid, shown)
        unknown = set(q) - _ALLOWED_KEYS
        if unknown:
            p(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_ALLOWED_KEYS)}")
        kind = q.get("kind")
        if kind not in KINDS:
            p(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        obj = q.get("objective")
        if not isinstance(obj, int) or isinstance(obj, bool) or obj < 1:
            p("'objective' must be the number (1, 2, ...) of a learning objective")
        for key in ("prompt", "source", "explanation"):
            if not _text(q.get(key)):
                p(f"missing '{key}'" + (" (name the bib keys and/or data files)" if key == "source" else ""))
        choices, pairs, events, labels, raw = (), (), (), (), None
        if kind in CHOICE_KINDS:
            raw = _two_or_more(q, "choices", "'choices'", p)
            if raw is not None:
                ok = True
                for i, c in enumerate(raw, 1):
                    if not isinstance(c, dict) or not _text(c.get("text")):
                        p(f"choice {i} has no 'text'")
                        ok = False
                        continue
                    if not _text(c.get("feedback")):
                        p(f"choice {i} ({c.get('text')!r}) has no 'feedback'")
                        ok = False
                    elif _VERDICT.match(c["feedback"]):
                        p(f"choice {i}: the feedback starts with a verdict ({_VERDICT.match(c['feedback']).group(0)!r}); "
                          "the engine adds 'Correct.' or 'Not quite.' itself")
                        ok = False
                    for flag in ("correct", "keep_last"):
                        if flag in c and not isinstance(c[flag], bool):
                            p(f"choice {i}: '{flag}' must be true or false")
                            ok = False
                    extra = set(c) - {"text", "feedback", "correct", "keep_last"}
                    if extra:
                        p(f"choice {i}: unknown field(s) {sorted(extra)}")
                        ok = False
                n_correct = sum(1 for c in raw if isinstance(c, dict) and c.get("correct") is True)
                if n_correct != 1:
                    p(f"exactly one choice must be correct (found {n_correct})")
                    ok = False
                texts = [c.get("text") for c in raw if isinstance(c, dict)]
                if len(set(texts)) != len(texts):
                    p("two choices have the same text")
                    ok = False
                if ok:
                    choices = tuple(Choice(c["text"].strip(), c["feedback"].strip(), bool(c.get("correct")),
                                           bool(c.get("keep_last")) or bool(_KEEP_LAST.search(c["text"])))
                                    for c in raw)
            if kind in ("read_chart", "predict_reveal"):
                if not _text(q.get("chart")):
                    p(f"{kind} needs 'chart' (one of {', '.join(sorted(charts_known))})")
                elif q["chart"] not in charts_known:
                    p(f"chart {q['chart']!r} does not exist in abduction_issue.charts (known: {', '.join(sorted(charts_known))})")
        elif kind == "order_events":
            raw = _two_or_more(q, "events", "timeline ids in 'events'", p)
            if raw is not None:
                missing = [e for e in raw if e not in tl_ids]
                if missing:
                    p(f"event id(s) not in data/timeline.csv: {', '.join(map(str, missing))}")
                elif len(set(raw)) != len(raw):
                    p("an event is listed twice")
                else:
                    for m in _order_problems(raw, tl):
                        p(m)
                    events = tuple(raw)
            labels = q.get("labels") or {}
            if not isinstance(labels, dict) or not all(_text(v) for v in labels.values()):
                p("'labels' must map timeline ids to short labels")
                labels = {}
            listed = q.get("events") if isinstance(q.get("events"), list) else []
            stray = [k for k in labels if k not in listed]
            if stray:
                p(f"labels given for event(s) not in 'events': {', '.join(map(str, stray))}")
            for e in events:
                text = labels.get(e, "").strip() or data.event_label(tl.loc[e, "label"], tl.loc[e, "event"])
                if _DATE_IN_LABEL.search(text) or len(text.split()) > EVENT_LABEL_WORDS or text.endswith("…"):
                    p(f"event {e} would be offered as {text!r}: give it a short label without dates in "
                      f"'labels' (at most {EVENT_LABEL_WORDS} words)")
            labels = tuple((e, labels[e].strip()) for e in events if e in labels)
        elif kind == "match_quote":
            raw = _two_or_more(q, "pairs", "'pairs'", p)
            if raw is not None:
                ok = True
                for i, pr in enumerate(raw, 1):
                    for key in ("quote", "speaker", "source"):
                        if not isinstance(pr, dict) or not _text(pr.get(key)):
                            p(f"pair {i} has no '{key}'")
                            ok = False
                speakers = [pr.get("speaker") for pr in raw if isinstance(pr, dict)]
                if ok and len(set(speakers)) != len(speakers):
                    p("two pairs have the same speaker, so the match would be ambiguous")
                    ok = False
                if ok:
                    pairs = tuple(Pair(pr["quote"].strip(), pr["speaker"].strip(), pr["source"].strip()) for pr in raw)
        if kind != "order_events" and q.get("labels") is not None and kind in KINDS:
            p("'labels' is only for order_events questions")
        if kind not in ("read_chart", "predict_reveal") and q.get("chart") is not None and kind in KINDS:
            p("'chart' is only for read_chart and predict_reveal questions")
        section = q.get("section")
        if section is not None and chapter in CHAPTERS:
            headings = chapter_sections(chapter)
            if not _text(section):
                p("'section' must be the text of a section heading of the chapter")
            elif section.strip() not in headings:
                p(f"section {section!r} is not a section heading of {chapter_page(chapter)} "
                  f"(its sections: {'; '.join(headings)})")
        for m in _DATED_CITATION.finditer(q.get("explanation") or "" if _text(q.get("explanation")) else ""):
            p(f"explanation: {m.group(0)!r} cites a source by outlet and date; cite it by its key in "
              "data/references.bib (the key is written as an author-year citation linked to the bibliography)")
        for m in _WORDED_CITATION(q.get("explanation") if _text(q.get("explanation")) else ""):
            p(f"explanation: {m!r} writes out a citation; cite the source by its key in data/references.bib")
        for where, text in [("source", q.get("source")), ("explanation", q.get("explanation"))] + [
                (f"pair {i} source", pr.get("source")) for i, pr in enumerate(pairs and raw or [], 1)]:
            unknown = [k for k in cite_candidates(text) if k not in bibliography()]
            if unknown:
                p(f"{where}: {', '.join(unknown)} look like citation keys but are not in data/references.bib")
        if not any(pr[0] == shown and pr[1] == qid for pr in problems):
            questions.append(Question(
                id=qid, chapter=chapter, kind=kind, objective=obj, prompt=q["prompt"].strip(),
                source=q["source"].strip(), explanation=q["explanation"].strip(), choices=choices,
                chart=q.get("chart"), events=events, labels=labels, pairs=pairs, file=shown,
                section=section.strip() if _text(section) else None))
    return problems, questions


def _shown(path: Path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(__file__).resolve().parent.parent.parent))
    except ValueError:
        return str(path)


def load_bank(directory=None, *, chapter=None) -> list[Question]:
    """Every question in ``bank/*.yml`` (validated), in chapter order then file order.

    ``chapter`` restricts the result to one chapter.  Raises :class:`BankError`.
    """
    import yaml

    from .. import charts

    directory = Path(directory) if directory is not None else bank_dir()
    if chapter is not None and chapter not in CHAPTERS:
        raise ValueError(f"unknown chapter {chapter!r}; use one of {', '.join(CHAPTERS)}")
    tl = data.timeline_by_id()
    tl_ids = set(tl.index)
    problems, questions, seen = [], [], {}
    files = sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))
    for path in files:
        try:
            # libyaml's parser when PyYAML has it (same safe loader, about 5x faster: the bank is read for every
            # chapter's exercises; issue 15)
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            problems.append((_shown(path), None, f"not valid YAML: {exc}"))
            continue
        pr, qs = _validate_file(path, doc, tl_ids, tl, set(charts.REGISTRY), seen)
        problems += pr
        questions += qs
    if problems:
        raise BankError(problems)
    order = {c: i for i, c in enumerate(CHAPTERS)}
    questions.sort(key=lambda q: order[q.chapter])  # stable: file order within a chapter
    questions = _arrange_bank(questions)  # before selecting a chapter: positions are balanced bank-wide
    if chapter is not None:
        questions = [q for q in questions if q.chapter == chapter]
    return [localized(q) for q in questions]


def localized(q: Question) -> Question:
    """``q`` in the build's language: its text from the bank's catalogue for its chapter
    (``locales/<lang>/LC_MESSAGES/package/bank/<chapter>.po``, each message in the context of the question's id;
    :mod:`abduction_issue.i18n`). The English is validated; ids, kinds, answers and sources do not change."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return q
    domain = f"bank/{q.chapter}"

    def t(text):
        return i18n.translate(text, q.id, domain=domain) if text else text
    return replace(q, prompt=t(q.prompt), explanation=t(q.explanation),
                   choices=tuple(replace(c, text=t(c.text), feedback=t(c.feedback)) for c in q.choices),
                   pairs=tuple(replace(p, quote=t(p.quote), speaker=t(p.speaker)) for p in q.pairs),
                   labels=tuple((ev, t(label)) for ev, label in q.labels),
                   shown_speakers=tuple(t(speaker) for speaker in q.shown_speakers))


def from_dict(question: dict, chapter: str) -> Question:
    """Validate one question written in code (same rules as the bank) and return it.

    Used by the notebooks for exercises whose choices are computed from the data.
    """
    from .. import charts

    tl = data.timeline_by_id()
    problems, qs = _validate_file(Path(f"<notebook>/{chapter}.yml"), {"chapter": chapter, "questions": [question]},
                                  set(tl.index), tl, set(charts.REGISTRY), {})
    if problems:
        raise BankError(problems)
    return _arrange(qs[0])


def numbered(chapter: str, directory=None, *, questions=None) -> list[tuple[int, Question]]:
    """The chapter's exercise set as students see it: ``(number, question)``, numbered from 1.

    The one numbering every rendering uses: the static quiz and the print version ("Question 3"), the
    answer key, and the instructor guide's plans, which name an exercise by this number.  ``questions``
    is the bank already loaded (:func:`load_bank`), to save reading it again.
    """
    if chapter not in CHAPTERS:
        raise ValueError(f"unknown chapter {chapter!r}; use one of {', '.join(CHAPTERS)}")
    qs = load_bank(directory) if questions is None else questions
    return list(enumerate((q for q in qs if q.chapter == chapter), 1))


def question_number(question_id: str, directory=None) -> int:
    """The number students see for the question (see :func:`numbered`)."""
    qs = load_bank(directory)
    for chapter in CHAPTERS:
        for n, q in numbered(chapter, questions=qs):
            if q.id == question_id:
                return n
    raise KeyError(f"no question {question_id!r} in the bank")


def get(question_id: str, directory=None) -> Question:
    for q in load_bank(directory):
        if q.id == question_id:
            return q
    raise KeyError(f"no question {question_id!r} in the bank")


# --------------------------------------------------------------------------- events and sections

def event_text(event_id, question: Question | None = None) -> str:
    """The event as a question offers it: the question's own short label, else the timeline's label (else its
    description)."""
    if question is not None:
        own = dict(question.labels).get(event_id)
        if own:
            return own
    row = data.timeline_by_id().loc[event_id]
    return data.event_label(i18n.text(row, "label"), i18n.text(row, "event"))


def event_date(event_id) -> str:
    tl = data.timeline_by_id()
    row = tl.loc[event_id]
    return format_date(row["date"], row["date_precision"])

def chapter_page(chapter: str) -> str:
    """The chapter's page (``chapters/....md``)."""
    return project.CHAPTER_PAGES[chapter]


def chapter_sections(chapter: str) -> tuple:
    """The chapter page's section headings (``## ...``), outside code blocks."""
    return project.chapter_sections(chapter)


# --------------------------------------------------------------------------- display order (the one place)
#
# Every rendering -- the widgets, the static HTML, the print version and the answer key's letters -- shows
# the choices, events and speakers in the order fixed here, once, when a question is loaded:
#
# * choice questions: ``Question.choices`` *is* the display order (``Question.answer`` indexes it).  The
#   positions of the right answers are balanced by construction: questions are taken chapter by chapter, in
#   the order of ``sha256(id)``, and each right answer goes to the position used least so far in its
#   chapter, then in the bank (ties broken by ``sha256(id, position)``).  So no position can collect the
#   answers, in a chapter or across the bank, whatever questions are added.  The wrong choices are ordered
#   by ``sha256(id, text)``.  Choices marked ``keep_last: true`` (and any "none/all/both/neither of the
#   above") stay last, in bank order.  A question loaded on its own (:func:`from_dict`) takes the position
#   ``sha256(id) mod n``.
# * ``order_events``: the events are offered in the order of ``sha256(id, attempt, event)``, taking the first
#   attempt that is neither the right order nor its reverse and leaves fewer than half of the events in
#   their right place.
# * ``match_quote``: the speakers (print letters (a), (b), ...) likewise, against the order of the quotes.
#
# sha256, unlike Python's ``hash()``, is the same in every process and on every machine.

_KEEP_LAST = re.compile(r"\b(none|all|both|neither) of (the )?(above|these|them)\b", re.I)


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def _scramble(qid: str, items, answer) -> tuple:
    answer = list(answer)
    n = len(answer)
    for attempt in range(1000):
        order = sorted(items, key=lambda x: _digest(qid, attempt, x))
        in_place = sum(a == b for a, b in zip(order, answer))
        if order != answer and (n < 3 or (order != answer[::-1] and 2 * in_place < n)):
            return tuple(order)
    raise AssertionError(f"{qid}: no shuffled order found")  # pragma: no cover (n >= 2 always has one)


def _arrange(q: Question, slot: int | None = None) -> Question:
    """``q`` with its display order fixed (see above); ``slot`` is the right answer's position."""
    if q.kind in CHOICE_KINDS:
        movable = [c for c in q.choices if not c.keep_last]
        last = [c for c in q.choices if c.keep_last]
        right = next(c for c in q.choices if c.correct)
        shown = sorted((c for c in movable if c is not right), key=lambda c: _digest(q.id, c.text))
        if not right.keep_last:
            if slot is None:
                slot = int(_digest(q.id), 16) % len(movable)
            shown.insert(slot, right)
        return replace(q, choices=tuple(shown + last))
    if q.kind == "order_events":
        return replace(q, shown_events=_scramble(q.id, q.events, correct_order(q.events)))
    if q.kind == "match_quote":
        speakers = [p.speaker for p in q.pairs]
        return replace(q, shown_speakers=_scramble(q.id, speakers, speakers))
    return q


def _arrange_bank(questions: list) -> list:
    """Every question arranged, with the right answers' positions balanced per chapter and across the bank."""
    overall: Counter = Counter()
    slots: dict = {}
    for chapter in CHAPTERS:
        local: Counter = Counter()
        mc = [q for q in questions if q.chapter == chapter and q.kind in CHOICE_KINDS]
        for q in sorted(mc, key=lambda q: _digest(q.id)):
            n = sum(1 for c in q.choices if not c.keep_last)
            if next(c for c in q.choices if c.correct).keep_last:
                continue
            slot = min(range(n), key=lambda pos: (local[pos], overall[pos], _digest(q.id, pos)))
            local[slot] += 1
            overall[slot] += 1
            slots[q.id] = slot
    return [_arrange(q, slots.get(q.id)) for q in questions]


def answer_letter(q: Question) -> str:
    """The letter, as printed, of the right choice of a choice question."""
    return LETTERS[q.answer]


@lru_cache(maxsize=None)
def chart_display(name: str):
    from .. import charts
    return charts.show(charts.REGISTRY[name].draw())

