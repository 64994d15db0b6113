"""The LaTeX course pack's post-transforms (``scripts/build-pdf.sh``; the LaTeX builder only).

* prints every chart a notebook displays (``charts.show``) as a numbered figure whose caption is the chart's
  title;
* adds a short printed note after every interactive cell (a cell tagged ``interactive`` or a visible
  ``render.show(...)`` call) saying where the live version is, and replaces any widget output that slipped
  through with that note (no widget repr text in print). The exercises are not recognised here: the
  ``{exercise-set}`` directive prints them, with their note, itself (:mod:`.directives`);
* starts a LaTeX ``\\part`` for each part of ``_toc.yml``;
* prints a code cell's output, not its code, unless the cell is tagged ``print-code``.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import i18n
from ..i18n import N_, translate
from .latex import PRINT, latex_escape

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: text/plain reprs of ipywidgets objects (printed if a widget output reached the PDF)
WIDGET_REPR = re.compile(
    r"^\s*(interactive|interactive_output|VBox|HBox|Box|GridBox|Tab|Accordion|Output|"
    r"(Int|Float)(Range|Log)?Slider|Dropdown|RadioButtons|ToggleButtons?|Button|"
    r"Checkbox|Select(Multiple|ionSlider|ionRangeSlider)?|HTML|HTMLMath|Label|Text|Textarea|"
    r"Play|DatePicker|ColorPicker)\((value|children|description|options|layout|outputs|index|min|max)=")
#: A cell whose code shows a live explorer. The exercises notebook's quizzes are not here: print does not execute
#: that notebook (:data:`.execution.PRINT_UNEXECUTED`); its ``{exercise-set}`` directives print the questions and
#: their one note each (:class:`.directives.ExerciseSetDirective`).
INTERACTIVE_SOURCE = re.compile(r"\brender\.show\s*\(|_explorer\s*\(")


def _toc_parts(confdir) -> list[tuple[str, str]]:
    """(caption, first docname) for every part of ``_toc.yml``."""
    import yaml

    path = Path(confdir) / "_toc.yml"
    if not path.exists():
        return []
    toc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for part in toc.get("parts") or []:
        chapters = part.get("chapters") or []
        if part.get("caption") and chapters and chapters[0].get("file"):
            doc = os.path.splitext(chapters[0]["file"])[0].replace(os.sep, "/")
            out.append((i18n.translate(part["caption"], "toc"), doc))   # in the build's language
    return out


def _is_bundle(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"


def _mime_children(bundle) -> dict:
    return {c.get("mime_type"): c for c in bundle.children if isinstance(c, nodes.container)}


def _owners(document) -> dict:
    """id(node) -> docname for every node of an assembled (LaTeX) doctree.

    Sphinx's ``inline_all_toctrees`` sets ``start_of_file.children`` directly, so the
    children's ``parent`` pointers still name the original documents: walk down instead.
    """
    owner = {}
    for sof in document.findall(addnodes.start_of_file):   # outer files first, inner ones overwrite
        for n in sof.findall(include_self=False):
            owner[id(n)] = sof["docname"]
    return owner


def live_note(text: str) -> nodes.raw:
    return nodes.raw("", "\\abductionlivenote{%s}\n" % latex_escape(text), format="latex")


#: The printed notes where a cell's live version is (a notebook's page names its notebook).
LIVE_NOTES = {
    ("widget", True): N_("In the online book and in the live notebook {notebook} (both in the module's repository) "
                         "this output is an interactive widget; it has no printed form.", "course pack"),
    ("widget", False): N_("In the online book and in its live notebook (both in the module's repository) this output "
                          "is an interactive widget; it has no printed form.", "course pack"),
    ("explorer", True): N_("In the online book and in the live notebook {notebook} (both in the module's repository) "
                           "this chart is an interactive explorer with controls you can change. Printed here: its "
                           "default state.", "course pack"),
    ("explorer", False): N_("In the online book and in its live notebook (both in the module's repository) this chart "
                            "is an interactive explorer with controls you can change. Printed here: its default "
                            "state.", "course pack"),
}


def live_where(kind: str, docname: str) -> str:
    """The printed note on where the live version of a cell (``kind``: ``widget`` or ``explorer``) runs, in the
    build's language."""
    notebook = docname.startswith("notebooks/")
    return translate(LIVE_NOTES[(kind, notebook)], PRINT).format(notebook=docname)


