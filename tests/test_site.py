"""Issue 7: the online book in a real browser: offline, accessible, launchable.

Every page of the built site (a ``-W`` build of a copy of the repository, ``built_html``) is opened in
headless Debian Chromium (Playwright, ``executable_path=/usr/bin/chromium``; never ``playwright install``),
served by ``python -m http.server`` on 127.0.0.1. Requests to any other host are aborted and recorded.
Pages are discovered from the build, so the checks grow with the book.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
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
    # words: spaced words, or for Japanese (no spaces) about two characters a word
    words = max(len(text.split()), len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text)) // 2)
    if content and words < 3:
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


#: A phone (issue 16): 390 x 844 CSS px, touch, mobile layout and overlay scrollbars.
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def open_page(browser, server, path: str, visit: Visit, device: dict | None = None):
    """A new context + page with every listener attached; other hosts are aborted (and recorded)."""
    context = browser.new_context(**(device or DESKTOP))

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


@contextmanager
def one_tab(browser, server, visit: Visit, options=None):
    """One tab that a test walks from page to page, as a reader clicking through the site would: ``go(rel)``
    opens the page (the first call opens the tab, with every listener of :func:`open_page`) and returns it."""
    state = {}

    def go(rel: str):
        if "page" not in state:
            state["context"], state["page"] = open_page(browser, server, rel, visit, *([options] if options else []))
        else:
            state["page"].goto(server.url + rel, wait_until="load")
            state["page"].wait_for_load_state("networkidle")
        return state["page"]
    try:
        yield go
    finally:
        if "context" in state:
            state["context"].close()



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
    # (MyST-NB marks notebook sections "mathjax_ignore": a class, not a load)
    loads = re.compile(r"<script\b[^>]*(?:src=\"[^\"]*mathjax|>[^<]*MathJax)", re.I)
    loading = [p for p in site_pages(built_html) if loads.search((built_html / p).read_text(encoding="utf-8"))]
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


# --------------------------------------------------------------------------- phone (issue 16)

SIDEBARS = {"primary": "pst-primary-sidebar-modal", "secondary": "pst-secondary-sidebar-modal"}

DIALOG_STATE = """id => { const d = document.getElementById(id); if (!d) return null;
  const r = d.getBoundingClientRect();
  const links = [...d.querySelectorAll('a[href]')].filter(a => a.getClientRects().length).length;
  return {open: d.open, width: r.width, left: r.left, right: r.right, links,
          focusInside: d.contains(document.activeElement)}; }"""

ACTIVE_IS = "el => el === document.activeElement"


def visible_toggle(page, kind):
    """The one ``.{kind}-toggle`` a reader can see and touch (None if the page has none)."""
    toggles = page.locator(f".{kind}-toggle:visible")
    n = toggles.count()
    assert n <= 1, f"{n} visible {kind} toggles"
    return toggles.first if n else None


def check_sidebar_opens_and_closes(page, kind: str, tooltips: bool = False) -> list[str]:
    """Touch: tap the toggle -> open; tap the backdrop -> closed; tap -> open; Escape -> closed.
    Keyboard: focus the toggle, Enter -> open with focus inside; Escape -> closed, focus back on the toggle.
    With ``tooltips``: no tooltip is left over the page after the touch round (it takes 0.7 s to see)."""
    problems = []
    dialog = SIDEBARS[kind]
    button = visible_toggle(page, kind)
    if button is None:
        return [f"no visible {kind} toggle"]

    def state():
        return page.evaluate(DIALOG_STATE, dialog)

    def expect_open(how):
        page.wait_for_timeout(150)
        st = state()
        if not (st and st["open"] and st["width"] > 150 and st["links"] > 0):
            problems.append(f"{kind} sidebar not open after {how}: {st}")
        return st

    def expect_closed(how):
        page.wait_for_timeout(150)
        st = state()
        if st is None or st["open"]:
            problems.append(f"{kind} sidebar still open after {how}")

    button.tap()
    st = expect_open("a tap on the toggle")
    if st and st["open"]:
        # tap outside the panel (on the backdrop)
        x = st["right"] + 20 if st["right"] + 20 < 390 else st["left"] - 20
        page.touchscreen.tap(x, 600)
        expect_closed("a tap on the backdrop")
        if tooltips:
            page.wait_for_timeout(700)
            shown = page.locator(".tooltip.show")
            if shown.count():
                problems.append(f"a tooltip stays over the page after a tap: {shown.first.inner_text()!r}")
    button.tap()
    if expect_open("a second tap on the toggle")["open"]:
        page.keyboard.press("Escape")
        expect_closed("Escape")
    button.focus()
    page.keyboard.press("Enter")
    st = expect_open("Enter on the toggle")
    if st["open"] and not st["focusInside"]:
        problems.append(f"{kind} sidebar opened by Enter but focus is not inside it")
    page.keyboard.press("Escape")
    expect_closed("Escape (keyboard)")
    if not button.evaluate(ACTIVE_IS):
        problems.append(f"focus did not return to the {kind} toggle after Escape")
    return problems


def test_phone_navigation_opens_and_closes_on_every_page(built_html, site_server, chromium):
    """At 390 px the site navigation (left) opens and closes by touch and keyboard on every page, and so does
    the page's table of contents (right) wherever the page shows its toggle."""
    v = Visit("phone")
    bad, n_secondary = {}, 0
    with one_tab(chromium, site_server, v, PHONE) as go:
        for rel in site_pages(built_html):
            page = go(rel)
            first = rel == "chapters/01-before-2002.html"
            problems = check_sidebar_opens_and_closes(page, "primary", tooltips=first)
            if visible_toggle(page, "secondary") is not None:
                n_secondary += 1
                problems += check_sidebar_opens_and_closes(page, "secondary", tooltips=first)
            if problems:
                bad[rel] = problems
    assert bad == {}
    assert n_secondary >= 5, f"only {n_secondary} pages offered the on-this-page toggle"
    assert v.external == [] and v.page_errors == [] and v.console_errors == []


