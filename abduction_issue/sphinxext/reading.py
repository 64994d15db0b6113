"""Reading times on a chapter page, computed from the page's own words (rate: :mod:`abduction_issue.reading`).

* ``{reading-time}`` (in the overview) prints "Time to read": the core sections' minutes, each deep-dive
  section's minutes, and the exercises' minutes (counted from the chapter's questions in the bank).
* ``{deep-dive}`` (directly under a section's heading) marks that section as optional depth and prints a
  one-line note with its own time.

The words are counted when the page is read (``doctree-read``), the same for the web and the print build:
headings, text, tables, boxes and captions, generated ones included; code, raw HTML/LaTeX, comments and the
sections "Exercises" and "Further reading" are not counted (the exercises are timed from the bank).  The
counts are kept on the nodes and written out as text when the page is resolved for a builder.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .. import project, reading
from . import dependencies

#: sections whose words are not reading time (by their title)
NOT_READ = ("Exercises", "Further reading")


class reading_time(nodes.General, nodes.Element):
    """Placeholder for the page's "Time to read" line (attributes: ``core``, ``deep``, ``exercise_words``,
    ``questions``)."""


class deep_dive(nodes.General, nodes.Element):
    """Placeholder for a deep-dive section's note (attribute ``words``)."""


class ReadingTimeDirective(SphinxDirective):
    """``{reading-time}``: the chapter's computed "Time to read" line."""

    def run(self):
        chapter = _chapter_of(self.env.docname)
        node = reading_time()
        node["chapter"] = chapter
        if chapter:
            dependencies.note(self.env, dependencies.bank_files(), ("reading", "exercises/bank"))
        return [node]


class DeepDiveDirective(SphinxDirective):
    """``{deep-dive}``: marks the enclosing section as optional depth."""

    def run(self):
        return [deep_dive()]


def _chapter_of(docname: str) -> str | None:
    return next((c.id for c in project.CHAPTERS if c.docname == docname), None)


def _title(section) -> str:
    return section[0].astext() if section.children and isinstance(section[0], nodes.title) else ""


def words(node) -> int:
    """Reading words under ``node`` (see the module's opening comment for what is left out)."""
    if isinstance(node, (nodes.raw, nodes.comment, nodes.system_message, nodes.Invisible, nodes.literal_block,
                         reading_time, deep_dive)):
        return 0
    if isinstance(node, nodes.section) and _title(node) in NOT_READ:
        return 0
    if isinstance(node, nodes.container) and node.get("nb_element", "").startswith(("cell_code_source",
                                                                                      "cell_code_output")):
        return 0
    if isinstance(node, nodes.Text):
        return reading.count_words(str(node))
    return sum(words(c) for c in node.children)


def _count(app, doctree):
    """doctree-read: store the word counts on the placeholders."""
    for dive in doctree.findall(deep_dive):
        section = dive.parent
        if not isinstance(section, nodes.section):
            raise ValueError(f"{app.env.docname}: {{deep-dive}} must sit directly under a section's heading "
                             f"(line {dive.line or '?'})")
        dive["words"] = words(section)
        dive["section"] = section["ids"][0] if section["ids"] else ""
    for rt in doctree.findall(reading_time):
        dives = [d for d in doctree.findall(deep_dive)]
        deep = [(d.parent["ids"][0] if d.parent["ids"] else "", _title(d.parent), d["words"]) for d in dives]
        rt["deep"] = deep
        rt["core"] = words(doctree) - sum(w for _, _, w in deep)
        questions = []
        if rt.get("chapter"):
            from ..exercises import load_bank
            questions = load_bank(chapter=rt["chapter"])
        rt["questions"] = len(questions)
        rt["exercise_words"] = reading.question_words(questions)


def _minutes(n: int) -> str:
    m = reading.minutes(n)
    return f"about {m} minute{'s' if m != 1 else ''}"


def _link(target: str, title: str):
    ref = nodes.reference("", "", internal=True, refid=target)
    ref += nodes.inline("", title)
    return ref


def time_to_read(core: int, deep, questions: int, exercise_words: int) -> nodes.paragraph:
    """The "Time to read" paragraph: core words, ``deep`` as (section id, title, words), and the exercises."""
    para = nodes.paragraph(classes=["reading-time"])
    para += nodes.strong("", "Time to read:")
    para += nodes.Text(f" {_minutes(core)} for the core sections")
    if deep:
        total = sum(n for _, _, n in deep)
        para += nodes.Text(f", plus {_minutes(total)} for the deep dive{'s' if len(deep) > 1 else ''} (")
        for i, (target, title, n) in enumerate(deep):
            if i:
                para += nodes.Text("; ")
            para += _link(target, title) if target else nodes.Text(title)
            if len(deep) > 1:
                para += nodes.Text(f", {reading.minutes(n)} min")
        para += nodes.Text(")")
    para += nodes.Text(".")
    if questions:
        para += nodes.Text(f" Exercises: {questions} questions, {_minutes(exercise_words)} of reading plus "
                           "your thinking time.")
    para += nodes.Text(f" (Computed from the page's words at {reading.WORDS_PER_MINUTE} words a minute.)")
    return para


def _resolve(app, doctree, docname):
    """doctree-resolved: write the placeholders out as text."""
    for dive in list(doctree.findall(deep_dive)):
        para = nodes.paragraph(classes=["deep-dive-note"])
        para += nodes.strong("", "Deep dive")
        para += nodes.Text(f" ({_minutes(dive['words'])}). Optional depth: the core sections are enough "
                           "for the objectives and the exercises.")
        dive.replace_self(para)
    for rt in list(doctree.findall(reading_time)):
        rt.replace_self(time_to_read(rt.get("core", 0), rt.get("deep") or [], rt.get("questions", 0),
                                     rt.get("exercise_words", 0)))


def _skip(self, node):
    raise nodes.SkipNode


def register(app):
    # a builder that never resolves a page (gettext) skips the placeholders
    visitors = {fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
    app.add_node(reading_time, **visitors)
    app.add_node(deep_dive, **visitors)
    app.add_directive("reading-time", ReadingTimeDirective)
    app.add_directive("deep-dive", DeepDiveDirective)
    app.connect("doctree-read", _count)
    app.connect("doctree-resolved", _resolve)
