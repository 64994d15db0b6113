"""The data package: schema, sources, keys, dates, and the facts that tie the tables together."""
from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from abduction_issue import data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def test_frictionless_validates_the_package():
    exe = Path(sys.executable).parent / "frictionless"
    proc = subprocess.run([str(exe), "validate", "--json", str(DATA / "datapackage.json")], capture_output=True, text=True)
    report = json.loads(proc.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:4000]
    assert proc.returncode == 0
    checked = {task["name"] for task in report["tasks"]}
    assert checked == set(data.RESOURCES)


def test_every_csv_in_data_is_described_by_the_package():
    pkg = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in pkg["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described


@pytest.mark.parametrize("name", data.RESOURCES)
def test_loader_returns_every_row_of_the_file(name):
    df = data.load(name)
    path = DATA / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        n_records = sum(1 for _ in csv.DictReader(fh))
    assert len(df) == n_records > 0


@pytest.mark.parametrize("name", [r for r in data.RESOURCES if r != "article_claims"])
def test_every_row_has_a_source(name):
    """(article_claims cites keys of references.bib instead: tests/test_data_claims.py.)"""
    df = data.load(name)
    titles = df["source_title"].astype(str).str.strip(" |")
    assert (titles.str.len() > 0).all()
    # URLs, where given, are http(s) URLs
    for urls in df["source_url"].dropna():
        for u in str(urls).split(" | "):
            assert u.startswith(("http://", "https://")), u


def test_keys_are_unique():
    assert data.load_timeline()["id"].is_unique
    assert data.load_abductees()["id"].is_unique
    assert data.load_survey_waves()["survey_id"].is_unique
    polls = data.load_opinion_polls()
    assert not polls.duplicated(["survey_id", "item_key"]).any()
    assert data.load_key_figures()["key"].is_unique


@pytest.mark.parametrize("name,column", [("timeline", "date"), ("abductees", "incident_date"), ("key_figures", "as_of")])
def test_dates_are_in_range_and_match_their_precision(name, column):
    df = data.load(name)
    prec = "as_of_precision" if name == "key_figures" else "date_precision"
    for value, precision in zip(df[column], df[prec]):
        parts = value.split("-")
        assert len(parts) == (3 if precision == "day" else 2), (value, precision)
        d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
        assert dt.date(1970, 1, 1) <= d <= dt.date.today()


def test_month_precision_dates_are_never_given_a_day():
    tl = data.load_timeline()
    month_rows = tl[tl["date_precision"] == "month"]
    assert len(month_rows) > 0
    assert month_rows["day"].isna().all()
    assert tl[tl["date_precision"] == "day"]["day"].notna().all()


def test_abductions_fall_in_1977_to_1983():
    ab = data.load_abductees()
    assert ab["year"].min() == 1977 and ab["year"].max() == 1983


# --- cross-checks between tables -------------------------------------------------------------

def test_seventeen_abductees_in_twelve_incidents():
    ab = data.load_abductees()
    assert len(ab) == 17
    assert ab["incident_no"].nunique() == 12
    assert sorted(ab["incident_no"].unique()) == list(range(1, 13))
    # people abducted together share a date
    assert (ab.groupby("incident_no")["incident_date"].nunique() == 1).all()


def test_north_korea_2002_account_13_admitted_8_dead_5_alive():
    ab = data.load_abductees()
    counts = ab["nk_position"].value_counts()
    assert counts["alive"] == 5
    assert counts["dead"] == 8
    assert counts["alive"] + counts["dead"] == 13
    assert counts["never_entered"] == 4
    # the five North Korea said were alive are exactly the five who returned in 2002
    assert set(ab.loc[ab["nk_position"] == "alive", "id"]) == set(ab.loc[ab["status"] == "returned_2002", "id"])


def test_each_returned_abductee_appears_in_the_return_event():
    ab = data.load_abductees()
    tl = data.load_timeline()
    returns = tl[(tl["date"] == "2002-10-15") & (tl["category"] == "repatriation")]
    assert len(returns) == 1
    text = returns.iloc[0]["event"] + " " + returns.iloc[0]["actors"]
    for name in ab.loc[ab["status"] == "returned_2002", "name_en"]:
        # "Fukie Chimura (née Hamamoto)" -> given name and one of the family names must appear
        given = name.split()[0]
        assert given in text, (name, text)
    assert "five" in returns.iloc[0]["event"].lower()


def test_each_abduction_incident_is_in_the_timeline():
    ab = data.load_abductees()
    tl = data.load_timeline()
    abd = tl[tl["category"] == "abduction"]
    for _, person in ab.iterrows():
        same_date = abd[abd["date"] == person["incident_date"]]
        surname = person["name_en"].split()[1]
        assert same_date["actors"].str.contains(surname).any() or same_date["event"].str.contains(surname).any(), person["name_en"]


def test_opinion_polls_refer_to_known_waves_and_gaps_hold_no_figures():
    polls = data.load_opinion_polls()
    waves = data.load_survey_waves()
    assert set(polls["survey_id"]) <= set(waves["survey_id"])
    gap_waves = set(waves.loc[waves["status"] == "gap", "survey_id"])
    assert gap_waves, "the gaps must be recorded"
    assert not (set(polls["survey_id"]) & gap_waves)
    # every wave that is not a gap has at least one figure
    assert set(waves.loc[waves["status"] != "gap", "survey_id"]) <= set(polls["survey_id"])


def test_unverified_poll_values_are_flagged_and_explained():
    polls = data.load_opinion_polls()
    unverified = polls[polls["verified"] == "no"]
    assert len(unverified) > 0
    assert unverified["note"].notna().all()
    # the article's 2003 figures are the unconfirmed ones
    h15 = polls[polls["survey_id"] == "H15"]
    assert (h15["verified"] == "no").all()


def test_method_change_to_mail_in_2020_is_recorded():
    waves = data.load_survey_waves().set_index("survey_id")
    assert waves.loc["R1", "method"] == "face_to_face"
    assert waves.loc["R2", "method"] == "mail"
    assert waves.loc["H27", "min_age"] == 20 and waves.loc["H28", "min_age"] == 18


def test_percentages_of_single_answer_other_polls_are_plausible():
    other = data.load_other_polls()
    assert other["percent"].between(0, 100).all()
    assert set(other["probability_sample"]) == {"yes", "no"}


def test_key_figure_lookup():
    fig = data.key_figure("petition_signatures_millions")
    assert fig["value"] > 0 and fig["source_title"]
    with pytest.raises(KeyError):
        data.key_figure("no_such_key")


def test_split_sources_pairs_titles_and_urls():
    assert data.split_sources("A | B", "http://a | http://b") == [("A", "http://a"), ("B", "http://b")]
    assert data.split_sources("A | B", "") == [("A", None), ("B", None)]
    # unequal counts: never guessed
    assert data.split_sources("A | B", "http://x") == [("A", None), ("B", None), ("", "http://x")]


def test_loader_dtypes_are_typed():
    ab = data.load_abductees()
    assert str(ab["age_at_abduction"].dtype) == "Int64"
    polls = data.load_opinion_polls()
    assert str(polls["percent"].dtype) == "Float64"
    assert isinstance(ab, pd.DataFrame)


def test_a_loaded_table_is_read_again_when_its_file_changes(ddir):
    """Loads are cached by the folder's file sizes and times (the book quotes a table dozens of times per
    build); an edit must still be seen, and a caller may change its copy without changing the next one."""
    first = data.load_timeline(ddir)
    first.loc[0, "event"] = "changed by the caller"
    assert data.load_timeline(ddir).loc[0, "event"] != "changed by the caller"
    path = ddir / "timeline.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")      # drop the last event
    assert len(data.load_timeline(ddir)) == len(first) - 1
