"""Issue 7: the online book in a real browser: offline, accessible, launchable.

Every page of the built site (a ``-W`` build of a copy of the repository, ``built_html``) is opened in
headless Debian Chromium (Playwright, ``executable_path=/usr/bin/chromium``; never ``playwright install``),
served by ``python -m http.server`` on 127.0.0.1. Requests to any other host are aborted and recorded.
Pages are discovered from the build, so the checks grow with the book.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

#: alt texts that say nothing about the picture
GENERIC_ALT = {"image", "img", "figure", "fig", "chart", "plot", "graph", "picture", "photo", "png", "svg",
               "output", "logo", "icon", "untitled"}


# --------------------------------------------------------------------------- helpers

def site_pages(html_root: Path) -> list[str]:
    """Every HTML page of the site (relative paths), theme partials under _static excluded."""
    return sorted(p.relative_to(html_root).as_posix() for p in html_root.rglob("*.html")
                  if "_static" not in p.relative_to(html_root).parts)


from conftest import SiteServer  # noqa: E402
from conftest import student_docs  # noqa: E402
from conftest import toc_docs as toc_files  # noqa: E402


def notebook_docs(repo: Path) -> list[str]:
    """The ``_toc.yml`` entries whose source is a Jupyter notebook (.ipynb)."""
    return [f for f in toc_files(repo) if (repo / f"{f}.ipynb").is_file()]


def repo_config(repo: Path) -> dict:
    cfg = yaml.safe_load((repo / "_config.yml").read_text(encoding="utf-8"))
    rep, launch = cfg["repository"], cfg["launch_buttons"]
    org, name = urlparse(rep["url"]).path.strip("/").split("/")[:2]
    return {"host": urlparse(rep["url"]).hostname, "org": org, "repo": name, "branch": rep.get("branch", "main"),
            "path": (rep.get("path_to_book") or "").strip("/"),
            "binder": launch["binderhub_url"].rstrip("/"), "colab": launch["colab_url"].rstrip("/"),
            "interface": launch.get("notebook_interface", "classic")}


def alt_problem(alt: str | None, src: str, *, content: bool) -> str | None:
    """Why ``alt`` is not a meaningful text alternative (None if it is)."""
    if alt is None:
        return "no alt attribute"
    text = " ".join(alt.split())
    if not text:
        return "empty alt"
    if text.lower() in GENERIC_ALT:
        return f"generic alt {text!r}"
    if re.fullmatch(r"[\w.\-/%]+\.(png|jpe?g|svg|gif|webp)", text, re.I) or (len(text) > 8 and text in src):
        return f"alt is a file name: {text!r}"
    if text.startswith("<Figure size") or text.startswith("<matplotlib"):
        return f"alt is a Python repr: {text!r}"
    if content and len(text.split()) < 3:
        return f"alt too short to describe a figure: {text!r}"
    return None


def luminance(css_color: str) -> tuple[float, float]:
    """(relative luminance, alpha) of a computed ``rgb()/rgba()`` colour."""
    nums = [float(x) for x in re.findall(r"[\d.]+", css_color)]
    if len(nums) < 3:
        return 0.0, 0.0
    r, g, b = (c / 255 for c in nums[:3])
    alpha = nums[3] if len(nums) > 3 else 1.0

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b), alpha


AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact,
      nodes: v.nodes.map(n => n.target.join(' ') + '  ' + n.html.slice(0, 160))}));
}"""

IMAGES = """() => [...document.querySelectorAll('img')].map(img => ({
  src: (img.getAttribute('src') || '').slice(0, 120), alt: img.getAttribute('alt'),
  loaded: img.complete && img.naturalWidth > 0, content: !!img.closest('.bd-article')}))"""

