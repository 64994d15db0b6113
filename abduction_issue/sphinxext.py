"""Sphinx extension loaded by ``_config.yml``.

* Tells the notebook kernels they are being executed for the book
  (``ABDUCTION_RENDER=book``) and for which output (``ABDUCTION_OUTPUT=html`` or ``latex``: a chart
  renders only what that output shows); see :mod:`abduction_issue.render`.
* Adds the Sphinx tag ``instructor`` or ``student`` from ``ABDUCTION_EDITION``
  so that ``{only}`` blocks select the course-pack edition.
* For the LaTeX course pack (``scripts/build-pdf.sh``):

  - copies ``abduction_issue/latex/abductionpack.sty`` into the LaTeX build and
    defines, before the preamble loads it, the edition and citation macros
    (``\\abductionedition``, ``\\ifabductioninstructor``, version/date/how to
    cite from ``CITATION.cff``);
  - prints every chart a notebook displays (``charts.show``) as a numbered
    figure whose caption is the chart's title;
  - adds a short printed note after every interactive cell (a cell tagged
    ``interactive``, a visible ``render.show(...)`` call, or a quiz) saying
    where the live version is, and replaces any widget output that slipped
    through with that note (no widget repr text in print);
  - starts a LaTeX ``\\part`` for each part of ``_toc.yml``;
  - prints a code cell's output, not its code, unless the cell is tagged ``print-code``.
"""
from __future__ import annotations

import os
import shutil
import re
from pathlib import Path

from docutils import nodes

from .render import EDITION_ENV, ENV, OUTPUT_ENV, edition

LATEX_DIR = Path(__file__).resolve().parent / "latex"
STY = LATEX_DIR / "abductionpack.sty"

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: text/plain reprs of ipywidgets objects (printed if a widget output reached the PDF)
WIDGET_REPR = re.compile(
    r"^\s*(interactive|interactive_output|VBox|HBox|Box|GridBox|Tab|Accordion|Output|"
    r"(Int|Float)(Range|Log)?Slider|Dropdown|RadioButtons|ToggleButtons?|Button|"
    r"Checkbox|Select(Multiple|ionSlider|ionRangeSlider)?|HTML|HTMLMath|Label|Text|Textarea|"
    r"Play|DatePicker|ColorPicker)\((value|children|description|options|layout|outputs|index|min|max)=")
INTERACTIVE_SOURCE = re.compile(r"\brender\.show\s*\(|\bshow_chapter\s*\(|\bquiz_widget\s*\(|_explorer\s*\(")
QUIZ_HTML = re.compile(r'class="aiq-quiz-head"')

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
    "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


# --------------------------------------------------------------------------- citation metadata

def citation_metadata(root) -> dict:
    """Title, version, date, authors, repository and the source article, from ``CITATION.cff``."""
    import yaml

    path = Path(root) / "CITATION.cff"
    meta = {}
    if path.exists():
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    authors = []
    for a in meta.get("authors") or []:
        name = a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x)
        if name:
            authors.append(name)
    based = ""
    refs = meta.get("references") or []
    if refs:
        r = refs[0]
        names = ", ".join(" ".join(x for x in (p.get("given-names"), p.get("family-names")) if x) or p.get("name", "")
                          for p in r.get("authors") or [])
        publisher = (r.get("publisher") or {}).get("name", "")
        date = str(r.get("date-published", "") or "")
        parts = [p for p in (names, f"\u201c{r.get('title', '')}\u201d" if r.get("title") else "", publisher, date) if p]
        based = ", ".join(parts) + "." if parts else ""
    date = str(meta.get("date-released", "") or "")
    return {
        "title": str(meta.get("title", "") or ""),
        "version": str(meta.get("version", "") or ""),
        "date": date,
        "year": date[:4],
        "authors": ", ".join(authors),
        "repo": str(meta.get("repository-code", "") or meta.get("url", "") or ""),
        "based_on": based,
    }


