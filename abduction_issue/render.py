"""The one switch between a live notebook and the built book.

Code in the notebooks calls :func:`show` with two things: what to show in a
live kernel (an ipywidgets object: JupyterLab, Binder, Colab) and what to show
in the built book (a static object whose rich representation carries
``text/html`` for the online book and ``text/latex`` for the PDF).

The Sphinx extension :mod:`abduction_issue.sphinxext` sets
``ABDUCTION_RENDER=book`` before the book's notebooks are executed, so the same
notebook renders live widgets in class and static, kernel-free output in the
book and the course pack.  It also sets ``ABDUCTION_OUTPUT`` to the builder's
output (``html`` or ``latex``), so that a chart renders only the formats that
output uses (:func:`output`).  Nothing else in the package looks at the build
target.
"""
from __future__ import annotations

import os

ENV = "ABDUCTION_RENDER"
EDITION_ENV = "ABDUCTION_EDITION"
OUTPUT_ENV = "ABDUCTION_OUTPUT"
OUTPUTS = ("html", "latex", "screen", "all")


def mode() -> str:
    """``"book"`` while the book is being built, otherwise ``"live"``."""
    value = os.environ.get(ENV, "live").strip().lower()
    if value not in ("book", "live"):
        raise ValueError(f"{ENV} must be 'book' or 'live', not {value!r}")
    return value


def output() -> str:
    """Which renderings a displayed object carries (see :class:`abduction_issue.charts.FigureDisplay`).

    ``ABDUCTION_OUTPUT`` when set (the book's Sphinx extension sets ``html`` or ``latex``: what the
    builder shows); otherwise ``"screen"`` in a live kernel and ``"all"`` for a notebook run as the book
    would run it outside Sphinx (the tests), so that every format can be checked.
    """
    value = os.environ.get(OUTPUT_ENV, "").strip().lower()
    if not value:
        return "screen" if mode() == "live" else "all"
    if value not in OUTPUTS:
        raise ValueError(f"{OUTPUT_ENV} must be one of {', '.join(OUTPUTS)}, not {value!r}")
    return value


def edition() -> str:
    """``"student"`` (default) or ``"instructor"``: which course-pack edition is being built."""
    value = os.environ.get(EDITION_ENV, "student").strip().lower()
    if value not in ("student", "instructor"):
        raise ValueError(f"{EDITION_ENV} must be 'student' or 'instructor', not {value!r}")
    return value


def show(live, static):
    """Display ``live`` in a kernel session, ``static`` when building the book.

    Either argument may be a zero-argument callable, so that the unused one is
    never built (no widget objects are created during a book build, and so no
    widget state is embedded in the pages).
    """
    from IPython.display import display

    chosen = static if mode() == "book" else live
    if callable(chosen) and not hasattr(chosen, "_repr_mimebundle_") and not hasattr(chosen, "_ipython_display_"):
        chosen = chosen()
    display(chosen)
    return None
