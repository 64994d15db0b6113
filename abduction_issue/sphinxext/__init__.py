"""The book's one Sphinx extension (``_config.yml`` loads ``abduction_issue.sphinxext``, nothing else).

One module per kind of thing it adds, each with a ``register(app)`` that the one :func:`setup` calls (the
layout of sphinx-design and sphinxcontrib-bibtex).  A new role goes in ``roles``, a new directive in ``directives``,
a new print fix in ``transforms``:

================  ==========================================================================================
``roles``         the data roles ``{date}``, ``{count}``, ``{fact}``, ``{figure-value}``, ``{poll}`` (values
                  looked up by :func:`abduction_issue.facts.lookup`), ``{claim}`` and ``{guide}``
``directives``    the generated blocks (``key-dates``, ``abductee-table``, ... the guide's ``lesson-plan``,
                  ``answer-key``, ...), ``exercise-set`` (web and print renderings of a chapter's questions)
                  and ``chart`` (any chart of :data:`abduction_issue.charts.REGISTRY`)
``reading``       ``{reading-time}`` and ``{deep-dive}``: a chapter's reading times computed from its words
``dependencies``  what each page read (data files, the question bank, package modules), so Sphinx re-reads
                  exactly the pages a change affects
``language``      the build's language (English or Japanese): ``ABDUCTION_LANGUAGE`` for the package and the
                  kernels, and the header's link to the same page in the other language
``editions``      the edition switch: the config value ``abduction_edition`` (default: the environment
                  variable ``ABDUCTION_EDITION``, ``student``), the ``student``/``instructor`` tags, the
                  instructor-only pages dropped from the student edition's table of contents
``execution``     the notebook kernels' environment (``ABDUCTION_RENDER``, ``ABDUCTION_OUTPUT``,
                  ``ABDUCTION_EDITION``, ``ABDUCTION_DATA_DIR``), the stale-notebook-cache check, and the
                  exercises notebook left unexecuted for print (its ``exercise-set`` directives print it)
``transforms``    the LaTeX course pack's post-transforms (parts, captioned figures, live-version notes,
                  code hidden in print)
``latex``         the course pack's style file and the edition and citation macros from ``CITATION.cff``
``bibtex``        sphinxcontrib-bibtex set up with lettered years (2002a, 2002b) and a cached plugin lookup
``htmltheme``     the online book's theme, accessibility and offline fixes, and unused assets pruned
================  ==========================================================================================
"""
from __future__ import annotations

from .. import __version__
from . import bibtex, directives, editions, execution, htmltheme, language, latex, reading, roles, transforms
from .editions import INSTRUCTOR_DOCS, instructor_only_docs  # noqa: F401  (tests and scripts use them)


def setup(app):
    for module in (language, editions, execution, roles, directives, reading, transforms, latex, bibtex, htmltheme):
        module.register(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
