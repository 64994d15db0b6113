"""The Datasets page: a catalogue generated from ``data/datapackage.json``.

Each dataset's title, columns (with the schema's own descriptions), size and a
short preview are read from the package and the files, so the page can never
disagree with the data.  Every file is offered for download: the Sphinx
``{download}`` role copies it into the built site (``_downloads/``), and a
missing file fails the ``-W`` build.
"""
from __future__ import annotations

import json


from . import data

#: Columns shown in each preview (the full files have more).
PREVIEW_COLUMNS = {
    "timeline": ["date", "date_precision", "category", "label", "verified"],
    "abductees": ["name_en", "name_ja", "incident_date", "age_at_abduction", "status", "nk_position"],
    "survey_waves": ["survey_id", "fiscal_year", "fieldwork", "method", "min_age", "sample_size", "status"],
    "opinion_polls": ["survey_id", "item_key", "item_ja", "percent", "verified"],
    "opinion_polls_other": ["poll", "fieldwork", "item_en", "percent", "probability_sample", "verified"],
    "key_figures": ["key", "qualifier", "value", "unit", "as_of", "verified"],
    "article_claims": ["id", "section", "verdict", "sources"],
}


#: Files offered besides the resources' CSV files: the schema, the bibliography and the documentation.
EXTRA_DOWNLOADS = {
    "datapackage.json": "the data package: every file's Table Schema (columns, types, allowed values, keys)",
    "references.bib": "the bibliography (BibTeX)",
    "README.md": "provenance, caveats and how to cite (the text at the end of this page)",
}


def _package() -> dict:
    return json.loads((data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))


def download_files() -> list[str]:
    """Every file the Datasets page offers: each resource's CSV, then :data:`EXTRA_DOWNLOADS`."""
    return [r["path"] for r in _package()["resources"]] + list(EXTRA_DOWNLOADS)


def download_link(filename: str) -> str:
    """A MyST ``{download}`` link to ``data/<filename>`` (the path is from the book's root)."""
    if filename not in download_files():
        raise KeyError(f"{filename!r} is not offered for download; known: {', '.join(download_files())}")
    if not (data.data_dir() / filename).is_file():
        raise FileNotFoundError(data.data_dir() / filename)
    return f"{{download}}`{filename} </data/{filename}>`"


def downloads_markdown() -> str:
    """A list of every downloadable file with a one-line description."""
    titles = {r["path"]: r.get("title", r["name"]) for r in _package()["resources"]}
    lines = [f"- {download_link(f)}: {titles.get(f) or EXTRA_DOWNLOADS[f]}" for f in download_files()]
    return "\n".join(lines)




def _cell(v) -> str:
    import pandas as pd
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    return str(v).replace("|", "\\|").replace("\n", " ")


def markdown_table(df, columns, codes=()) -> str:
    """A Markdown table of ``df[columns]``; values of the ``codes`` columns (coded values, e.g. ``gap``) are set
    as code, so that a reader sees them as what the file holds, not as prose."""
    head = "| " + " | ".join(f"`{c}`" for c in columns) + " |"
    sep = "|" + "|".join("---" for _ in columns) + "|"

    def fmt(c, v):
        text = _cell(v)
        return f"`{text}`" if c in codes and text != "–" else text
    body = ["| " + " | ".join(fmt(c, v) for c, v in zip(columns, row)) + " |" for row in df[columns].itertuples(index=False)]
    return "\n".join([head, sep, *body])


def resource_markdown(name: str, preview_rows: int = 5) -> str:
    res = next(r for r in _package()["resources"] if r["name"] == name)
    df = data.load(name)
    fields = res["schema"]["fields"]
    lines = [
        f"**{res['title']}** — file `data/{res['path']}`, {len(df)} rows, {len(fields)} columns; "
        f"primary key `{'+'.join(res['schema']['primaryKey'])}`. Download: {download_link(res['path'])}",
        "",
        ":::{dropdown} Columns (from the schema)",
        "| column | type | description |",
        "|---|---|---|",
    ]
    for f in fields:
        c = f.get("constraints", {})
        extra = ""
        if "enum" in c:
            words = {} if any(str(v) in f.get("description", "") for v in c["enum"] if v != "") \
                else data.CODE_WORDS.get((name, f["name"]), {})  # words, unless the description explains the codes
            extra = " Allowed: " + ", ".join(f"`{v}`" + (f" ({words[v]})" if v in words else "")
                                             for v in c["enum"] if v != "") + "."
        req = " (required)" if c.get("required") else ""
        lines.append(f"| `{f['name']}` | {f.get('type', 'string')}{req} | {_cell(f.get('description', ''))}{extra} |")
    lines += [":::", "", f"Preview (first {preview_rows} rows, selected columns, as written in the file):", "",
              markdown_table(df.head(preview_rows), PREVIEW_COLUMNS[name],
                             codes={f["name"] for f in fields
                                    if "enum" in f.get("constraints", {}) and f.get("type", "string") == "string"})]
    return "\n".join(lines)
