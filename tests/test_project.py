"""The project's one list of chapters (abduction_issue/project.py) agrees with every other place that names them."""
from __future__ import annotations

import json
import re

import yaml

from abduction_issue import book, exercises, guide, project
from conftest import ROOT


def test_chapters_are_the_numbered_part_of_the_toc_in_order():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered = [p for p in toc["parts"] if p.get("numbered")]
    assert len(numbered) == 1, "one numbered part: the chapters (Start here and the back matter are unnumbered)"
    story = numbered[0]["chapters"]
    assert [re.sub(r"\.md$", "", e["file"]) for e in story] == [c.docname for c in project.CHAPTERS]
    assert [c.number for c in project.CHAPTERS] == list(range(1, len(story) + 1))


def test_every_chapter_page_exists_and_its_title_starts_with_the_short_title():
    for c in project.CHAPTERS:
        page = ROOT / c.page
        assert page.is_file(), c.page
        h1 = next(line[2:] for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
        assert h1.startswith(c.title), (c.page, h1, c.title)


def test_key_dates_chapters_are_the_datapackage_chapter_enum():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    enums = [f["constraints"]["enum"] for r in package["resources"] for f in r["schema"]["fields"]
             if f["name"] == "chapter"]
    assert enums, "no 'chapter' field in data/datapackage.json"
    for enum in enums:
        assert list(enum) == list(project.KEY_DATES_CHAPTERS)


def test_the_other_modules_read_the_one_list():
    assert exercises.CHAPTERS == project.CHAPTER_IDS
    assert exercises.CHAPTER_TITLES == project.CHAPTER_TITLES
    assert guide.CHAPTER_PAGES == project.CHAPTER_PAGES
    assert list(book.CHAPTERS) == list(project.KEY_DATES_CHAPTERS)
    assert set(yaml.safe_load((project.PACKAGE / "lesson_plans.yml").read_text(encoding="utf-8"))["chapters"]) \
        == set(project.CHAPTER_IDS)
    assert {p.stem for p in project.bank_dir().glob("*.yml")} == set(project.CHAPTER_IDS)


def test_an_unknown_chapter_is_refused_naming_the_known_ones():
    import pytest
    with pytest.raises(KeyError, match="known: before-2002, summit"):
        project.chapter("summitt")


def test_data_dir_honours_the_per_build_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(project.DATA_DIR_ENV, raising=False)
    assert project.data_dir() == project.ROOT / "data"
    monkeypatch.setenv(project.DATA_DIR_ENV, str(tmp_path))
    assert project.data_dir() == tmp_path
    from abduction_issue import data
    assert data.data_dir() == tmp_path


def test_one_version_number():
    """The package's ``__version__`` is the version: pyproject reads it, CITATION.cff and the extension repeat it."""
    import tomllib

    import yaml

    import abduction_issue
    from abduction_issue import sphinxext
    pyproject = tomllib.loads((project.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "abduction_issue.__version__"}
    cff = yaml.safe_load((project.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == abduction_issue.__version__

    class App:
        def __getattr__(self, name):
            return lambda *a, **k: None
    assert sphinxext.setup(App())["version"] == abduction_issue.__version__
