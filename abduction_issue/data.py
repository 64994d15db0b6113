"""Load and validate the module's datasets.

Every dataset in ``data/`` is described once, in ``data/datapackage.json``
(a Frictionless Data Package).  This module reads that schema -- it keeps no
second copy of it -- and checks each CSV file against it before handing back a
typed :class:`pandas.DataFrame`.

Rules the loader enforces
-------------------------
* The header must name exactly the schema's fields, in order.
* Every cell is checked against its field's type and constraints
  (``required``, ``enum``, ``pattern``, ``minimum``, ``maximum``, ``unique``),
  primary keys must be unique and foreign keys must resolve.
* Dates keep their precision: ``1978-06`` stays a month.  A date written more
  finely than its ``date_precision`` allows (or less finely) is an error, and a
  month-precision date is never given an invented day.
* Nothing is dropped or coerced in silence.  The first problem found raises
  :class:`DataValidationError`, whose message names the file, the line of the
  file (the header is line 1), the column and what was expected.
* A UTF-8 byte-order mark and Windows line endings are accepted.
* Japanese beside English (issue 25): a column ``X_ja`` holds the Japanese text of the column ``X`` and must
  come right after it in the schema; on every row ``X_ja`` must be filled where ``X`` is and empty where ``X``
  is empty (:data:`JA_SUFFIX`), so that no text reaches the Japanese edition without its Japanese.
* A schema keyword the loader does not implement (a field type other than ``string``, ``integer`` and
  ``number``, a constraint such as ``minLength``, a schema key such as ``missingValues``) is refused with an
  error naming it, never ignored in silence (:data:`FIELD_TYPES`, :data:`CONSTRAINTS`, :data:`SCHEMA_KEYS`).

Why a hand-written validator, although ``frictionless`` (pinned for the tests) validates the same package:
its messages are written for the person who edits a CSV (file, line, column, what was expected and what was
found), it enforces what Table Schema cannot say (a date written at exactly its ``date_precision``, a
plausible date range, fieldwork intervals), it returns typed pandas frames with a cache keyed on the files'
stamps, and it adds no heavy dependency to a notebook on Colab or Binder.  ``tests/test_data.py`` keeps
frictionless as the reference check of the package.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import project

__all__ = [
    "DataValidationError",
    "data_dir",
    "load",
    "load_timeline",
    "load_abductees",
    "load_survey_waves",
    "load_opinion_polls",
    "load_other_polls",
    "load_key_figures",
    "load_article_claims",
    "load_terms",
    "ja_pairs",
    "bib_keys",
    "key_figure",
    "split_sources",
    "wave_changes",
    "wording_changes",
    "count_polls",
    "in_words",
    "CODE_WORDS",
    "RESOURCES",
    "JA_SUFFIX",
]

#: The resources in the data package, in the order they are documented.
RESOURCES = ("timeline", "abductees", "survey_waves", "opinion_polls", "opinion_polls_other", "key_figures",
             "article_claims", "terms_ja")

#: A field named ``X`` + this suffix is the Japanese text of field ``X`` of the same table (:func:`ja_pairs`).
JA_SUFFIX = "_ja"

#: Columns holding a date whose precision is given by another column.
_PRECISION_PAIRS = {
    "timeline": ("date", "date_precision"),
    "abductees": ("incident_date", "date_precision"),
    "key_figures": ("as_of", "as_of_precision"),
}


#: What the loader implements of Frictionless Table Schema; anything else in datapackage.json is refused.
FIELD_TYPES = ("string", "integer", "number")
CONSTRAINTS = ("required", "enum", "pattern", "minimum", "maximum", "unique")
FIELD_KEYS = ("name", "type", "description", "title", "constraints")
SCHEMA_KEYS = ("fields", "primaryKey", "foreignKeys")


class DataValidationError(ValueError):
    """A data file does not match its schema.

    Attributes name where the problem is, so that tests and tools can point at
    it: ``path`` (the file), ``line`` (the line in the file, header = 1, or
    ``None`` for a problem with the file as a whole), ``column`` and
    ``expected``.
    """

    def __init__(self, path, line, column, expected, found=None):
        self.path = str(path)
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
        where = f"{self.path}"
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        msg = f"{where}: expected {expected}"
        if found is not None:
            msg += f", found {found!r}"
        super().__init__(msg)


data_dir = project.data_dir   # the data folder (ABDUCTION_DATA_DIR overrides it; see abduction_issue.project)


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    constraints: dict

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))


def _read_package(directory: Path) -> dict:
    path = directory / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError(path, None, None, "a datapackage.json describing the datasets", "no such file") from None
    except json.JSONDecodeError as exc:
        raise DataValidationError(path, exc.lineno, None, "valid JSON", exc.msg) from None


def _resource(pkg: dict, name: str, directory: Path) -> dict:
    for res in pkg["resources"]:
        if res["name"] == name:
            return res
    raise DataValidationError(directory / "datapackage.json", None, None, f"a resource named '{name}'", "none")


def _check_schema(schema: dict, resource: str, directory: Path) -> None:
    """Refuse a schema keyword the loader does not implement (it would otherwise be ignored in silence)."""
    path = Path("data") / "datapackage.json" if directory == data_dir() else directory / "datapackage.json"

    def refuse(where, kind, known, found):
        raise DataValidationError(path, None, None, f"{where}: only the {kind} the loader implements "
                                  f"({', '.join(known)}); add it to abduction_issue/data.py first", found)

    for key in schema:
        if key not in SCHEMA_KEYS:
            refuse(f"resource '{resource}'", "schema keys", SCHEMA_KEYS, key)
    for f in schema.get("fields", []):
        where = f"resource '{resource}', field '{f.get('name')}'"
        for key in f:
            if key not in FIELD_KEYS:
                refuse(where, "field keys", FIELD_KEYS, key)
        if f.get("type", "string") not in FIELD_TYPES:
            refuse(where, "field types", FIELD_TYPES, f.get("type"))
        for key in f.get("constraints", {}):
            if key not in CONSTRAINTS:
                refuse(where, "constraints", CONSTRAINTS, key)
    names = [f.get("name") for f in schema.get("fields", [])]
    for en, ja in ja_pairs(names):
        if names.index(ja) != names.index(en) + 1:
            raise DataValidationError(path, None, None, f"resource '{resource}': the Japanese column '{ja}' right after "
                                      f"'{en}'", f"'{ja}' at position {names.index(ja) + 1}, '{en}' at {names.index(en) + 1}")


def ja_pairs(names) -> list[tuple[str, str]]:
    """The (English column, Japanese column) pairs among a table's column names: ``X`` and ``X_ja``.

    ``name_ja`` beside ``name_en`` and ``item_ja`` beside ``item_en`` are not pairs in this sense: they hold the
    Japanese wording as read in the sources, which may be missing, not a Japanese text of the English."""
    names = list(names)
    return [(n[: -len(JA_SUFFIX)], n) for n in names
            if n.endswith(JA_SUFFIX) and n[: -len(JA_SUFFIX)] in names]


def _describe(field: _Field) -> str:
    c = field.constraints
    if "enum" in c:
        return "one of " + ", ".join(repr(str(v)) for v in c["enum"] if v != "")
    parts = {"string": "text", "integer": "a whole number", "number": "a number"}[field.type]
    if "pattern" in c:
        parts = f"text matching {c['pattern']}"
    if "minimum" in c and "maximum" in c:
        parts += f" from {c['minimum']} to {c['maximum']}"
    elif "minimum" in c:
        parts += f" of at least {c['minimum']}"
    return parts


def _cast(field: _Field, raw: str, path, line):
    """Turn one cell into a Python value, or raise naming file, line and column."""
    c = field.constraints
    if raw == "":
        if field.required:
            raise DataValidationError(path, line, field.name, f"a value ({_describe(field)})", raw)
        return None
    if raw != raw.strip():
        raise DataValidationError(path, line, field.name, "no leading or trailing spaces", raw)
    if field.type == "string":
        value = raw
    elif field.type == "integer":
        if not re.fullmatch(r"-?[0-9]+", raw):
            raise DataValidationError(path, line, field.name, _describe(field), raw)
        value = int(raw)
    elif field.type == "number":
        try:
            value = float(raw)
        except ValueError:
            raise DataValidationError(path, line, field.name, _describe(field), raw) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise DataValidationError(path, line, field.name, _describe(field), raw)
    else:  # pragma: no cover - the package only uses the three types above
        raise DataValidationError(path, line, field.name, f"a supported type, not {field.type}")
    if "enum" in c and value not in c["enum"]:
        raise DataValidationError(path, line, field.name, _describe(field), raw)
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        raise DataValidationError(path, line, field.name, _describe(field), raw)
    if "minimum" in c and value < c["minimum"]:
        raise DataValidationError(path, line, field.name, _describe(field), raw)
    if "maximum" in c and value > c["maximum"]:
        raise DataValidationError(path, line, field.name, _describe(field), raw)
    return value


def _check_date(path, line, column, value: str, precision: str | None):
    """A date string must be a real calendar date written at its stated precision."""
    parts = value.split("-")
    shape = {2: "month", 3: "day"}.get(len(parts))
    if precision is not None and shape != precision:
        want = "YYYY-MM-DD" if precision == "day" else "YYYY-MM (no invented day)"
        raise DataValidationError(path, line, column, f"a date written as {want} to match precision '{precision}'", value)
    try:
        y, m = int(parts[0]), int(parts[1])
        d = int(parts[2]) if len(parts) == 3 else 1
        date = _dt.date(y, m, d)
    except (ValueError, IndexError):
        raise DataValidationError(path, line, column, "a real calendar date", value) from None
    if not (_dt.date(1945, 1, 1) <= date <= _dt.date.today()):
        raise DataValidationError(path, line, column, f"a date between 1945 and today ({_dt.date.today()})", value)


def _records(path: Path) -> Iterable[tuple[int, list[str]]]:
    """Yield (line where the record starts, cells) for every CSV record."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataValidationError(path, None, None, "the file to exist", "no such file") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DataValidationError(path, line, None, "UTF-8 text", "undecodable bytes") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataValidationError(path, reader.line_num, None, "well-formed CSV", str(exc)) from None