#: Tag of a notebook cell whose code is printed in the course pack (all other code is web-only).
PRINT_CODE_TAG = "print-code"

#: The instructor guide's top page: its sections are listed in the printed contents.
GUIDE_DOC = "chapters/instructor-guide"


class PrintOutputs(SphinxPostTransform):
    """LaTeX only: captioned figures, printed live-version notes, no widget reprs, parts."""

    default_priority = 3          # before myst-nb's SelectMimeType (4)
    formats = ("latex",)

    def run(self, **kwargs):
        default_doc = self.env.docname
        owner = _owners(self.document)
        self._parts()
        done_cells = set()
        for bundle in list(self.document.findall(_is_bundle)):
            mimes = _mime_children(bundle)
            plain = mimes.get("text/plain").astext() if "text/plain" in mimes else ""
            doc = owner.get(id(bundle), default_doc)
            cell = self._cell(bundle)
            if WIDGET_MIME in mimes or (WIDGET_REPR.match(plain) and not ({"application/pdf", "image/png", "text/markdown", "text/latex"} & set(mimes))):
                bundle.replace_self(live_note(live_where("widget", doc)))
                if cell is not None:
                    done_cells.add(id(cell))
                continue
            if plain.startswith("<Figure: ") and ({"application/pdf", "image/png"} & set(mimes)):
                self._figure(bundle, mimes, plain)
        for cell in list(self.document.findall(
                lambda n: isinstance(n, nodes.container) and n.get("nb_element") == "cell_code")):
            if id(cell) in done_cells or not self._interactive(cell) or not self._prints_output(cell):
                continue   # a cell that prints nothing needs no note (a quiz: its directive prints one)
            doc = owner.get(id(cell), default_doc)
            cell.parent.insert(cell.parent.index(cell) + 1, live_note(live_where("explorer", doc)))
        self._hide_code()

    def _hide_code(self):
        """The printed pack shows what a cell displays, not its code (issue 16: raw code cells with
        line-wrap marks filled the notebook chapters). A cell whose code is the point of the page keeps
        it in print with the tag ``print-code``; the online book and the notebooks keep all their code."""
        for cell in list(self.document.findall(
                lambda n: isinstance(n, nodes.container) and n.get("nb_element") == "cell_code")):
            if PRINT_CODE_TAG in ((cell.get("cell_metadata") or {}).get("tags") or []):
                continue
            for src in list(cell.findall(lambda n: isinstance(n, nodes.container)
                                         and n.get("nb_element") == "cell_code_source")):
                src.parent.remove(src)
            if all(isinstance(c, nodes.Element) and not c.children for c in cell.children) and cell.parent is not None:
                cell.parent.remove(cell)            # a cell with neither code nor output leaves no gap

    @staticmethod
    def _cell(node):
        n = node.parent
        while n is not None:
            if isinstance(n, nodes.container) and n.get("nb_element") == "cell_code":
                return n
            n = n.parent
        return None

    @staticmethod
    def _prints_output(cell) -> bool:
        return any(isinstance(n, nodes.container) and n.get("nb_element") == "cell_code_output"
                   and n.children for n in cell.findall(include_self=False))

    @staticmethod
    def _interactive(cell) -> bool:
        meta = cell.get("cell_metadata") or {}
        if "interactive" in (meta.get("tags") or []):
            return True
        for src in cell.findall(lambda n: isinstance(n, nodes.container)
                                and n.get("nb_element") == "cell_code_source"):
            if INTERACTIVE_SOURCE.search(src.astext()):
                return True
        return False

    @staticmethod
    def _figure(bundle, mimes, plain):
        # already inside a figure (glue:figure, a figure directive, mystnb figure metadata): leave it
        n = bundle.parent
        while n is not None:
            if isinstance(n, nodes.figure):
                return
            n = n.parent
        src = mimes.get("application/pdf") or mimes.get("image/png")
        images = [c for c in src.findall(nodes.image)]
        if not images:
            return
        title = plain.splitlines()[0][len("<Figure: "):].rstrip(">").strip()
        fig = nodes.figure("", classes=["abduction-print-figure"])
        for img in images:
            img.parent.remove(img)
            img["width"] = "100%"
            fig += img
        if title:
            fig += nodes.caption(title, title)
        fig["align"] = "center"
        bundle.replace_self(fig)

    def _parts(self):
        """Parts from _toc.yml; the landing page as unnumbered front matter, so that the first chapter
        of the first part prints as Chapter 1, as every reference to it says (issue 16); and the
        instructor guide's sections listed in the contents."""
        starts = {n["docname"]: n for n in self.document.findall(addnodes.start_of_file)}
        if not starts:
            return
        first = True
        for caption, doc in _toc_parts(self.app.confdir):
            sof = starts.get(doc)
            if sof is not None and sof.parent is not None:
                main = "\\abductionmainmatter\n" if first else ""
                sof.parent.insert(sof.parent.index(sof), nodes.raw(
                    "", main + "\\part{%s}\n" % latex_escape(caption), format="latex"))
                if first:
                    front = next(iter(self.document.findall(nodes.section)), None)
                    if front is not None and front.parent is not None:
                        front.parent.insert(front.parent.index(front), nodes.raw(
                            "", "\\abductionfrontmatter\n", format="latex"))
                first = False
        guide = starts.get(GUIDE_DOC)
        if guide is not None and guide.parent is not None:
            guide.insert(0, nodes.raw("", "\\abductiontocdepth{1}\n", format="latex"))
            guide.append(nodes.raw("", "\\abductiontocdepth{0}\n", format="latex"))



