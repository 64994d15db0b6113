"""The bibliography (``data/references.bib``) as plain author-year labels, for text outside Sphinx."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_CITE_KEY = re.compile(r"\b[a-z]+\d{4}[a-z0-9]*\b")


def _cite_candidates(text) -> list[str]:
    """Words of ``text`` shaped like the bibliography's keys (letters, a year, letters)."""
    return _CITE_KEY.findall(text) if isinstance(text, str) else []


@lru_cache(maxsize=None)
def _bib_labels(path: str) -> dict:
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    def clean(name: str) -> str:
        return Text.from_latex(name).render_as("text").replace("{", "").replace("}", "").strip()

    out = {}
    for key, entry in parse_file(path).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [clean(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not names:
            author = clean(entry.fields.get("organization") or entry.fields.get("howpublished") or key)
        elif len(names) == 1:
            author = names[0]
        elif len(names) == 2:
            author = f"{names[0]} and {names[1]}"
        else:
            author = f"{names[0]} et al."
        out[key] = (author, str(entry.fields.get("year") or "n.d."))
    return out


def _bibliography() -> dict:
    """citation key -> (authors as cited, year), from ``data/references.bib``."""
    from .. import data
    path = data.data_dir() / "references.bib"
    if not path.is_file():  # a test copy of data/ without the bibliography: use the module's own
        path = Path(__file__).resolve().parent.parent.parent / "data" / "references.bib"
    return _bib_labels(str(path))


def citation_text(key: str) -> str:
    """``allansonconlon2023abduction`` -> ``Allanson Conlon (2023)`` (plain text)."""
    author, year = _bibliography()[key]
    return f"{author} ({year})"