def test_wide_screen_sidebar_toggle_collapses_and_restores(site_server, chromium):
    """At 1280 px the visible ☰ (sphinx-book-theme's) hides and shows the left sidebar (same forwarding)."""
    v = Visit("chapters/01-before-2002.html")
    context, page = open_page(chromium, site_server, v.page, v)
    try:
        sidebar = page.locator("#pst-primary-sidebar")
        assert sidebar.is_visible()
        visible_toggle(page, "primary").click()
        page.wait_for_timeout(300)
        assert not sidebar.is_visible(), "the sidebar did not collapse"
        assert page.evaluate(DIALOG_STATE, SIDEBARS["primary"])["open"] is False, "a dialog opened on a wide screen"
        visible_toggle(page, "primary").click()
        page.wait_for_timeout(300)
        assert sidebar.is_visible(), "the sidebar did not come back"
    finally:
        context.close()
    assert v.page_errors == []


# what every page looks like at 390 px: overflow, scroll hints, fixed elements, figures
PHONE_LAYOUT = """() => {
  const article = document.querySelector('.bd-article');
  if (!article) return null;
  const vis = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = {docWidth: document.documentElement.scrollWidth, viewWidth: window.innerWidth,
               scrollers: [], clipped: [], wide: [], cards: [...article.querySelectorAll('table.abd-cards')].filter(vis).length};
  const artRight = article.getBoundingClientRect().right;
  for (const el of article.querySelectorAll('*')) {
    if (!vis(el) || el.closest('.visually-hidden, .sr-only, mjx-container, dialog')) continue;
    const s = getComputedStyle(el);
    const over = el.scrollWidth - el.clientWidth > 1;
    if (over && (s.overflowX === 'auto' || s.overflowX === 'scroll')) {
      const frame = el.parentElement;
      const after = frame ? getComputedStyle(frame, '::after') : null;
      out.scrollers.push({el: name(el).slice(0, 80), marked: el.classList.contains('abd-scrolls-x'),
        scrollbar: el.offsetHeight - el.clientHeight - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth),
        fade: !!(frame && frame.classList.contains('abd-more-right') && after.content !== 'none' && after.opacity === '1'),
        note: !!(frame && frame.querySelector(':scope > .abd-scroll-note:not([hidden])')),
        table: !!el.querySelector('table')});
    } else if (over && (s.overflowX === 'hidden' || s.overflowX === 'clip') && s.textOverflow !== 'ellipsis'
               && el.matches('table, figure, img, pre, .cell_output, .output, .cell_output *, .output *, .table-wrapper, .pst-scrollable-table-container')) {
      out.clipped.push(name(el).slice(0, 80));
    }
    if (el.matches('img, table, figure') && el.getBoundingClientRect().right > artRight + 1) {
      let scrolled = false;   // inside a sideways scroller: not sticking out, scrolled (checked above)
      for (let a = el.parentElement; a && a !== article; a = a.parentElement)
        if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) { scrolled = true; break; }
      if (!scrolled) out.wide.push(name(el).slice(0, 80));
    }
  }
  return out;
}"""


