"""The LaTeX course pack (``scripts/build-pdf.sh``): the style file and the macros it needs.

Copies ``abduction_issue/latex/abductionpack.sty`` into the LaTeX build and defines, before the preamble loads
it, the edition and citation macros (``\\abductionedition``, ``\\ifabductioninstructor``, version/date/how to
cite from ``CITATION.cff``).  Harmless for the HTML builder.  The print post-transforms are in
:mod:`.transforms`.
"""
from __future__ import annotations

from pathlib import Path

from .. import project
from .editions import edition_of

LATEX_DIR = project.PACKAGE / "latex"
STY = LATEX_DIR / "abductionpack.sty"

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
        "% Defined by abduction_issue/sphinxext/latex.py from the edition and CITATION.cff",
        r"\newif\ifabductioninstructor",
        r"\abductioninstructortrue" if ed == "instructor" else r"\abductioninstructorfalse",
        r"\newcommand{\abductionedition}{%s}" % ("Instructor edition" if ed == "instructor" else "Student edition"),
        r"\newcommand{\abductionversion}{%s}" % latex_escape(meta.get("version", "")),
        r"\newcommand{\abductiondate}{%s}" % (latex_escape(meta["date"]) if meta.get("date") else r"\today"),
        r"\newcommand{\abductionyear}{%s}" % (latex_escape(meta["year"]) if meta.get("year") else r"\the\year"),
        r"\newcommand{\abductioncitetitle}{%s}" % latex_escape(title or "Japan’s Abduction Issue"),
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
    elements["preamble"] = latex_macros(edition_of(config), meta) + elements.get("preamble", "")
    config.latex_elements = elements
    extra = [str(f) for f in (config.latex_additional_files or [])]
    if str(STY) not in extra:
        extra.append(str(STY))
    config.latex_additional_files = extra


# --------------------------------------------------------------------------- page numbers in cross-references

_CLOSING_QUOTES = ("\u201d", "\u2019", '"')


def _open_parenthesis(node) -> bool:
    """True when ``node`` stands inside an open parenthesis of its paragraph ("(chapter 1 ...")."""
    parent = node.parent
    if parent is None:
        return False
    before = "".join(child.astext() for child in parent.children[:parent.index(node)])
    return before.count("(") > before.count(")")


def paged_translator(base):
    """The LaTeX translator ``base`` with a page number on every cross-reference in print (issue 24, P9, L6).

    - A reference by number (``{numref}``: "Fig. 3.1", "Table 5.2") gets ", p. 36": Sphinx prints none there.
    - A reference by name (``{ref}``, ``{doc}``, a link to a heading) gets Sphinx's own page number
      (``latex_show_pagerefs``), " (p. 36)"; inside parentheses ", p. 36" instead, so "(chapter 1, p. 7)" does not
      nest a second pair.
    The "p." is ``\\pageautorefname`` (abductionpack.sty).
    """
    from docutils import nodes

    class PagedReferences(base):
        def visit_number_reference(self, node):
            if node.get("refid"):
                target = self.curfilestack[-1] + ":" + node["refid"]
            else:
                target = node.get("refuri", "")[1:].replace("#", ":")
            try:
                super().visit_number_reference(node)
            except nodes.SkipNode:
                if self.config.latex_show_pagerefs:
                    self.body.append(", " + self.hyperpageref(target))
                raise

        def visit_reference(self, node):
            super().visit_reference(node)
            last = self.context[-1] if self.context else ""
            if last.startswith("}}} (") and last.endswith(")"):
                if _open_parenthesis(node):
                    last = "}}}, " + last[len("}}} ("):-1]
                # a quoted title keeps its closing quote before the page: “Five come home” (p. 34)
                after = node.next_node(descend=False, siblings=True)
                if isinstance(after, nodes.Text) and after.astext()[:1] in _CLOSING_QUOTES:
                    last = "}}}" + self.encode(after.astext()[0]) + last[len("}}}"):]
                    self._abduction_skip_quote = after
                self.context[-1] = last

        def visit_Text(self, node):
            if getattr(self, "_abduction_skip_quote", None) is node:
                self._abduction_skip_quote = None
                rest = node.astext()[1:]
                if rest:
                    super().visit_Text(nodes.Text(rest))
                return
            super().visit_Text(node)

    PagedReferences.__name__ = PagedReferences.__qualname__ = "Paged" + base.__name__
    return PagedReferences


def _builder_inited(app):
    if app.builder.name != "latex":
        return
    base = app.registry.get_translator_class(app.builder)
    if not getattr(base, "abduction_paged", False):
        paged = paged_translator(base)
        paged.abduction_paged = True
        app.registry.add_translator(app.builder.name, paged, override=True)


def register(app):
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
