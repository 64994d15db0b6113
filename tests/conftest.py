"""Shared fixtures.

``built_html`` builds the book once per test session from a *copy* of the
repository (so the tests prove that a clean checkout builds) with warnings as
errors, and returns the ``_build/html`` folder of that copy.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

#: What a fresh clone holds that the build needs (tracked files) plus the generated, vendored assets.
_SKIP = {".git", ".venv", "node_modules", "_build", ".pytest_cache", ".hypothesis", ".benchmarks", "__pycache__"}


def toc_docs(repo: Path = ROOT) -> list[str]:
    """Every ``file:`` of ``_toc.yml`` (root first, ``sections:`` followed), without suffix."""
    toc = yaml.safe_load((repo / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                docs.append(e["file"])
            walk(e.get("sections"))
    for part in toc.get("parts") or []:
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", d) for d in docs]


def student_docs(repo: Path = ROOT) -> list[str]:
    """The pages of the student edition: ``toc_docs`` without the instructor-only pages (issue 14)."""
    from abduction_issue.sphinxext import INSTRUCTOR_DOCS
    return [d for d in toc_docs(repo) if not any(d == g or d.startswith(g + "/") for g in INSTRUCTOR_DOCS)]


@pytest.fixture
def ddir(tmp_path):
    """A copy of data/ to break on purpose (the error-message tests)."""
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    return d


def rows_of(path: Path) -> list[list[str]]:
    """The rows of a CSV file, header first."""
    import csv
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def copy_repo(dest: Path) -> Path:
    """Copy the working tree (minus environments and build output) to ``dest``."""
    def ignore(dirpath, names):
        return [n for n in names if n in _SKIP or n.endswith(".egg-info") or n == ".ipynb_checkpoints"]
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


# --------------------------------------------------------------------------- a bare machine (issue 11)

#: Where a Linux machine keeps fonts that matplotlib or fontconfig would find.
SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/usr/share/texmf/fonts",
                    "/usr/share/texlive/texmf-dist/fonts", "/usr/X11R6/lib/X11/fonts", "/usr/X11/lib/X11/fonts")


def bare_machine(cmd: list[str], scratch: Path, env: dict | None = None) -> tuple[list[str], dict]:
    """``cmd`` and its environment as on a machine with no system fonts and no font caches.

    The test machine has Debian's fonts (``make test`` installs fonts-noto-cjk for the PDF), a newcomer's
    may not. So: a private mount namespace (``unshare -m``, as root; ``unshare -r -m`` otherwise) with an
    empty folder mounted over every system font folder, a fontconfig configuration with no font folders
    (``FONTCONFIG_FILE``), a fresh ``MPLCONFIGDIR`` (matplotlib's font cache) and a fresh ``HOME`` (no
    ``~/.fonts``). ``FONTCONFIG_FILE`` alone is not enough: matplotlib also walks the font folders itself.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    empty = scratch / "empty"
    empty.mkdir(exist_ok=True)
    (scratch / "home").mkdir(exist_ok=True)
    conf = scratch / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><cachedir>{scratch / "fc-cache"}</cachedir></fontconfig>\n')
    mounts = " && ".join(f"{{ ! [ -d {d} ] || mount --bind {empty} {d}; }}" for d in SYSTEM_FONT_DIRS)
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-r", "-m"]
    wrapped = [*unshare, "sh", "-c", f'{mounts} && exec "$@"', "bare-machine", *cmd]
    run_env = {**os.environ, **(env or {}), "FONTCONFIG_FILE": str(conf), "HOME": str(scratch / "home"),
               "MPLCONFIGDIR": str(scratch / "mplconfig")}
    run_env.pop("XDG_DATA_HOME", None)
    return wrapped, run_env


def build_book(src: Path, *extra: str, env: dict | None = None, bare: bool = False) -> subprocess.CompletedProcess:
    """A ``-W`` build of ``src``; with ``bare``, as on a machine with no system fonts (:func:`bare_machine`)."""
    cmd = [str(BIN / "jupyter-book"), "build", str(src), "-W", "-n", "--keep-going", *extra]
    run_env = {**os.environ, **(env or {})}
    run_env.setdefault("MPLCONFIGDIR", str(src / "_build" / ".mplconfig"))
    if bare:
        cmd, run_env = bare_machine(cmd, src.parent / "bare-machine", env)
    return subprocess.run(cmd, capture_output=True, text=True, env=run_env, timeout=3600)


# --------------------------------------------------------------------------- slow tests (make check leaves them out)

