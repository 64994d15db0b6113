"""Bad input gets a clear error naming the file, the line, the column and what was expected."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abduction_issue import data
from abduction_issue.data import DataValidationError


from conftest import rows_of  # noqa: E402  (the ddir fixture comes from conftest too)

ROOT = Path(__file__).resolve().parent.parent




def write_rows(path: Path, rows, newline="\n", bom=False):
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))


def set_cell(path: Path, record: int, column: str, value: str):
    """Change one cell; ``record`` counts data rows from 1 (file line = record + 1 here: no multi-line cells)."""
    rows = rows_of(path)
    col = rows[0].index(column)
    rows[record][col] = value
    write_rows(path, rows)


def assert_names(exc: DataValidationError, file: str, line, column):
    msg = str(exc)
    assert file in msg, msg
    if line is not None:
        assert f"line {line}" in msg, msg
        assert exc.line == line
    if column is not None:
        assert f"'{column}'" in msg, msg
        assert exc.column == column
    assert "expected" in msg


def test_missing_column(ddir):
    p = ddir / "timeline.csv"
    rows = rows_of(p)
    i = rows[0].index("category")
    write_rows(p, [r[:i] + r[i + 1:] for r in rows])
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", 1, "category")
    assert "missing" in str(e.value)


def test_extra_column(ddir):
    p = ddir / "abductees.csv"
    rows = rows_of(p)
    write_rows(p, [r + (["comment"] if n == 0 else ["x"]) for n, r in enumerate(rows)])
    with pytest.raises(DataValidationError) as e:
        data.load_abductees(ddir)
    assert_names(e.value, "abductees.csv", 1, "comment")


def test_bad_date(ddir):
    set_cell(ddir / "timeline.csv", 3, "date", "1977-13-40")
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", 4, "date")


def test_impossible_calendar_date(ddir):
    set_cell(ddir / "timeline.csv", 3, "date", "1977-02-30")
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", 4, "date")
    assert "calendar" in str(e.value)


def test_date_finer_than_its_precision(ddir):
    p = ddir / "timeline.csv"
    rows = rows_of(p)
    rec = next(i for i, r in enumerate(rows) if i and r[rows[0].index("date_precision")] == "month")
    set_cell(p, rec, "date", rows[rec][rows[0].index("date")] + "-01")
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", rec + 1, "date")
    assert "precision 'month'" in str(e.value)


def test_date_coarser_than_its_precision(ddir):
    set_cell(ddir / "abductees.csv", 1, "incident_date", "1977-09")
    with pytest.raises(DataValidationError) as e:
        data.load_abductees(ddir)
    assert_names(e.value, "abductees.csv", 2, "incident_date")


def test_empty_source(ddir):
    set_cell(ddir / "timeline.csv", 5, "source_title", "")
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", 6, "source_title")


def test_source_of_only_separators_is_empty(ddir):
    set_cell(ddir / "key_figures.csv", 2, "source_title", " | ")
    with pytest.raises(DataValidationError) as e:
        data.load_key_figures(ddir)
    assert_names(e.value, "key_figures.csv", 3, "source_title")


def test_unknown_category(ddir):
    set_cell(ddir / "timeline.csv", 2, "category", "rumour")
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", 3, "category")
    assert "'abduction'" in str(e.value)  # the message lists what is allowed


def test_unknown_status(ddir):
    set_cell(ddir / "abductees.csv", 4, "status", "missing")
    with pytest.raises(DataValidationError) as e:
        data.load_abductees(ddir)
    assert_names(e.value, "abductees.csv", 5, "status")


def test_duplicate_key(ddir):
    p = ddir / "timeline.csv"
    rows = rows_of(p)
    set_cell(p, 7, "id", rows[2][0])
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", 8, "id")
    assert "line 3" in str(e.value)  # where the key was first used


def test_duplicate_composite_key(ddir):
    p = ddir / "opinion_polls.csv"
    rows = rows_of(p)
    rows.append(list(rows[1]))
    write_rows(p, rows)
    with pytest.raises(DataValidationError) as e:
        data.load_opinion_polls(ddir)
    assert_names(e.value, "opinion_polls.csv", len(rows), "survey_id+item_key")


def test_unknown_foreign_key(ddir):
    set_cell(ddir / "opinion_polls.csv", 1, "survey_id", "H99")
    with pytest.raises(DataValidationError) as e:
        data.load_opinion_polls(ddir)
    assert_names(e.value, "opinion_polls.csv", 2, "survey_id")


def test_non_numeric_percent(ddir):
    set_cell(ddir / "opinion_polls.csv", 2, "percent", "83,4")
    with pytest.raises(DataValidationError) as e:
        data.load_opinion_polls(ddir)
    assert_names(e.value, "opinion_polls.csv", 3, "percent")
    assert "a number" in str(e.value)


@pytest.mark.parametrize("value", ["100.5", "-1"])
def test_percent_out_of_range(ddir, value):
    set_cell(ddir / "opinion_polls.csv", 2, "percent", value)
    with pytest.raises(DataValidationError) as e:
        data.load_opinion_polls(ddir)
    assert_names(e.value, "opinion_polls.csv", 3, "percent")
    assert "from 0 to 100" in str(e.value)


def test_missing_required_value(ddir):
    set_cell(ddir / "opinion_polls.csv", 2, "percent", "")
    with pytest.raises(DataValidationError) as e:
        data.load_opinion_polls(ddir)
    assert_names(e.value, "opinion_polls.csv", 3, "percent")


def test_row_with_too_few_cells(ddir):
    p = ddir / "abductees.csv"
    rows = rows_of(p)
    rows[6] = rows[6][:-2]
    write_rows(p, rows)
    with pytest.raises(DataValidationError) as e:
        data.load_abductees(ddir)
    assert_names(e.value, "abductees.csv", 7, None)


def test_line_numbers_count_multiline_cells(ddir):
    """The row is named by its line in the file, even after a quoted cell spanning two lines."""
    p = ddir / "timeline.csv"
    rows = rows_of(p)
    col = rows[0].index("event")
    rows[1][col] = rows[1][col] + "\nsecond line"
    rows[4][rows[0].index("category")] = "rumour"
    write_rows(p, rows)
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert e.value.line == 6  # record 4 starts on line 6 because record 1 spans lines 2-3


def test_utf8_bom_loads(ddir):
    p = ddir / "abductees.csv"
    write_rows(p, rows_of(p), bom=True)
    df = data.load_abductees(ddir)
    assert len(df) == 17
    assert df.columns[0] == "id"


def test_windows_line_endings_load(ddir):
    p = ddir / "timeline.csv"
    rows = rows_of(p)
    write_rows(p, rows, newline="\r\n")
    df = data.load_timeline(ddir)
    assert len(df) == len(rows) - 1
    assert not df["verified"].str.contains("\r").any()


def test_missing_file(ddir):
    (ddir / "key_figures.csv").unlink()
    with pytest.raises(DataValidationError) as e:
        data.load_key_figures(ddir)
    assert "key_figures.csv" in str(e.value)


def test_empty_file(ddir):
    (ddir / "key_figures.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataValidationError) as e:
        data.load_key_figures(ddir)
    assert_names(e.value, "key_figures.csv", 1, None)


# --- property: the loader returns every row or raises, never fewer rows in silence -----------

_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    keep=st.lists(st.booleans(), min_size=1, max_size=11),
    mutations=st.lists(st.tuples(st.integers(0, 10), st.sampled_from(["key", "value", "qualifier", "unit", "as_of", "as_of_precision", "source_title"]), _cell), max_size=3),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_property_every_row_or_a_clear_error(tmp_path_factory, keep, mutations, crlf, bom):
    d = tmp_path_factory.mktemp("prop")
    shutil.copy(ROOT / "data" / "datapackage.json", d / "datapackage.json")
    rows = rows_of(ROOT / "data" / "key_figures.csv")
    header, body = rows[0], rows[1:]
    body = [r for r, k in zip(body, keep + [True] * len(body)) if k]
    for i, col, value in mutations:
        if body:
            body[i % len(body)][header.index(col)] = value
    write_rows(d / "key_figures.csv", [header] + body, newline="\r\n" if crlf else "\n", bom=bom)
    try:
        df = data.load_key_figures(d)
    except DataValidationError as exc:
        assert "key_figures.csv" in str(exc) and exc.line is not None
        assert 1 <= exc.line <= len(body) + 1 + sum(str(v).count("\n") + str(v).count("\r") for _, _, v in mutations)
        assert exc.column is None or exc.column in header or "+" in exc.column
    else:
        assert len(df) == len(body)


# --- Japanese beside English (issue 25): X_ja filled wherever X is, and only there ---------------------------

def test_japanese_text_missing_where_english_is_filled(ddir):
    rows = rows_of(ddir / "timeline.csv")
    col = rows[0].index("label")
    record = next(i for i, r in enumerate(rows) if i and r[col])
    set_cell(ddir / "timeline.csv", record, "label_ja", "")
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert_names(e.value, "timeline.csv", record + 1, "label_ja")
    assert "Japanese text of 'label'" in str(e.value)


def test_japanese_text_where_english_is_empty(ddir):
    rows = rows_of(ddir / "abductees.csv")
    col = rows[0].index("map_via")
    record = next(i for i, r in enumerate(rows) if i and not r[col])
    set_cell(ddir / "abductees.csv", record, "map_via_ja", "コペンハーゲン")
    with pytest.raises(DataValidationError) as e:
        data.load_abductees(ddir)
    assert_names(e.value, "abductees.csv", record + 1, "map_via_ja")
    assert "'map_via' is empty" in str(e.value)


@pytest.mark.parametrize("resource,column", [("timeline", "event_ja"), ("article_claims", "evidence_ja"),
                                             ("key_figures", "description_ja"), ("opinion_polls_other", "poll_ja"),
                                             ("survey_waves", "note_ja"), ("opinion_polls", "note_ja"),
                                             ("abductees", "japan_findings_ja")])
def test_every_japanese_column_is_checked(ddir, resource, column):
    """Emptying the Japanese of a filled English cell fails, in every file, naming file, line and column."""
    path = ddir / f"{resource}.csv"
    rows = rows_of(path)
    en = rows[0].index(column[: -len("_ja")])
    record = max(i for i, r in enumerate(rows) if i and r[en])
    set_cell(path, record, column, "")
    with pytest.raises(DataValidationError) as e:
        data.load(resource, ddir)
    assert_names(e.value, f"{resource}.csv", record + 1, column)


def test_japanese_column_must_follow_its_english_column(ddir):
    import json
    pkg_path = ddir / "datapackage.json"
    pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
    fields = next(r for r in pkg["resources"] if r["name"] == "timeline")["schema"]["fields"]
    i = next(k for k, f in enumerate(fields) if f["name"] == "label_ja")
    fields.append(fields.pop(i))
    pkg_path.write_text(json.dumps(pkg), encoding="utf-8")
    with pytest.raises(DataValidationError) as e:
        data.load_timeline(ddir)
    assert "'label_ja' right after 'label'" in str(e.value)
    assert "datapackage.json" in str(e.value)


def test_terms_need_a_unique_english_term_and_a_source(ddir):
    p = ddir / "terms_ja.csv"
    rows = rows_of(p)
    set_cell(p, 2, "english", rows[1][0])
    with pytest.raises(DataValidationError) as e:
        data.load_terms(ddir)
    assert_names(e.value, "terms_ja.csv", 3, "english")
    write_rows(p, rows)
    set_cell(p, 5, "source_title", "")
    with pytest.raises(DataValidationError) as e:
        data.load_terms(ddir)
    assert_names(e.value, "terms_ja.csv", 6, "source_title")
