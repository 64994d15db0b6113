"""The bibliography (``data/references.bib``) as author-year labels, told apart where they would collide.

Two entries by the same author in the same year would read alike ("The Japan Times (2002)" for nine
articles), so such entries get the usual letter after the year -- 2002a, 2002b, ... (and n.d.-a, n.d.-b
for entries with no date) -- in the order of their titles (ignoring a leading "A", "An" or "The"), as
author-date styles do.  The same letters appear in both places that name a source:

* plain text (the answer keys outside Sphinx, print): :func:`citation_text` -> ``The Japan Times (2002a)``;
* the book: :mod:`abduction_issue.sphinxext.bibtex` writes :func:`lettered_years` into sphinxcontrib-bibtex's
  parsed entries, so the ``author_year`` citations (``{cite:t}``, ``{cite:p}``) and the bibliography list
  both show it.  The .bib file itself is not changed.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .. import project

CITE_KEY = re.compile(r"\b[a-z]+\d{4}[a-z0-9]*\b")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def cite_candidates(text) -> list[str]:
    """Words of ``text`` shaped like the bibliography's keys (letters, a year, letters)."""
    return CITE_KEY.findall(text) if isinstance(text, str) else []


@lru_cache(maxsize=1)
def _plain_backend():
    """pybtex's plain-text backend, looked up once: ``Text.render_as("text")`` looks the plugin up again on
    every call, scanning every installed distribution's entry points (about 0.03 s a call, 400 calls for the
    bibliography: most of a notebook's run; issue 15)."""
    from pybtex.plugin import find_plugin
    return find_plugin("pybtex.backends", "text")()


def _clean(text: str) -> str:
    from pybtex.richtext import Text
    return Text.from_latex(text).render(_plain_backend()).replace("{", "").replace("}", "").strip()


def _title_order(title: str) -> str:
    return re.sub(r"^(a|an|the)\s+", "", _clean(title).casefold())


def _suffixed(year: str, n: int) -> str:
    letter = LETTERS[n] if n < len(LETTERS) else str(n + 1)
    return f"{year}-{letter}" if not year[-1:].isdigit() else f"{year}{letter}"  # 2002a, n.d.-a


@lru_cache(maxsize=None)
def bib_labels(path: str) -> dict:
    """citation key -> (authors as cited, year as cited: with a letter where two labels would collide)."""
    from pybtex.database import parse_file

    entries = parse_file(path).entries
    out, titles = {}, {}
    for key, entry in entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_clean(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not names:
            author = _clean(entry.fields.get("organization") or entry.fields.get("howpublished") or key)
        elif len(names) == 1:
            author = names[0]
        elif len(names) == 2:
            author = f"{names[0]} and {names[1]}"
        else:
            author = f"{names[0]} et al."
        out[key] = (author, str(entry.fields.get("year") or "n.d."))
        titles[key] = _title_order(entry.fields.get("title", ""))
    groups = defaultdict(list)
    for key, label in out.items():
        groups[label].append(key)
    for (author, year), keys in groups.items():
        if len(keys) > 1:
            for n, key in enumerate(sorted(keys, key=lambda k: (titles[k], k))):
                out[key] = (author, _suffixed(year, n))
    return out


def _bib_path() -> Path:
    path = project.data_dir() / "references.bib"
    if not path.is_file():  # a test copy of data/ without the bibliography: use the module's own
        path = project.ROOT / "data" / "references.bib"
    return path


def bibliography() -> dict:
    """citation key -> (authors as cited, year as cited), from ``data/references.bib``."""
    return bib_labels(str(_bib_path()))


def citation_text(key: str) -> str:
    """``allansonconlon2023abduction`` -> ``Allanson Conlon (2023)``; ``japantimes2002radio`` ->
    ``The Japan Times (2002a)`` (plain text; the letter tells apart same-author, same-year sources)."""
    author, year = bibliography()[key]
    return f"{author} ({year})"


def lettered_years(path=None) -> dict:
    """citation key -> lettered year (``2002a``, ``n.d.-b``), for the entries whose labels would collide."""
    path = Path(path) if path is not None else _bib_path()
    from pybtex.database import parse_file
    years = {k: str(e.fields.get("year") or "n.d.") for k, e in parse_file(str(path)).entries.items()}
    return {k: y for k, (_, y) in bib_labels(str(path)).items() if y != years[k]}
