"""sphinxcontrib-bibtex, set up for the book: titles as typed, lettered years, and pybtex's plugin lookup cached.

Titles print as they are typed in ``data/references.bib``: pybtex's ``plain`` style sentence-cases an article's
title ("kim jong il's", "North korea's abduction project" in the first course pack, issue 24 P5), so the book
uses :class:`AsTypedStyle` (``bibtex_default_style: as-typed`` in ``_config.yml``), the same style without the
case change.  Nothing has to be braced in the data, and a new entry cannot reintroduce the fault.

Two entries by the same author in the same year get 2002a, 2002b (the labels are computed, outside Sphinx,
by :func:`abduction_issue.exercises.citations.lettered_years`, which the answer keys also use).
sphinxcontrib-bibtex has no such option, so once it has parsed the bibliography the lettered year is written
into each such entry's ``year`` field of its parsed data (the .bib file is not changed), and the
``author_year`` citations and the bibliography list both show it.  ``tests/test_exercises.py`` pins this.

In another language the notes are the entries' notes in that language (``note_ja`` beside ``note``).
"""
from __future__ import annotations

from .. import i18n
from ..exercises.citations import lettered_years


def _letter_the_years(app):
    """After sphinxcontrib-bibtex has parsed the .bib files: write the lettered years into its entries.

    Idempotent (the value is set, not appended), so a cached environment stays right.
    """
    dom = app.env.get_domain("cite")
    entries = dom.bibdata.data.entries
    for bibfile in dom.bibdata.bibfiles:
        for key, year in lettered_years(bibfile).items():
            if key in entries:
                entries[key].fields["year"] = year
    if i18n.language() != i18n.SOURCE_LANGUAGE:
        # the notes in the build's language: ``note_ja`` beside ``note`` in data/references.bib
        column = i18n.column("note")
        for key, entry in entries.items():
            if "note" in entry.fields:
                if column not in entry.fields:
                    raise i18n.MissingTranslation(f"data/references.bib: entry {key!r} has a note but no {column}")
                entry.fields["note"] = entry.fields[column]


def _as_typed_style():
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.template import field, sentence

    class AsTypedStyle(PlainStyle):
        """pybtex's ``plain`` style, except that a title keeps the capitals it was typed with."""

        def format_title(self, e, which_field, as_sentence=True):
            title = field(which_field)
            return sentence[title] if as_sentence else title

    return AsTypedStyle


#: The name ``_config.yml`` gives as ``bibtex_default_style``.
STYLE_NAME = "as-typed"


def register_style():
    """Register :class:`AsTypedStyle` with pybtex under :data:`STYLE_NAME` (once)."""
    import pybtex.plugin as plugin
    try:
        plugin.find_plugin("pybtex.style.formatting", STYLE_NAME)
    except plugin.PluginNotFound:
        plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, _as_typed_style())


def cache_pybtex_plugin_lookups():
    """pybtex looks its plugins up in the installed packages' entry points on every call (about 15 ms each,
    a hundred calls when sphinxcontrib-bibtex resolves a chapter's citations).  The installed packages do not
    change during a build, so the lookup is cached (plugins registered at run time are still looked up first)."""
    import functools

    import pybtex.plugin as plugin
    if not hasattr(plugin.entry_points, "cache_info"):
        plugin.entry_points = functools.lru_cache(maxsize=None)(plugin.entry_points)


def register(app):
    cache_pybtex_plugin_lookups()
    register_style()
    app.setup_extension("sphinxcontrib.bibtex")
    app.connect("builder-inited", _letter_the_years, priority=900)  # after sphinxcontrib-bibtex's own (500)
