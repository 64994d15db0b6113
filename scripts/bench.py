#!/usr/bin/env python3
"""`make bench`: how fast the book builds and how heavy the site is, measured on a fresh copy.

    make bench                       every figure (about 10 minutes on 2 cores)
    python scripts/bench.py --no-pdf skip the student PDF
    python scripts/bench.py --save-baseline   also write the result as the new baseline

What it measures, each on a copy of the working tree (tracked files plus the vendored assets) that shares
this checkout's .venv and node_modules, through `make book` as a reader would run it:

    clean build        `make book` in the fresh copy (notebooks executed, HTML written)
    no-op rebuild      `make book` again, nothing changed                       (median of 3)
    prose edit         `make book` after adding a sentence to one chapter        (median of 3)
    data edit          `make book` after changing one data file's timestamp      (1 run)
    notebook <name>    one notebook executed as the HTML book runs it (nbclient) (median of 3)
    student PDF        `scripts/build-pdf.sh student`, second run (cache warm)   (1 run)
    site size          everything in _build/html
    heaviest page      the largest page together with every local file it loads (scripts, stylesheets,
                       images, and the fonts and images its stylesheets load)

The speed budgets live here, never in timed tests (goals from issue 15, on 2 cores). The table shows each
figure, its goal, whether it meets it, and its ratio to the committed baseline (scripts/bench-baseline.json);
the full result is written to _build/bench.json.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scripts" / "bench-baseline.json"
OUT = ROOT / "_build" / "bench.json"
SKIP = {".git", ".venv", "node_modules", "_build", ".pytest_cache", ".hypothesis", ".benchmarks", "__pycache__"}
MB = 1024 * 1024

#: name -> (goal, unit). Seconds unless the unit says otherwise.
GOALS = {
    "clean build": (45, "s"),
    "no-op rebuild": (3, "s"),
    "prose edit": (5, "s"),
    "data edit": (15, "s"),
    "notebook": (5, "s"),
    "student PDF": (None, "s"),
    "site size": (8, "MB"),
    "heaviest page": (1.5, "MB"),
}


def fresh_copy(dest: Path) -> Path:
    def ignore(_dir, names):
        return [n for n in names if n in SKIP or n.endswith(".egg-info") or n == ".ipynb_checkpoints"]
    shutil.copytree(ROOT, dest, ignore=ignore)   # copy2: timestamps kept, so make's stamps stay valid
    for shared in (".venv", "node_modules"):
        (dest / shared).symlink_to(ROOT / shared)
    return dest


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed in {cwd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed


def make_book(copy: Path) -> float:
    return timed(["make", "--no-print-directory", "book"], copy)


def median_of(n: int, run) -> float:
    return statistics.median(run(i) for i in range(n))


def notebook_seconds(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    # what abduction_issue.sphinxext tells the kernels in `make book`: executed for the HTML book
    os.environ["ABDUCTION_RENDER"] = "book"
    os.environ["ABDUCTION_OUTPUT"] = "html"
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def _local(base: Path, ref: str, html_root: Path) -> Path | None:
    ref = ref.split("#")[0].split("?")[0]
    if not ref or urlparse(ref).scheme or ref.startswith(("data:", "//")):
        return None
    target = (base / unquote(ref)).resolve()
    return target if target.is_file() and html_root.resolve() in target.parents else None


def css_loads(css: Path, html_root: Path) -> list[Path]:
    """The local files a stylesheet makes the browser fetch: each ``@font-face``'s first source (the woff2 a
    current browser takes; the fallbacks after it are never fetched) and every other ``url()`` (images,
    ``@import``). Counted whether or not the page uses the font: an upper bound."""
    text = css.read_text(encoding="utf-8", errors="replace")
    refs = []
    for face in _FONT_FACE.findall(text):
        found = [u for u in _CSS_URL.findall(face) if not u.startswith("data:")]
        refs += found[:1]
    refs += _CSS_URL.findall(_FONT_FACE.sub("", text))
    refs += re.findall(r"""@import\s+["']([^"']+)["']""", text)
    return [t for t in (_local(css.parent, r, html_root) for r in refs) if t is not None]


_TAG = re.compile(r"<(script|link|img|source|iframe|video|audio|embed)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""\b(src|href|rel|srcset)\s*=\s*["']([^"']*)["']""", re.I)
#: ``<link rel=...>`` values whose target the browser fetches with the page
_LINK_LOADS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut"}


