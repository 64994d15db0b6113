"""The question bank, its validation and grading, and three renderings of every question.

The bank
--------
One YAML file per chapter, ``abduction_issue/bank/<chapter>.yml`` (format in the
team brief).  :func:`load_bank` reads and validates every file and returns
:class:`Question` objects; a problem raises :class:`BankError` listing every
problem found, each naming the file and the question id.

Grading
-------
:func:`grade` is plain Python: ``grade(question, response)`` returns a
:class:`Result` (``correct``, ``feedback``, per-part ``detail``).  Responses:

* ``multiple_choice`` / ``read_chart`` / ``predict_reveal``: the index of the chosen
  choice (or its text);
* ``order_events``: the timeline ids in the order the student puts them (the
  right order comes from the dates in ``data/timeline.csv``, never from the YAML);
* ``match_quote``: the speakers, in the order of the quotes (or a dict quote -> speaker).

Renderings (one definition, three places)
-----------------------------------------
* live notebook: :func:`quiz_widget` (ipywidgets: instant feedback, *Try again*,
  running score);
* online book: :func:`static_quiz` -- self-contained HTML/JS (radio buttons,
  selects and real buttons with labels, an ``aria-live`` feedback region; no
  kernel, nothing loaded from anywhere);
* print: the same object carries ``text/markdown`` (MyST) that the LaTeX builder
  uses: the question with room to answer and **no answer**.  Answers and
  explanations appear only in :func:`answer_key_markdown`, which the instructor
  guide includes inside an ``{only} instructor`` block.

All three, and the answer key's letters, show choices, events and speakers in
the one display order fixed when a question is loaded (see "display order"
below: the right answers' positions are balanced, seeded by ``sha256`` of the
question id).  The key is written for people: the printed letter and text of
the answer, author-year citations (sphinxcontrib-bibtex roles in the book,
plain "Author (Year)" otherwise), event dates and titles instead of timeline
ids, dataset names instead of file names, and a link to the chapter section
(the optional ``section`` field: a ``##`` heading of the chapter page).

In a notebook use :func:`show_chapter` (it goes through
:func:`abduction_issue.render.show`: static in the book, widgets in a kernel).
"""
from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

