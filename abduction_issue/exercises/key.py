"""The instructor answer key, and text written for people instead of keys, ids and file names.

The answer key is written for people: a citation key becomes an author-year citation (in the book a
sphinxcontrib-bibtex role that links to the bibliography, as in the chapters; elsewhere plain
"Author (Year)" text read from data/references.bib with pybtex), a timeline id becomes the event's date and
short title from data/timeline.csv, a data file becomes the dataset's name (linked to the Datasets page in
the book), and a section becomes a link to that section of the chapter.  Anything else passes unchanged.
"""
from __future__ import annotations

import re

from .. import data
from .bank import (CHAPTER_TITLES, CHAPTERS, CHOICE_KINDS, KIND_NAMES, LETTERS, Question, chart_display,  # noqa: F401
                   event_date, event_text, timeline, answer_letter, chapter_page, correct_order, kind_name,
                   load_bank, numbered)
from .. import i18n
from ..i18n import N_
from ..i18n import tr
from .citations import CITE_KEY, bibliography, citation_text
from .markup import one_line

STYLES = ("myst", "plain")
#: How the key names each data file (``data/<stem>.csv``); an unknown file is named after its stem.
DATASET_NAMES = {
    "timeline": N_("timeline"), "abductees": N_("abductees"), "survey_waves": N_("survey waves"),
    "opinion_polls": N_("Cabinet Office survey figures"), "opinion_polls_other": N_("other polls"),
    "key_figures": N_("key figures"),
}
DATASETS_PAGE = "/chapters/datasets"
_EVENT_ID = re.compile(r"\bev-\d{4}(?:\d{2}){0,2}(?:-\d+)?\b")
_DATA_FILE = re.compile(r"\bdata/([A-Za-z0-9_]+)\.csv\b")
_READABLE = re.compile(r"(?:\bdata/|\b(?=[a-z_]+\.csv\b))(?P<data>[A-Za-z0-9_]+)\.csv\b|(?P<ev>" + _EVENT_ID.pattern + ")|" + CITE_KEY.pattern)

def _cite(keys, style: str, *, textual: bool) -> str:
    if style == "myst":
        return ("{cite:t}" if textual else "{cite:p}") + "`" + ",".join(keys) + "`"
    return "; ".join(citation_text(k) for k in keys)


def _event_title(event_id: str) -> str:
    """The event's short name (:func:`abduction_issue.data.event_label`, the one rule), whole: a key never cuts it."""
    row = data.timeline_by_id().loc[event_id]
    return data.event_label(i18n.text(row, "label"), i18n.text(row, "event"), max_words=None)


def event_reference(event_id: str) -> str:
    """``ev-19880326`` -> ``26 March 1988 (First Diet statement)``."""
    return tr("{date} ({event})").format(date=event_date(event_id), event=_event_title(event_id))


def _dataset(stem: str, style: str) -> str:
    known = DATASET_NAMES.get(stem)
    name = tr("the {name} dataset").format(name=i18n.translate(known) if known else stem.replace('_', ' '))
    return f"{{doc}}`{name} <{DATASETS_PAGE}>`" if style == "myst" else name


def readable(text: str, style: str = "plain") -> str:
    """``text`` with citation keys, timeline ids and data file names written for a reader (see above).

    ``style`` is ``"myst"`` (the book: roles and links) or ``"plain"`` (print and live); both read the same.
    Text that is none of these (for example a fact-check reference), and any role or code span already in
    the text, passes through unchanged.
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    bib = bibliography()
    tl_ids = set(timeline()["id"])

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
    from ..book import claim_number
    title = m.group("title") or tr("fact-check claim {number}").format(number=claim_number(m.group("id")))
    return tr("{claim} ({chapter})").format(claim=title, chapter=i18n.chapter_title("reading-sources"))


def format_sources(source: str, style: str = "plain") -> str:
    """A bank ``source`` line ("key; key; data/timeline.csv (ev-..., ev-...)") written for a reader.

    The citation keys become one author-year citation, each data file its dataset (with the dates and titles
    of the events it names); any other part is passed through :func:`readable`.
    """
    bib = bibliography()
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
            events = tr(", ").join(event_reference(e) if _EVENT_ID.fullmatch(e) else readable(e, style) for e in ids)
            parts.append(_dataset(m.group(1), style) + (tr(": ") + events if events else ""))
        else:
            parts.append(readable(part, style))
    cited = [_cite(keys, style, textual=False)] if keys else []
    return tr("; ", "sources").join(cited + parts)


def anchor(heading: str) -> str:
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
    chapter = i18n.chapter_title(q.chapter)
    section = i18n.page_text(chapter_page(q.chapter).rsplit(".", 1)[0], q.section)  # as the chapter's page has it
    if style == "myst":
        return tr("section [{section}]({target}) of “{chapter}”").format(
            section=section, target=f"/{chapter_page(q.chapter)}#{anchor(q.section)}", chapter=chapter)
    return tr("section “{section}” of “{chapter}”").format(section=section, chapter=chapter)


# --------------------------------------------------------------------------- the answer key

def _answer_lines(q: Question, style: str) -> list[str]:
    if q.kind in CHOICE_KINDS:
        c = q.choices[q.answer]
        return [tr("- **Answer:** ({letter}) {text}").format(letter=answer_letter(q), text=one_line(c.text)),
                tr("- **Why:** {text}").format(text=readable(one_line(c.feedback), style))]
    if q.kind == "order_events":
        right = correct_order(q.events)
        printed = tr(", ").join(str(right.index(e) + 1) for e in q.shown_events)
        return [tr("- **Answer** (earliest first, dates from the timeline dataset):")] + [
            tr("  {number}. {date}: {event}").format(number=i, date=event_date(e), event=one_line(event_text(e, q)))
            for i, e in enumerate(right, 1)] + [
            tr("- **Numbers to write**, in the order the events are printed: {numbers}").format(numbers=printed)]
    letters = {s: LETTERS[i] for i, s in enumerate(q.shown_speakers)}
    return [tr("- **Answer:**")] + [
        tr("  - “{quote}”: ({letter}) {speaker}; source: {sources}").format(
            quote=one_line(p.quote), letter=letters[p.speaker], speaker=one_line(p.speaker),
            sources=format_sources(p.source, style))
        for p in q.pairs] + [tr("- **Letters in quote order:** {letters}").format(
            letters=" ".join(letters[p.speaker] for p in q.pairs))]


def answer_key_entry(q: Question, number: int, style: str = "myst") -> str:
    """One question of the answer key: number, prompt, the answer (with its printed letter), why, where
    in the chapter, and the sources -- with no internal id or file name."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    out = [tr("**Question {number}** ({kind}; learning objective {objective}). {prompt}").format(
        number=number, kind=kind_name(q.kind), objective=q.objective, prompt=readable(one_line(q.prompt), style)), ""]
    if q.chart:
        out.append(tr("- **Chart:** {title}").format(title=one_line(chart_display(q.chart).title)))
    out += _answer_lines(q, style)
    out.append(tr("- **Explanation:** {text}").format(text=readable(one_line(q.explanation), style)))
    where = section_reference(q, style)
    if where:
        out.append(tr("- **In the chapter:** {where}").format(where=where))
    out += [tr("- **Sources:** {sources}").format(sources=format_sources(one_line(q.source), style)), ""]
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
        sel = numbered(ch, questions=qs)
        if not sel:
            continue
        if chapter is None:
            out += [f"### {i18n.chapter_title(ch)}", ""]
        out += [answer_key_entry(q, i, style) for i, q in sel]
    return "\n".join(out) if out else "*" + tr("No questions in the bank yet.") + "*\n"