def test_phone_pages_fit_and_wide_content_shows_it_scrolls(built_html, site_server, chromium):
    """At 390 px: no page scrolls sideways as a whole; nothing in the article is cut off by overflow:hidden;
    nothing sticks out of the article (a table set as cards included); every element that scrolls sideways shows
    it: a fade on the side with more content and, for tables, a note (a phone's overlay scrollbar appears only
    while scrolling)."""
    v = Visit("phone")
    bad, n_scrollers, n_tables, n_cards = {}, 0, 0, 0
    with one_tab(chromium, site_server, v, PHONE) as go:
        for rel in site_pages(built_html):
            page = go(rel)
            page.wait_for_timeout(100)
            lay = page.evaluate(PHONE_LAYOUT)
            if lay is None:
                continue
            problems = []
            n_cards += lay["cards"]
            if lay["docWidth"] > lay["viewWidth"]:
                problems.append(f"page is {lay['docWidth']} px wide at {lay['viewWidth']} px")
            problems += [f"cut off: {c}" for c in lay["clipped"]]
            problems += [f"sticks out of the article: {c}" for c in lay["wide"]]
            for sc in lay["scrollers"]:
                n_scrollers += 1
                n_tables += sc["table"]
                if not (sc["marked"] and sc["fade"] and (sc["note"] or not sc["table"])):
                    problems.append(f"scrolls without showing it: {sc}")
            if problems:
                bad[rel] = problems
    assert bad == {}
    # a wide table either scrolls (and shows it) or is set as cards (issue 23; checked in detail below)
    assert n_tables + n_cards >= 3, f"only {n_tables} wide tables and {n_cards} card tables at 390 px: the check checked little"
    assert v.page_errors == [] and v.console_errors == []


CARD_TABLES = """() => [...document.querySelectorAll('.bd-article table')].filter(t => t.tHead && t.getClientRects().length
    && t.tHead.rows[t.tHead.rows.length - 1].cells.length >= 4).map(t => {
  const heads = [...t.tHead.rows[t.tHead.rows.length - 1].cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim());
  const cells = [...t.tBodies].flatMap(b => [...b.rows]).flatMap(tr => [...tr.cells].map((td, i) => {
    const r = td.getBoundingClientRect();
    return {i, left: r.left, right: r.right, label: getComputedStyle(td, '::before').content, head: heads[i]};
  }));
  const row = t.tBodies[0] && t.tBodies[0].rows[0];
  let sideways = 0;   // how far any frame around the table scrolls sideways
  for (let a = t.parentElement; a && !a.matches('.bd-article'); a = a.parentElement)
    sideways = Math.max(sideways, a.scrollWidth - a.clientWidth);
  return {head: heads.join(' | ').slice(0, 60), cards: t.classList.contains('abd-cards'),
          rowDisplay: row ? getComputedStyle(row).display : '', cells, sideways};
})"""