CHAPTERS = ("before-2002", "summit", "backfire", "way-forward", "reading-sources")
CHAPTER_TITLES = {
    "before-2002": "Before 2002",
    "summit": "The summit",
    "backfire": "The backfire",
    "way-forward": "The way forward",
    "reading-sources": "Reading the sources",
}
KINDS = ("multiple_choice", "order_events", "match_quote", "read_chart", "predict_reveal")
CHOICE_KINDS = ("multiple_choice", "read_chart", "predict_reveal")
KIND_NAMES = {
    "multiple_choice": "multiple choice", "order_events": "put the events in order",
    "match_quote": "match the quote to the speaker", "read_chart": "read the chart",
    "predict_reveal": "predict, then reveal",
}
_ALLOWED_KEYS = {"id", "kind", "objective", "prompt", "choices", "chart", "events", "pairs", "explanation", "source",
                 "section"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


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

    @property
    def answer(self):
        """The right answer: a choice index, the ordered event ids, or the speakers in quote order."""
        if self.kind in CHOICE_KINDS:
            return next(i for i, c in enumerate(self.choices) if c.correct)
        if self.kind == "order_events":
            return correct_order(self.events)
        return [p.speaker for p in self.pairs]


@dataclass
class Result:
    correct: bool
    feedback: str
    detail: list = field(default_factory=list)


# --------------------------------------------------------------------------- loading & validation

def bank_dir() -> Path:
    """``abduction_issue/bank`` (``ABDUCTION_BANK_DIR`` overrides it, for tests)."""
    import os
    env = os.environ.get("ABDUCTION_BANK_DIR")
    return Path(env) if env else Path(__file__).resolve().parent / "bank"


def _timeline():
    from . import data
    return data.load_timeline()


def _event_key(row):
    return (int(row["year"]), int(row["month"]), int(row["day"]) if str(row["date_precision"]) == "day" else 0)


def correct_order(event_ids) -> list:
    """Timeline ids sorted by their dates in ``data/timeline.csv``."""
    tl = _timeline().set_index("id")
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
        choices, pairs, events = (), (), ()
        if kind in CHOICE_KINDS:
            raw = q.get("choices")
            if not isinstance(raw, list) or len(raw) < 2:
                p("needs a list of at least two 'choices'")
            else:
                ok = True
                for i, c in enumerate(raw, 1):
                    if not isinstance(c, dict) or not _text(c.get("text")):
                        p(f"choice {i} has no 'text'")
                        ok = False
                        continue
                    if not _text(c.get("feedback")):
                        p(f"choice {i} ({c.get('text')!r}) has no 'feedback'")
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
            raw = q.get("events")
            if not isinstance(raw, list) or len(raw) < 2:
                p("needs a list of at least two timeline ids in 'events'")
            else:
                missing = [e for e in raw if e not in tl_ids]
                if missing:
                    p(f"event id(s) not in data/timeline.csv: {', '.join(map(str, missing))}")
                elif len(set(raw)) != len(raw):
                    p("an event is listed twice")
                else:
                    for m in _order_problems(raw, tl):
                        p(m)
                    events = tuple(raw)
        elif kind == "match_quote":
            raw = q.get("pairs")
            if not isinstance(raw, list) or len(raw) < 2:
                p("needs a list of at least two 'pairs'")
            else:
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
        if kind not in ("read_chart", "predict_reveal") and q.get("chart") is not None and kind in KINDS:
            p("'chart' is only for read_chart and predict_reveal questions")
        section = q.get("section")
        if section is not None and chapter in CHAPTERS:
            headings = _chapter_sections(chapter)
            if not _text(section):
                p("'section' must be the text of a section heading of the chapter")
            elif section.strip() not in headings:
                p(f"section {section!r} is not a section heading of {chapter_page(chapter)} "
                  f"(its sections: {'; '.join(headings)})")
        for where, text in [("source", q.get("source"))] + [
                (f"pair {i} source", pr.get("source")) for i, pr in enumerate(pairs and raw or [], 1)]:
            unknown = [k for k in _cite_candidates(text) if k not in _bibliography()]
            if unknown:
                p(f"{where}: {', '.join(unknown)} look like citation keys but are not in data/references.bib")
        if not any(pr[0] == shown and pr[1] == qid for pr in problems):
            questions.append(Question(
                id=qid, chapter=chapter, kind=kind, objective=obj, prompt=q["prompt"].strip(),
                source=q["source"].strip(), explanation=q["explanation"].strip(), choices=choices,
                chart=q.get("chart"), events=events, pairs=pairs, file=shown,
                section=section.strip() if _text(section) else None))
    return problems, questions


def _shown(path: Path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(__file__).resolve().parent.parent))
    except ValueError:
        return str(path)


def load_bank(directory=None, *, chapter=None) -> list[Question]:
    """Every question in ``bank/*.yml`` (validated), in chapter order then file order.

    ``chapter`` restricts the result to one chapter.  Raises :class:`BankError`.
    """
    import yaml

    from . import charts

    directory = Path(directory) if directory is not None else bank_dir()
    if chapter is not None and chapter not in CHAPTERS:
        raise ValueError(f"unknown chapter {chapter!r}; use one of {', '.join(CHAPTERS)}")
    tl = _timeline().set_index("id", drop=False)
    tl_ids = set(tl.index)
    problems, questions, seen = [], [], {}
    files = sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append((_shown(path), None, f"not valid YAML: {exc}"))
            continue
        pr, qs = _validate_file(path, doc, tl_ids, tl, set(charts.CHARTS), seen)
        problems += pr
        questions += qs
    if problems:
        raise BankError(problems)
    order = {c: i for i, c in enumerate(CHAPTERS)}
    questions.sort(key=lambda q: order[q.chapter])  # stable: file order within a chapter
    questions = _arrange_bank(questions)  # before selecting a chapter: positions are balanced bank-wide
    if chapter is not None:
        questions = [q for q in questions if q.chapter == chapter]
    return questions


def from_dict(question: dict, chapter: str) -> Question:
    """Validate one question written in code (same rules as the bank) and return it.

    Used by the notebooks for exercises whose choices are computed from the data.
    """
    from . import charts

    tl = _timeline().set_index("id", drop=False)
    problems, qs = _validate_file(Path(f"<notebook>/{chapter}.yml"), {"chapter": chapter, "questions": [question]},
                                  set(tl.index), tl, set(charts.CHARTS), {})
    if problems:
        raise BankError(problems)
    return _arrange(qs[0])


def get(question_id: str, directory=None) -> Question:
    for q in load_bank(directory):
        if q.id == question_id:
            return q
    raise KeyError(f"no question {question_id!r} in the bank")


