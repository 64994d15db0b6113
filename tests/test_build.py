"""Issue 2: the book builds from a copy of the repository with -W, has a page for every _toc.yml entry,
and a first look in a real browser (landing page + one notebook page) is offline and error-free.
(The full per-page browser suite is tests/test_site.py.)"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


from conftest import student_docs, toc_docs  # noqa: E402  (shared with the PDF and site tests)


def test_book_builds_with_warnings_as_errors(built_book):
    proc, html = built_book
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    # -W turns Sphinx warnings into errors; make sure none slipped through as text either
    # (the kernel's "[IPKernelApp] WARNING | ... TCP" notice is not a Sphinx warning)
    sphinx_warnings = [line for line in (proc.stdout + proc.stderr).splitlines()
                       if "WARNING" in line and "[IPKernelApp]" not in line]
    assert sphinx_warnings == []
    assert (html / "index.html").is_file()


def test_a_page_for_every_toc_entry(built_html, book_copy):
    """Every page of the student edition (the instructor guide is checked in tests/test_editions.py)."""
    docs = student_docs(book_copy)
    assert len(docs) >= 10
    missing = [d for d in docs if not (built_html / f"{d}.html").is_file()]
    assert missing == []
    for d in docs:
        text = (built_html / f"{d}.html").read_text(encoding="utf-8")
        assert re.search(r"<h1\b", text), f"{d}.html has no title"
        assert "TODO" not in re.sub(r"<[^>]+>", "", text), f"{d}.html contains TODO"


@pytest.mark.browser
def test_browser_smoke_landing_and_notebook_page(built_html, book_copy, site_server, chromium):
    notebook = next(d for d in toc_docs(book_copy) if (book_copy / f"{d}.ipynb").is_file())
    for path in ("index.html", f"{notebook}.html"):
        external, errors = [], []
        context = chromium.new_context()

        def route(r, external=external):
            if urlparse(r.request.url).hostname in ("127.0.0.1", None) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()
        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        response = page.goto(site_server.url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        assert response.status == 200
        assert page.locator("h1").count() >= 1
        context.close()
        assert external == [], f"{path}: requests to other hosts"
        assert errors == [], f"{path}: page errors"


@pytest.mark.parametrize("has_math", [False, True])
def test_mathjax_is_pruned_only_when_no_page_has_math(tmp_path, has_math):
    from types import SimpleNamespace

    from abduction_issue.sphinxext.htmltheme import MATHJAX_DIR, prune_unused_mathjax
    mj = tmp_path.joinpath(*MATHJAX_DIR)
    mj.mkdir(parents=True)
    (mj / "tex-chtml.js").write_text("//")
    domain = SimpleNamespace(has_equations=lambda doc: has_math and doc == "chapters/b")
    env = SimpleNamespace(found_docs={"index", "chapters/b"}, get_domain=lambda name: domain)
    app = SimpleNamespace(env=env, outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    prune_unused_mathjax(app, None)
    assert mj.exists() is has_math


def test_each_chapter_ends_with_its_exercises_in_place(built_html):
    """Issue 14: a chapter's own exercise set is rendered where students read (static, with feedback), not only
    linked; every question of the chapter's bank file is there."""
    from abduction_issue import exercises
    pages = {"before-2002": "01-before-2002", "summit": "02-the-summit", "backfire": "03-the-backfire",
             "way-forward": "04-the-way-forward", "reading-sources": "05-reading-the-sources"}
    for chapter, page in pages.items():
        html = (built_html / "chapters" / f"{page}.html").read_text(encoding="utf-8")
        tail = html.split('id="exercises"', 1)
        assert len(tail) == 2, f"{page}: no Exercises section"
        n, shown = len(exercises.load_bank(chapter=chapter)), tail[1].count('class="aiq-question')
        assert shown == n >= 3, f"{page}: {shown} of {n} questions"