#: validated tables by (folder, resource, the folder's files' sizes and modification times): a file that changes is
#: read and validated again; an unchanged one is not (the book quotes a table dozens of times per build)
_LOADED: dict = {}


def _stamp(directory: Path) -> tuple:
    """The sizes and modification times of the folder's files: a cache key that changes with any of them."""
    return tuple((p.name, st.st_mtime_ns, st.st_size) for p in sorted(directory.iterdir())
                 if p.is_file() and (st := p.stat()))


def _load_resource(name: str, directory: Path | None = None) -> pd.DataFrame:
    directory = Path(directory) if directory is not None else data_dir()
    key = (str(directory.resolve()), name, _stamp(directory))
    if key not in _LOADED:
        if len(_LOADED) > 64:
            _LOADED.clear()
        _LOADED[key] = _load_resource_uncached(name, directory)
    return _LOADED[key].copy()


def _load_resource_uncached(name: str, directory: Path) -> pd.DataFrame:
    pkg = _read_package(directory)
    res = _resource(pkg, name, directory)
    schema = res["schema"]
    _check_schema(schema, name, directory)
    fields = [_Field(f["name"], f.get("type", "string"), f.get("constraints", {})) for f in schema["fields"]]
    names = [f.name for f in fields]
    path = directory / res["path"]
    shown = Path("data") / res["path"] if directory == data_dir() else path

    records = _records(path)
    try:
        _, header = next(records)
    except StopIteration:
        raise DataValidationError(shown, 1, None, "a header row: " + ",".join(names), "an empty file") from None
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        if missing:
            raise DataValidationError(shown, 1, missing[0], "the header to include this column (schema: " + ",".join(names) + ")", "missing")
        if extra:
            raise DataValidationError(shown, 1, extra[0], "only the schema's columns: " + ",".join(names), "an extra column")
        raise DataValidationError(shown, 1, None, "the columns in the schema's order: " + ",".join(names), ",".join(header))

    rows, lines = [], []
    unique_seen: dict[str, dict] = {f.name: {} for f in fields if f.constraints.get("unique")}
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else pk
    pk_seen: dict[tuple, int] = {}
    pair = _PRECISION_PAIRS.get(name)
    ja = ja_pairs(names)
    for line, cells in records:
        if cells == []:
            raise DataValidationError(shown, line, None, "a data row", "a blank line")
        if len(cells) != len(fields):
            raise DataValidationError(shown, line, None, f"{len(fields)} cells", f"{len(cells)} cells")
        row = {}
        for f, raw in zip(fields, cells):
            row[f.name] = _cast(f, raw, shown, line)
        for f in fields:
            if f.name in unique_seen and row[f.name] is not None:
                first = unique_seen[f.name].setdefault(row[f.name], line)
                if first != line:
                    raise DataValidationError(shown, line, f.name, f"a unique value (already used on line {first})", row[f.name])
        if pk:
            key = tuple(row[k] for k in pk)
            first = pk_seen.setdefault(key, line)
            if first != line:
                raise DataValidationError(shown, line, "+".join(pk), f"a unique primary key (already used on line {first})", "/".join(map(str, key)))
        # dates: real, and at their stated precision
        for f in fields:
            if f.type == "string" and row[f.name] and re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", row[f.name]):
                precision = row[pair[1]] if pair and f.name == pair[0] else None
                _check_date(shown, line, f.name, row[f.name], precision)
            if f.name == "fieldwork_dates" and row[f.name]:
                a, b = row[f.name].split("/")
                _check_date(shown, line, f.name, a, "day")
                _check_date(shown, line, f.name, b, "day")
                if b < a:
                    raise DataValidationError(shown, line, f.name, "an interval whose end is not before its start", row[f.name])
        # Japanese beside English: both filled or both empty
        for en, ja_col in ja:
            if row[en] is not None and row[ja_col] is None:
                raise DataValidationError(shown, line, ja_col, f"the Japanese text of '{en}' (it is filled on this row)", "")
            if row[en] is None and row[ja_col] is not None:
                raise DataValidationError(shown, line, ja_col, f"no Japanese text where '{en}' is empty", row[ja_col])
        if "source_title" in row and not (row["source_title"] or "").strip(" |"):
            raise DataValidationError(shown, line, "source_title", "a non-empty source", row["source_title"])
        rows.append(row)
        lines.append(line)

    for fk in schema.get("foreignKeys", []):
        other = _load_resource(fk["reference"]["resource"], directory)
        allowed = set(map(tuple, other[fk["reference"]["fields"]].itertuples(index=False)))
        for row, line in zip(rows, lines):
            key = tuple(row[k] for k in fk["fields"])
            if key not in allowed:
                raise DataValidationError(shown, line, "+".join(fk["fields"]),
                                          f"a value present in {fk['reference']['resource']}.{'+'.join(fk['reference']['fields'])}", "/".join(map(str, key)))

    df = pd.DataFrame(rows, columns=names)
    for f in fields:
        if f.type == "integer":
            df[f.name] = pd.array(df[f.name].tolist(), dtype="Int64")
        elif f.type == "number":
            df[f.name] = pd.array(df[f.name].tolist(), dtype="Float64")
        else:
            df[f.name] = df[f.name].astype("string")
    df.attrs["source_file"] = str(shown)
    df.attrs["lines"] = lines
    return df