#: Fixtures that build the book (or serve or drive a built one). A test that uses any of them, directly or
#: through another fixture, is marked ``slow`` below, so ``make check`` (``-m "not slow"``) never builds.
#: Tests that build or execute without such a fixture (a notebook run, a PDF script run, a mini Sphinx
#: project) carry ``@pytest.mark.slow`` themselves.
BUILD_FIXTURES = frozenset({"book_copy", "built_book", "built_html", "built_instructor_html", "site_server",
                            "chromium", "pdf_builds", "built_ja", "built_ja_html", "built_instructor_ja_html",
                            "ja_site_server", "pdf_builds_ja"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def book_copy(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("book") / "repo")


@pytest.fixture(scope="session")
def built_book(book_copy):
    """(completed process, html folder) of a -W build of a copy of the repository, built as a newcomer's
    machine would build it: no system fonts, no font caches (see :func:`bare_machine`)."""
    proc = build_book(book_copy, bare=True)
    html = book_copy / "_build" / "html"
    return proc, html


@pytest.fixture(scope="session")
def built_instructor_html(tmp_path_factory) -> Path:
    """The instructor edition of the online book (``make book-instructor``), built from its own copy."""
    copy = copy_repo(tmp_path_factory.mktemp("instructor-book") / "repo")
    proc = build_book(copy, env={"ABDUCTION_EDITION": "instructor"})
    assert proc.returncode == 0, f"instructor build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    return copy / "_build" / "html"


def build_book_ja(copy: Path, edition: str = "student", bare: bool = False) -> tuple[subprocess.CompletedProcess, Path]:
    """``make book-ja`` (``edition="instructor"``: ``make book-instructor-ja``) in the copy ``copy``: a -W build from
    the generated Japanese config, in the folder the make target uses; (completed process, html folder). With
    ``bare``, as on a machine with no system fonts (the charts' Japanese must come from the Python-installed font)."""
    from abduction_issue import locales

    out = copy / "_build" / ("ja" if edition == "student" else "instructor-ja")
    cfg = locales.write_config("ja", out / "_config.yml", root=copy)
    proc = build_book(copy, "--config", str(cfg), "--toc", str(out / "_toc.yml"), "--path-output", str(out),
                      env={"ABDUCTION_EDITION": edition}, bare=bare)
    return proc, out / "_build" / "html"


@pytest.fixture(scope="session")
def built_ja(built_book, book_copy):
    """The Japanese edition (``make book-ja``), built in the same copy as the English one (which is then built
    again, as ``make book`` after ``make book-ja``), so that the two sites sit where the make targets put them and
    their language links can be followed."""
    result = build_book_ja(book_copy, bare=True)
    # the English site links to the Japanese one once it exists: built again, it writes the links (make book)
    again = build_book(book_copy, bare=True)
    assert again.returncode == 0, f"English rebuild failed:\n{again.stdout[-4000:]}\n{again.stderr[-4000:]}"
    return result


@pytest.fixture(scope="session")
def built_ja_html(built_ja) -> Path:
    proc, html = built_ja
    assert proc.returncode == 0, f"Japanese build failed (exit {proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    return html


@pytest.fixture(scope="session")
def built_instructor_ja_html(tmp_path_factory) -> Path:
    """The Japanese instructor edition (``make book-instructor-ja``), built from its own copy."""
    copy = copy_repo(tmp_path_factory.mktemp("instructor-ja-book") / "repo")
    proc, html = build_book_ja(copy, "instructor")
    assert proc.returncode == 0, f"Japanese instructor build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    return html


@pytest.fixture(scope="session")
def built_html(built_book) -> Path:
    proc, html = built_book
    assert proc.returncode == 0, f"book build failed (exit {proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    return html


# --------------------------------------------------------------------------- browser (issue 7; tests/test_site.py)

#: Debian's Chromium (never `playwright install`) and the flags the site tests run it with.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class SiteServer:
    """``python -m http.server`` on 127.0.0.1 (free port) serving a built site; its access log is kept."""

    def __init__(self, root: Path, log: Path):
        import socket
        import time
        import urllib.request

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.root, self.log = Path(root), Path(log)
        self._log_fh = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(root)],
            stdout=subprocess.DEVNULL, stderr=self._log_fh)
        self.url = f"http://127.0.0.1:{self.port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            self.close()
            raise RuntimeError(f"http.server did not start on port {self.port}")

    def log_position(self) -> int:
        self._log_fh.flush()
        return self.log.stat().st_size

    def errors_since(self, position: int) -> list[str]:
        """Access-log lines with an HTTP status >= 400 written after ``position``."""
        import re

        self._log_fh.flush()
        with open(self.log, encoding="utf-8", errors="replace") as fh:
            fh.seek(position)
            text = fh.read()
        return [line for line in text.splitlines() if re.search(r'" [45]\d\d ', line)]

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self._log_fh.close()


@pytest.fixture(scope="session")
def site_server(built_html, tmp_path_factory):
    server = SiteServer(built_html, tmp_path_factory.mktemp("http") / "access.log")
    yield server
    server.close()


@pytest.fixture(scope="session")
def ja_site_server(built_ja_html, tmp_path_factory):
    server = SiteServer(built_ja_html, tmp_path_factory.mktemp("http-ja") / "access.log")
    yield server
    server.close()


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (one per session)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