#: Pages with the generated tables a student reads on a phone (issue 23): the abductees (chapter 2, the book's one
#: abductee table), the other polls (chapter 4), the survey waves and the fact-check (chapter 5), the previews
#: (Datasets), a notebook's table.
CARD_PAGES = ("chapters/02-the-summit.html", "chapters/04-the-way-forward.html",
              "chapters/05-reading-the-sources.html", "chapters/datasets.html", "notebooks/03-abductees.html")


def test_wide_tables_are_cards_on_a_phone_with_every_column_on_screen(built_html, site_server, chromium):
    """Issue 23: at 390 px a table of four or more columns is set as cards: every cell of every row lies inside the
    screen, with its column's heading in front of it (so the key column is never off-screen and nothing scrolls
    sideways); at 1280 px the same tables are ordinary tables."""
    v = Visit("phone")
    seen = 0
    with one_tab(chromium, site_server, v, PHONE) as go:
        for rel in CARD_PAGES:
            tables = go(rel).evaluate(CARD_TABLES)
            assert tables, f"{rel}: no table of four or more columns: the check checks nothing"
            for t in tables:
                seen += 1
                assert t["cards"] and t["rowDisplay"] == "block", f"{rel}: {t['head']}: not set as cards at 390 px"
                assert t["sideways"] <= 1, f"{rel}: {t['head']}: its frame still scrolls sideways by {t['sideways']} px"
                off = [c for c in t["cells"] if c["left"] < 0 or c["right"] > 390]
                assert not off, f"{rel}: {t['head']}: cells off-screen at 390 px: {off[:3]}"
                unlabelled = [c for c in t["cells"] if c["head"] and c["label"] != json.dumps(c["head"], ensure_ascii=False)]
                assert not unlabelled, f"{rel}: {t['head']}: cells without their column's heading: {unlabelled[:3]}"
    assert seen >= 7, f"only {seen} wide tables checked"
    with one_tab(chromium, site_server, v, DESKTOP) as go:
        for rel in CARD_PAGES:
            for t in go(rel).evaluate(CARD_TABLES):
                assert t["rowDisplay"] == "table-row", f"{rel}: {t['head']}: not a table at 1280 px"
    assert v.page_errors == [] and v.console_errors == []


CHART_IMAGES = """() => [...document.querySelectorAll('.bd-article figure.abduction-chart img')].map(img => ({
  src: img.currentSrc.split('/').pop(), picture: img.parentElement.tagName === 'PICTURE',
  shown: img.getBoundingClientRect().width, natural: img.naturalWidth}))"""


def test_a_chart_with_a_phone_rendering_serves_it_to_a_phone_only(site_server, chromium):
    """Issue 23: the opinion chart of chapter 3 comes with a phone rendering (narrower, larger type): a 390 px
    phone loads it and shows it at no less than 70 % of its size (the full-width chart would shrink to about
    40 %, its lettering to about 6 px); a 1280 px screen loads the full-width chart."""
    v = Visit("phone")
    rel = "chapters/03-the-backfire.html"
    with one_tab(chromium, site_server, v, PHONE) as go:
        phone = [c for c in go(rel).evaluate(CHART_IMAGES) if c["picture"]]
    with one_tab(chromium, site_server, v, DESKTOP) as go:
        wide = [c for c in go(rel).evaluate(CHART_IMAGES) if c["picture"]]
    assert phone and len(phone) == len(wide), (phone, wide)
    for p, w in zip(phone, wide):
        assert p["src"].endswith("-phone.png") and not w["src"].endswith("-phone.png"), (p, w)
        assert p["shown"] >= 0.7 * p["natural"], f"the phone rendering is shrunk to {p['shown']} of {p['natural']} px"
        assert w["natural"] > p["natural"]
    assert v.page_errors == [] and v.console_errors == []