# --------------------------------------------------------------------------- grading

def _event_text(event_id) -> str:
    from . import book
    tl = _timeline().set_index("id")
    row = tl.loc[event_id]
    return str(row["label"]) if isinstance(row["label"], str) and row["label"].strip() else str(row["event"])


def _event_date(event_id) -> str:
    from . import book
    tl = _timeline().set_index("id")
    row = tl.loc[event_id]
    return book.format_date(row["date"], row["date_precision"])


def _order_success(q: Question) -> str:
    return "Correct. In order: " + "; ".join(f"{_event_date(e)}: {_event_text(e)}" for e in correct_order(q.events)) + "."


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
        return Result(c.correct, ("Correct. " if c.correct else "Not quite. ") + c.feedback, [c.correct])
    if q.kind == "order_events":
        response = list(response)
        if sorted(response) != sorted(q.events):
            raise ValueError(f"response to {q.id} must list each of {list(q.events)} once")
        right = correct_order(q.events)
        detail = [a == b for a, b in zip(response, right)]
        if all(detail):
            return Result(True, _order_success(q), detail)
        return Result(False, f"Not yet: {sum(detail)} of {len(detail)} events are in the right place "
                             "(the others are marked). Think about what had to happen first, then try again.", detail)
    if q.kind == "match_quote":
        if isinstance(response, dict):
            response = [response.get(p.quote) for p in q.pairs]
        response = list(response)
        if len(response) != len(q.pairs):
            raise ValueError(f"response to {q.id} must give one speaker per quote")
        detail = [r == p.speaker for r, p in zip(response, q.pairs)]
        if all(detail):
            return Result(True, "Correct. " + " ".join(f"“{p.quote}”: {p.speaker}." for p in q.pairs), detail)
        return Result(False, f"Not yet: {sum(detail)} of {len(detail)} quotes are matched correctly (the others are "
                             "marked). Consider each speaker's role and position, then try again.", detail)
    raise ValueError(f"unknown kind {q.kind!r}")


# --------------------------------------------------------------------------- shared helpers

def _md_inline_html(text: str) -> str:
    """Escape, then a tiny Markdown subset: **bold**, *italic*, `code`, line breaks."""
    s = _html.escape(text.strip(), quote=False)
    s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", s)
    return s.replace("\n\n", "<br><br>")


# --------------------------------------------------------------------------- citations, events, datasets, sections
#
# The answer key is written for people: a citation key becomes an author-year citation (in the book a
# sphinxcontrib-bibtex role that links to the bibliography, as in the chapters; elsewhere plain
# "Author (Year)" text read from data/references.bib with pybtex), a timeline id becomes the event's date and
# short title from data/timeline.csv, a data file becomes the dataset's name (linked to the Datasets page in
# the book), and a section becomes a link to that section of the chapter.  Anything else passes unchanged.

STYLES = ("myst", "plain")
#: How the key names each data file (``data/<stem>.csv``); an unknown file is named after its stem.
DATASET_NAMES = {
    "timeline": "timeline", "abductees": "abductees", "survey_waves": "survey waves",
    "opinion_polls": "Cabinet Office survey figures", "opinion_polls_other": "other polls",
    "key_figures": "key figures",
}
DATASETS_PAGE = "/chapters/datasets"
_CITE_KEY = re.compile(r"\b[a-z]+\d{4}[a-z0-9]*\b")
_EVENT_ID = re.compile(r"\bev-\d{4}(?:\d{2}){0,2}(?:-\d+)?\b")
_DATA_FILE = re.compile(r"\bdata/([A-Za-z0-9_]+)\.csv\b")
_READABLE = re.compile(r"(?:\bdata/|\b(?=[a-z_]+\.csv\b))(?P<data>[A-Za-z0-9_]+)\.csv\b|(?P<ev>" + _EVENT_ID.pattern + ")|" + _CITE_KEY.pattern)


def _cite_candidates(text) -> list[str]:
    """Words of ``text`` shaped like the bibliography's keys (letters, a year, letters)."""
    return _CITE_KEY.findall(text) if isinstance(text, str) else []