def _add_date_parts(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Add year, month and day (day <NA> for month precision) without inventing anything."""
    parts = df[column].str.split("-", expand=True)
    df["year"] = pd.array(parts[0].astype(int).tolist(), dtype="Int64")
    df["month"] = pd.array(parts[1].astype(int).tolist(), dtype="Int64")
    day = parts[2] if 2 in parts.columns else pd.Series([None] * len(df))
    df["day"] = pd.array([int(d) if isinstance(d, str) else None for d in day], dtype="Int64")
    return df


def load(name: str, directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load any resource of the data package by name, validated."""
    if name not in RESOURCES:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(RESOURCES)}")
    loader = {
        "timeline": load_timeline,
        "abductees": load_abductees,
        "survey_waves": load_survey_waves,
        "opinion_polls": load_opinion_polls,
        "opinion_polls_other": load_other_polls,
        "key_figures": load_key_figures,
        "article_claims": load_article_claims,
        "terms_ja": load_terms,
    }[name]
    return loader(directory)


#: An event's short name has at most this many words (an ordering question's dropdown, an answer key's
#: reference to an event, a chart's event label).
EVENT_LABEL_WORDS = 12


def event_label(label, description, max_words: int | None = EVENT_LABEL_WORDS) -> str:
    """An event's short name, the one rule for every rendering: its ``label`` in ``timeline.csv``, or failing
    that the first clause of its description (no asides in brackets), cut at ``max_words`` words (default
    :data:`EVENT_LABEL_WORDS`) with an ellipsis; ``max_words=None`` keeps the whole clause (the answer keys,
    where a clause cut mid-phrase would mislead)."""
    if isinstance(label, str) and label.strip():
        return label.strip()
    text = re.sub(r"\s*\([^)]*\)", "", str(description).strip())
    text = re.sub(r"（[^）]*）", "", text)
    text = re.split(r";\s|:\s|；|：", text, maxsplit=1)[0].rstrip(".,。")
    words = text.split()
    if max_words is None or len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]) + "…"