# --------------------------------------------------------------------------- long tables break (issue 24, P1/P2)

#: A printed table with more body rows than this becomes a LaTeX longtable (breaks across pages).
PRINT_LONGTABLE_ROWS = 12


def column_widths(table) -> list[int]:
    """Relative column widths (in characters) of a docutils table from its cells: the longest word plus room
    for the cell padding (a URL counts as 30), or the typical (median) length of the column if longer (at most 30)."""
    rows = list(table.findall(nodes.row))
    ncols = max((len(r.children) for r in rows), default=0)
    out = []
    for j in range(ncols):
        texts = [r.children[j].astext().replace("\n", " ") for r in rows if len(r.children) > j]
        longest = max((len(w) for t in texts for w in t.split()), default=1)
        typical = sorted(len(t) for t in texts)[len(texts) // 2] if texts else 1
        out.append(max(min(longest, 30) + 4, min(typical, 30), 7))
    return out


class PrintLongTables(SphinxPostTransform):
    """LaTeX only: a table longer than PRINT_LONGTABLE_ROWS body rows may break across pages (a longtable)
    instead of running into the running foot or leaving a blank page (issue 24: Table 5.1, the Datasets
    tables); a table without given widths gets widths from its cells (a longtable's columns would
    otherwise be unbreakable ``l`` columns). Tables with explicit widths or classes keep them."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs):
        for table in list(self.document.findall(nodes.table)):
            classes = table.setdefault("classes", [])
            if "longtable" in classes:
                continue
            body = next(iter(table.findall(nodes.tbody)), None)
            if body is None or len(body.children) <= PRINT_LONGTABLE_ROWS:
                continue
            classes.append("longtable")
            specs = list(table.findall(nodes.colspec))
            if "colwidths-given" not in classes and specs:
                widths = column_widths(table)
                if len(widths) == len(specs):
                    for spec, w in zip(specs, widths):
                        spec["colwidth"] = w
                    classes.append("colwidths-given")


# --------------------------------------------------------------------------- print summaries (issue 24, P10)

#: Pages whose print form is their ``{only} latex`` summary: in the course pack their sections (schemas,
#: previews, code) are left out. A Sphinx ``{only} html`` block cannot hold headings (the sections escape it).
PRINT_SUMMARY_DOCS = ("chapters/datasets",)


class PrintSummaries(SphinxPostTransform):
    """LaTeX only: drop the sections of the PRINT_SUMMARY_DOCS pages (their text before the first section,
    the print summary, stays)."""

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs):
        for sof in list(self.document.findall(addnodes.start_of_file)):
            if sof["docname"] not in PRINT_SUMMARY_DOCS:
                continue
            chapter = next(iter(sof.findall(nodes.section)), None)
            if chapter is None:
                continue
            for child in list(chapter.children):
                if isinstance(child, nodes.section):
                    chapter.remove(child)

def register(app):
    app.add_post_transform(PrintOutputs)
    app.add_post_transform(PrintLongTables)
    app.add_post_transform(PrintSummaries)
