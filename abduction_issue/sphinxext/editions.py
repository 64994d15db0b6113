"""Two editions from one source: the student edition (the default) and the instructor edition.

The edition is the Sphinx config value ``abduction_edition``; its default is the environment variable
``ABDUCTION_EDITION`` (``student`` when unset), which the make targets and ``scripts/build-pdf.sh`` set, so a
build needs no configuration change.  Being a config value, a change of edition makes Sphinx re-read every
page (it is an ``"env"`` value).  The notebook kernels still read the environment variable; :mod:`.execution`
sets it to the config value before they start.

* the tags ``student``/``instructor`` and ``edition_student``/``edition_instructor`` select ``{only}`` blocks;
* the student edition drops the instructor-only pages (:data:`INSTRUCTOR_DOCS` and every page under them in
  ``_toc.yml``) from the parsed table of contents and from the build;
* ``{guide}`` (:mod:`.roles`) links into the guide only in the instructor edition.
"""
from __future__ import annotations

import os

from ..render import EDITION_ENV

CONFIG_NAME = "abduction_edition"
EDITIONS = ("student", "instructor")

#: Pages only the instructor edition has (with every page under them in _toc.yml): lesson plans,
#: facilitation notes, answer keys, the assessment rubric.
INSTRUCTOR_DOCS = ("chapters/instructor-guide",)


def edition_of(config) -> str:
    """The edition a build makes (``student`` or ``instructor``), from its config."""
    value = str(getattr(config, CONFIG_NAME, "student") or "student").strip().lower()
    if value not in EDITIONS:
        raise ValueError(f"{CONFIG_NAME} (or {EDITION_ENV}) must be 'student' or 'instructor', not {value!r}")
    return value


def instructor_only_docs(site_map) -> set[str]:
    """Every docname of ``site_map`` (sphinx-external-toc) that belongs to the instructor edition only."""
    out: set[str] = set()

    def collect(doc):
        if doc in site_map and doc not in out:
            out.add(doc)
            for child in site_map[doc].child_files():
                collect(str(child))
    for doc in INSTRUCTOR_DOCS:
        collect(doc)
    return out


def _add_tags(app, config):
    ed = edition_of(config)
    app.tags.add(ed)
    app.tags.add("edition_" + ed)


def _edition_toc(app, config):
    """One _toc.yml, two editions: the student edition (the default: ``make book``, ``make pdf``) drops the
    instructor-only pages from the parsed table of contents and from the build; the instructor edition
    (``make book-instructor``, ``make pdf-instructor``) keeps everything.
    Runs after sphinx-external-toc has parsed _toc.yml (its handler has priority 900)."""
    site_map = getattr(config, "external_site_map", None)
    if edition_of(config) == "instructor" or site_map is None:
        return
    drop = instructor_only_docs(site_map)
    for name in list(site_map):
        if name in drop:
            continue
        for tree in site_map[name].subtrees:
            tree.items = [i for i in tree.items if str(i) not in drop]
        site_map[name].subtrees = [t for t in site_map[name].subtrees if t.items]
    for name in drop:
        del site_map[name]
    config.exclude_patterns = [*config.exclude_patterns, *(f"{d}.*" for d in sorted(drop)),
                               *(f"{d}/**" for d in sorted(drop))]


def register(app):
    app.add_config_value(CONFIG_NAME, os.environ.get(EDITION_ENV, "student").strip().lower() or "student", "env",
                         types=[str])
    app.connect("config-inited", _add_tags, priority=100)
    app.connect("config-inited", _edition_toc, priority=901)