_INDEXED: dict = {}


def timeline_by_id(directory=None) -> pd.DataFrame:
    """:func:`load_timeline` indexed by ``id``: built once per load of the data (not once per lookup).

    The frame is shared between callers: read it, never change it."""
    directory = Path(directory) if directory is not None else data_dir()
    key = (str(directory.resolve()), _stamp(directory))
    if key not in _INDEXED:
        _INDEXED.clear()
        _INDEXED[key] = load_timeline(directory).set_index("id", drop=False)
    return _INDEXED[key]


def load_timeline(directory=None) -> pd.DataFrame:
    """Events 1977 to today, sorted by date, with ``year``/``month``/``day`` parts."""
    df = _add_date_parts(_load_resource("timeline", directory), "date")
    return df.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def load_abductees(directory=None) -> pd.DataFrame:
    """The 17 abductees recognised by the Government of Japan."""
    return _add_date_parts(_load_resource("abductees", directory), "incident_date")


def load_survey_waves(directory=None) -> pd.DataFrame:
    """Every wave of the Cabinet Office survey, including the waves with no figures (gaps)."""
    return _load_resource("survey_waves", directory)


def load_opinion_polls(directory=None) -> pd.DataFrame:
    """The Cabinet Office North Korea item, one row per wave and answer option,
    joined with the wave's fieldwork, method, age floor and sample size."""
    polls = _load_resource("opinion_polls", directory)
    waves = _load_resource("survey_waves", directory)
    merged = polls.merge(
        waves[["survey_id", "fiscal_year", "fieldwork", "fieldwork_dates", "method", "min_age", "sample_size", "status"]],
        on="survey_id", how="left", validate="many_to_one",
    )
    assert len(merged) == len(polls)  # a left join on a checked foreign key cannot drop or add rows
    merged.attrs = polls.attrs
    return merged


