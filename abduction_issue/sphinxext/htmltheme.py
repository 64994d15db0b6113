"""Fixes to the online book's theme (sphinx-book-theme / pydata-sphinx-theme), shipped with the book.

Part of the book's Sphinx extension (:mod:`abduction_issue.sphinxext`); only the HTML builders are affected.
Each fix works at the level where the problem is made, and ``tests/test_site.py`` checks the result in
Chromium on every page:

* **sphinx-thebe** (loaded by every Jupyter Book 1 build) puts its inline
  ``const THEBE_JS_URL = "https://unpkg.com/…"`` script into every page *twice* (it registers it through
  ``app.add_js_file`` after the builder has already copied the registry), which throws
  ``Identifier 'THEBE_JS_URL' has already been declared``, and it appends a Binder config for a demo
  repository to every page. The book does not use Thebe (``launch_buttons.thebe: false``; offline
  readers could not use it anyway), so its page assets and per-page nodes are dropped.
* (In ``_config.yml``, not here: ``html_context.default_mode: auto``, without which pydata-sphinx-theme
  logs the console error ``Got invalid theme mode: .``; ``html.favicon``, without which every page
  requests a ``/favicon.ico`` that does not exist.)
* **Template overrides** (``assets/templates``): the search button and the colour-mode button
  carried accessible names that do not contain their visible text (axe ``label-content-name-mismatch``).
* **Citations** (docutils): ``<div role="list">`` holding ``role="doc-biblioentry"`` children is an
  ARIA error (``aria-required-children``, critical) and the DPUB role is deprecated; the entries are
  written as ``role="listitem"``.
* **Sidebar navigation** (pydata-sphinx-theme): a page with sub-pages gets a ``<details>`` whose
  ``<summary>`` holds only a chevron icon, so the expand control has no name (axe ``summary-name``,
  serious). A visually hidden "Sections of <page title>" is added to each such summary.
* **Launch buttons** only on pages whose source is a Jupyter notebook (``.ipynb``): sphinx-book-theme also
  adds them to executed MyST-Markdown pages, whose Colab link points at a ``.md`` file Colab cannot open.
  Those pages keep their download button (the executed ``.ipynb`` and the ``.md`` source).
* Files the themes copy into ``_static`` that no page loads are deleted after the build (issue 15;
  :data:`UNUSED_STATIC`): source maps, the themes' translation catalogues, the TrueType fallbacks of the
  icon font, the icon faces no page uses and ``scripts/fontawesome.js`` (1.5 MB), which the template
  override ``assets/templates/static/webpack-macros.html`` takes off every page: it only turns icon
  tags into SVG, and the theme's stylesheet draws the same icons from the woff2 web font.
* **Glossary terms** (issue 23): every link to a glossary entry carries a short form of the definition
  (:func:`glossary_definitions`): as its ``title`` (a tooltip on hover wherever scripts are off) and,
  through ``abduction-site.js`` (part 5), as a definition shown on hover, keyboard focus and a first tap.
* ``assets/static/abduction-site.css``: figures keep an opaque light background in dark mode.
* ``assets/static/abduction-site.js`` (with its CSS; issue 16, pages that work on a phone; each part is
  explained at the top of the file):

  - **sidebar toggles**: pydata-sphinx-theme >= 0.17 binds its sidebar handlers to the *first*
    ``.primary-toggle`` / ``.secondary-toggle``, a duplicate in its header that sphinx-book-theme hides, so
    the visible buttons do nothing and the navigation never opens on a phone (pydata-sphinx-theme #2451,
    sphinx-book-theme #988, both open). No compatible pin avoids it: sphinx-book-theme 1.3.0 requires
    pydata-sphinx-theme==0.17.1, and the earlier pairs have sidebar-toggle regressions of their own
    (pydata-sphinx-theme #1875, #2067). The visible buttons forward their click to the bound one, so the
    themes' own code opens and closes the sidebars (and, on a wide screen, collapses the left one);
  - wide tables, outputs and code that scroll sideways show it (fade, visible scrollbar, a note over tables);
  - every content image (charts are embedded PNGs) can be opened at full size in a dialog;
  - "Back to top" moves from floating over the page into the sticky article header;
  - cells tagged ``full-width`` keep to the text column instead of running under the on-this-page panel.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from docutils import nodes

from .. import i18n
from ..i18n import tr

ASSETS = Path(__file__).resolve().parent.parent / "assets"
TEMPLATES = ASSETS / "templates"
STATIC = ASSETS / "static"
CSS = "abduction-site.css"
JS = "abduction-site.js"

_THEBE_JS = ("sphinx-thebe.js",)
_THEBE_CSS = ("sphinx-thebe.css",)


def _filename(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _is_thebe_js(asset) -> bool:
    body = str(getattr(asset, "attributes", {}).get("body", "") or "")
    return "THEBE_JS_URL" in body or _filename(asset).split("?")[0].endswith(_THEBE_JS)


def _config_inited(app, config):
    paths = [str(p) for p in (config.templates_path or [])]
    if str(TEMPLATES) not in paths:
        config.templates_path = [str(TEMPLATES), *paths]
    static = [str(p) for p in (config.html_static_path or [])]
    if str(STATIC) not in static:
        config.html_static_path = [*static, str(STATIC)]


def _drop_thebe_nodes(app, doctree, docname):
    """Remove the per-page Thebe config nodes sphinx-thebe appends in its doctree-resolved handler."""
    if app.builder.format != "html":
        return
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.strip().startswith("<script>kernelName ="):
            node.parent.remove(node)


def name_toc_toggles(soup) -> None:
    """Give every icon-only ``<summary>`` of the navigation a (visually hidden) accessible name."""
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        title = " ".join(link.get_text().split()) if link else ""
        label = soup.new_tag("span", attrs={"class": "visually-hidden"})
        label.string = f"Sections of {title}" if title else "Sections"
        summary.append(label)


def _named_toctree(generate):
    from bs4 import BeautifulSoup

    def wrapper(kind, *args, **kwargs):
        out = generate(kind, *args, **kwargs)
        soup = out if not isinstance(out, str) else BeautifulSoup(out, "html.parser")
        name_toc_toggles(soup)
        return out if not isinstance(out, str) else str(soup)
    return wrapper


def _page_context(app, pagename, templatename, context, doctree):
    if callable(context.get("generate_toctree_html")):
        context["generate_toctree_html"] = _named_toctree(context["generate_toctree_html"])
    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if not _is_thebe_js(js)]
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"]
                                if not _filename(css).split("?")[0].endswith(_THEBE_CSS)]
    if context.get("page_source_suffix") != ".ipynb" and "header_buttons" in context:
        context["header_buttons"] = [b for b in context["header_buttons"] if b.get("label") != "launch-buttons"]


def _visit_citation(self, node):
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _depart_citation(self, node):
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


#: Files the themes copy into ``_static`` that no page loads (issue 15: ship no asset no page uses), deleted
#: after the build. Paths are relative to ``_static`` (glob patterns).
UNUSED_STATIC = (
    "**/*.map",                               # source maps (3.4 MB): readers never load them
    "scripts/fontawesome.js",                 # 1.5 MB on every page, taken out by templates/static/webpack-macros.html:
    "scripts/fontawesome.js.LICENSE.txt",     #   the theme's stylesheet draws the icons from the Font Awesome web font
    "vendor/fontawesome/webfonts/*.ttf",      # fallbacks listed after the woff2 in every @font-face: never fetched
    "locales",                                # the theme's gettext catalogues (740 kB), read while building only
    "sphinx-thebe.js", "sphinx-thebe.css",    # taken out of every page (above)
    "webpack-macros.html", "sbt-webpack-macros.html",   # Jinja sources of the themes' templates
)
#: Font Awesome faces the pages do not use (every icon the themes put on a page is ``fa-solid``): deleted unless
#: a page uses one of the classes.
UNUSED_FONTS = {
    "vendor/fontawesome/webfonts/fa-regular-400.woff2": ("fa-regular", "far"),
    "vendor/fontawesome/webfonts/fa-brands-400.woff2": ("fa-brands", "fab"),
}


def _class_used(pages_text: str, classes) -> bool:
    import re
    return any(re.search(r'class="(?:[^"]*\s)?' + re.escape(c) + r'(?:\s[^"]*)?"', pages_text) for c in classes)


def _drop_unused_static(app, exception):
    """Delete what no page loads (:data:`UNUSED_STATIC`, :data:`UNUSED_FONTS`); warn (so the -W build fails) if
    a page still refers to a deleted file, e.g. after a theme upgrade adds it back to the pages."""
    import shutil

    from sphinx.util import logging

    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir, "_static")
    pages = [p for p in Path(app.outdir).rglob("*.html") if static not in p.parents]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in pages)
    doomed = [p for pattern in UNUSED_STATIC for p in static.glob(pattern)]
    doomed += [static / f for f, classes in UNUSED_FONTS.items() if not _class_used(text, classes)]
    removed = []
    for path in doomed:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
        else:
            continue
        removed.append(path.relative_to(static).as_posix())
    log = logging.getLogger(__name__)
    for rel in removed:
        if not rel.endswith(".map") and f"_static/{rel}" in text:
            log.warning(f"abduction_issue.sphinxext.htmltheme: a page refers to _static/{rel}, which is deleted as unused "
                        "(see UNUSED_STATIC)")


# --------------------------------------------------------------------------- glossary definitions on term links

#: Roughly how long the short definition shown on a term link may be: whole sentences up to this many
#: characters (at least one sentence, and more while the text is under a third of the limit; a text far over
#: the limit is cut at a word and ends with "…").
TERM_TIP_CHARS = 220


def _definition_text(definition) -> str:
    """The plain text of a glossary definition without its citations and cross-references to pages."""
    from sphinx import addnodes

    node = definition.deepcopy()
    for ref in list(node.findall(addnodes.pending_xref)):
        if ref.get("refdomain") == "cite" or ref.get("reftype") == "doc":
            ref.parent.remove(ref)
    for ref in list(node.findall(nodes.citation_reference)):
        ref.parent.remove(ref)
    text = " ".join(node.astext().split())
    text = re.sub(r"\s*;\s*\)", ")", text)                 # "(data/timeline.csv; )" once the citation is gone
    text = re.sub(r"\(\s*[;,]?\s*\)", "", text)               # "()" left by a citation alone in brackets
    text = re.sub(r"\s+([.,;:])", r"\1", text)                 # a space left before punctuation
    return " ".join(text.split())


def short_definition(text: str, limit: int = TERM_TIP_CHARS) -> str:
    """Whole sentences of ``text`` up to about ``limit`` characters, leaving out "See ..." pointers."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(*])", text.strip())
                 if s and not re.match(r"See\b", s)]
    out = ""
    for s in sentences:
        if out and len(out) + 1 + len(s) > limit and len(out) >= limit // 3:
            break
        out = f"{out} {s}".strip()
    if len(out) > limit + 80:
        out = out[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def glossary_definitions(env) -> dict[str, str]:
    """``{anchor: short definition}`` for every term of every glossary in the project, e.g.
    ``{"term-Kim-Il-Sung": "North Korea's founding leader, ..."}`` (read from the stored doctrees)."""
    from sphinx import addnodes

    docs = sorted({doc for (kind, _), (doc, _) in env.get_domain("std").objects.items() if kind == "term"})
    out = {}
    for doc in docs:
        tree = env.get_doctree(doc)
        for glossary in tree.findall(addnodes.glossary):
            for item in glossary.findall(nodes.definition_list_item):
                terms = [c for c in item.children if isinstance(c, nodes.term)]
                definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
                if definition is None:
                    continue
                tip = short_definition(_definition_text(definition))
                for term in terms:
                    for anchor in term["ids"]:
                        out[anchor] = tip
    return out


def _term_titles(app, doctree, docname):
    """Give every resolved link to a glossary term its short definition (``title``) and the class ``abd-term``."""
    if app.builder.format != "html":
        return
    refs = [r for r in doctree.findall(nodes.reference)
            if any("std-term" in (c.get("classes") or []) for c in r.findall(nodes.inline))]
    if not refs:
        return
    stamp = tuple(sorted(app.env.all_docs.items()))
    cached = getattr(app, "_abd_term_tips", None)
    if cached is None or cached[0] != stamp:
        cached = app._abd_term_tips = (stamp, glossary_definitions(app.env))
    tips = cached[1]
    for ref in refs:
        anchor = ref.get("refid") or (ref.get("refuri") or "").partition("#")[2]
        tip = tips.get(anchor)
        if tip:
            ref["reftitle"] = tip
            ref["classes"].append("abd-term")


def _glossary_changed(app, env, added, changed, removed):
    """A changed glossary changes the definitions on every page that links to it: read them all again."""
    glossaries = {doc for (kind, _), (doc, _) in env.get_domain("std").objects.items() if kind == "term"}
    if glossaries & (set(changed) | set(added)):
        return sorted(set(env.found_docs) - set(added) - set(changed))
    return []


def _glossary_jump_list(app, doctree, docname):
    """An A–Z line above a long glossary, each letter linking to its first term (HTML only; the print
    glossary is read straight through). The Japanese edition's glossary keeps the English order, each entry giving
    its English headword: the letters are the English headwords' initials."""
    from sphinx import addnodes

    if app.builder.format != "html":
        return
    for glossary in list(doctree.findall(addnodes.glossary)):
        first: dict[str, str] = {}
        for term in glossary.findall(nodes.term):
            # the glossary keeps the English headwords' order in every language: a translated entry is found by
            # its English headword's initial, which its id keeps (``term-fiscal-year``)
            headword = term.astext().strip() if not i18n.is_japanese() else term["ids"][0][5:] if term["ids"] else ""
            letter = unicodedata.normalize("NFKD", headword)[:1].upper()
            if "A" <= letter <= "Z" and term["ids"] and letter not in first:
                first[letter] = term["ids"][0]
        if len(first) < 5:
            continue
        para = nodes.paragraph(classes=["glossary-jump"])
        para += nodes.Text(tr("Jump to: "))
        for i, letter in enumerate(sorted(first)):
            if i:
                para += nodes.Text(" · ")
            para += nodes.reference("", letter, internal=True, refid=first[letter])
        glossary.parent.insert(glossary.parent.index(glossary), para)


def setup_glossary_tooltips(app):
    """Register the glossary definitions on term links (HTML builders only; see :func:`_term_titles`)."""
    app.connect("doctree-resolved", _term_titles)
    app.connect("doctree-resolved", _glossary_jump_list)
    app.connect("env-get-outdated", _glossary_changed)


def setup_html(app):
    app.connect("config-inited", _config_inited, priority=600)
    # after sphinx-thebe's handler (priority 500) has appended its nodes
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=600)
    # after sphinx-book-theme's header/launch buttons (priority 501)
    app.connect("html-page-context", _page_context, priority=600)
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.add_css_file(CSS)
    app.add_js_file(JS, loading_method="defer")
    app.connect("build-finished", _drop_unused_static)
    setup_glossary_tooltips(app)


#: Where the site's own copy of MathJax lands (``mathjax_path`` in _config.yml; scripts/vendor-assets.sh).
MATHJAX_DIR = ("_static", "vendor", "mathjax")


def prune_unused_mathjax(app, exception):
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


def register(app):
    setup_html(app)
    app.connect("build-finished", prune_unused_mathjax)
