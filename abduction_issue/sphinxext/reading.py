"""Reading times on a chapter page, computed from the page's own words (rate: :mod:`abduction_issue.reading`).

* ``{reading-time}`` (in the overview) prints "Time to read": the core sections' minutes, each deep-dive
  section's minutes, and the exercises' minutes (counted from the chapter's questions in the bank).
* ``{deep-dive}`` (directly under a section's heading) marks that section as optional depth and prints a
  one-line note with its own time.

The words are counted when the page is read, the same for the web and the print build: headings, text,
tables, boxes and captions, generated ones included; code, raw HTML/LaTeX, comments and the sections
"Exercises" and "Further reading" are not counted (the exercises are timed from the bank).  The counts are
kept on the nodes and written out as text, in the build's language, when the page is resolved for a builder.

Every language's edition states the time of the English source words (:class:`CountWords` runs before Sphinx
puts in a page's translation; a generated block records the words of its English rendering): a translation
conveys the same message, and reading times across languages follow from that (Brysbaert 2019, the source of
the rate), so the Japanese edition gives the same minutes as the English.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinx.transforms import SphinxTransform

from .. import i18n, project, reading
from ..i18n import tr
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
    if "source_words" in node.attributes if isinstance(node, nodes.Element) else False:
        return node["source_words"]
    if isinstance(node, nodes.Text):
        return reading.count_words(str(node))
    return sum(words(c) for c in node.children)


class CountWords(SphinxTransform):
    """Store the word counts on the placeholders, before a translation replaces the English (Sphinx's
    ``Locale`` transform has priority 20)."""

    default_priority = 15

    def apply(self, **kwargs):
        _count(self.app, self.document)


def _count(app, doctree):
    """Store the word counts on the placeholders."""
    for dive in doctree.findall(deep_dive):
        section = dive.parent
        if not isinstance(section, nodes.section):
            raise ValueError(f"{app.env.docname}: {{deep-dive}} must sit directly under a section's heading "
                             f"(line {dive.line or '?'})")
        dive["words"] = words(section)
        dive["section"] = section["ids"][0] if section["ids"] else ""
    for rt in doctree.findall(reading_time):
        dives = [d for d in doctree.findall(deep_dive)]
        deep = [(d.parent["ids"][0] if d.parent["ids"] else "", d["words"]) for d in dives]
        rt["deep"] = deep
        rt["core"] = words(doctree) - sum(w for _, w in deep)
        questions = []
        if rt.get("chapter"):
            from ..exercises import load_bank
            with i18n.using(i18n.SOURCE_LANGUAGE):   # the English source words, in every language
                questions = load_bank(chapter=rt["chapter"])
        rt["questions"] = len(questions)
        rt["exercise_words"] = reading.question_words(questions)


def _minutes(n: int) -> str:
    m = reading.minutes(n)
    return tr("about {minutes} minute").format(minutes=m) if m == 1 else tr("about {minutes} minutes").format(minutes=m)


def _link(target: str, title: str):
    ref = nodes.reference("", "", internal=True, refid=target)
    ref += nodes.inline("", title)
    return ref


def time_to_read(core: int, deep, questions: int, exercise_words: int) -> nodes.paragraph:
    """The "Time to read" paragraph: core words, ``deep`` as (section id, title, words), and the exercises."""
    para = nodes.paragraph(classes=["reading-time"])
    para += nodes.strong("", tr("Time to read:"))
    para += nodes.Text(tr(" {minutes} for the core sections").format(minutes=_minutes(core)))
    if deep:
        total = sum(n for _, _, n in deep)
        label = tr(", plus {minutes} for the deep dive (") if len(deep) == 1 else tr(", plus {minutes} for the deep dives (")
        para += nodes.Text(label.format(minutes=_minutes(total)))
        for i, (target, title, n) in enumerate(deep):
            if i:
                para += nodes.Text(tr("; "))
            para += _link(target, title) if target else nodes.Text(title)
            if len(deep) > 1:
                para += nodes.Text(tr(", {minutes} min").format(minutes=reading.minutes(n)))
        para += nodes.Text(tr(")"))
    para += nodes.Text(tr("."))
    if questions:
        para += nodes.Text(tr(" Exercises: {questions} questions, {minutes} of reading plus your thinking time.").format(
            questions=questions, minutes=_minutes(exercise_words)))
    para += nodes.Text(tr(" (Computed from the page's words at {rate} words a minute.)").format(
        rate=reading.WORDS_PER_MINUTE))
    return para


def section_title(doctree, section_id: str) -> str:
    """The title of the section ``section_id`` as the page shows it (translated, in another language)."""
    for section in doctree.findall(nodes.section):
        if section_id in section["ids"]:
            return _title(section)
    return ""


def _resolve(app, doctree, docname):
    """doctree-resolved: write the placeholders out as text."""
    for dive in list(doctree.findall(deep_dive)):
        para = nodes.paragraph(classes=["deep-dive-note"])
        para += nodes.strong("", tr("Deep dive"))
        para += nodes.Text(tr(" ({minutes}). Optional depth: the core sections are enough for the objectives and "
                             "the exercises.").format(minutes=_minutes(dive['words'])))
        dive.replace_self(para)
    for rt in list(doctree.findall(reading_time)):
        deep = [(target, section_title(doctree, target), n) for target, n in rt.get("deep") or []]
        rt.replace_self(time_to_read(rt.get("core", 0), deep, rt.get("questions", 0), rt.get("exercise_words", 0)))


def _skip(self, node):
    raise nodes.SkipNode


def register(app):
    # a builder that never resolves a page (gettext) skips the placeholders
    visitors = {fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
    app.add_node(reading_time, **visitors)
    app.add_node(deep_dive, **visitors)
    app.add_directive("reading-time", ReadingTimeDirective)
    app.add_directive("deep-dive", DeepDiveDirective)
    app.add_transform(CountWords)
    app.connect("doctree-resolved", _resolve)
