"""The notebooks: stored clean, run headless in a live kernel and as the book runs them, and the static
exercises work in Chromium with the keyboard and without any outside request."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _read(path):
    return nbformat.read(path, as_version=4)


def test_the_four_notebooks_are_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["01-timeline", "02-public-opinion", "03-abductees", "04-exercises"]
    for n in names:
        assert f"notebooks/{n}" in files


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: outputs stored"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_pythia_template_and_setup_cell(path):
    nb = _read(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("## Overview", "## Prerequisites", "**Time to learn:**", "## Summary"):
        assert heading in text, f"{path.name}: missing {heading}"
    setup = nb.cells[0]
    assert setup.cell_type == "code" and "remove-cell" in setup.metadata.get("tags", [])
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert f'"{url}"' in setup.source  # the Colab cell clones the configured repository
    assert 'find_spec("abduction_issue") is None' in setup.source and '!= "book"' in setup.source


def test_exercise_sections_are_labelled():
    nb = _read(ROOT / "notebooks" / "04-exercises.ipynb")
    text = "\n".join(c.source for c in nb.cells)
    from abduction_issue.exercises import CHAPTERS
    for ch in CHAPTERS:
        assert f"(exercises-{ch})=" in text
        assert f'exercises.show_chapter("{ch}")' in text


def _execute(path, mode):
    nb = _read(path)
    env_before = os.environ.get("ABDUCTION_RENDER")
    os.environ["ABDUCTION_RENDER"] = mode
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("ABDUCTION_RENDER", None)
        else:
            os.environ["ABDUCTION_RENDER"] = env_before
    return nb


def _stderr(nb):
    return ["".join(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.get("output_type") == "stream" and o.get("name") == "stderr"]


def _mimetypes(nb):
    return [m for c in nb.cells if c.cell_type == "code" for o in c.outputs for m in o.get("data", {})]


@pytest.mark.slow   # executes the notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_headless_live(path):
    nb = _execute(path, "live")
    assert _stderr(nb) == [], f"{path.name} wrote to stderr in a live kernel (what JupyterLab shows)"
    types = _mimetypes(nb)
    if path.stem in ("01-timeline", "02-public-opinion", "04-exercises"):
        assert WIDGET_VIEW in types  # interactive in a kernel
    # figures carry alt text in their HTML
    for c in nb.cells:
        for o in c.get("outputs", []):
            html = o.get("data", {}).get("text/html", "")
            for img in re.findall(r"<img [^>]*>", html):
                assert re.search(r'alt="[^"]{40,}"', img)


@pytest.mark.slow   # executes the notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_headless_as_in_the_book(path):
    nb = _execute(path, "book")
    assert _stderr(nb) == [], f"{path.name} wrote to stderr as the book runs it"
    types = _mimetypes(nb)
    assert WIDGET_VIEW not in types and WIDGET_STATE not in json.dumps(nb.metadata)
    for c in nb.cells:
        for o in c.get("outputs", []):
            d = o.get("data", {})
            assert not (set(d) <= {"text/plain"} and "Box(" in d.get("text/plain", "")), "widget repr in book"
            html = d.get("text/html", "")
            if "aiq-question" in html:
                assert "text/markdown" in d  # the print version of the question
            elif "<img" in html:
                assert "application/pdf" in d or "image/png" in d  # a print rendering of the figure
            elif "<table" in html:   # a table prints as a table (issue 16: a Styler printed as its repr)
                assert "text/markdown" in d or "text/latex" in d, f"{path.name}: a table with no print rendering"
            printable = set(d) & {"text/markdown", "text/latex", "application/pdf", "image/png"}
            assert printable or not re.search(r"object at 0x|Styler at 0x", d.get("text/plain", "")), \
                f"{path.name}: an output prints as its repr: {d.get('text/plain', '')[:80]}"


# --------------------------------------------------------------------------- the built book in Chromium

def test_built_book_has_no_widget_state_and_alt_text(built_html):
    for name in ("01-timeline", "02-public-opinion", "03-abductees", "04-exercises"):
        page = (built_html / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert WIDGET_STATE not in page and WIDGET_VIEW not in page
        imgs = re.findall(r"<img [^>]*>", page)
        charts = [i for i in imgs if "data:image/png" in i]
        assert charts or name == "04-exercises"
        for img in charts:
            assert re.search(r'alt="[^"]{40,}"', img), img[:200]


@pytest.fixture(scope="module")
def server(built_html, tmp_path_factory):
    """The built book, plus a page of every kind of static question, on http://127.0.0.1:<port>/."""
    from abduction_issue import exercises as ex
    # Work on a copy: the shared build is crawled page by page by tests/test_site.py, which must not meet this test page.
    site = tmp_path_factory.mktemp("nbsite") / "html"
    shutil.copytree(built_html, site)
    extra = site / "_aiq_test"
    extra.mkdir()
    quiz = ex.static_quiz(ex.load_bank(Path(__file__).parent / "fixtures" / "bank"), quiz_id="aiq-fixture")
    (extra / "quiz.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>quiz</title></head>'
        f"<body><main>{quiz.html()}</main></body></html>", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    import urllib.request
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/index.html")
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("http.server exited")
            import time
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait()


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's one Playwright/Chromium (tests/conftest.py); two sync Playwright sessions cannot coexist."""
    return chromium


@pytest.fixture()
def page(browser, server):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    outside = [u for u in pg.requests if not (u.startswith(server + "/") or u.startswith("data:") or u.startswith("about:"))]
    assert outside == [], f"requests to other hosts: {outside}"
    ctx.close()


def _answer(data):
    """The right choice's index, as the page's grading data (grading.question_data) give it."""
    return next(i for i, c in enumerate(data["choices"]) if c["correct"])


def _question(pg, selector):
    q = pg.locator(selector).first
    data = json.loads(q.locator("script.aiq-data").text_content())
    return q, data


def test_static_exercise_click_wrong_then_right(page, server):
    page.goto(server + "/notebooks/02-public-opinion.html")
    q, data = _question(page, ".aiq-question")
    radios = q.locator("input[type=radio]")
    answer = _answer(data)
    wrong = (answer + 1) % radios.count()
    assert not q.locator(".aiq-reveal").is_visible()  # predict-then-reveal: the data stay hidden until answered
    assert "not counted in the score" in q.locator(".aiq-note").text_content()
    assert page.locator(".aiq-score").count() == 0   # a prediction alone: no score to keep
    page.click(f"label[for='{radios.nth(wrong).get_attribute('id')}']")
    q.locator("button.aiq-check").click()
    fb = q.locator(".aiq-feedback .aiq-text")
    assert fb.text_content().startswith("✘ Not quite.")
    assert data["choices"][wrong]["feedback"][len("Not quite. "):] in fb.text_content()  # explains why
    assert q.locator("button.aiq-retry").is_visible()
    assert q.locator(".aiq-reveal").is_visible()  # predict-then-reveal: the data appear
    radios.nth(answer).check()
    q.locator("button.aiq-check").click()
    assert fb.text_content().startswith("✔ Correct.")
    assert "aiq-correct" in q.get_attribute("class")
    assert q.locator("button.aiq-check").is_disabled()


def test_static_exercise_keyboard_only(page, server):
    page.goto(server + "/notebooks/02-public-opinion.html")
    q, data = _question(page, ".aiq-question")
    q.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")  # select the first choice
    for _ in range(_answer(data)):
        page.keyboard.press("ArrowDown")
    assert q.locator("input[type=radio]").nth(_answer(data)).is_checked()
    page.keyboard.press("Tab")  # to the Check button
    assert page.evaluate("document.activeElement.className") == "aiq-check"
    page.keyboard.press("Enter")
    assert q.locator(".aiq-feedback").text_content().startswith("✔ Correct.")
    assert page.evaluate("document.activeElement.classList.contains('aiq-feedback')")  # focus stays on the question
    live = q.locator(".aiq-feedback")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"


def test_static_order_and_match_with_keyboard(page, server):
    page.goto(server + "/_aiq_test/quiz.html")
    q, data = _question(page, ".aiq-question[data-qid='summit-fixture-order']")
    selects = q.locator("select")
    order = list(reversed(data["expected"]))
    for i in range(selects.count()):
        selects.nth(i).focus()
        selects.nth(i).select_option(order[i])  # what the arrow keys do on a focused select
    q.locator("button.aiq-check").focus()
    page.keyboard.press("Enter")
    assert q.locator(".aiq-feedback").text_content().startswith("✘ Not yet")
    assert q.locator(".aiq-part.aiq-bad").count() >= 2
    q.locator("button.aiq-retry").focus()
    page.keyboard.press("Enter")
    assert q.locator(".aiq-feedback").inner_text().strip() == ""
    for i, ev in enumerate(data["expected"]):
        selects.nth(i).select_option(ev)
    q.locator("button.aiq-check").focus()
    page.keyboard.press("Space")
    assert q.locator(".aiq-feedback").text_content().startswith("✔ Correct.")
    m, mdata = _question(page, ".aiq-question[data-qid='summit-fixture-match']")
    for i, sp in enumerate(mdata["expected"]):
        m.locator("select").nth(i).select_option(sp)
    m.locator("button.aiq-check").click()
    assert "aiq-correct" in m.get_attribute("class")
    assert "2 of 4 answered, 2 correct" in page.locator(".aiq-score").text_content()   # the prediction not counted


def test_opinion_prediction_comes_before_the_chart_that_answers_it():
    """02: the predict-then-reveal question (a bank question: one definition for widget, page and print) is
    asked before the opinion chart that reveals its answer; cell order is the order of every rendering."""
    nb = _read(ROOT / "notebooks" / "02-public-opinion.ipynb")
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    ask = [i for i, s in enumerate(code) if "backfire-predict-concern-after-2002" in s]
    reveal = [i for i, s in enumerate(code) if "opinion_series(" in s or "opinion_explorer(" in s]
    assert len(ask) == 1 and reveal
    assert ask[0] < min(reveal), "the prediction is asked after a chart that gives its answer away"
    assert "exercises.get(" in code[ask[0]] and "from_dict" not in "".join(code)
