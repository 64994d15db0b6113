"""The Datasets page: a catalogue generated from ``data/datapackage.json``.

Each dataset's title, columns (with the schema's own descriptions), size and a
short preview are read from the package and the files, so the page can never
disagree with the data.
"""
from __future__ import annotations

import json

from IPython.display import Markdown

from . import data

#: Columns shown in each preview (the full files have more).
PREVIEW_COLUMNS = {
    "timeline": ["date", "date_precision", "category", "label", "verified"],
    "abductees": ["name_en", "name_ja", "incident_date", "age_at_abduction", "status", "nk_position"],
    "survey_waves": ["survey_id", "fiscal_year", "fieldwork", "method", "min_age", "sample_size", "status"],
    "opinion_polls": ["survey_id", "item_key", "item_ja", "percent", "verified"],
    "opinion_polls_other": ["survey_year", "fieldwork", "item_en", "percent", "probability_sample", "verified"],
    "key_figures": ["key", "qualifier", "value", "unit", "as_of", "verified"],
    "article_claims": ["id", "section", "verdict", "sources"],
}


def _cell(v) -> str:
    import pandas as pd
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    return str(v).replace("|", "\\|").replace("\n", " ")


def markdown_table(df, columns) -> str:
    head = "| " + " | ".join(f"`{c}`" for c in columns) + " |"
    sep = "|" + "|".join("---" for _ in columns) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in df[columns].itertuples(index=False)]
    return "\n".join([head, sep, *body])


def resource_markdown(name: str, preview_rows: int = 5) -> str:
    pkg = json.loads((data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == name)
    df = data.load(name)
    fields = res["schema"]["fields"]
    lines = [
        f"**{res['title']}** — file `data/{res['path']}`, {len(df)} rows, {len(fields)} columns; "
        f"primary key `{'+'.join(res['schema']['primaryKey'])}`.",
        "",
        ":::{dropdown} Columns (from the schema)",
        "| column | type | description |",
        "|---|---|---|",
    ]
    for f in fields:
        c = f.get("constraints", {})
        extra = ""
        if "enum" in c:
            extra = " Allowed: " + ", ".join(f"`{v}`" for v in c["enum"] if v != "") + "."
        req = " (required)" if c.get("required") else ""
        lines.append(f"| `{f['name']}` | {f.get('type', 'string')}{req} | {_cell(f.get('description', ''))}{extra} |")
    lines += [":::", "", f"Preview (first {preview_rows} rows, selected columns):", "",
              markdown_table(df.head(preview_rows), PREVIEW_COLUMNS[name])]
    return "\n".join(lines)


def resource(name: str, preview_rows: int = 5) -> Markdown:
    return Markdown(resource_markdown(name, preview_rows))
