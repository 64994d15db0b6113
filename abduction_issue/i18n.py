"""The book's languages: English (the source) and Japanese (日本語版), from one source.

Two kinds of text are translated, each through gettext catalogues kept in ``locales/<language>/LC_MESSAGES/``:

* **the pages** (chapters, notebooks' text cells, glossary, guide): Sphinx's own internationalisation. Sphinx
  extracts their messages (``make locales``: the ``gettext`` builder, then ``sphinx-intl update``) and replaces
  each paragraph by its ``msgstr`` when it builds a language (``language`` in the build's config);
* **the text this package makes itself** (the roles' and directives' words, table headings, chart titles and
  labels, the quiz's buttons and feedback, the reading-time lines, the question bank, the lesson plans and the
  assessment): the catalogues of :data:`DOMAINS` under ``locales/<language>/LC_MESSAGES/package/``, written by
  ``python -m abduction_issue.locales update`` from the strings the package marks with :func:`_` and from the
  bank and guide files, read here with Babel (a Sphinx dependency; no compiled ``.mo`` needed).

The language of a build is the Sphinx config value ``language``; the extension puts it in the environment
variable ``ABDUCTION_LANGUAGE`` (:data:`LANGUAGE_ENV`) before any notebook kernel starts, so the kernels' charts
speak the same language.  In class, ``ABDUCTION_LANGUAGE=ja make lab`` gives the notebooks' widgets in Japanese.

A message the language lacks is an error naming the catalogue and the message (never English shown silently in
a Japanese book); ``tests/test_i18n.py`` fails on any untranslated or fuzzy message.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from . import project

LANGUAGES = ("en", "ja")
SOURCE_LANGUAGE = "en"
LANGUAGE_ENV = "ABDUCTION_LANGUAGE"
LOCALE_DIR = project.ROOT / "locales"
#: The package's own catalogues (``locales/<lang>/LC_MESSAGES/package/<domain>.po``): one per bank chapter.
BANK_CHAPTERS = ("before-2002", "summit", "backfire", "way-forward", "reading-sources")
DOMAINS = ("ui", "guide", "datapackage", *(f"bank/{c}" for c in BANK_CHAPTERS))


class MissingTranslation(LookupError):
    """A message has no translation in the build's language."""


def language() -> str:
    """The language being written: ``en`` (default) or ``ja``, from ``ABDUCTION_LANGUAGE``."""
    value = os.environ.get(LANGUAGE_ENV, SOURCE_LANGUAGE).strip().lower() or SOURCE_LANGUAGE
    if value not in LANGUAGES:
        raise ValueError(f"{LANGUAGE_ENV} must be one of {', '.join(LANGUAGES)}, not {value!r}")
    return value


def catalogue_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "package" / f"{domain}.po"


@lru_cache(maxsize=None)
def _catalogue(lang: str, domain: str) -> dict:
    from babel.messages.pofile import read_po

    path = catalogue_path(lang, domain)
    if not path.is_file():
        raise MissingTranslation(f"{path}: no catalogue for language {lang!r} (run: make locales)")
    with path.open("rb") as fh:
        cat = read_po(fh)
    out = {}
    for msg in cat:
        if not msg.id or msg.fuzzy or not msg.string:
            continue
        out[(msg.context, msg.id)] = msg.string
    return out


def translate(message: str, context: str | None = None, *, domain: str = "ui", lang: str | None = None) -> str:
    """``message`` in the build's language. English is the source, returned as it is."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE or not message:
        return message
    try:
        return _catalogue(lang, domain)[(context, message)]
    except KeyError:
        where = catalogue_path(lang, domain)
        ctx = f" (context {context!r})" if context else ""
        raise MissingTranslation(
            f"{where}: no {lang} translation of {message!r}{ctx}. Run `make locales` and translate it.") from None


def N_(message: str, context: str | None = None) -> str:
    """Mark a string for the ``ui`` catalogue without translating it here (it is translated where it is used)."""
    return message


@lru_cache(maxsize=None)
def _page_catalogue(lang: str, docname: str) -> dict:
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{docname}.po"
    if not path.is_file():
        raise MissingTranslation(f"{path}: no catalogue for page {docname!r} (run: make locales)")
    with path.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id and m.string and not m.fuzzy}


def page_text(docname: str, message: str, lang: str | None = None) -> str:
    """``message`` (a heading or sentence of page ``docname``) as that page's translation gives it."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return message
    try:
        return _page_catalogue(lang, docname)[message]
    except KeyError:
        raise MissingTranslation(f"locales/{lang}/LC_MESSAGES/{docname}.po: no translation of {message!r}") from None


def chapter_title(chapter_id: str) -> str:
    """A chapter's short title (``The summit``) in the build's language."""
    titles = {"before-2002": N_("Before 2002", "chapter"), "summit": N_("The summit", "chapter"),
              "backfire": N_("The backfire", "chapter"), "way-forward": N_("The way forward", "chapter"),
              "reading-sources": N_("Reading the sources", "chapter")}
    return translate(titles[chapter_id], "chapter")


def tr(message: str, context: str | None = None) -> str:
    """Mark and translate one of the package's own strings (the ``ui`` catalogue): ``tr("Key dates")``.
    ``make locales`` collects every ``tr``/``N_``/``translate`` call with a literal message."""
    return translate(message, context)


@contextmanager
def using(lang: str):
    """Write in ``lang`` for the duration of a ``with`` block."""
    before = os.environ.get(LANGUAGE_ENV)
    os.environ[LANGUAGE_ENV] = lang
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LANGUAGE_ENV, None)
        else:
            os.environ[LANGUAGE_ENV] = before


def is_japanese(lang: str | None = None) -> bool:
    return (lang or language()) == "ja"


def percent(value, digits: int = 1) -> str:
    """``83.4%`` in both languages (the Cabinet Office writes ％ as ``%`` in its tables too)."""
    return f"{float(value):.{digits}f}%"


def number(value) -> str:
    """``1,234`` in both languages."""
    return f"{int(value):,}"


def reload() -> None:
    """Forget the catalogues read so far (after ``update``, or in tests)."""
    _catalogue.cache_clear()
    _page_catalogue.cache_clear()


def column(name: str, lang: str | None = None) -> str:
    """The data column holding ``name``'s text in the build's language: ``event`` or ``event_ja``.

    The data keeps each language's text side by side (``data/README.md``: a column ``X_ja`` beside ``X``)."""
    return f"{name}_ja" if (lang or language()) == "ja" else name


def text(row, name: str, lang: str | None = None):
    """``row[name]`` in the build's language (``row[name + "_ja"]`` in Japanese); a row lacking it is an error
    naming the column (the data layer checks that every ``_ja`` cell is filled where the English is)."""
    col = column(name, lang)
    try:
        return row[col]
    except KeyError:
        raise MissingTranslation(f"no column {col!r} beside {name!r} in the data (see data/README.md)") from None


def join_names(names) -> str:
    """``A, B and C`` / ``A、B、C``."""
    names = [str(n) for n in names]
    if is_japanese():
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
