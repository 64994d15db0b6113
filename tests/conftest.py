"""Shared fixtures.

``built_html`` builds the book once per test session from a *copy* of the
repository (so the tests prove that a clean checkout builds) with warnings as
errors, and returns the ``_build/html`` folder of that copy.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

#: What a fresh clone holds that the build needs (tracked files) plus the generated, vendored assets.
_SKIP = {".git", ".venv", "node_modules", "_build", ".pytest_cache", ".hypothesis", ".benchmarks", "__pycache__"}


def copy_repo(dest: Path) -> Path:
    """Copy the working tree (minus environments and build output) to ``dest``."""
    def ignore(dirpath, names):
        return [n for n in names if n in _SKIP or n.endswith(".egg-info") or n == ".ipynb_checkpoints"]
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def build_book(src: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [str(BIN / "jupyter-book"), "build", str(src), "-W", "-n", "--keep-going", *extra]
    run_env = {**os.environ, **(env or {})}
    run_env.setdefault("MPLCONFIGDIR", str(src / "_build" / ".mplconfig"))
    return subprocess.run(cmd, capture_output=True, text=True, env=run_env, timeout=3600)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def book_copy(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("book") / "repo")


@pytest.fixture(scope="session")
def built_book(book_copy):
    """(completed process, html folder) of a -W build of a copy of the repository."""
    proc = build_book(book_copy)
    html = book_copy / "_build" / "html"
    return proc, html


@pytest.fixture(scope="session")
def built_html(built_book) -> Path:
    proc, html = built_book
    assert proc.returncode == 0, f"book build failed (exit {proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    return html
