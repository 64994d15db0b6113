"""The LaTeX course pack (``scripts/build-pdf.sh``): the style file and the macros it needs.

Copies ``abduction_issue/latex/abductionpack.sty`` into the LaTeX build and defines, before the preamble loads
it, the edition and citation macros (``\\abductionedition``, ``\\ifabductioninstructor``, version/date/how to
cite from ``CITATION.cff``).  Harmless for the HTML builder.  The print post-transforms are in
:mod:`.transforms`.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import i18n, project
from ..i18n import N_
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


#: The context of the course pack's words in the ``ui`` catalogue.
PRINT = "course pack"
#: The editions' names, on the title page, in the running heads and in the PDF's Title.
EDITION_NAMES = {"student": N_("Student edition", "course pack"), "instructor": N_("Instructor edition", "course pack")}

#: The words of the title page, the PDF metadata and the printed notes (abductionpack.sty), one macro each.
#: A message's ``{slot}`` is filled with the LaTeX given in :data:`TEXT_SLOTS` (the message may move it).
TEXT_MACROS = {
    "abductioneditionnoteinstructor": N_("With answer keys, solutions and lesson notes. Not for distribution to "
                                         "students.", "course pack"),
    "abductioneditionnotestudent": N_("Course pack: chapters, data notebooks and exercises.", "course pack"),
    "abductionversionline": N_("Version {version} · {date}", "course pack"),
    "abductionprintedline": N_("Printed {date} from commit {commit}", "course pack"),
    "abductionlicencelabel": N_("Licence.", "course pack"),
    "abductionlicencetext": N_("Text and data: Creative Commons Attribution 4.0 International (CC BY 4.0), {url}. "
                               "Code: MIT License. See the files LICENSE and CITATION.cff in the repository.", "course pack"),
    "abductionhowtocitelabel": N_("How to cite.", "course pack"),
    "abductioncitation": N_("{authors} ({year}). {title} (version {version}; course pack, {edition}).", "course pack"),
    "abductionrepoline": N_("{url}.", "course pack"),
    "abductionbasedonlabel": N_("Based on", "course pack"),
    "abductionprintnote": N_("In print, interactive charts and quizzes appear in their default state; the live "
                             "versions are in the online book and in the notebooks (JupyterLab, Binder or Colab).", "course pack"),
    "abductionlivelabel": N_("Live version.", "course pack"),
    "abductioncontentsname": N_("Contents", "course pack"),
    "abductionpdftitle": N_("{title} ({edition}, version {version})", "course pack"),
    "abductionpdfsubject": N_("Course pack, {edition}, printed {date}, commit {commit}", "course pack"),
    "abductionnocommit": N_("none (not a git checkout)", "course pack"),
    "abductionunknowncommit": N_("unknown (built without scripts/build-pdf.sh)", "course pack"),
}
#: Macros with one argument, ``#1`` where the message has its slot.
TEXT_MACROS_1 = {
    "abductionpageref": (N_("p. {page}", "course pack"), "page"),
    "abductionchapterlabel": (N_("Chapter {number}", "course pack"), "number"),
    "abductionpartlabel": (N_("Part {number}", "course pack"), "number"),
}
TEXT_SLOTS = {
    "version": r"{\abductionversion}", "date": r"{\abductiondate}", "url": r"\url{https://creativecommons.org/licenses/by/4.0/}",
    "authors": r"{\abductionauthors}", "year": r"{\abductionyear}", "title": r"\emph{\abductioncitetitle}",
    "edition": r"{\MakeLowercase{\abductionedition}}", "commit": r"{\abductioncommit}",
}
#: Slots that differ by macro (the print date and repository URL, the PDF fields in plain text).
MACRO_SLOTS = {
    "abductionprintedline": {"date": r"{\abductionbuilddate}"},
    "abductionrepoline": {"url": r"\url{\abductionrepo}"},
    "abductionpdftitle": {"title": r"{\abductioncitetitle}", "edition": r"{\abductionedition}"},
    "abductionpdfsubject": {"edition": r"{\abductionedition}", "date": r"{\abductionbuilddate}"},
}
_SLOT = re.compile(r"\{(\w+)\}")


def fill(message: str, slots: dict) -> str:
    """``message`` as LaTeX: its text escaped, each ``{slot}`` replaced by the LaTeX of ``slots``."""
    out, pos = [], 0
    for m in _SLOT.finditer(message):
        if m.group(1) not in slots:
            raise ValueError(f"{message!r}: unknown slot {{{m.group(1)}}}; known: {', '.join(slots)}")
        out += [latex_escape(message[pos:m.start()]), slots[m.group(1)]]
        pos = m.end()
    return "".join(out) + latex_escape(message[pos:])


def split_title(title: str) -> tuple[str, str]:
    """(title, subtitle) of ``Title: subtitle`` (a Japanese title's colon is ``：``); the subtitle capitalised."""
    head, sep, subtitle = title.replace("\uff1a", ":").partition(":")
    subtitle = subtitle.strip()
    if subtitle:
        subtitle = subtitle[0].upper() + subtitle[1:]
    return head.strip(), subtitle


def latex_macros(ed: str, meta: dict, lang: str | None = None) -> str:
    """The ``\\newcommand`` lines the preamble needs before ``\\usepackage{abductionpack}``, in ``lang`` (the
    build's language): the edition, the citation from ``CITATION.cff`` and every sentence the style file prints."""
    lang = lang or i18n.language()
    ja = i18n.is_japanese(lang)

    def tr(message, context=None):
        return i18n.translate(message, context, lang=lang)

    title = meta.get("title", "")
    if ja:
        title = tr(title) if title else title
    subtitle = split_title(title)[1]
    authors = meta.get("authors", "")
    if ja and authors:
        authors = i18n.join_names(tr(a.strip()) for a in authors.split(", "))
    date = meta.get("date", "")
    if ja and date:
        from ..dates import format_date
        date = format_date(date, "day", lang=lang)
    lines = [
        "% Defined by abduction_issue/sphinxext/latex.py from the edition, the language and CITATION.cff",
        r"\newif\ifabductioninstructor",
        r"\abductioninstructortrue" if ed == "instructor" else r"\abductioninstructorfalse",
        r"\newif\ifabductionjapanese",
        r"\abductionjapanesetrue" if ja else r"\abductionjapanesefalse",
        r"\newcommand{\abductionedition}{%s}" % latex_escape(tr(EDITION_NAMES[ed], PRINT)),
        r"\newcommand{\abductionversion}{%s}" % latex_escape(meta.get("version", "")),
        r"\newcommand{\abductiondate}{%s}" % (latex_escape(date) if date else r"\today"),
        r"\newcommand{\abductionyear}{%s}" % (latex_escape(meta["year"]) if meta.get("year") else r"\the\year"),
        r"\newcommand{\abductioncitetitle}{%s}" % latex_escape(title or "Japan’s Abduction Issue"),
        r"\newcommand{\abductionsubtitle}{%s}" % latex_escape(subtitle),
        r"\newcommand{\abductionauthors}{%s}" % latex_escape(authors),
        r"\newcommand{\abductionrepo}{%s}" % meta.get("repo", "").replace("%", r"\%").replace("#", r"\#"),
        r"\newcommand{\abductionbasedon}{%s}" % latex_escape(meta.get("based_on", "")),
    ]
    for name, message in TEXT_MACROS.items():
        lines.append(r"\newcommand{\%s}{%s}" % (name, fill(tr(message, PRINT),
                                                             {**TEXT_SLOTS, **MACRO_SLOTS.get(name, {})})))
    for name, (message, slot) in TEXT_MACROS_1.items():
        text = fill(tr(message, PRINT), {slot: "#1"}).replace(" ", "~")   # "p. 36" is never broken
        lines.append(r"\newcommand{\%s}[1]{%s}" % (name, text))
    return "\n".join(lines) + "\n"


#: The Japanese packs' LaTeX settings (``language: ja``). Sphinx would choose the ``jsbook`` class (pLaTeX) and
#: polyglossia's ``japanese``; the packs are set with xelatex, the ``report`` class and xeCJK
#: (abductionpack.sty, ``\\ifabductionjapanese``). Sphinx's own words (図, 表, 前のページからの続き) come from its
#: ``sphinxmessages.sty``; fncychap's English "CHAPTER ONE" gives way to 第1章 (abductionpack.sty).
JA_LATEX_ELEMENTS = {"polyglossia": "", "babel": "", "fncychap": ""}
JA_LATEX_DOCCLASS = {"manual": "report", "howto": "article"}


def _config_inited(app, config):
    """Edition and language macros + the style file for the LaTeX builder (harmless for HTML)."""
    meta = citation_metadata(app.confdir)
    lang = str(getattr(config, "language", None) or i18n.SOURCE_LANGUAGE)
    elements = dict(config.latex_elements or {})
    if i18n.is_japanese(lang):
        elements = {**JA_LATEX_ELEMENTS, **elements}
        config.latex_docclass = {**JA_LATEX_DOCCLASS, **(getattr(config, "_raw_config", {}).get("latex_docclass") or {})}
    elements["preamble"] = latex_macros(edition_of(config), meta, lang) + elements.get("preamble", "")
    config.latex_elements = elements
    extra = [str(f) for f in (config.latex_additional_files or [])]
    if str(STY) not in extra:
        extra.append(str(STY))
    config.latex_additional_files = extra


# --------------------------------------------------------------------------- page numbers in cross-references

_CLOSING_QUOTES = ("\u201d", "\u2019", '"', "\u300d", "\u300f")   # ” ’ " 」 』


def _open_parenthesis(node) -> bool:
    """True when ``node`` stands inside an open parenthesis of its paragraph ("(chapter 1 ...")."""
    parent = node.parent
    if parent is None:
        return False
    before = "".join(child.astext() for child in parent.children[:parent.index(node)])
    return before.count("(") + before.count("\uff08") > before.count(")") + before.count("\uff09")


def paged_translator(base):
    """The LaTeX translator ``base`` with a page number on every cross-reference in print (issue 24, P9, L6).

    - A reference by number (``{numref}``: "Fig. 3.1", "Table 5.2") gets ", p. 36": Sphinx prints none there.
    - A reference by name (``{ref}``, ``{doc}``, a link to a heading) gets Sphinx's own page number
      (``latex_show_pagerefs``), " (p. 36)"; inside parentheses ", p. 36" instead, so "(chapter 1, p. 7)" does not
      nest a second pair.
    The page's words are ``\\abductionpageref`` (abductionpack.sty; "p. 36"). In Japanese the brackets and the
    comma are Japanese: "（36ページ）", "、36ページ" (図 3.1、36ページ; （第1章、7ページ）).
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
                    self.body.append(self._abduction_punct()[0] + self.hyperpageref(target))
                raise

        def visit_reference(self, node):
            super().visit_reference(node)
            last = self.context[-1] if self.context else ""
            if last.startswith("}}} (") and last.endswith(")"):
                comma, opening, closing = self._abduction_punct()
                if _open_parenthesis(node):
                    last = "}}}" + comma + last[len("}}} ("):-1]
                else:
                    last = "}}}" + opening + last[len("}}} ("):-1] + closing
                # a quoted title keeps its closing quote before the page: “Five come home” (p. 34)
                after = node.next_node(descend=False, siblings=True)
                if isinstance(after, nodes.Text) and after.astext()[:1] in _CLOSING_QUOTES:
                    last = "}}}" + self.encode(after.astext()[0]) + last[len("}}}"):]
                    self._abduction_skip_quote = after
                self.context[-1] = last

        def _abduction_punct(self):
            """(comma, opening and closing bracket) around a page number."""
            if str(getattr(self.config, "language", "") or "") == "ja":
                return "\u3001", "\uff08", "\uff09"
            return ", ", " (", ")"

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