def load_other_polls(directory=None) -> pd.DataFrame:
    """Newspaper, broadcaster and other Cabinet Office polls."""
    return _load_resource("opinion_polls_other", directory)


def load_key_figures(directory=None) -> pd.DataFrame:
    """Single sourced figures cited in the chapters."""
    return _load_resource("key_figures", directory)


_BIB_KEY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.M)


def bib_keys(directory=None) -> set[str]:
    """The citation keys of ``references.bib`` in the data folder."""
    directory = Path(directory) if directory is not None else data_dir()
    path = directory / "references.bib"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataValidationError(path, None, None, "the bibliography the data cites", "no such file") from None
    return set(_BIB_KEY.findall(text))


def load_article_claims(directory=None) -> pd.DataFrame:
    """The source article checked claim by claim: id, claim, section, verdict, evidence, sources.

    ``sources`` holds ``;``-separated keys of ``references.bib``; a key the bibliography
    lacks is an error naming the file, the line and the column.  Rows keep the file's
    order (the order of the article).  The added column ``source_keys`` is the list of keys.
    """
    df = _load_resource("article_claims", directory)
    keys = bib_keys(directory)
    shown = df.attrs["source_file"]
    parsed = []
    for line, cell in zip(df.attrs["lines"], df["sources"]):
        found = str(cell).split(";")
        unknown = [k for k in found if k not in keys]
        if unknown:
            raise DataValidationError(shown, line, "sources", "citation keys present in references.bib", unknown[0])
        if len(set(found)) != len(found):
            raise DataValidationError(shown, line, "sources", "each citation key once", str(cell))
        parsed.append(found)
    df["source_keys"] = parsed
    return df


