"""Data in the prose without a kernel (issue 15): the roles and directives of ``abduction_issue.sphinxext``
(values looked up by :func:`abduction_issue.facts.lookup`)."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from abduction_issue import book, data, facts, project
from abduction_issue.sphinxext import execution

from conftest import ROOT, toc_docs

PROSE_PAGES = [d for d in toc_docs() if not d.startswith("notebooks/")]
ROLE = re.compile(r"\{(date|count|fact|figure-value|poll)\}`([^`]+)`")


def test_no_prose_page_is_an_executed_notebook():
    for doc in PROSE_PAGES:
        text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
        assert "{code-cell}" not in text and "kernelspec" not in text, f"{doc}.md still runs a kernel"
        assert "{glue" not in text, f"{doc}.md still uses glue"


def test_every_value_the_pages_quote_resolves():
    seen = 0
    for doc in PROSE_PAGES:
        for role, text in ROLE.findall((ROOT / f"{doc}.md").read_text(encoding="utf-8")):
            shown, files, modules = facts.lookup(role, text)
            assert shown.strip(), (doc, role, text)
            assert all((project.data_dir() / f).resolve().exists() for f in files), (role, text, files)
            seen += 1
    assert seen > 150   # the chapters quote their dates and numbers this way, not as typed text


def test_values_come_from_the_data():
    ab = data.load_abductees()
    assert facts.lookup("date", "ev-20020917")[0] == "17 September 2002"
    assert facts.lookup("date", "ev-199101")[0] == "January 1991"          # a month stays a month
    assert facts.lookup("count", "abductees.total")[0] == str(len(ab))
    assert facts.lookup("count", "abductees.returned")[0] == str(int((ab["status"] == "returned_2002").sum()))
    kf = data.key_figure("repatriation_1959_1984_people")
    assert facts.lookup("figure-value", "repatriation_1959_1984_people@value:,")[0] == f"{int(kf['value']):,}"
    coi = data.key_figure("coi_japanese_possibly_abducted")
    assert facts.lookup("figure-value", "coi_japanese_possibly_abducted")[0] == f"{coi['qualifier']} {int(coi['value'])}"
    assert facts.lookup("poll", "H15/abduction:.1f")[0] == f'{book.poll_value("H15", "abduction")["percent"]:.1f}'
    assert facts.lookup("poll", "R1/abduction@fiscal_year")[0] == "2019"
    assert facts.lookup("poll", "op-076:.0f")[0] == f'{book.other_poll_value("op-076")["percent"]:.0f}'


def test_the_prose_statements_the_facts_stand_for_still_hold():
    # chapter 3 says the article's 2003 abduction figure could not be confirmed in the survey's own report
    assert book.poll_value("H15", "abduction")["verified"] == "no"
    # chapter 2 names Hitomi Soga as the one survivor North Korea named although Japan had not listed her
    assert facts.value("abductees.named_by_north_korea_only") == "Hitomi Soga"
    # chapter 3: the five who came home were all taken in the same year
    assert facts.value("abductees.years_before_return") == 24


@pytest.mark.parametrize("role,text,why", [
    ("date", "ev-19000101", "no 'ev-19000101'"),
    ("count", "abductees.nobody", "no fact named"),
    ("count", "abductees.never_entered_names", "not a whole number"),
    ("figure-value", "government_list_2002_people@colour", "@value and @as_of"),
    ("poll", "H15", "WAVE/item_key"),
])
def test_unknown_or_wrong_ids_are_refused(role, text, why):
    with pytest.raises((KeyError, TypeError)) as exc:
        facts.lookup(role, text)
    assert why in str(exc.value)


def _mini_project(tmp_path: Path, page: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "abduction_issue.sphinxext"]\n'
                                 'exclude_patterns = ["_build", "data"]\n'
                                 'bibtex_bibfiles = ["data/references.bib"]\n')
    (src / "index.md").write_text(textwrap.dedent(page), encoding="utf-8")
    (src / "data").mkdir()
    for f in ("timeline.csv", "abductees.csv", "references.bib"):             # the boxes offer their data file for download
        (src / "data" / f).write_bytes((ROOT / "data" / f).read_bytes())
    return src


def _build(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-b", "html", "-q", str(src), str(src / "_build")],
                          capture_output=True, text=True, timeout=300)


def test_an_unknown_id_fails_the_build_naming_page_and_line(tmp_path):
    src = _mini_project(tmp_path, """\
        # A page

        The summit was on {date}`ev-20020917`; the next one on {date}`ev-29990101`.
        """)
    r = _build(src)
    assert r.returncode != 0
    assert re.search(r"index\.md:3:.*ev-29990101.*timeline\.csv", r.stderr), r.stderr


def test_directives_render_and_record_their_data_files(tmp_path):
    src = _mini_project(tmp_path, """\
        # A page

        On {date}`ev-20020917` Kim Jong Il admitted {count}`abductees.nk_admitted` abductions.

        ```{abductee-table} accounts
        ```

        ```{key-dates} summit
        ```
        """)
    r = _build(src)
    assert r.returncode == 0, r.stderr
    html = (src / "_build" / "index.html").read_text(encoding="utf-8")
    assert "17 September 2002" in html and "Key dates" in html
    assert "Megumi Yokota" in html and "never entered North Korea" in html
    import pickle
    env = pickle.loads((src / "_build" / ".doctrees" / "environment.pickle").read_bytes())
    deps = {Path(p).name for p in env.dependencies["index"]}
    assert {"timeline.csv", "abductees.csv", "book.py"} <= deps, deps
    # a rebuild with nothing changed reads nothing; touching a data file it read re-reads the page
    again = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", str(src), str(src / "_build")],
                           capture_output=True, text=True, timeout=300)
    assert "0 source files" in again.stdout or "no targets are out of date" in again.stdout, again.stdout


def test_a_notebook_run_older_than_its_data_is_dropped(tmp_path, monkeypatch):
    """myst-nb's cache keys on code only; the extension drops a notebook's cached run when data/ is newer."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(tmp_path / "cache")
    nb_path = tmp_path / "nb.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=1)],
                                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nbformat.write(nb, nb_path)
    cache.cache_notebook_file(nb_path, check_validity=False)

    class App:
        class config:
            nb_execution_cache_path = ""            # jupyter-book leaves it empty; myst-nb resolves it on the env

    class Env:
        from types import SimpleNamespace
        mystnb_config = SimpleNamespace(execution_cache_path=str(tmp_path / "cache"))

        @staticmethod
        def doc2path(doc):
            return str(tmp_path / f"{doc}.ipynb")

    old = tmp_path / "old.csv"
    old.write_text("x\n")
    monkeypatch.setattr(execution, "notebook_inputs", lambda: [old])
    import os
    os.utime(old, (0, 0))                            # the data is older than the cached run: keep it
    execution.drop_stale_notebook_cache(App, Env(), ["nb"])
    assert len(cache.list_cache_records()) == 1
    future = datetime.now(timezone.utc).timestamp() + 3600
    os.utime(old, (future, future))                  # the data changed after the run: drop it
    execution.drop_stale_notebook_cache(App, Env(), ["other"])
    assert len(cache.list_cache_records()) == 1      # only notebooks about to be read are touched
    execution.drop_stale_notebook_cache(App, Env(), ["nb"])
    assert cache.list_cache_records() == []


def test_a_build_reads_the_data_of_its_own_source_folder(tmp_path):
    """A copy of the book (the benchmark's, a test's) may share the virtual environment, and so the package,
    of another checkout: the values must still come from the copy's data/."""
    import csv
    import os
    src = _mini_project(tmp_path, """\
        # A page

        The Commission judged that {figure-value}`coi_japanese_possibly_abducted` Japanese may have been abducted.
        """)
    import shutil
    shutil.rmtree(src / "data")
    shutil.copytree(ROOT / "data", src / "data")
    path = src / "data" / "key_figures.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    col, key = rows[0].index("value"), rows[0].index("key")
    for r in rows[1:]:
        if r[key] == "coi_japanese_possibly_abducted":
            r[col] = "101"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    env = {k: v for k, v in os.environ.items() if k != "ABDUCTION_DATA_DIR"}
    r = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-b", "html", "-q", str(src), str(src / "_build")],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    html = (src / "_build" / "index.html").read_text(encoding="utf-8")
    qual = data.key_figure("coi_japanese_possibly_abducted")["qualifier"]
    assert f"{qual} 101" in html and f"{qual} 100" not in html
