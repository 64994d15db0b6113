"""The notebooks' execution: what the kernels are told, which data they read, and a stale cache dropped.

* ``ABDUCTION_RENDER=book``: the kernels are executing the book (:func:`abduction_issue.render.show` shows the
  static rendering, not widgets);
* ``ABDUCTION_OUTPUT=html`` or ``latex``: what the builder shows, so a chart renders only those formats. Each
  builder has its own notebook cache (``make book``: _build/.jupyter_cache; ``scripts/build-pdf.sh``:
  _build/pdf-<edition>), so no build reads outputs executed for the other;
* ``ABDUCTION_EDITION``: the build's edition (the config value ``abduction_edition``, :mod:`.editions`);
* ``ABDUCTION_DATA_DIR``: the data of the book being built, its source folder's ``data/`` (a copy of the
  book, e.g. the benchmark's or a test's, may share a virtual environment whose package sits elsewhere).
  An ``ABDUCTION_DATA_DIR`` already set wins.  The roles and directives read the same folder
  (:func:`abduction_issue.project.data_dir`).

Not executed for print: :data:`PRINT_UNEXECUTED`, the exercises notebook. Its printed questions come from its
``{exercise-set}`` directives (:mod:`.directives`), so the LaTeX build runs no kernel for it (its code cells, tagged
``remove-input``, print nothing); the online book still executes it (its kernel shows the quiz).

myst-nb's cache keys on a notebook's code cells only; a notebook whose code is unchanged but whose data
changed would show stale numbers.  :func:`drop_stale_notebook_cache` drops the cached run of every notebook
about to be read when anything it may read (:func:`notebook_inputs`) is newer than the run.
"""
from __future__ import annotations

import os
from datetime import timezone
from pathlib import Path

from .. import project
from ..render import EDITION_ENV, ENV, OUTPUT_ENV
from .editions import edition_of
from .language import catalogue_files

_PACKAGE_INPUTS = ("*.py", "*/*.py", "*/*/*.py", "*.yml", "bank/*.yml", "exercises/assets/*")


def notebook_inputs() -> list[Path]:
    """Everything an executed notebook may read besides its own code: the data and the helper package."""
    found = {p for p in project.data_dir().glob("*") if p.is_file()}
    found |= {p for pat in _PACKAGE_INPUTS for p in project.PACKAGE.glob(pat) if p.is_file()}
    found |= set(catalogue_files())   # the package's words in the build's language
    return sorted(found)


def drop_stale_notebook_cache(app, env, docnames):
    """Drop the cached run of every notebook about to be read whose inputs are newer than the run, so that it
    is executed again (and only those)."""
    nb_config = getattr(env, "mystnb_config", None)   # myst-nb resolves the cache folder at builder-inited
    cache_path = (getattr(nb_config, "execution_cache_path", "") if nb_config else "") \
        or getattr(app.config, "nb_execution_cache_path", "") or ""
    if not cache_path or not Path(cache_path).exists():
        return
    from jupyter_cache import get_cache

    newest = max((p.stat().st_mtime for p in notebook_inputs()), default=0)
    cache = get_cache(cache_path)
    wanted = {str(Path(env.doc2path(d)).resolve()) for d in docnames if str(env.doc2path(d)).endswith(".ipynb")}
    for record in cache.list_cache_records():
        created = record.created if record.created.tzinfo else record.created.replace(tzinfo=timezone.utc)
        if str(Path(record.uri).resolve()) in wanted and created.timestamp() < newest:
            cache.remove_cache(record.pk)


def _note_notebook_inputs(app, doctree):
    env = app.env
    if str(env.doc2path(env.docname)).endswith(".ipynb"):
        for p in notebook_inputs():
            env.note_dependency(str(p))


def _use_source_data(app, config):
    folder = Path(app.srcdir) / "data"
    if project.DATA_DIR_ENV not in os.environ and (folder / "datapackage.json").is_file():
        os.environ[project.DATA_DIR_ENV] = str(folder.resolve())


def _kernel_edition(app, config):
    os.environ[EDITION_ENV] = edition_of(config)


def _set_output(app):
    fmt = getattr(app.builder, "format", "")
    if fmt in ("html", "latex"):
        os.environ[OUTPUT_ENV] = fmt
    else:
        os.environ.pop(OUTPUT_ENV, None)


#: Notebooks the LaTeX build does not execute: their print rendering comes from their directives.
PRINT_UNEXECUTED = ("notebooks/04-exercises.ipynb",)


def _print_excludes(app):
    """For the LaTeX builder, add :data:`PRINT_UNEXECUTED` to myst-nb's execution exclude patterns.

    Set on the configuration myst-nb made at builder-inited (this handler runs after it), not on
    ``app.config``: a changed config value would make Sphinx read every page again on the next build."""
    nb_config = getattr(app.env, "mystnb_config", None)
    if getattr(app.builder, "format", "") != "latex" or nb_config is None:
        return
    patterns = tuple(nb_config.execution_excludepatterns)
    app.env.mystnb_config = nb_config.copy(
        execution_excludepatterns=patterns + tuple(p for p in PRINT_UNEXECUTED if p not in patterns))


def register(app):
    os.environ[ENV] = "book"
    app.connect("config-inited", _use_source_data)
    app.connect("config-inited", _kernel_edition)
    app.connect("builder-inited", _set_output)
    app.connect("builder-inited", _print_excludes, priority=900)   # after myst-nb's create_mystnb_config (500)
    app.connect("env-before-read-docs", drop_stale_notebook_cache)
    app.connect("doctree-read", _note_notebook_inputs)