FIXED_OVER_CONTENT = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if (s.position !== 'fixed' && s.position !== 'sticky') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || s.display === 'none') continue;
    if (r.bottom <= 0 || r.top >= window.innerHeight) continue;
    if (el.closest('dialog, .bd-header-article, .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary')) continue;
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + String(el.className).slice(0, 60)
             + ` at ${Math.round(r.top)}-${Math.round(r.bottom)}`);
  }
  return out;
}"""


def test_nothing_fixed_covers_exercise_feedback_on_a_phone(site_server, chromium):
    """Answer a question on the exercises page at 390 px, scroll the way a reader does (down, then a little
    up, which is when the theme shows "Back to top"): no fixed element floats over the page, and "Back to
    top" sits in the header bar, where it still works."""
    v = Visit("notebooks/04-exercises.html")
    context, page = open_page(chromium, site_server, v.page, v, PHONE)
    try:
        question = page.locator(".aiq-question").filter(has=page.locator(".aiq-choice input")).first
        question.scroll_into_view_if_needed()
        question.locator(".aiq-choice input").last.tap()
        question.locator(".aiq-check").tap()
        feedback = question.locator(".aiq-feedback")
        assert feedback.inner_text().strip(), "no feedback after checking an answer"
        page.mouse.wheel(0, 2500)
        page.wait_for_timeout(300)
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(300)
        assert page.evaluate(FIXED_OVER_CONTENT) == []
        top = page.locator("#pst-back-to-top")
        assert top.is_visible(), "no 'Back to top' once scrolled"
        assert top.evaluate("el => !!el.closest('.bd-header-article')"), "'Back to top' is not in the header bar"
        top.tap()
        page.wait_for_timeout(500)
        assert page.evaluate("window.scrollY") < 5
    finally:
        context.close()
    assert v.page_errors == [] and v.console_errors == []


FIGURES = """() => [...document.querySelectorAll('.bd-article img')].map(img => {
  const r = img.getBoundingClientRect();
  const box = img.parentElement.tagName === 'PICTURE' ? img.parentElement : img;   // a chart with a phone rendering
  const btn = box.nextElementSibling && box.nextElementSibling.matches('button.abd-zoom-open') ? box.nextElementSibling : null;
  return {alt: (img.alt || '').slice(0, 50), natural: img.naturalWidth, shown: r.width, left: r.left, right: r.right,
          top: r.top + scrollY, bottom: r.bottom + scrollY, zoom: !!btn};
})"""


#: The image a "Full-size image" button opens: the img before it, or the img of the <picture> before it
BUTTON_IMAGE = "b => { const p = b.previousElementSibling; return p.tagName === 'PICTURE' ? p.querySelector('img') : p; }"


def test_every_chart_opens_at_full_size_offline(built_html, site_server, chromium):
    """On a phone every content image has a "Full-size image" button: it opens a dialog with the same image at
    its natural width (scrollable), keyboard-operable; Escape closes it and focus returns to the button."""
    v = Visit("phone")
    pos = site_server.log_position()
    n = 0
    with one_tab(chromium, site_server, v, PHONE) as go:
        for rel in site_pages(built_html):
            page = go(rel)
            figs = page.evaluate(FIGURES)
            missing = [f["alt"] for f in figs if not f["zoom"]]
            assert not missing, f"{rel}: images with no full-size button: {missing}"
            buttons = page.locator(".bd-article button.abd-zoom-open:visible")
            for i in range(buttons.count()):
                n += 1
                btn = buttons.nth(i)
                full = btn.evaluate(f"b => ({BUTTON_IMAGE})(b).src")   # a <picture>'s img: the full-width rendering
                shown = btn.evaluate(f"b => ({BUTTON_IMAGE})(b).getBoundingClientRect().width")
                assert shown <= 390, f"{rel}: image {i} is {shown} px wide on a 390 px screen"
                (btn.tap if i % 2 == 0 else lambda: (btn.focus(), page.keyboard.press("Enter")))()
                big = page.locator("dialog.abd-zoom[open] img.abd-zoom-img")
                big.wait_for(timeout=5000)
                natural = big.evaluate("img => img.complete ? img.naturalWidth : "
                                       "new Promise(r => img.addEventListener('load', () => r(img.naturalWidth)))")
                width = big.evaluate("img => img.getBoundingClientRect().width")
                assert big.evaluate("img => img.src") == full, f"{rel}: image {i}: the full-size view shows another image"
                assert natural > 390 and abs(width - natural) <= 1, f"{rel}: image {i}: shown at {width} of {natural} px"
                assert big.evaluate("img => img.closest('.abd-zoom-body').scrollWidth > img.closest('.abd-zoom-body').clientWidth"), \
                    f"{rel}: image {i}: the full-size view does not scroll"
                page.keyboard.press("Escape")
                page.wait_for_timeout(100)
                assert page.locator("dialog.abd-zoom[open]").count() == 0, f"{rel}: Escape did not close the image"
                assert btn.evaluate(ACTIVE_IS), f"{rel}: focus did not return to the button"
    assert n >= 5, f"only {n} images checked"
    assert v.external == [] and v.page_errors == [] and v.console_errors == []
    assert site_server.errors_since(pos) == []