@lru_cache(maxsize=None)
def _bib_labels(path: str) -> dict:
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    def clean(name: str) -> str:
        return Text.from_latex(name).render_as("text").replace("{", "").replace("}", "").strip()

    out = {}
    for key, entry in parse_file(path).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [clean(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not names:
            author = clean(entry.fields.get("organization") or entry.fields.get("howpublished") or key)
        elif len(names) == 1:
            author = names[0]
        elif len(names) == 2:
            author = f"{names[0]} and {names[1]}"
        else:
            author = f"{names[0]} et al."
        out[key] = (author, str(entry.fields.get("year") or "n.d."))
    return out


def _bibliography() -> dict:
    """citation key -> (authors as cited, year), from ``data/references.bib``."""
    from . import data
    path = data.data_dir() / "references.bib"
    if not path.is_file():  # a test copy of data/ without the bibliography: use the module's own
        path = Path(__file__).resolve().parent.parent / "data" / "references.bib"
    return _bib_labels(str(path))


def citation_text(key: str) -> str:
    """``allansonconlon2023abduction`` -> ``Allanson Conlon (2023)`` (plain text)."""
    author, year = _bibliography()[key]
    return f"{author} ({year})"


def _cite(keys, style: str, *, textual: bool) -> str:
    if style == "myst":
        return ("{cite:t}" if textual else "{cite:p}") + "`" + ",".join(keys) + "`"
    return "; ".join(citation_text(k) for k in keys)


def _event_title(event_id: str) -> str:
    """The event's short title: its ``label`` or, failing that, the first clause of its description."""
    row = _timeline().set_index("id").loc[event_id]
    if isinstance(row["label"], str) and row["label"].strip():
        return row["label"].strip()
    text = re.sub(r"\s*\([^)]*\)", "", str(row["event"]).strip())  # no asides
    text = re.split(r";\s|:\s", text, maxsplit=1)[0].rstrip(".,")
    words = text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def event_reference(event_id: str) -> str:
    """``ev-19880326`` -> ``26 March 1988 (First Diet statement)``."""
    return f"{_event_date(event_id)} ({_event_title(event_id)})"


def _dataset(stem: str, style: str) -> str:
    name = f"the {DATASET_NAMES.get(stem, stem.replace('_', ' '))} dataset"
    return f"{{doc}}`{name} <{DATASETS_PAGE}>`" if style == "myst" else name


def readable(text: str, style: str = "plain") -> str:
    """``text`` with citation keys, timeline ids and data file names written for a reader (see above).

    ``style`` is ``"myst"`` (the book: roles and links) or ``"plain"`` (print and live); both read the same.
    Text that is none of these (for example a fact-check reference), and any role or code span already in
    the text, passes through unchanged.
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    bib = _bibliography()
    tl_ids = set(_timeline()["id"])

    def sub(m):
        word = m.group(0)
        if m.group("data"):
            out = _dataset(m.group("data"), style)
            start = m.string[:m.start()].rstrip()
            if not start or start.endswith((".", "!", "?")):  # a sentence starts with it
                out = out.replace("the ", "The ", 1)
            return out
        if m.group("ev"):
            return event_reference(word) if word in tl_ids else word
        return _cite([word], style, textual=True) if word in bib else word

    # roles and code spans ({ref}`...`, `...`) are markup someone wrote on purpose: left exactly as they are
    # ... except a fact-check reference ({claim}`claim-03`), which plain text writes out in words
    parts = re.split(r"((?:\{[\w:-]+\})?`[^`]*`)", text)
    return "".join((_plain_claim(p) if style == "plain" else p) if i % 2 else _READABLE.sub(sub, p)
                   for i, p in enumerate(parts))


_CLAIM_ROLE = re.compile(r"^\{claim\}`(?:(?P<title>[^<`]*?)\s*<)?(?P<id>claim-\d+)>?`$")


def _plain_claim(markup: str) -> str:
    """``{claim}`claim-03``` -> "fact-check claim 3 (Reading the sources)"; other markup unchanged."""
    m = _CLAIM_ROLE.match(markup)
    if not m:
        return markup
    from .book import claim_number
    return (m.group("title") or f"fact-check claim {claim_number(m.group('id'))}") + " (Reading the sources)"


def format_sources(source: str, style: str = "plain") -> str:
    """A bank ``source`` line ("key; key; data/timeline.csv (ev-..., ev-...)") written for a reader.

    The citation keys become one author-year citation, each data file its dataset (with the dates and titles
    of the events it names); any other part is passed through :func:`readable`.
    """
    bib = _bibliography()
    keys, parts = [], []
    for part in (x.strip() for x in source.split(";")):
        if not part:
            continue
        if part in bib:
            keys.append(part)
            continue
        m = re.fullmatch(_DATA_FILE.pattern + r"\s*(?:\((.*)\))?", part)
        if m:
            ids = [e.strip() for e in (m.group(2) or "").split(",") if e.strip()]
            events = ", ".join(event_reference(e) if _EVENT_ID.fullmatch(e) else readable(e, style) for e in ids)
            parts.append(_dataset(m.group(1), style) + (f": {events}" if events else ""))
        else:
            parts.append(readable(part, style))
    cited = [_cite(keys, style, textual=False)] if keys else []
    return "; ".join(cited + parts)


def chapter_page(chapter: str) -> str:
    """The chapter's page (``chapters/....md``)."""
    from .guide import CHAPTER_PAGES
    return CHAPTER_PAGES[chapter]


@lru_cache(maxsize=None)
def _chapter_sections(chapter: str) -> tuple:
    """The chapter page's section headings (``## ...``), outside code blocks."""
    from .guide import ROOT
    path = ROOT / chapter_page(chapter)
    if not path.is_file():
        return ()
    text = re.sub(r"^(`{3,}|~{3,}).*?^\1\s*$", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return tuple(m.group(1).strip() for m in re.finditer(r"^##\s+(.+?)\s*$", text, re.M))


def _anchor(heading: str) -> str:
    """The anchor MyST gives a heading (``myst_heading_anchors``)."""
    try:
        from myst_parser.mdit_to_docutils.base import default_slugify
    except ImportError:  # pragma: no cover - myst-parser comes with the book's requirements
        return re.sub(r"[^\w\u4e00-\u9fff\- ]", "", heading.lower().replace(" ", "-"))
    return default_slugify(heading)


def section_reference(q: Question, style: str = "plain") -> str | None:
    """Where in the chapter the answer rests: a link to the section in the book, its name elsewhere."""
    if not q.section:
        return None
    chapter = CHAPTER_TITLES[q.chapter]
    if style == "myst":
        return f"section [{q.section}](/{chapter_page(q.chapter)}#{_anchor(q.section)}) of “{chapter}”"
    return f"section “{q.section}” of “{chapter}”"


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
def _chart_display(name: str):
    from . import charts
    return charts.show(charts.CHARTS[name]())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- live widgets

class QuestionWidget:
    """One question as ipywidgets. ``inputs``, ``check``, ``retry``, ``feedback``, ``result``, ``widget``."""

    def __init__(self, q: Question, on_result=None):
        import ipywidgets as W

        self.q = q
        self.result: Result | None = None
        self.attempts = 0
        self._on_result = on_result
        head = W.HTML(f"<p><strong>{_html.escape(KIND_NAMES[q.kind].capitalize())}.</strong> {_md_inline_html(q.prompt)}</p>")
        parts = [head]
        self.chart = None
        if q.kind in ("read_chart", "predict_reveal"):
            self.chart = W.HTML(_chart_display(q.chart).html())
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
            opts = [("— choose an event —", None)] + [(_event_text(e), e) for e in q.shown_events]
            self.inputs = [W.Dropdown(options=opts, value=None, description=f"{i + 1}.", layout=W.Layout(width="90%"))
                           for i in range(len(q.events))]
            parts += self.inputs
        else:
            speakers = q.shown_speakers
            self.inputs = []
            for p in q.pairs:
                parts.append(W.HTML(f"<blockquote>“{_html.escape(p.quote)}”</blockquote>"))
                dd = W.Dropdown(options=[("— who said it? —", None)] + [(s, s) for s in speakers], value=None,
                                layout=W.Layout(width="90%"))
                self.inputs.append(dd)
                parts.append(dd)
        self.check = W.Button(description="Check answer", button_style="primary", icon="check")
        self.retry = W.Button(description="Try again", icon="undo")
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
            self.feedback.value = "<p>Choose an answer first.</p>"
            return None
        if self.q.kind == "order_events" and len(set(resp)) != len(resp):
            self.feedback.value = "<p>Each event can be used only once: change the repeated one.</p>"
            return None
        self.attempts += 1
        self.result = grade(self.q, resp)
        colour = "#006d4e" if self.result.correct else "#a33a00"
        mark = "✔" if self.result.correct else "✘"
        self.feedback.value = f'<p style="color:{colour}"><strong>{mark}</strong> {_md_inline_html(self.result.feedback)}</p>'
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
        self.score_label.value = f"<p><strong>Score: {right} of {total}</strong> answered correctly ({tried} attempts).</p>"

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


def quiz_widget(questions, title=None) -> QuizWidget:
    return QuizWidget(list(questions), title)


# --------------------------------------------------------------------------- static HTML + print

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
            chart = _chart_display(q.chart).html()
        if q.kind == "read_chart":
            body.append(chart)
        opts = "".join(
            f'<div class="aiq-choice"><input type="radio" name="{qid}" id="{qid}-{i}" value="{i}">'
            f'<label for="{qid}-{i}">{_md_inline_html(c.text)}</label></div>' for i, c in enumerate(q.choices))
        body.append(f'<fieldset><legend>{e(head)}{_md_inline_html(q.prompt)}</legend>{opts}</fieldset>')
        tail = f'<div class="aiq-reveal" hidden><p>The data:</p>{chart}</div>' if q.kind == "predict_reveal" else ""
    elif q.kind == "order_events":
        right = correct_order(q.events)
        data = {"kind": "order", "answer": right, "success": _order_success(q),
                "partial": "Not yet: {n} of {total} events are in the right place (the others are marked). "
                           "Think about what had to happen first, then try again."}
        opts = '<option value="">— choose an event —</option>' + "".join(
            f'<option value="{e(ev)}">{e(_event_text(ev))}</option>' for ev in q.shown_events)
        parts = "".join(
            f'<div class="aiq-part"><label for="{qid}-{i}">Position {i + 1} ({"earliest" if i == 0 else "latest" if i == len(q.events) - 1 else "next"}):</label> '
            f'<select id="{qid}-{i}">{opts}</select><span class="aiq-mark" aria-hidden="false"></span></div>'
            for i in range(len(q.events)))
        body.append(f'<fieldset><legend>{e(head)}{_md_inline_html(q.prompt)}</legend>{parts}</fieldset>')
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
        body.append(f'<fieldset><legend>{e(head)}{_md_inline_html(q.prompt)}</legend>{parts}</fieldset>')
        tail = ""
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (f'<div class="aiq-question" id="{qid}" data-quiz="{quiz_id}" data-qid="{e(q.id)}">'
            + "".join(body)
            + '<button type="button" class="aiq-check">Check answer</button>'
              '<button type="button" class="aiq-retry" hidden>Try again</button>'
              '<div class="aiq-feedback" role="status" aria-live="polite"></div>'
            + tail
            + f'<script type="application/json" class="aiq-data">{payload}</script></div>')


def _md_escape(text: str) -> str:
    return text.replace("\n", " ").strip()


def _question_markdown(q: Question, number: int) -> str:
    """The print version (MyST Markdown): question and room to answer, no answer."""
    lines = [f"**Question {number}** ({KIND_NAMES[q.kind]}). {_md_escape(q.prompt)}", ""]
    letters = LETTERS
    if q.kind in CHOICE_KINDS:
        if q.kind == "read_chart":
            lines += ["*Use the chart printed above this question.*", ""]
        if q.kind == "predict_reveal":
            lines += ["*Write your prediction before you look at the data.*", ""]
        lines += [f"- ({letters[i]}) {_md_escape(c.text)}" for i, c in enumerate(q.choices)]
        lines += ["", "Your answer: ( &nbsp; ) &nbsp; Explain your choice in one or two sentences:"]
    elif q.kind == "order_events":
        lines += ["Number the events from 1 (earliest) to %d (latest):" % len(q.events), ""]
        lines += [f"- \\_\\_\\_\\_ {_md_escape(_event_text(ev))}" for ev in q.shown_events]
    else:
        speakers = q.shown_speakers
        lines += ["Speakers:", ""] + [f"- ({letters[i]}) {_md_escape(s)}" for i, s in enumerate(speakers)]
        lines += ["", "Write the letter of the speaker next to each quote:", ""]
        lines += [f"- \\_\\_\\_\\_ “{_md_escape(p.quote)}”" for p in q.pairs]
    # Print layout (abductionpack.sty): the question is kept on one page with its answer space, ruled lines
    # for the one- or two-sentence explanation a choice question asks for (the other kinds are answered in
    # their blanks).
    rules = 3 if q.kind in CHOICE_KINDS else 0
    lines = ["```{raw} latex", "\\abductionquestion{%d}" % (sum(len(x) // 85 + 1 for x in lines) + 2 * rules), "```",
             "", *lines, "", "```{raw} latex", "\\abductionanswerspace{%d}" % rules, "```", ""]
    return "\n".join(lines)


class _Bundle:
    def __init__(self, bundle):
        self.bundle = bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


class _PrintChart:
    """A chart shown only in print (the HTML rendering embeds it inside the question)."""

    def __init__(self, name):
        self.fd = _chart_display(name)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": "<!-- chart shown inside the question below -->",
                "application/pdf": base64.b64encode(self.fd.pdf).decode("ascii"),
                "text/plain": f"[chart] {self.fd.alt_text}"}


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
            yield _Bundle({"text/html": html, "text/markdown": _question_markdown(q, i),
                           "text/plain": f"Question {i}: {q.prompt}"})

    def html(self) -> str:
        qs = "".join(_question_html(q, i, self.quiz_id) for i, q in enumerate(self.questions, 1))
        return f'{self.header_html()}<div class="aiq-quiz">{qs}</div><script>{_JS}</script>'

    def markdown(self) -> str:
        return "\n".join(_question_markdown(q, i) for i, q in enumerate(self.questions, 1))

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


def show_chapter(chapter: str, directory=None):
    """Display a chapter's questions: widgets in a kernel, static HTML/print in the book."""
    from . import render

    qs = load_bank(directory, chapter=chapter)
    title = f"Exercises: {CHAPTER_TITLES[chapter]}"
    return render.show(live=lambda: quiz_widget(qs, title), static=lambda: static_quiz(qs, f"aiq-{chapter}"))


# --------------------------------------------------------------------------- instructor answer key

def _answer_lines(q: Question, style: str) -> list[str]:
    if q.kind in CHOICE_KINDS:
        c = q.choices[q.answer]
        return [f"- **Answer:** ({answer_letter(q)}) {_md_escape(c.text)}", f"- **Why:** {readable(_md_escape(c.feedback), style)}"]
    if q.kind == "order_events":
        right = correct_order(q.events)
        printed = ", ".join(str(right.index(e) + 1) for e in q.shown_events)
        return ["- **Answer** (earliest first, dates from the timeline dataset):"] + [
            f"  {i}. {_event_date(e)}: {_md_escape(_event_text(e))}" for i, e in enumerate(right, 1)] + [
            f"- **Numbers to write**, in the order the events are printed: {printed}"]
    letters = {s: LETTERS[i] for i, s in enumerate(q.shown_speakers)}
    return ["- **Answer:**"] + [
        f"  - “{_md_escape(p.quote)}”: ({letters[p.speaker]}) {_md_escape(p.speaker)}; source: {format_sources(p.source, style)}"
        for p in q.pairs]


def answer_key_entry(q: Question, number: int, style: str = "myst") -> str:
    """One question of the answer key: number, prompt, the answer (with its printed letter), why, where
    in the chapter, and the sources -- with no internal id or file name."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    out = [f"**Question {number}** ({KIND_NAMES[q.kind]}; learning objective {q.objective}). "
           f"{readable(_md_escape(q.prompt), style)}", ""]
    if q.chart:
        out.append(f"- **Chart:** {_md_escape(_chart_display(q.chart).title)}")
    out += _answer_lines(q, style)
    out.append(f"- **Explanation:** {readable(_md_escape(q.explanation), style)}")
    where = section_reference(q, style)
    if where:
        out.append(f"- **In the chapter:** {where}")
    out += [f"- **Sources:** {format_sources(_md_escape(q.source), style)}", ""]
    return "\n".join(out)


def answer_key_markdown(chapter=None, directory=None, *, style: str = "myst") -> str:
    """Every question with its answer, explanation, section and sources (instructor edition only).

    ``style="myst"`` (the book) writes citations as sphinxcontrib-bibtex roles and sections as links;
    ``style="plain"`` writes plain text.  Questions are numbered as in the chapter's exercises, and the
    letters are those the print version shows.
    """
    qs = load_bank(directory, chapter=chapter)
    out = []
    for ch in CHAPTERS:
        sel = [q for q in qs if q.chapter == ch]
        if not sel:
            continue
        if chapter is None:
            out += [f"### {CHAPTER_TITLES[ch]}", ""]
        out += [answer_key_entry(q, i, style) for i, q in enumerate(sel, 1)]
    return "\n".join(out) if out else "*No questions in the bank yet.*\n"
