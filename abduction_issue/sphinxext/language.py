"""The book's language: English (the source) or Japanese (日本語版), one build per language.

* The build's language is Sphinx's ``language`` (``make book-ja`` builds from a generated copy of
  ``_config.yml`` with ``language: ja``; :func:`abduction_issue.i18n.write_config`). It is put in the
  environment variable ``ABDUCTION_LANGUAGE`` before any notebook kernel starts, so that the package's own text
  (roles, directives, charts, quiz) is written in the same language (:mod:`abduction_issue.i18n`).
* Every page of each language links to the same page of the other (``language-switch.html`` in the article
  header), once the other edition has been built (a site built alone has no link to nothing; building the other
  edition later and the first again adds the links: ``make book book-ja book``). The sites' roots are where ``make`` puts them (:data:`SITE_ROOTS`); a published copy elsewhere sets
  ``ABDUCTION_LANGUAGE_ROOTS`` to the other language's root, relative to this site's root or absolute
  (e.g. ``ja=ja/,en=../``).
"""
from __future__ import annotations

import os
import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .. import i18n
from .editions import edition_of

#: Where each edition's site is built, by language, relative to the book's folder (the make targets).
SITE_ROOTS = {
    ("student", "en"): "_build/html",
    ("student", "ja"): "_build/ja/_build/html",
    ("instructor", "en"): "_build/instructor/_build/html",
    ("instructor", "ja"): "_build/instructor-ja/_build/html",
}
ROOTS_ENV = "ABDUCTION_LANGUAGE_ROOTS"
#: The switch's words, each in its own language (a reader who cannot read the page can still find theirs).
NAMES = {"en": "English", "ja": "日本語"}


def language_of(config) -> str:
    lang = str(getattr(config, "language", None) or i18n.SOURCE_LANGUAGE)
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(i18n.LANGUAGES)}, not {lang!r}")
    return lang


def other_root(app) -> tuple[str, str]:
    """(other language, URL of its site's root relative to this site's root, ending in ``/``)."""
    lang = language_of(app.config)
    other = "ja" if lang == "en" else "en"
    for item in os.environ.get(ROOTS_ENV, "").split(","):
        key, _, value = item.partition("=")
        if key.strip() == other and value.strip():
            value = value.strip()
            return other, value if value.endswith("/") else value + "/"
    edition = edition_of(app.config)
    here = Path(app.outdir).resolve()
    book = Path(app.srcdir).resolve()
    target = book / SITE_ROOTS[(edition, other)]
    rel = os.path.relpath(target, here).replace(os.sep, "/")
    return other, rel + "/"


def other_site_built(app) -> bool:
    """Whether the link to the other language leads somewhere: a published layout (``ABDUCTION_LANGUAGE_ROOTS``)
    is taken at its word; otherwise the other edition's site must have been built where ``make`` puts it."""
    other, root = other_root(app)
    if any(item.partition("=")[0].strip() == other for item in os.environ.get(ROOTS_ENV, "").split(",")):
        return True
    return (Path(app.outdir) / root / "index.html").is_file()


def _relink_when_the_other_site_appears(app, env, added, changed, removed):
    """A page's language link is written only when the other edition exists (never a link to nothing): when it
    appears (or goes), every page is written again, so that ``make book`` after ``make book-ja`` links them."""
    if getattr(app.builder, "format", "") != "html":
        return []
    built = other_site_built(app)
    if getattr(env, "abduction_other_site_built", None) == built:
        return []
    env.abduction_other_site_built = built
    return sorted(env.found_docs - set(added) - set(changed) - set(removed))


def _config_inited(app, config):
    os.environ[i18n.LANGUAGE_ENV] = language_of(config)
    folder = Path(app.srcdir) / "locales"
    if i18n.LOCALE_DIR_ENV not in os.environ and folder.is_dir():
        os.environ[i18n.LOCALE_DIR_ENV] = str(folder.resolve())
    i18n.reload()
    if getattr(config, "html_theme", "") != "sphinx_book_theme":
        return
    options = dict(config.html_theme_options or {})
    if language_of(config) != i18n.SOURCE_LANGUAGE:
        # Jupyter Book sets the search field's words in English; the theme prints them as they are
        options["search_bar_text"] = i18n.tr("Search this book...")
    end = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if "language-switch.html" not in end:
        options["article_header_end"] = ["language-switch.html", *end]
    config.html_theme_options = options


