"""The fact-check of the source article as data (``data/article_claims.csv``) and every reference to its rows.

* the loader validates the file against its schema and every citation key against ``data/references.bib``,
  and a broken row fails with the file, the line and the column in the message;
* the verdicts and the table chapter 5 renders come from the file;
* every ``{claim}`claim-NN``` in the book, the question bank and the instructor guide names a row, and the
  bank uses the role only where the book renders MyST (the answer key), never in what widgets show.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from abduction_issue import book, data
from abduction_issue.data import DataValidationError


from conftest import rows_of  # noqa: E402  (the ddir fixture comes from conftest too)

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "data" / "article_claims.csv"
CLAIM_ROLE = re.compile(r"\{claim\}`(?:[^`<]*<)?([^`>]+)>?`")




def write_rows(path: Path, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, record: int, column: str, value: str):
    rows = rows_of(path)
    rows[record][rows[0].index(column)] = value
    write_rows(path, rows)


# --------------------------------------------------------------------------- the data

def test_loader_returns_every_row_in_file_order():
    df = data.load_article_claims()
    ids = [r[0] for r in rows_of(CLAIMS)[1:]]
    assert list(df["id"]) == ids and len(ids) > 0
    assert df["id"].is_unique


def test_every_source_key_is_in_the_bibliography():
    keys = data.bib_keys()
    df = data.load_article_claims()
    for cid, found in zip(df["id"], df["source_keys"]):
        assert found, cid
        assert set(found) <= keys, (cid, set(found) - keys)


def test_verdicts_are_from_the_schema_and_counted_from_the_data():
    df = data.load_article_claims()
    counts = book.verdict_counts(df)
    assert set(counts) == {"correct", "imprecise", "unverified", "wrong"}
    assert sum(counts.values()) == len(df)
    assert counts["unverified"] == int((df["verdict"] == "unverified").sum())


def test_claim_quotations_are_short_and_distinct():
    df = data.load_article_claims()
    assert df["claim"].is_unique
    assert (df["claim"].str.len() <= 300).all()


# --------------------------------------------------------------------------- bad input

def test_bad_verdict_names_file_line_and_column(ddir):
    p = ddir / "article_claims.csv"
    set_cell(p, 3, "verdict", "mostly true")
    with pytest.raises(DataValidationError) as exc:
        data.load_article_claims(ddir)
    msg = str(exc.value)
    assert "article_claims.csv" in msg and "line 4" in msg and "'verdict'" in msg, msg
    assert exc.value.line == 4 and exc.value.column == "verdict"
    assert "'correct'" in msg and "mostly true" in msg


def test_unknown_citation_key_names_file_line_and_column(ddir):
    p = ddir / "article_claims.csv"
    good = rows_of(p)[2][rows_of(p)[0].index("sources")]
    set_cell(p, 2, "sources", good + ";nosuchkey2099")
    with pytest.raises(DataValidationError) as exc:
        data.load_article_claims(ddir)
    msg = str(exc.value)
    assert "article_claims.csv" in msg and "line 3" in msg and "'sources'" in msg and "nosuchkey2099" in msg, msg


def test_bib_entry_removed_is_caught(ddir):
    key = data.load_article_claims()["source_keys"].iloc[0][0]
    bib = ddir / "references.bib"
    bib.write_text(re.sub(r"@\w+\{" + re.escape(key) + ",", "@misc{renamed" + key + ",", bib.read_text(encoding="utf-8")),
                   encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        data.load_article_claims(ddir)
    assert exc.value.line == 2 and exc.value.column == "sources" and key in str(exc.value)


@pytest.mark.parametrize("column,value,expected", [
    ("id", "claim-3", "claim-"),               # not claim-NN
    ("section", "Conclusion", "An Appalling Incident"),
    ("sources", "a; b", "text matching"),       # pattern: keys joined by ";" without spaces
    ("evidence", "", "a value"),
])
def test_broken_cells_are_named(ddir, column, value, expected):
    p = ddir / "article_claims.csv"
    set_cell(p, 5, column, value)
    with pytest.raises(DataValidationError) as exc:
        data.load_article_claims(ddir)
    msg = str(exc.value)
    assert "line 6" in msg and f"'{column}'" in msg and expected in msg, msg


def test_duplicate_id_is_rejected(ddir):
    p = ddir / "article_claims.csv"
    rows = rows_of(p)
    rows[4][0] = rows[1][0]
    write_rows(p, rows)
    with pytest.raises(DataValidationError) as exc:
        data.load_article_claims(ddir)
    assert exc.value.line == 5 and exc.value.column == "id"


# --------------------------------------------------------------------------- the table in chapter 5

def test_table_has_an_anchor_a_verdict_and_citations_for_every_row():
    df = data.load_article_claims()
    md = book.article_claims_markdown(df)
    assert md.startswith(":::{list-table}") and md.rstrip().endswith(":::")
    for _, r in df.iterrows():
        assert f"* - ({r['id']})=" in md
        assert "{cite:p}`" + ",".join(r["source_keys"]) + "`" in md
    assert md.count("* - (claim-") == len(df)
    assert md.count("  - **") == len(df)


def test_table_follows_the_data(ddir):
    p = ddir / "article_claims.csv"
    set_cell(p, 1, "verdict", "wrong")
    df = data.load_article_claims(ddir)
    md = book.article_claims_markdown(df)
    first = md.split("* - (")[1]
    assert "**Wrong**" in first
    assert book.verdict_counts(df)["wrong"] == 1


def test_claim_number_is_the_readers_number():
    assert book.claim_number("claim-03") == 3
    assert book.claim_number("claim-17") == 17


# --------------------------------------------------------------------------- references to rows

def _referencing_files() -> list[Path]:
    files = [ROOT / "index.md", ROOT / "abduction_issue" / "lesson_plans.yml", ROOT / "abduction_issue" / "assessment.yml"]
    files += sorted((ROOT / "chapters").rglob("*.md"))
    files += sorted((ROOT / "abduction_issue" / "bank").glob("*.yml"))
    files += sorted((ROOT / "notebooks").glob("*.ipynb"))
    return files


def claim_references(files) -> list[tuple[str, str]]:
    out = []
    for path in files:
        for cid in CLAIM_ROLE.findall(Path(path).read_text(encoding="utf-8")):
            out.append((Path(path).name, cid.strip()))
    return out


def test_every_claim_reference_resolves_to_a_row():
    ids = set(data.load_article_claims()["id"])
    refs = claim_references(_referencing_files())
    assert len(refs) >= 20  # the bank, the chapters and the guide all link to rows
    unknown = [(f, c) for f, c in refs if c not in ids]
    assert not unknown, f"{{claim}} references to no row of data/article_claims.csv: {unknown}"
    where = {f for f, _ in refs}
    assert {"summit.yml", "lesson_plans.yml", "05-reading-the-sources.md"} <= where


def test_reference_scanner_finds_a_bad_reference(tmp_path):
    f = tmp_path / "page.md"
    f.write_text("See {claim}`claim-99` and {claim}`the verdict <claim-03>`.", encoding="utf-8")
    assert claim_references([f]) == [("page.md", "claim-99"), ("page.md", "claim-03")]


def test_the_bank_uses_claim_links_only_where_the_book_renders_myst():
    """Explanations and sources appear only in the answer key (MyST); prompts, choices and feedback also go to
    widgets and the static quiz, which would show the role as raw text."""
    for path in sorted((ROOT / "abduction_issue" / "bank").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in doc["questions"]:
            for key, value in q.items():
                if key in ("explanation", "source"):
                    continue
                assert "{claim}" not in yaml.safe_dump(value, allow_unicode=True), (path.name, q["id"], key)


def test_no_numbered_claim_without_a_link():
    """'fact-check claim 3' written by hand would not link; the role writes it."""
    pattern = re.compile(r"(?i)\b(?:fact-?check(?:'s)?\s+)claim\s+\d+")
    for path in _referencing_files():
        text = CLAIM_ROLE.sub("", path.read_text(encoding="utf-8"))
        assert not pattern.search(text), (path.name, pattern.search(text).group(0))
