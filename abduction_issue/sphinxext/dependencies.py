"""What each page read: data files, the question bank, lesson plans and the package modules that render them.

Every role and directive calls :func:`note` with the files it read, so Sphinx re-reads exactly the pages
that use a data file, the question bank, a lesson plan or a module when one of them changes (bibtex tracks
its .bib files the same way).  The executed notebooks read ``data/`` too: :mod:`.execution` notes their
inputs and drops their cached runs when an input is newer.
"""
from __future__ import annotations

from pathlib import Path

from .. import project

PACKAGE = project.PACKAGE


def module_files(name: str) -> list[Path]:
    """The files of a package module or subpackage: ``"data"`` -> ``data.py``; ``"charts"`` -> ``charts/*.py``;
    ``"exercises/static"`` -> ``exercises/static.py``."""
    path = PACKAGE / name.replace(".", "/")
    if path.is_dir():
        return sorted(path.glob("*.py"))
    return [path.with_suffix(".py")]


def note(env, files=(), modules=()):
    """Record that the page being read used ``files`` (names in the data folder, or paths relative to it,
    e.g. ``../abduction_issue/bank/summit.yml``) and the package ``modules``."""
    folder = project.data_dir()
    for f in files:
        env.note_dependency(str((folder / f).resolve()))
    for m in modules:
        for path in module_files(m):
            env.note_dependency(str(path))


def bank_files() -> tuple[Path, ...]:
    """The question bank's files."""
    return tuple(sorted(project.bank_dir().glob("*.yml")))


def chapter_pages() -> tuple[Path, ...]:
    """The story's chapter pages (the guide quotes their objectives, discussion questions and sections)."""
    return tuple(project.ROOT / c.page for c in project.CHAPTERS)


def guide_inputs() -> tuple[Path, ...]:
    """The instructor guide's data: the lesson plans and the assessment."""
    return (project.PACKAGE / "lesson_plans.yml", project.PACKAGE / "assessment.yml")