def page_loads(page: Path, html_root: Path) -> list[Path]:
    """The local files ``page`` makes the browser fetch: ``<script src>``, ``<img src/srcset>``, ``<source>``,
    ``<link rel="stylesheet|preload|icon">`` (attributes in any order), not ``<a href>`` links to other pages
    or downloads."""
    text = page.read_text(encoding="utf-8", errors="replace")
    out = []
    for tag, attrs in _TAG.findall(text):
        a = {k.lower(): v for k, v in _ATTR.findall(attrs)}
        if tag.lower() == "link":
            if not _LINK_LOADS & set(a.get("rel", "").lower().split()):
                continue
            refs = [a.get("href", "")]
        else:
            refs = [a.get("src", "")] + [c.strip().split(" ")[0] for c in a.get("srcset", "").split(",")]
        out += [t for t in (_local(page.parent, r, html_root) for r in refs if r) if t is not None]
    return out


def page_weight(page: Path, html_root: Path) -> int:
    """The page plus every local file it loads (:func:`page_loads`: scripts, stylesheets, images) and what
    those stylesheets load in turn (fonts, images; :func:`css_loads`). Embedded images (``data:``) are part
    of the page's own size."""
    total, seen = page.stat().st_size, set()
    todo = list(dict.fromkeys(page_loads(page, html_root)))
    seen.update(todo)
    while todo:
        target = todo.pop()
        total += target.stat().st_size
        if target.suffix == ".css":
            for sub in css_loads(target, html_root):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
    return total


def site_figures(html: Path) -> dict:
    size = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    pages = {str(p.relative_to(html)): page_weight(p, html) for p in html.rglob("*.html")}
    heaviest = max(pages, key=pages.get)
    return {"site size": size / MB, "heaviest page": pages[heaviest] / MB, "heaviest page name": heaviest}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-pdf", action="store_true", help="skip the student PDF")
    ap.add_argument("--runs", type=int, default=3, help="runs for the short figures (median)")
    ap.add_argument("--save-baseline", action="store_true", help="write the result as the new baseline")
    args = ap.parse_args()

    result: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory(prefix="abduction-bench-") as tmp:
        copy = fresh_copy(Path(tmp) / "repo")
        print(f"bench: fresh copy in {copy}", flush=True)
        result["clean build"] = make_book(copy)
        print(f"bench: clean build {result['clean build']:.1f} s", flush=True)
        result["no-op rebuild"] = median_of(args.runs, lambda i: make_book(copy))

        chapter = copy / "chapters" / "03-the-backfire.md"

        def prose_edit(i):
            with chapter.open("a", encoding="utf-8") as fh:
                fh.write(f"\n\nA benchmark sentence, number {i}.\n")
            return make_book(copy)
        result["prose edit"] = median_of(args.runs, prose_edit)

        data_file = copy / "data" / "timeline.csv"
        os.utime(data_file)
        result["data edit"] = make_book(copy)
        result.update(site_figures(copy / "_build" / "html"))

        for nb in sorted((copy / "notebooks").glob("*.ipynb")):
            result[f"notebook {nb.stem}"] = median_of(args.runs, lambda i, nb=nb: notebook_seconds(nb))
            print(f"bench: notebook {nb.stem} {result[f'notebook {nb.stem}']:.1f} s", flush=True)

        if not args.no_pdf:
            subprocess.run(["bash", str(copy / ".ci" / "apt-deps.sh"), "pdf"], check=True)
            timed(["bash", "scripts/build-pdf.sh", "student"], copy)
            result["student PDF"] = timed(["bash", "scripts/build-pdf.sh", "student"], copy)

    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["figures"] if BASELINE.is_file() else {}
    rows = []
    for name, value in result.items():
        if not isinstance(value, float):
            continue
        goal, unit = GOALS.get(name, GOALS.get(name.split(" ")[0], (None, "s")))
        meets = "-" if goal is None else ("yes" if value <= goal else "NO")
        base = baseline.get(name)
        ratio = f"{value / base:.2f}x" if base else "-"
        rows.append((name, f"{value:.1f} {unit}", "-" if goal is None else f"<= {goal} {unit}", meets,
                     "-" if base is None else f"{base:.1f} {unit}", ratio))
    header = ("figure", "now", "goal", "meets", "baseline", "now/baseline")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print(f"heaviest page: {result['heaviest page name']}")

    OUT.parent.mkdir(parents=True, exist_ok=True)
    record = {"measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count(),
              "figures": result}
    OUT.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"bench: written {OUT}")
    if args.save_baseline:
        BASELINE.write_text(json.dumps({**record, "note": "written by scripts/bench.py --save-baseline"},
                                       indent=2) + "\n", encoding="utf-8")
        print(f"bench: baseline saved to {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