def latex_macros(ed: str, meta: dict) -> str:
    """The ``\\newcommand`` lines the preamble needs before ``\\usepackage{abductionpack}``."""
    title = meta.get("title", "")
    subtitle = title.split(":", 1)[1].strip() if ":" in title else ""
    if subtitle:
        subtitle = subtitle[0].upper() + subtitle[1:]
    lines = [
        "% Defined by abduction_issue/sphinxext.py from ABDUCTION_EDITION and CITATION.cff",
        r"\newif\ifabductioninstructor",
        r"\abductioninstructortrue" if ed == "instructor" else r"\abductioninstructorfalse",
        r"\newcommand{\abductionedition}{%s}" % ("Instructor edition" if ed == "instructor" else "Student edition"),
        r"\newcommand{\abductionversion}{%s}" % latex_escape(meta.get("version", "")),
        r"\newcommand{\abductiondate}{%s}" % (latex_escape(meta["date"]) if meta.get("date") else r"\today"),
        r"\newcommand{\abductionyear}{%s}" % (latex_escape(meta["year"]) if meta.get("year") else r"\the\year"),
        r"\newcommand{\abductioncitetitle}{%s}" % latex_escape(title or "Japan's Abduction Issue"),
        r"\newcommand{\abductionsubtitle}{%s}" % latex_escape(subtitle),
        r"\newcommand{\abductionauthors}{%s}" % latex_escape(meta.get("authors", "")),
        r"\newcommand{\abductionrepo}{%s}" % meta.get("repo", "").replace("%", r"\%").replace("#", r"\#"),
        r"\newcommand{\abductionbasedon}{%s}" % latex_escape(meta.get("based_on", "")),
    ]
    return "\n".join(lines) + "\n"


def _config_inited(app, config):
    """Edition macros + the style file for the LaTeX builder (harmless for HTML)."""
    meta = citation_metadata(app.confdir)
    elements = dict(config.latex_elements or {})
    elements["preamble"] = latex_macros(edition(), meta) + elements.get("preamble", "")
    config.latex_elements = elements
    extra = [str(f) for f in (config.latex_additional_files or [])]
    if str(STY) not in extra:
        extra.append(str(STY))
    config.latex_additional_files = extra


# --------------------------------------------------------------------------- print post-transform

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
            out.append((part["caption"], doc))
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
    from sphinx import addnodes

    owner = {}
    for sof in document.findall(addnodes.start_of_file):   # outer files first, inner ones overwrite
        for n in sof.findall(include_self=False):
            owner[id(n)] = sof["docname"]
    return owner


def _note(text: str) -> nodes.raw:
    return nodes.raw("", "\\abductionlivenote{%s}\n" % latex_escape(text), format="latex")


def _live_where(docname: str) -> str:
    """Where the live (widget) version of a cell runs."""
    nb = f"notebook {docname}" if docname.startswith("notebooks/") else "its notebook"
    return f"In the online book and in the live {nb} (both in the module's repository)"


#: Tag of a notebook cell whose code is printed in the course pack (all other code is web-only).
PRINT_CODE_TAG = "print-code"

#: The instructor guide's top page: its sections are listed in the printed contents.
GUIDE_DOC = "chapters/instructor-guide"


def _make_transform():
    from sphinx.transforms.post_transforms import SphinxPostTransform

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
                html = mimes.get("text/html").astext() if "text/html" in mimes else ""
                doc = owner.get(id(bundle), default_doc)
                cell = self._cell(bundle)
                if WIDGET_MIME in mimes or (WIDGET_REPR.match(plain) and not ({"application/pdf", "image/png", "text/markdown", "text/latex"} & set(mimes))):
                    bundle.replace_self(_note(f"{_live_where(doc)} this output is an interactive widget; "
                                              "it has no printed form."))
                    if cell is not None:
                        done_cells.add(id(cell))
                    continue
                if QUIZ_HTML.search(html):
                    # one printed sentence per exercise section (issue 24, P7): the note replaces the quiz's
                    # own printed line ("Answer in the space provided.")
                    bundle.replace_self(_note(
                        "In the online book and in the live notebook these questions are a self-check quiz with "
                        "instant feedback; in print, answer in the space after each question."))
                    if cell is not None:
                        done_cells.add(id(cell))
                    continue
                if plain.startswith("<Figure: ") and ({"application/pdf", "image/png"} & set(mimes)):
                    self._figure(bundle, mimes, plain)
            for cell in list(self.document.findall(
                    lambda n: isinstance(n, nodes.container) and n.get("nb_element") == "cell_code")):
                if id(cell) in done_cells or not self._interactive(cell):
                    continue
                doc = owner.get(id(cell), default_doc)
                cell.parent.insert(cell.parent.index(cell) + 1, _note(
                    f"{_live_where(doc)} this chart is an interactive explorer with controls you can change. "
                    "Printed here: its default state."))
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
            from sphinx import addnodes

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

    return PrintOutputs


