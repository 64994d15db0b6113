"""The project's structure, once: its chapters, its folders and the source root.

This is the bottom layer of the package: it imports nothing of the package, and everything that needs to
know which chapters the book has, where a chapter's page is, or where the data, the question bank and the
chapters live reads it from here (``bank``, ``guide``, ``book``, ``facts``, ``charts``, the Sphinx extension
and the tests).  ``tests/test_project.py`` checks it against ``_toc.yml`` and the ``chapter`` enum of
``data/datapackage.json``.

Folders:

* :func:`data_dir` -- the data folder (``data/``).  ``ABDUCTION_DATA_DIR`` overrides it: a book build sets it
  to its own source folder's ``data/`` (:mod:`abduction_issue.sphinxext.execution`), and the notebook kernels
  it starts inherit it; the tests set it to a scratch copy.
* :func:`bank_dir` -- the question bank (``abduction_issue/bank``); ``ABDUCTION_BANK_DIR`` overrides it.
* :data:`ROOT` -- the source root (the folder of ``_config.yml``, ``_toc.yml`` and ``chapters/``).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The source root: ``_config.yml``, ``_toc.yml``, ``chapters/``, ``notebooks/`` and (by default) ``data/``.
ROOT = PACKAGE.parent
CHAPTERS_DIR = ROOT / "chapters"
CONFIG_FILE = ROOT / "_config.yml"
TOC_FILE = ROOT / "_toc.yml"
DATA_DIR_ENV = "ABDUCTION_DATA_DIR"
BANK_DIR_ENV = "ABDUCTION_BANK_DIR"


def data_dir() -> Path:
    """The folder holding ``datapackage.json``: ``ABDUCTION_DATA_DIR`` when set (a build sets it to its source
    folder's ``data/``; the tests to a scratch copy; Colab to the clone's), else ``data/`` under :data:`ROOT`."""
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else ROOT / "data"


def bank_dir() -> Path:
    """``abduction_issue/bank`` (``ABDUCTION_BANK_DIR`` overrides it, for tests)."""
    env = os.environ.get(BANK_DIR_ENV)
    return Path(env) if env else PACKAGE / "bank"


@dataclass(frozen=True)
class Chapter:
    """A chapter of the story: its id (as the question bank, the lesson plans and ``data/timeline.csv`` name
    it), its number in the book, its short title and its page."""

    id: str
    number: int
    title: str
    page: str            # relative to ROOT, e.g. "chapters/02-the-summit.md"
    key_dates: bool      # the chapter has a key-dates box (it is a value of timeline.csv's ``chapter`` enum)

    @property
    def docname(self) -> str:
        """The Sphinx docname (``chapters/02-the-summit``)."""
        return self.page.rsplit(".", 1)[0]


#: The story's chapters in book order (the first part of ``_toc.yml``).
CHAPTERS: tuple[Chapter, ...] = (
    Chapter("before-2002", 1, "Before 2002", "chapters/01-before-2002.md", True),
    Chapter("summit", 2, "The summit", "chapters/02-the-summit.md", True),
    Chapter("backfire", 3, "The backfire", "chapters/03-the-backfire.md", True),
    Chapter("way-forward", 4, "The way forward", "chapters/04-the-way-forward.md", True),
    Chapter("reading-sources", 5, "Reading the sources", "chapters/05-reading-the-sources.md", False),
)
CHAPTER_IDS: tuple[str, ...] = tuple(c.id for c in CHAPTERS)
#: chapter id -> short title
CHAPTER_TITLES: dict[str, str] = {c.id: c.title for c in CHAPTERS}
#: chapter id -> page (relative to ROOT)
CHAPTER_PAGES: dict[str, str] = {c.id: c.page for c in CHAPTERS}
#: The chapters with a key-dates box: the ``chapter`` enum of ``timeline.csv``.
KEY_DATES_CHAPTERS: tuple[str, ...] = tuple(c.id for c in CHAPTERS if c.key_dates)
#: The chapter whose fact-check table holds the article's claims (``{claim}`` links to its rows).
CLAIMS_CHAPTER = "reading-sources"

NOTEBOOKS = ("notebooks/01-timeline.ipynb", "notebooks/02-public-opinion.ipynb",
             "notebooks/03-abductees.ipynb", "notebooks/04-exercises.ipynb")


def chapter(chapter_id: str) -> Chapter:
    """The chapter of that id (``KeyError`` naming the known ids)."""
    for c in CHAPTERS:
        if c.id == chapter_id:
            return c
    raise KeyError(f"unknown chapter {chapter_id!r}; known: {', '.join(CHAPTER_IDS)}")


_stamps: dict = {}


def page_sections(page: str) -> tuple[str, ...]:
    """The section headings (``## ...``) of a page under :data:`ROOT`, outside code blocks (re-read when the
    page changes)."""
    path = ROOT / page
    if not path.is_file():
        return ()
    stamp = path.stat().st_mtime_ns
    if _stamps.get(path, (None,))[0] != stamp:
        text = re.sub(r"^(`{3,}|~{3,}).*?^\1\s*$", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
        _stamps[path] = (stamp, tuple(m.group(1).strip() for m in re.finditer(r"^##\s+(.+?)\s*$", text, re.M)))
    return _stamps[path][1]


def chapter_sections(chapter_id: str) -> tuple[str, ...]:
    """The chapter page's section headings (``## ...``)."""
    return page_sections(chapter(chapter_id).page)


def launch_settings() -> dict:
    """Repository URL, branch and launch services, as configured once in ``_config.yml``."""
    import yaml

    cfg = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8")) or {}
    repo = cfg.get("repository") or {}
    lb = cfg.get("launch_buttons") or {}
    return {"url": repo.get("url", ""), "branch": repo.get("branch", ""),
            "binder": lb.get("binderhub_url", ""), "colab": lb.get("colab_url", "")}