#: Catalogues of the themes whose Japanese lacks words the book shows ("Launch interactive content"): the book's
#: own ``locales/<lang>/LC_MESSAGES/<catalogue>.po`` is added as a fallback, after the theme's.
THEME_CATALOGUES = ("booktheme",)


def _theme_words(app):
    from sphinx import locale

    lang = language_of(app.config)
    if lang == i18n.SOURCE_LANGUAGE:
        return
    for catalogue in THEME_CATALOGUES:
        if (i18n.locale_dir() / lang / "LC_MESSAGES" / f"{catalogue}.po").is_file():
            locale.init([str(i18n.locale_dir())], lang, catalogue)


def _page_context(app, pagename, templatename, context, doctree):
    if not other_site_built(app):
        context["abduction_language_switch"] = None
        return
    other, root = other_root(app)
    depth = pagename.count("/")
    prefix = "../" * depth
    context["abduction_language_switch"] = {
        "lang": other,
        "name": NAMES[other],
        "url": posixpath.join(prefix + root, pagename + app.builder.out_suffix) if not root.startswith(("http:", "https:", "/"))
        else root + pagename + app.builder.out_suffix,
        "label": "Read this page in English" if other == "en" else "このページを日本語で読む",
    }


class TableCellSources(SphinxTransform):
    """Give the cells of a table written inside a ``{table}`` directive the table's source and line.

    MyST parses such a table's cells without a source, and Sphinx's internationalisation skips a paragraph
    without one: neither ``make locales`` nor the translated build would see the cells. Runs before Sphinx's
    ``Locale`` transform (priority 20)."""

    default_priority = 10

    def apply(self, **kwargs):
        for table in self.document.findall(nodes.table):
            source = table.source or self.document.get("source")
            line = table.line or next((n.line for n in table.findall(nodes.Element) if n.line), None)
            for text in table.findall(nodes.TextElement):
                if text.source is None and text.rawsource:
                    text.source, text.line = source, line


class SaveMystSlugs(SphinxTransform):
    """Keep the page's heading anchors (MyST's ``myst_slugs``) through the translation: when Sphinx's ``Locale``
    transform parses a translated heading with MyST, MyST replaces the page's whole registry with that one
    heading's slug, and a link such as ``05-reading-the-sources.md#every-wave-of-the-survey`` is no longer found.
    The anchors stay the English ones in every language (the section ids do too); :class:`RestoreMystSlugs`
    puts the registry back after the translation."""

    default_priority = 19

    def apply(self, **kwargs):
        meta = self.env.metadata.get(self.env.docname, {})
        if "myst_slugs" in meta:
            self.document["abduction_myst_slugs"] = dict(meta["myst_slugs"])


class RestoreMystSlugs(SphinxTransform):
    default_priority = 21

    def apply(self, **kwargs):
        saved = self.document.attributes.pop("abduction_myst_slugs", None)
        if saved is not None:
            self.env.metadata[self.env.docname]["myst_slugs"] = saved
            self.document.myst_slugs = saved


def catalogue_files() -> list[Path]:
    """The package's catalogues of the build's language (none for English): every page and notebook may print
    their words, so a change to one makes Sphinx read the pages again and the notebooks run again."""
    lang = i18n.language()
    if lang == i18n.SOURCE_LANGUAGE:
        return []
    return sorted((i18n.locale_dir() / lang / "LC_MESSAGES" / "package").rglob("*.po"))


def _note_catalogues(app, doctree):
    for path in catalogue_files():
        app.env.note_dependency(str(path))


def register(app):
    app.connect("doctree-read", _note_catalogues)
    app.add_transform(TableCellSources)
    app.add_transform(SaveMystSlugs)
    app.add_transform(RestoreMystSlugs)
    app.connect("config-inited", _config_inited, priority=50)
    app.connect("builder-inited", _theme_words)
    app.connect("html-page-context", _page_context)
    app.connect("env-get-outdated", _relink_when_the_other_site_appears)