COVERED_BY_PANEL = """() => {
  const panel = document.querySelector('.bd-sidebar-secondary');
  if (!panel || !panel.getClientRects().length) return null;
  const p = panel.getBoundingClientRect();
  if (p.width === 0 || getComputedStyle(panel).visibility === 'hidden') return null;
  const out = [];
  for (const el of document.querySelectorAll('.bd-article img, .bd-article table th, .bd-article figure')) {
    let r = el.getBoundingClientRect();
    // what is visible of it: clipped by every scrolling ancestor
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible') { const q = a.getBoundingClientRect();
        r = {left: Math.max(r.left, q.left), right: Math.min(r.right, q.right), top: r.top, bottom: r.bottom}; }
    }
    if (r.right > p.left + 1 && r.left < p.right - 1 && r.right > r.left)
      out.push(`${el.tagName.toLowerCase()} ${(el.alt || el.textContent || '').trim().slice(0, 40)}: right ${Math.round(r.right)} > panel ${Math.round(p.left)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 1440])
def test_figures_and_tables_never_sit_under_the_contents_panel(built_html, site_server, chromium, width):
    v = Visit(f"desktop {width}")
    bad, n_panel = {}, 0
    with one_tab(chromium, site_server, v, {"viewport": {"width": width, "height": 900}}) as go:
        for rel in site_pages(built_html):
            page = go(rel)
            covered = page.evaluate(COVERED_BY_PANEL)
            if covered is None:
                continue
            n_panel += 1
            if covered:
                bad[rel] = covered
    assert bad == {}
    assert n_panel >= 5, f"the contents panel showed on only {n_panel} pages at {width} px"


def links_without_words(page: Path) -> list[str]:
    """The targets of the links in a page's main text that show no words (no text, image or label)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("main") or soup
    return [a.get("href") for a in main.select("a[href]")
            if not a.get_text(strip=True) and not a.find("img") and not a.get("aria-label")
            and "headerlink" not in (a.get("class") or [])]


def test_every_link_has_words(built_html):
    """No link without text: a generated block's link kept its words (Sphinx drops an inline node marked
    untranslatable, and the words of a link inside one went with it)."""
    bad = {rel: links_without_words(built_html / rel)[:5] for rel in site_pages(built_html)}
    assert {k: v for k, v in bad.items() if v} == {}


def test_no_markdown_emphasis_left_unparsed(built_html):
    """No ``**`` shows on a page: a translation whose bold touches Japanese punctuation on its inner side (or a
    role) is left unparsed by CommonMark and prints its asterisks."""
    from bs4 import BeautifulSoup

    bad = {}
    for rel in site_pages(built_html):
        soup = BeautifulSoup((built_html / rel).read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("main") or soup
        for el in main.select("pre, code, .highlight, script, style"):
            el.decompose()
        text = main.get_text(" ")
        if "**" in text:
            i = text.index("**")
            bad[rel] = text[max(0, i - 40):i + 40]
    assert bad == {}
