"""Sphinx extension loaded by ``_config.yml``.

* Tells the notebook kernels they are being executed for the book
  (``ABDUCTION_RENDER=book``; see :mod:`abduction_issue.render`).
* Adds the Sphinx tag ``instructor`` or ``student`` from ``ABDUCTION_EDITION``
  so that ``{only}`` blocks select the course-pack edition.
"""
from __future__ import annotations

import os

from .render import EDITION_ENV, ENV, edition


def setup(app):
    os.environ[ENV] = "book"
    ed = edition()
    app.tags.add(ed)
    app.tags.add("edition_" + ed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
