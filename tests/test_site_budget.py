"""Issue 15: the built site's size budgets, measured the way ``make bench`` measures them (scripts/bench.py).

Sizes, not times: the site (everything in _build/html) is at most 8 MB and the heaviest page, counted with
every file it makes the browser fetch (scripts, stylesheets, images, the fonts its stylesheets load), at most
1.5 MB. The speed goals stay in ``make bench``.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("abduction_bench", ROOT / "scripts" / "bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bench = _bench()


# --------------------------------------------------------------------------- the measuring function itself

@pytest.fixture
def tiny_site(tmp_path):
    site = tmp_path / "html"
    (site / "_static" / "fonts").mkdir(parents=True)
    (site / "_static" / "img").mkdir()
    (site / "sub").mkdir()

    def put(rel, size):
        (site / rel).write_bytes(b"x" * size)

    put("_static/app.js", 1000)
    put("_static/fonts/face.woff2", 300)
    put("_static/fonts/face.ttf", 5000)            # a fallback after the woff2: never fetched
    put("_static/img/bg.png", 70)
    put("_static/unused.js", 100000)               # shipped, loaded by no page
    put("_static/icon.svg", 20)
    put("data.csv", 40000)                         # a download link, not a load
    (site / "_static" / "theme.css").write_text(
        "@font-face{font-family:F;src:url(fonts/face.woff2) format('woff2'),url(fonts/face.ttf) format('truetype')}"
        ".x{background:url('img/bg.png')}.y{background:url(data:image/png;base64,AAAA)}", encoding="utf-8")
    page = ('<html><head><link href="../_static/theme.css?digest=1" rel="stylesheet" />'
            '<link rel="icon" href="../_static/icon.svg"><script defer src="../_static/app.js?v=2"></script>'
            '<script src="https://cdn.example.org/x.js"></script></head><body>'
            '<a href="../data.csv">data</a><a href="../index.html">home</a>'
            '<img src="data:image/png;base64,AAAA" alt="an embedded chart"></body></html>')
    (site / "sub" / "page.html").write_text(page, encoding="utf-8")
    (site / "index.html").write_text("<html><body>home</body></html>", encoding="utf-8")
    return site


def test_page_weight_counts_what_the_page_loads_and_nothing_else(tiny_site):
    page = tiny_site / "sub" / "page.html"
    css = (tiny_site / "_static" / "theme.css").stat().st_size
    expected = page.stat().st_size + css + 1000 + 300 + 70 + 20   # page, css, js, woff2, css image, icon
    assert bench.page_weight(page, tiny_site) == expected
    figures = bench.site_figures(tiny_site)
    assert figures["heaviest page name"] == "sub/page.html"
    assert figures["site size"] * bench.MB == sum(p.stat().st_size for p in tiny_site.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- the built book

@pytest.mark.slow
def test_site_and_heaviest_page_within_budget(built_html):
    figures = bench.site_figures(built_html)
    site_goal, heaviest_goal = bench.GOALS["site size"][0], bench.GOALS["heaviest page"][0]
    assert figures["site size"] <= site_goal, f"site {figures['site size']:.2f} MB > {site_goal} MB"
    assert figures["heaviest page"] <= heaviest_goal, (
        f"{figures['heaviest page name']}: {figures['heaviest page']:.2f} MB with what it loads > {heaviest_goal} MB")


@pytest.mark.slow
def test_no_page_loads_the_icon_script_and_unused_theme_files_are_not_shipped(built_html):
    """The icons come from the theme's stylesheet and its woff2 font; what no page loads is not shipped."""
    static = built_html / "_static"
    pages = [p for p in built_html.rglob("*.html") if static not in p.parents]
    assert not [p for p in pages if "fontawesome.js" in p.read_text(encoding="utf-8")]
    for gone in ("scripts/fontawesome.js", "locales", "sphinx-thebe.js", "webpack-macros.html"):
        assert not (static / gone).exists(), f"_static/{gone} is shipped but no page loads it"
    assert not list(static.rglob("*.ttf")) and not list(static.rglob("*.map"))
    # every icon face a page uses is shipped (the solid one on every page: search, menu, colour mode)
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    fonts = static / "vendor" / "fontawesome" / "webfonts"
    for cls, font in (("fa-solid", "fa-solid-900.woff2"), ("fa-regular", "fa-regular-400.woff2"),
                      ("fa-brands", "fa-brands-400.woff2")):
        if re.search(r'class="(?:[^"]*\s)?' + cls + r'[\s"]', text):
            assert (fonts / font).is_file(), f"pages use {cls} but {font} is not shipped"
    assert (fonts / "fa-solid-900.woff2").is_file()
