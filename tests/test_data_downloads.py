"""The Datasets page offers every data file for download (issue 12): the catalogue links each file, and the
built site contains each one, byte for byte, where the links point."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from abduction_issue import catalogue, data

DATA = Path(__file__).resolve().parent.parent / "data"


def test_every_data_file_is_offered():
    offered = set(catalogue.download_files())
    assert {p.name for p in DATA.glob("*.csv")} <= offered
    assert {"datapackage.json", "references.bib"} <= offered
    for name in offered:
        assert (DATA / name).is_file(), name


@pytest.mark.parametrize("name", data.RESOURCES)
def test_each_catalogue_entry_links_its_own_file(name):
    md = catalogue.resource_markdown(name)
    path = next(f for f in catalogue.download_files() if f == f"{name}.csv")
    assert catalogue.download_link(path) in md.splitlines()[0]


def test_the_download_list_links_every_file_once():
    md = catalogue.downloads_markdown()
    for f in catalogue.download_files():
        assert md.count(f"</data/{f}>`") == 1, f


def test_a_file_that_is_not_offered_or_missing_is_refused(tmp_path, monkeypatch):
    with pytest.raises(KeyError):
        catalogue.download_link("secret.csv")
    # a data folder without references.bib: the link cannot be made
    for f in DATA.iterdir():
        if f.name != "references.bib":
            (tmp_path / f.name).write_bytes(f.read_bytes())
    monkeypatch.setenv("ABDUCTION_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError):
        catalogue.download_link("references.bib")


def test_the_built_site_ships_every_file_and_the_links_resolve(built_html):
    page = built_html / "chapters" / "datasets.html"
    html = page.read_text(encoding="utf-8")
    hrefs = [unquote(h) for h in re.findall(r'href="([^"#?]*_downloads/[^"#?]+)"', html)]
    assert hrefs, "the Datasets page links no download"
    linked = {}
    for h in hrefs:
        target = (page.parent / h).resolve()
        assert target.is_file(), f"{h} does not resolve in the built site"
        assert built_html.resolve() in target.parents
        linked[target.name] = target
    for name in catalogue.download_files():
        assert name in linked, f"{name} is not linked from the Datasets page"
        assert linked[name].read_bytes() == (DATA / name).read_bytes(), f"{name} in the site differs from data/"