# min alpha of the decoded pixels (same-origin or data: images, so the canvas is readable) and the
# computed background of every content image
FIGURE_PIXELS = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('.bd-article img')) {
    try { await img.decode(); } catch (e) {}
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    let minAlpha = -1;
    if (c.width && c.height) {
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      minAlpha = 255;
      for (let i = 3; i < d.length; i += 4) if (d[i] < minAlpha) minAlpha = d[i];
    }
    out.push({src: (img.getAttribute('src') || '').slice(0, 80), alt: (img.alt || '').slice(0, 60),
              minAlpha, background: getComputedStyle(img).backgroundColor});
  }
  return out;
}"""


@dataclass
class Visit:
    page: str
    external: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    http_errors: list = field(default_factory=list)
    axe: dict = field(default_factory=dict)          # mode -> violations
    images: list = field(default_factory=list)
    theme_after_toggle: str = ""
    body_background_dark: str = ""
    figures_dark: list = field(default_factory=list)


def open_page(browser, server, path: str, visit: Visit):
    """A new context + page with every listener attached; other hosts are aborted (and recorded)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            visit.external.append(r.request.url)
            r.abort()
    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.on("response", lambda r: visit.http_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server.url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page


def toggle_dark(page) -> str:
    """Click the theme's colour-mode button until the page is dark; returns the final data-theme."""
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        page.locator(".theme-switch-button:visible").first.click()
        page.wait_for_timeout(100)
    return page.evaluate("document.documentElement.dataset.theme")


# --------------------------------------------------------------------------- the crawl (once per module)

@pytest.fixture(scope="module")
def visits(built_html, site_server, chromium) -> dict[str, Visit]:
    assert AXE.is_file(), "axe-core missing: run `npm ci`"
    axe_src = AXE.read_text(encoding="utf-8")
    out = {}
    for rel in site_pages(built_html):
        v = Visit(rel)
        pos = site_server.log_position()
        context, page = open_page(chromium, site_server, rel, v)
        try:
            page.add_script_tag(content=axe_src)
            v.axe["light"] = page.evaluate(AXE_RUN)
            v.images = page.evaluate(IMAGES)
            # measure the final dark colours, not a frame of the theme's colour transition
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
            v.theme_after_toggle = toggle_dark(page)
            page.wait_for_timeout(300)
            v.body_background_dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
            v.axe["dark"] = page.evaluate(AXE_RUN)
            v.figures_dark = page.evaluate(FIGURE_PIXELS)
            page.wait_for_load_state("networkidle")
        finally:
            context.close()
        v.http_errors += [f"server: {line}" for line in site_server.errors_since(pos)]
        out[rel] = v
    return out


def failures(visits, attr) -> dict:
    return {p: getattr(v, attr) for p, v in visits.items() if getattr(v, attr)}


# --------------------------------------------------------------------------- every page

def test_every_page_of_the_book_is_visited(visits, built_html, book_copy):
    for doc in student_docs(book_copy):
        assert f"{doc}.html" in visits, f"{doc}: in _toc.yml but no page was built/visited"
    assert "search.html" in visits and "genindex.html" in visits


def test_no_request_to_any_other_host(visits):
    assert failures(visits, "external") == {}


def test_no_console_errors(visits):
    assert failures(visits, "console_errors") == {}


def test_no_page_errors(visits):
    assert failures(visits, "page_errors") == {}


def test_no_http_errors(visits):
    """No 404 (or any 4xx/5xx) seen by the browser or logged by the server, favicon included."""
    assert failures(visits, "http_errors") == {}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_no_critical_or_serious_violations(visits, mode):
    bad = {}
    for page, v in visits.items():
        found = [f"{x['impact']} {x['id']}: {x['nodes'][:3]}" for x in v.axe[mode] if x["impact"] in BLOCKING]
        if found:
            bad[page] = found
    assert bad == {}


def test_every_image_has_meaningful_alt_text(visits):
    bad = {}
    for page, v in visits.items():
        problems = []
        for img in v.images:
            why = alt_problem(img["alt"], img["src"], content=img["content"])
            if why:
                problems.append(f"{img['src']}: {why}")
            if not img["loaded"]:
                problems.append(f"{img['src']}: image did not load")
        if problems:
            bad[page] = problems
    assert bad == {}


def test_dark_mode_toggle_works_and_figures_stay_opaque(visits):
    n_figures = 0
    for page, v in visits.items():
        assert v.theme_after_toggle == "dark", f"{page}: the colour-mode button did not switch to dark"
        lum, _ = luminance(v.body_background_dark)
        assert lum < 0.1, f"{page}: dark mode but the page background is {v.body_background_dark}"
        for fig in v.figures_dark:
            n_figures += 1
            bg_lum, bg_alpha = luminance(fig["background"])
            opaque_pixels = fig["minAlpha"] == 255
            light_backing = bg_alpha == 1.0 and bg_lum > 0.8
            assert opaque_pixels or light_backing, (
                f"{page}: figure {fig['alt']!r} has transparent pixels (min alpha {fig['minAlpha']}) "
                f"on a {fig['background']} background in dark mode")
    assert n_figures > 0, "no figure found on any page; the dark-mode figure check checked nothing"


# --------------------------------------------------------------------------- search

def test_search_works_offline(built_html, site_server, chromium):
    v = Visit("search.html")
    pos = site_server.log_position()
    context, page = open_page(chromium, site_server, "search.html", v)
    try:
        word = "abduction"                      # the module's subject: on most pages
        box = page.locator("input[name=q]:visible").first
        box.fill(word)
        box.press("Enter")
        page.wait_for_url(re.compile(r"search\.html\?q="))
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=15000)
        hrefs = [a.get_attribute("href") for a in page.locator("#search-results ul.search li a").all()]
        assert len(hrefs) >= 3, f"searching {word!r} found only {hrefs}"
        for href in hrefs:
            target = urlparse(href).path
            assert (built_html / target).is_file(), f"search result links to a missing page: {href}"
        # a word that is in no page gives no result (the search really searches)
        page.goto(site_server.url + "search.html?q=qzxjvw", wait_until="load")
        page.locator("#search-results p.search-summary, #search-results .search-summary").first.wait_for(timeout=15000)
        assert page.locator("#search-results ul.search li").count() == 0
    finally:
        context.close()
    assert v.external == [] and v.page_errors == [] and v.console_errors == []
    assert site_server.errors_since(pos) == [] and v.http_errors == []