# --------------------------------------------------------------------------- long tables break (issue 24, P1/P2)

#: A printed table with more body rows than this becomes a LaTeX longtable (breaks across pages); as book.LONGTABLE_ROWS.
PRINT_LONGTABLE_ROWS = 12


def _column_widths(table) -> list[int]:
    """Relative column widths (in characters) of a docutils table from its cells: the longest word plus room
    for the cell padding (a URL counts as 30), or the typical (median) length of the column if longer (at most 30)."""
    rows = [row for row in table.findall(nodes.row)]
    ncols = max((len(r.children) for r in rows), default=0)
    out = []
    for j in range(ncols):
        texts = [r.children[j].astext().replace("\n", " ") for r in rows if len(r.children) > j]
        longest = max((len(w) for t in texts for w in t.split()), default=1)
        typical = sorted(len(t) for t in texts)[len(texts) // 2] if texts else 1
        out.append(max(min(longest, 30) + 4, min(typical, 30), 7))
    return out


def _make_longtable_transform():
    from sphinx.transforms.post_transforms import SphinxPostTransform

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
                    widths = _column_widths(table)
                    if len(widths) == len(specs):
                        for spec, w in zip(specs, widths):
                            spec["colwidth"] = w
                        classes.append("colwidths-given")

    return PrintLongTables


# --------------------------------------------------------------------------- print summaries (issue 24, P10)

#: Pages whose print form is their ``{only} latex`` summary: in the course pack their sections (schemas,
#: previews, code) are left out. A Sphinx ``{only} html`` block cannot hold headings (the sections escape it).
PRINT_SUMMARY_DOCS = ("chapters/datasets",)


def _make_print_summary_transform():
    from sphinx import addnodes
    from sphinx.transforms.post_transforms import SphinxPostTransform

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

    return PrintSummaries


#: Where the site's own copy of MathJax lands (``mathjax_path`` in _config.yml; scripts/vendor-assets.sh).
MATHJAX_DIR = ("_static", "vendor", "mathjax")


def _prune_unused_mathjax(app, exception):
    """Ship MathJax (about 4 MB) only when a page has mathematics (issue 15: no asset no page uses).

    Sphinx already loads it only on pages with math; this removes the copied files too when no page of the
    whole site has any. Add an equation to any page and the next build ships MathJax again.
    """
    if exception is not None or app.builder.format != "html":
        return
    math = app.env.get_domain("math")
    if any(math.has_equations(doc) for doc in app.env.found_docs):
        return
    shutil.rmtree(Path(app.outdir, *MATHJAX_DIR), ignore_errors=True)


_CLAIM_REF = re.compile(r"^(?:(?P<title>[^<]*?)\s*<(?P<id1>[^>]+)>|(?P<id2>[^<>]+))$")


def claim_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{claim}`claim-03``` -> a link "fact-check claim 3" to the row of the fact-check table in chapter 5.

    ``{claim}`the verdict <claim-03>``` sets the link text.  The id must be a row of
    ``data/article_claims.csv``; an unknown id is reported at the line that uses it (the build fails).
    In print the reference is the same words (a PDF cross-reference)."""
    from sphinx import addnodes

    from . import book

    m = _CLAIM_REF.match(text.strip())
    cid = (m.group("id1") or m.group("id2")).strip() if m else text
    known = _claim_ids()
    if not m or cid not in known:
        msg = inliner.reporter.error(
            f"unknown fact-check claim {cid!r} in {{claim}}: expected one of the ids of data/article_claims.csv "
            f"({', '.join(sorted(known))})", line=lineno)
        prb = inliner.problematic(rawtext, rawtext, msg)
        return [prb], [msg]
    title = (m.group("title") or "").strip() or f"fact-check claim {book.claim_number(cid)}"
    node = addnodes.pending_xref(rawtext, refdomain="std", reftype="ref", reftarget=cid, refexplicit=True,
                                 refwarn=True)
    node += nodes.inline(rawtext, title, classes=["xref", "std", "std-ref", "claim-ref"])
    return [node], []


def _claim_ids() -> set[str]:
    from . import data

    return set(data.load_article_claims()["id"])


# --------------------------------------------------------------------------- the two editions (issue 14)

#: Pages only the instructor edition has (with every page under them in _toc.yml): lesson plans,
#: facilitation notes, answer keys, the assessment rubric.
INSTRUCTOR_DOCS = ("chapters/instructor-guide",)


def instructor_only_docs(site_map) -> set[str]:
    """Every docname of ``site_map`` (sphinx-external-toc) that belongs to the instructor edition only."""
    out: set[str] = set()

    def collect(doc):
        if doc in site_map and doc not in out:
            out.add(doc)
            for child in site_map[doc].child_files():
                collect(str(child))
    for doc in INSTRUCTOR_DOCS:
        collect(doc)
    return out


def _edition_toc(app, config):
    """One _toc.yml, two editions: the student edition (the default: ``make book``, ``make pdf``) drops the
    instructor-only pages from the parsed table of contents and from the build; the instructor edition
    (``ABDUCTION_EDITION=instructor``: ``make book-instructor``, ``make pdf-instructor``) keeps everything.
    Runs after sphinx-external-toc has parsed _toc.yml (its handler has priority 900)."""
    site_map = getattr(config, "external_site_map", None)
    if edition() == "instructor" or site_map is None:
        return
    drop = instructor_only_docs(site_map)
    for name in list(site_map):
        if name in drop:
            continue
        for tree in site_map[name].subtrees:
            tree.items = [i for i in tree.items if str(i) not in drop]
        site_map[name].subtrees = [t for t in site_map[name].subtrees if t.items]
    for name in drop:
        del site_map[name]
    config.exclude_patterns = [*config.exclude_patterns, *(f"{d}.*" for d in sorted(drop)),
                               *(f"{d}/**" for d in sorted(drop))]


_GUIDE_REF = re.compile(r"^(?P<title>[^<]*?)\s*<(?P<doc>[^>]+)>$")


def guide_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{guide}`the instructor guide <chapters/instructor-guide>``` -> a link to that page in the instructor
    edition; in the student edition, which has no such page, the words followed by "(instructor edition)"."""
    from sphinx import addnodes

    m = _GUIDE_REF.match(text.strip())
    if not m:
        msg = inliner.reporter.error(f"{{guide}} needs `words <docname>`, not {text!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    title, doc = m.group("title").strip(), m.group("doc").strip()
    if edition() != "instructor":
        return [nodes.inline(rawtext, f"{title} (instructor edition)", classes=["guide-ref-student"])], []
    node = addnodes.pending_xref(rawtext, refdomain="std", reftype="doc", reftarget="/" + doc.lstrip("/"),
                                 refexplicit=True, refwarn=True, refdoc=inliner.document.settings.env.docname)
    node += nodes.inline(rawtext, title, classes=["xref", "std", "std-doc"])
    return [node], []


def _set_output(app):
    """Tell the notebook kernels what the builder shows (``ABDUCTION_OUTPUT``; issue 15): the HTML book
    needs a chart's screen PNG only, the course pack its PDF and print PNG only. Each builder has its own
    notebook cache (``make book``: _build/.jupyter_cache; ``scripts/build-pdf.sh``: _build/pdf-<edition>),
    so no build reads outputs executed for the other."""
    fmt = getattr(app.builder, "format", "")
    if fmt in ("html", "latex"):
        os.environ[OUTPUT_ENV] = fmt
    else:
        os.environ.pop(OUTPUT_ENV, None)


def setup(app):
    os.environ[ENV] = "book"
    app.connect("builder-inited", _set_output)
    app.connect("config-inited", _edition_toc, priority=901)
    app.add_role("guide", guide_role)
    app.connect("build-finished", _prune_unused_mathjax)
    ed = edition()
    app.tags.add(ed)
    app.tags.add("edition_" + ed)
    app.connect("config-inited", _config_inited)
    app.add_post_transform(_make_transform())
    app.add_post_transform(_make_longtable_transform())
    app.add_post_transform(_make_print_summary_transform())
    app.add_role("claim", claim_role)
    from .htmltheme import setup_html  # online book: theme, a11y and offline fixes (issue 7)

    setup_html(app)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
