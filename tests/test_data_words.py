"""Codes in words, polls counted as polls, and the survey waves' own consistency (issue 12)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from abduction_issue import book, data

DATA = Path(__file__).resolve().parent.parent / "data"


def _schema_enums():
    pkg = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        for f in res["schema"]["fields"]:
            yield res["name"], f["name"], [v for v in f.get("constraints", {}).get("enum", []) if v != ""]


def _rows(md: str) -> list[list[str]]:
    lines = [l for l in md.splitlines() if l.startswith("|")][2:]
    return [[c.strip() for c in l.strip("|").split("|")] for l in lines]


@pytest.mark.parametrize("resource,column", sorted(data.CODE_WORDS))
def test_every_code_the_schema_allows_has_words(resource, column):
    enums = {(r, c): e for r, c, e in _schema_enums()}
    assert (resource, column) in enums, "words for a column the schema does not code"
    for code in enums[(resource, column)]:
        words = data.in_words(resource, column, code)
        assert words and "_" not in words


def test_an_unknown_code_is_refused_not_shown():
    with pytest.raises(KeyError, match="survey_waves.status"):
        data.in_words("survey_waves", "status", "figures_lost")


def test_the_wave_table_shows_no_raw_code():
    md = book.survey_waves_markdown()
    codes = {str(v) for (r, c), m in data.CODE_WORDS.items() if r == "survey_waves" for v in m if "_" in str(v)}
    assert codes, "the test must look for something"
    for code in codes:
        assert code not in md, code
    waves = data.load_survey_waves().set_index("survey_id")
    for r in _rows(md):
        assert r[6].strip("*") == data.in_words("survey_waves", "status", waves.loc[r[0], "status"])


def test_the_other_polls_table_names_the_poll_in_words_and_keeps_the_detail_in_the_source_column():
    other = data.load_other_polls().set_index("id")
    ids = [i for i, r in other.iterrows() if r["verified"] == "yes" and r["probability_sample"] == "yes"]
    rows = _rows(book.other_polls_markdown(ids))
    assert len(rows) == len(ids)
    for pid, r in zip(ids, rows):
        assert r[0] == other.loc[pid, "poll"].replace("*", "\\*")
        assert "repost" not in r[0] and "via" not in r[0] and "JMH" not in r[0]
        first_url = str(other.loc[pid, "source_url"]).split(" | ")[0]
        assert first_url in r[4] or other.loc[pid, "source_title"].split(" | ")[0][:20] in r[4]


def test_one_poll_is_counted_once_however_many_rows_it_has():
    other = data.load_other_polls()
    panel = other[other["probability_sample"] == "no"]
    assert len(panel) > data.count_polls(panel) >= 1
    assert data.count_polls(pd.concat([other, other])) == data.count_polls(other)
    assert data.count_polls(other.head(0)) == 0


def test_rows_grouped_as_one_poll_were_read_in_one_place():
    other = data.load_other_polls().fillna({"fieldwork": ""})
    for key, grp in other.groupby(["poll", "survey_year", "fieldwork"]):
        assert grp["source_title"].nunique() == 1, (key, list(grp["id"]))
        assert grp["probability_sample"].nunique() == 1, key


def test_the_nuclear_wording_change_is_where_the_data_puts_it():
    polls = data.load_opinion_polls()
    (c,) = data.wording_changes(polls)
    old = polls[polls["item_key"] == "nuclear_development"]
    new = polls[polls["item_key"] == "nuclear"]
    assert c["last_before"] == old["fiscal_year"].max() < c["first_after"] == new["fiscal_year"].min()
    assert c["before_ja"] == "核開発問題" and c["after_ja"] == "核問題"
    # the wave table flags the rewording at that wave
    flagged = {r[0]: r[-1] for r in _rows(book.survey_waves_markdown())}
    assert c["after_ja"] in flagged[c["survey_id"]]
    # a file where the two wordings overlap is refused
    clash = new.iloc[[0]].copy()
    clash["item_key"] = "nuclear_development"
    clash["fiscal_year"] = int(new["fiscal_year"].min()) + 1
    with pytest.raises(ValueError, match="overlap"):
        data.wording_changes(pd.concat([polls, clash]))


def test_wave_status_agrees_with_the_verified_flags_of_its_values():
    polls = data.load_opinion_polls()
    waves = data.load_survey_waves().set_index("survey_id")
    for sid, grp in polls.groupby("survey_id"):
        status = waves.loc[sid, "status"]
        if (grp["verified"] == "no").all():
            assert status in ("unconfirmed", "inferred_only"), sid
        else:
            assert status in ("figures_found", "preliminary"), sid
    for sid, grp in polls[polls["verified"] == "no"].groupby("survey_id"):
        assert grp["note"].str.contains("Derived|Inferred|Unconfirmed", case=True).all(), sid


def test_fieldwork_month_is_the_first_month_of_the_fieldwork_dates():
    waves = data.load_survey_waves()
    dated = waves[waves["fieldwork_dates"].notna()]
    assert len(dated) > 0
    for r in dated.itertuples():
        assert r.fieldwork == r.fieldwork_dates[:7], r.survey_id
