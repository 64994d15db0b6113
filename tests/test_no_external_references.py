"""Nothing in the project points outside it (issue 12).

Every tracked file is scanned for references to the research workspace the module was written from (the
fact-check's working file, a ``shared`` folder, absolute paths on the machine) and for contributors' working
names.  Facts from that material are copied into the project with their sources; the project must not point at
the material itself.  The patterns are assembled from pieces so that this file does not match itself.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SKIP_DIRS = {".git", ".venv", "node_modules", "_build", "_vendor_static", ".pytest_cache", ".hypothesis",
              ".benchmarks", "__pycache__", ".ipynb_checkpoints", ".jupyter_cache"}

#: (what it is, pattern)
FORBIDDEN = [
    ("the fact-check's working file", re.compile("FACT" + "CHECK")),
    ("a path into a shared folder outside the repository", re.compile(r"\.\./" + "shared")),
    ("the research workspace", re.compile("shared/" + "research")),
    ("an absolute path on a machine", re.compile(r"(?<![\w.:/~-])/(?:" + "work|home|Users|tmp" + r")/[\w.-]")),
    ("a contributor's working name", re.compile(r"\b" + "chap" + r"[A-Z]\b")),
]


def tracked_files(root: Path = ROOT) -> list[Path]:
    """The files git tracks (a plain copy of the tree without git: every file outside build folders)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
        files = [root / p for p in out.decode("utf-8").split("\0") if p]
    except (subprocess.CalledProcessError, FileNotFoundError):
        files = [p for p in root.rglob("*") if p.is_file() and not (set(p.relative_to(root).parts) & _SKIP_DIRS)]
    return [p for p in files if p.is_file()]


def external_references(files, root: Path = ROOT) -> list[str]:
    """``path:line: what (the matching text)`` for every forbidden reference in ``files``."""
    found = []
    for path in files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (images, fonts) hold no references
        for n, line in enumerate(text.splitlines(), 1):
            for what, pattern in FORBIDDEN:
                m = pattern.search(line)
                if m:
                    rel = Path(path).relative_to(root) if Path(path).is_relative_to(root) else path
                    found.append(f"{rel}:{n}: {what} ({m.group(0)!r})")
    return found


def test_no_tracked_file_points_outside_the_project():
    files = tracked_files()
    assert len(files) > 50
    problems = external_references(files)
    assert not problems, "references to material outside the project:\n" + "\n".join(problems)


def test_the_scanner_finds_each_kind_of_reference(tmp_path):
    samples = {
        "a.md": "See " + "FACT" + "CHECK claim 3.",
        "b.yml": "source: ../" + "shared/notes.csv",
        "c.bib": "% sources from /" + "work/" + "shared/" + "research (log.md)",
        "d.py": "# helpers (chap" + "B)",
        "e.md": "open('/" + "home/someone/data.csv')",
    }
    for name, text in samples.items():
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    found = external_references(sorted(tmp_path.iterdir()), tmp_path)
    assert {f.split(":")[0] for f in found} == set(samples)


def test_the_scanner_ignores_urls_and_ordinary_words(tmp_path):
    f = tmp_path / "ok.csv"
    f.write_text("http://www.example.cc/home/diary/2007/10/1.html,a chapter on the work/life balance,"
                 "the fact-check table\n", encoding="utf-8")
    assert external_references([f], tmp_path) == []
