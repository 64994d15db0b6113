"""The chapter helpers in abduction_issue.book used by chapters 3-5 (survey table, poll look-ups, dates)."""
import re

import pandas as pd
import pytest

from abduction_issue import book, data


def _rows(md: str) -> list[list[str]]:
    lines = [l for l in md.splitlines() if l.startswith("|")][2:]
    return [[c.strip() for c in l.strip("|").split("|")] for l in lines]


def test_the_short_survey_table_shows_only_the_waves_that_changed_as_the_full_one_flags_them():
    """Issue 23: notebook 02 shows a few rows, not chapter 5's whole table: the waves where the survey changed,
    each row as the full table has it (the changes are still found against every wave)."""
    full = {r[0]: r for r in _rows(book.survey_waves_markdown())}
    short = _rows(book.survey_waves_markdown(changes_only=True))
    assert 1 <= len(short) < len(full)
    assert [r[0] for r in short] == [w for w, r in full.items() if r[-1] != "—"]
    assert all(r == full[r[0]] for r in short)


def test_notebook_02_shows_the_short_survey_table_and_points_to_chapter_5():
    import json
    from pathlib import Path
    nb = json.loads((Path(__file__).resolve().parent.parent / "notebooks" / "02-public-opinion.ipynb").read_text("utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert any("survey_waves_markdown(changes_only=True)" in c for c in code)
    assert not any(re.search(r"survey_waves_markdown\((\)|waves|polls)", c) for c in code), "the full table again"
    # a plain link, which JupyterLab follows too (a {ref} role would show as raw text there)
    assert "](../chapters/05-reading-the-sources.md#" in text


def test_survey_table_has_one_row_per_wave_and_flags_each_break_from_the_data():
    waves = data.load_survey_waves()
    rows = _rows(book.survey_waves_markdown())
    assert [r[0] for r in rows] == list(waves.sort_values("fiscal_year")["survey_id"])
    flagged = {r[0]: r[-1] for r in rows if r[-1] != "—"}
    w = waves.sort_values("fiscal_year").reset_index(drop=True)
    expected = set()
    for i in range(1, len(w)):
        if w.loc[i, "method"] != w.loc[i - 1, "method"] or w.loc[i, "min_age"] != w.loc[i - 1, "min_age"]:
            expected.add(w.loc[i, "survey_id"])
        if w.loc[i, "answer_list"] != w.loc[i - 1, "answer_list"]:
            expected.add(w.loc[i, "survey_id"])
    expected |= {c["survey_id"] for c in data.wording_changes()}  # an answer reworded (核開発問題 -> 核問題)
    assert set(flagged) == expected and len(expected) == 4
    mail = w[w["method"] == "mail"].iloc[0]["survey_id"]
    assert "→ mail" in flagged[mail]


def test_survey_table_marks_gap_waves_and_never_invents_a_sample_size():
    waves = data.load_survey_waves().set_index("survey_id")
    for r in _rows(book.survey_waves_markdown()):
        sid, n, status = r[0], r[5], r[6]
        assert (status == "**gap**") == (waves.loc[sid, "status"] == "gap")
        if pd.isna(waves.loc[sid, "sample_size"]):
            assert n == "not found"
        else:
            assert int(n.replace(",", "")) == int(waves.loc[sid, "sample_size"])


def test_survey_table_follows_a_changed_wave_file():
    waves = data.load_survey_waves().copy()
    waves.loc[waves["survey_id"] == "H17", "method"] = "mail"
    flagged = {r[0]: r[-1] for r in _rows(book.survey_waves_markdown(waves)) if r[-1] != "—"}
    assert "H17" in flagged and "H18" in flagged  # mail in, and back to interviews


def test_poll_value_reports_verification_and_refuses_missing_items():
    v = book.poll_value("H15", "abduction")
    assert v["verified"] == "no" and v["status"] == "unconfirmed"
    polls = data.load_opinion_polls()
    row = polls[(polls["survey_id"] == "R4") & (polls["item_key"] == "abduction")].iloc[0]
    assert book.poll_value("R4", "abduction")["percent"] == float(row["percent"])
    with pytest.raises(KeyError):
        book.poll_value(data.load_survey_waves().query("status == 'gap'")["survey_id"].iloc[0], "abduction")  # a gap wave has no figure


def test_other_polls_table_refuses_unverified_or_non_probability_rows():
    other = data.load_other_polls()
    unverified = other[other["verified"] == "no"]["id"].iloc[0]
    nonprob = other[other["probability_sample"] == "no"]["id"].iloc[0]
    ok = other[(other["verified"] == "yes") & (other["probability_sample"] == "yes")]["id"].iloc[0]
    with pytest.raises(ValueError):
        book.other_polls_markdown([ok, unverified])
    with pytest.raises(ValueError):
        book.other_polls_markdown([nonprob])
    with pytest.raises(KeyError):
        book.other_polls_markdown(["op-does-not-exist"])
    rows = _rows(book.other_polls_markdown([ok]))
    assert float(rows[0][3]) == float(other.set_index("id").loc[ok, "percent"])





@pytest.mark.parametrize("chapter", ["before-2002", "summit", "backfire", "way-forward"])
def test_key_dates_box_holds_the_chapters_handful_of_events(chapter):
    """Issue 14: at most ten key events in the box (chosen in data/timeline.csv); issue 23: the rest are not
    listed in the chapter again, the box points to the timeline notebook and the CSV; no ISO dates."""
    from abduction_issue import book, data
    tl = data.load_timeline()
    md = book.key_dates_markdown(chapter, tl)
    box = md.split(":::\n", 1)[0]
    rows = tl[tl["chapter"] == chapter]
    assert box.count("\n- **") == (rows["key_date"] == "yes").sum() <= book.MAX_KEY_DATES
    assert md.count("\n- **") == box.count("\n- **"), "the chapter's other events are listed again"
    assert "events of this chapter" not in md or "{doc}`/notebooks/01-timeline`" in md
    assert not re.search(r"\b\d{4}-\d{2}", box.split("*From")[0].split("*The full")[0]), "an ISO date in the box"


def test_key_dates_box_refuses_too_many_key_events():
    from abduction_issue import book, data
    tl = data.load_timeline().copy()
    tl.loc[tl["chapter"] == "way-forward", "key_date"] = "yes"
    with pytest.raises(ValueError, match="key_date = yes"):
        book.key_dates_markdown("way-forward", tl)
