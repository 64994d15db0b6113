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


@pytest.mark.parametrize("name", data.RESOURCES)
def test_each_preview_is_in_words_for_a_reader(name):
    """Issue 23: the Datasets page's previews show a reader words, not the file's codes: no coded value (the
    schema's allowed values written with an underscore, e.g. ``not_returned``, ``face_to_face``), no citation key
    and no ISO date; the codes stay in the programmers' fold below each preview."""
    import json as _json
    pkg = _json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == name)
    codes = {str(v) for f in res["schema"]["fields"] for v in f.get("constraints", {}).get("enum", []) if "_" in str(v)}
    md = catalogue.resource_markdown(name)
    preview, programmers = md.split(":::{dropdown}", 1)
    table = [line for line in preview.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 5, table
    body = "\n".join(table[2:])
    for code in codes:
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", body), f"{name}: raw code {code!r} in the preview"
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", body), f"{name}: an ISO date in the preview"
    assert "`" not in body
    if name == "article_claims":
        keys = {k for ks in data.load_article_claims()["sources"] for k in str(ks).split(";")}
        assert not any(k in body for k in keys), "citation keys in the preview"
    for code in codes:   # the fold keeps the codes, for programmers
        assert f"`{code}`" in programmers


def test_a_code_without_words_stops_the_preview():
    df = data.load("abductees").head(1).copy()
    df.loc[df.index[0], "status"] = "moved_away"
    with pytest.raises(KeyError, match="moved_away"):
        catalogue.preview_markdown("abductees", 1, df)