def load_terms(directory=None) -> pd.DataFrame:
    """The English–Japanese terms of the abduction issue (``terms_ja.csv``): ``english``, ``japanese``,
    ``reading`` (only where a source gave it), ``used_by`` (who uses the term), ``note`` and the sources."""
    return _load_resource("terms_ja", directory)


@lru_cache(maxsize=None)
def _key_figures_cached(directory: str) -> pd.DataFrame:
    return load_key_figures(directory)


def key_figure(key: str, directory=None) -> dict:
    """One row of ``key_figures.csv`` as a dict (value, qualifier, unit, as_of, source...)."""
    df = _key_figures_cached(str(directory or data_dir()))
    hit = df[df["key"] == key]
    if hit.empty:
        raise KeyError(f"no key figure {key!r} in key_figures.csv")
    row = hit.iloc[0].to_dict()
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def split_sources(title: str, url: str | None) -> list[tuple[str, str | None]]:
    """Pair the ``' | '``-separated titles and URLs of a row.

    Titles and URLs are listed in the same order; where there are fewer URLs
    than titles the remaining titles have no URL.
    """
    titles = [t.strip() for t in str(title).split(" | ") if t.strip()]
    urls = [u.strip() for u in str(url or "").split(" | ") if u.strip()]
    out = []
    for i, t in enumerate(titles):
        out.append((t, urls[i] if i < len(urls) and len(urls) == len(titles) else None))
    if len(urls) != len(titles):
        # URLs cannot be paired one-to-one: attach them all to the last title rather than guess.
        out = [(t, None) for t in titles]
        out += [("", u) for u in urls]
    return out


_WAVE_CHANGE_COLUMNS = ("answer_list", "min_age", "method")


def wave_changes(waves: pd.DataFrame | None = None) -> list[dict]:
    """The methodology breaks of the Cabinet Office series, derived from ``survey_waves.csv``.

    One dict per change between consecutive waves (by fiscal year): ``survey_id`` and
    ``fiscal_year`` of the first wave after the change, ``kind`` (``answer_list``, ``min_age``
    or ``method``), ``before`` and ``after``.  Charts and tables draw their break marks from
    this list, so a break is recorded once, in the data.
    """
    w = load_survey_waves() if waves is None else waves
    w = w.sort_values("fiscal_year", kind="stable").reset_index(drop=True)
    out = []
    for i in range(1, len(w)):
        prev, cur = w.iloc[i - 1], w.iloc[i]
        for kind in _WAVE_CHANGE_COLUMNS:
            if pd.notna(prev[kind]) and pd.notna(cur[kind]) and prev[kind] != cur[kind]:
                out.append({"survey_id": cur["survey_id"], "fiscal_year": int(cur["fiscal_year"]), "kind": kind,
                            "before": prev[kind], "after": cur[kind]})
    return out


# --------------------------------------------------------------------------- codes in words

#: Reader-facing words for the coded values of the data files.  Tables on the pages show these,
#: never the raw codes; ``tests/test_data_words.py`` checks that every code the schema allows has words.
CODE_WORDS = {
    ("survey_waves", "status"): {
        "figures_found": "found",
        "unconfirmed": "second-hand only, unconfirmed",
        "inferred_only": "inferred from reported changes only",
        "gap": "gap",
        "preliminary": "preliminary tally",
    },
    ("survey_waves", "method"): {"face_to_face": "interview", "mail": "mail"},
    ("survey_waves", "answer_list"): {"pre_2008": "list used up to 2007", "2008": "current list (from 2008)"},
    ("opinion_polls", "verified"): {"yes": "read in the source", "no": "not confirmed (second-hand or derived)"},
    ("opinion_polls_other", "verified"): {"yes": "read in the source", "no": "not confirmed"},
    ("opinion_polls_other", "probability_sample"): {"yes": "probability sample", "no": "opt-in internet panel"},
}