# --------------------------------------------------------------------------- launch and download buttons

def launch_links(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    group = soup.select(".dropdown-launch-buttons a[href]")
    return [a["href"] for a in group]


def parse_launch(url: str, cfg: dict) -> tuple[str, str]:
    """(provider, repository path) of a Binder or Colab launch URL, checked against _config.yml."""
    u = urlparse(url)
    if url.startswith(cfg["binder"] + "/"):
        m = re.fullmatch(r"/v2/gh/([^/]+)/([^/]+)/([^/]+)", u.path)
        assert m, f"unexpected Binder URL {url}"
        assert m.groups() == (cfg["org"], cfg["repo"], cfg["branch"]), url
        prefix = {"jupyterlab": "lab/tree/", "classic": "tree/"}[cfg["interface"]]
        urlpath = parse_qs(u.query)["urlpath"][0]
        assert urlpath.startswith(prefix), f"Binder does not open {cfg['interface']}: {url}"
        return "binder", urlpath[len(prefix):]
    if url.startswith(cfg["colab"] + "/"):
        m = re.fullmatch(r"/github/([^/]+)/([^/]+)/blob/([^/]+)/(.+)", u.path)
        assert m, f"unexpected Colab URL {url}"
        assert m.groups()[:3] == (cfg["org"], cfg["repo"], cfg["branch"]), url
        return "colab", m.group(4)
    raise AssertionError(f"launch link to an unknown service: {url}")


def test_launch_buttons_on_every_notebook_page(built_html, book_copy):
    cfg = repo_config(book_copy)
    notebooks = notebook_docs(book_copy)
    assert notebooks, "no .ipynb page in _toc.yml"
    for doc in notebooks:
        html = (built_html / f"{doc}.html").read_text(encoding="utf-8")
        found = dict(parse_launch(url, cfg) for url in launch_links(html))
        expected = f"{cfg['path'] + '/' if cfg['path'] else ''}{doc}.ipynb"
        assert found == {"binder": expected, "colab": expected}, f"{doc}: launch buttons {found}"


def test_every_launch_url_names_a_notebook_in_the_repository(built_html, book_copy):
    cfg = repo_config(book_copy)
    n = 0
    for page in site_pages(built_html):
        for url in launch_links((built_html / page).read_text(encoding="utf-8")):
            provider, path = parse_launch(url, cfg)
            n += 1
            assert (book_copy / path).is_file(), f"{page}: {provider} opens {path}, which is not in the repository"
            assert path.endswith(".ipynb"), f"{page}: {provider} cannot open {path} as a notebook"
    assert n >= 2 * len(notebook_docs(book_copy))


def test_download_buttons(built_html, site_server, chromium, book_copy):
    """Every notebook page offers its .ipynb (served, valid nbformat) and a .pdf of the page.

    The .pdf button is the theme's print-to-PDF (the page's own print stylesheet), which works offline;
    the printed course pack is a separate build (`make pdf`)."""
    from bs4 import BeautifulSoup

    for doc in notebook_docs(book_copy):
        soup = BeautifulSoup((built_html / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select(".dropdown-download-buttons a[href]")]
        ipynb = [h for h in links if h.endswith(".ipynb")]
        assert ipynb, f"{doc}: no .ipynb download"
        target = (built_html / doc).parent / ipynb[0]
        nb = json.loads(target.read_text(encoding="utf-8"))
        assert nb["nbformat"] == 4 and nb["cells"], f"{doc}: {ipynb[0]} is not a notebook"
        assert soup.select(".dropdown-download-buttons .btn-download-pdf-button"), f"{doc}: no .pdf button"

    doc = notebook_docs(book_copy)[0]
    v = Visit(doc)
    context, page = open_page(chromium, site_server, f"{doc}.html", v)
    try:
        page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
        page.locator(".dropdown-download-buttons button.dropdown-toggle").first.click()
        page.locator(".btn-download-pdf-button").first.click()
        assert page.evaluate("window.__printed") == 1
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    finally:
        context.close()
    assert v.external == [] and v.page_errors == []


# --------------------------------------------------------------------------- vendored assets

def test_pages_reference_no_script_or_style_on_other_hosts(built_html):
    """Static complement of the crawl: nothing a reader's click could pull from a CDN."""
    bad = {}
    pattern = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I)
    for page in site_pages(built_html):
        text = (built_html / page).read_text(encoding="utf-8")
        hits = [m.group(0)[:120] for m in pattern.finditer(text) if "rel=\"stylesheet\"" in m.group(0)
                or not m.group(0).lower().startswith("<link")]
        hits += re.findall(r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)[^\"' ]*", text)
        if hits:
            bad[page] = hits
    assert bad == {}


def test_vendored_assets_are_pruned():
    """scripts/vendor-assets.sh copies only the MathJax parts the site could load (issue 7)."""
    vendor = ROOT / "_vendor_static" / "vendor"
    files = [p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file()]
    assert files, "nothing vendored"
    assert not [p for p in vendor.rglob("*.map")], "source maps vendored"
    combined = [f for f in files if re.fullmatch(r"mathjax/[^/]+\.js", f)]
    assert combined == ["mathjax/tex-chtml.js"], f"unused MathJax builds vendored: {combined}"
    langs = {Path(f).stem for f in files if f.startswith("mathjax/sre/mathmaps/")}
    assert langs <= {"base", "en"}, f"speech rules for other languages vendored: {langs}"


def test_no_page_has_math_so_no_mathjax_is_shipped(built_html):
    """Issue 15: no asset that no page uses. No page has mathematics, so the ~4 MB of MathJax stays out of
    the site and no page loads it (abduction_issue.sphinxext prunes it; an equation brings it back)."""
    assert not [p for p in (built_html / "_static").rglob("*.map")], "source maps shipped"
    assert not (built_html / "_static" / "vendor" / "mathjax").exists(), "MathJax shipped but no page has math"
    loading = [p for p in site_pages(built_html) if "mathjax" in (built_html / p).read_text(encoding="utf-8").lower()]
    assert loading == [], f"pages loading MathJax: {loading}"


@pytest.fixture(scope="module")
def math_site(built_html, tmp_path_factory):
    """The built site plus the vendored MathJax, as it ships once a page has an equation."""
    root = tmp_path_factory.mktemp("mathsite") / "html"
    shutil.copytree(built_html, root)
    shutil.copytree(ROOT / "_vendor_static" / "vendor" / "mathjax", root / "_static" / "vendor" / "mathjax")
    server = SiteServer(root, root.parent / "access.log")
    yield server
    server.close()


def test_vendored_mathjax_typesets_offline(math_site, chromium):
    """The book's MathJax (``mathjax_path``; no page has math yet, so it is exercised here) renders TeX,
    autoloads TeX extensions, and loads everything its menu can ask for (accessibility explorer with
    English speech, SVG renderer, safe mode) from the site itself."""
    site_server = math_site
    v = Visit("index.html")
    context, page = open_page(chromium, site_server, "index.html", v)
    pos = site_server.log_position()
    try:
        page.evaluate("""() => {
          const d = document.createElement('div'); d.id = 'mj-test';
          d.textContent = '\\\\(\\\\frac{a}{b} + \\\\color{red}{x} + \\\\cancel{y}\\\\)';
          document.querySelector('.bd-article').appendChild(d);
          window.MathJax = {loader: {load: ['a11y/explorer', 'output/svg', 'ui/safe']}};
        }""")
        page.add_script_tag(url=site_server.url + "_static/vendor/mathjax/tex-chtml.js")
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("async () => { await MathJax.startup.promise; await MathJax.typesetPromise(); }")
        page.wait_for_load_state("networkidle")
        math = page.locator("#mj-test > mjx-container")
        assert math.count() == 1
        assert page.locator("#mj-test mjx-merror").count() == 0, "TeX error (extension not loaded?)"
        speech = math.get_attribute("aria-label") or ""
        assert "Fraction" in speech and "CrossOut" in speech, f"no English speech: {speech!r}"
    finally:
        context.close()
    served = site_server.log.read_text(encoding="utf-8", errors="replace")
    for needed in ("input/tex/extensions/cancel.js", "sre/mathmaps/en.json", "output/svg.js", "a11y/explorer.js"):
        assert f"/_static/vendor/mathjax/{needed} HTTP/1.1\" 200" in served, f"{needed} not served"
    assert v.external == [] and v.page_errors == []
    assert site_server.errors_since(pos) == [] and v.http_errors == []