#: Notes the data add in English to a Japanese answer label (``item_ja`` ``拉致問題 (label as reported by Kyodo)``),
#: written in Japanese where a Japanese page or chart shows the label (:func:`japanese_item`).
ITEM_NOTES = ("label as reported by Kyodo", "wording unverified",
              "translated back from the Korean report; original label not seen",
              "Japanese text translated from Korean report")


def japanese_item(name) -> str:
    """An ``item_ja`` label as a Japanese reader sees it: its English note (:data:`ITEM_NOTES`) in Japanese."""
    from .i18n import translate
    m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", str(name))
    if not m:
        return str(name)
    if m.group(2) not in ITEM_NOTES:
        raise KeyError(f"no Japanese for the note {m.group(2)!r} of the answer label {name!r}; add it to data.ITEM_NOTES")
    return f"{m.group(1)}（{translate(m.group(2), 'survey item note')}）"


def in_words(resource: str, column: str, code) -> str:
    """A coded value of ``resource.column`` in words, for a reader-facing table.

    Raises ``KeyError`` for a column without words or a code the mapping does not know, so a new code
    can never reach a page unexplained."""
    mapping = CODE_WORDS[(resource, column)]
    if code not in mapping:
        raise KeyError(f"no words for {resource}.{column} = {code!r}; add them to data.CODE_WORDS")
    from .i18n import translate
    return translate(mapping[code], f"{resource}.{column}")


def count_polls(rows: pd.DataFrame) -> int:
    """How many polls the rows of ``opinion_polls_other.csv`` come from (one poll is often several rows:
    one per question or answer).  Rows of one poll share ``poll``, ``survey_year`` and ``fieldwork``."""
    key = rows[["poll", "survey_year", "fieldwork"]].astype(object).where(rows[["poll", "survey_year", "fieldwork"]].notna(), "")
    return int(len(key.drop_duplicates()))


#: Answer options whose wording changed: (earlier key, later key).  The two are kept as separate series.
ITEM_SUCCESSORS = (("nuclear_development", "nuclear"),)


def wording_changes(polls: pd.DataFrame | None = None) -> list[dict]:
    """Where an answer option of the Cabinet Office series changed its wording, from ``opinion_polls.csv``.

    One dict per pair in :data:`ITEM_SUCCESSORS`: ``before_key``/``after_key``, their Japanese wording
    (``before_ja``/``after_ja``, from the last wave of the old and the first wave of the new wording),
    ``first_before``/``last_before`` (fiscal years of the old wording), ``first_after`` and ``survey_id``
    (the first wave with the new wording).  Raises ``ValueError`` if the two wordings overlap in time."""
    p = load_opinion_polls() if polls is None else polls
    out = []
    for old, new in ITEM_SUCCESSORS:
        a = p[p["item_key"] == old].sort_values("fiscal_year")
        b = p[p["item_key"] == new].sort_values("fiscal_year")
        if a.empty or b.empty:
            continue
        if int(a["fiscal_year"].max()) >= int(b["fiscal_year"].min()):
            raise ValueError(f"{old!r} and {new!r} overlap: {old} to {int(a['fiscal_year'].max())}, "
                             f"{new} from {int(b['fiscal_year'].min())}")
        out.append({"before_key": old, "after_key": new,
                    "before_ja": re.sub(r"\s*\(.*\)$", "", str(a.iloc[-1]["item_ja"])),
                    "after_ja": re.sub(r"\s*\(.*\)$", "", str(b.iloc[0]["item_ja"])),
                    "first_before": int(a["fiscal_year"].min()), "last_before": int(a["fiscal_year"].max()),
                    "first_after": int(b["fiscal_year"].min()), "survey_id": str(b.iloc[0]["survey_id"])})
    return out
