"""The Datasets page: a catalogue generated from ``data/datapackage.json``.

Each dataset's title, columns (with the schema's own descriptions), size and a
short preview are read from the package and the files, so the page can never
disagree with the data.  Every file is offered for download: the Sphinx
``{download}`` role copies it into the built site (``_downloads/``), and a
missing file fails the ``-W`` build.
"""
from __future__ import annotations

import json


from . import data, i18n
from .facts import JA_BOUNDS_AFTER
from .i18n import N_, tr, translate

#: Columns shown in each preview, with the heading a reader sees (the full files have more columns). A column
#: name joined by "+" is shown as one cell (a key figure's qualifier, value and unit: "about 800 people").
PREVIEW_COLUMNS = {
    "timeline": [("date", N_("Date")), ("event", N_("Event")), ("category", N_("Kind of event")), ("verified", N_("Checked"))],
    "abductees": [("name_en", N_("Name")), ("name_ja", N_("In Japanese")), ("incident_date", N_("Taken")),
                  ("age_at_abduction", N_("Age")), ("status", N_("Came home?")), ("nk_position", N_("North Korea's account"))],
    "survey_waves": [("survey_id", N_("Wave")), ("fiscal_year", N_("Fiscal year")), ("fieldwork", N_("Fieldwork")),
                     ("method", N_("Method")), ("min_age", N_("Youngest age asked")), ("sample_size", N_("Answers")),
                     ("status", N_("North Korea figures"))],
    "opinion_polls": [("survey_id", N_("Wave")), ("item_en", N_("Answer option")), ("item_ja", N_("In Japanese")),
                      ("percent", N_("%")), ("verified", N_("Checked"))],
    "opinion_polls_other": [("poll", N_("Poll")), ("fieldwork", N_("Fieldwork")), ("item_en", N_("Question or answer")),
                            ("percent", N_("%")), ("probability_sample", N_("Sample")), ("verified", N_("Checked"))],
    "key_figures": [("description", N_("What is counted")), ("qualifier+value+unit", N_("Figure")), ("as_of", N_("As of")),
                    ("verified", N_("Checked"))],
    "article_claims": [("id", N_("No.")), ("section", N_("Section of the article")), ("claim", N_("Claim")),
                       ("verdict", N_("Verdict"))],
    "terms_ja": [("english", N_("English")), ("japanese", N_("Japanese")), ("used_by", N_("Used by"))],
}

#: Columns whose Japanese is in a column of another name (``item_en`` -> ``item_ja``), for the Japanese previews.
JA_TWINS = {"item_en": "item_ja"}

_CHECKED = {"yes": N_("read in the source"), "no": N_("not confirmed (second-hand or inferred)")}
#: Coded values in words for the previews, where :data:`abduction_issue.data.CODE_WORDS` has none (issue 23: a
#: reader sees "not returned", not ``not_returned``). A code missing here and there fails the build.
PREVIEW_WORDS = {
    ("timeline", "category"): {
        "abduction": N_("abduction"), "investigation": N_("investigation and evidence"), "politics": N_("politics and diplomacy"),
        "family_campaign": N_("the families' campaign"), "international": N_("international"), "sanctions": N_("sanctions"),
        "summit": N_("summit"), "repatriation": N_("return to Japan"), "nuclear_missile": N_("nuclear test or missile")},
    ("timeline", "verified"): _CHECKED,
    ("key_figures", "verified"): _CHECKED,
    ("abductees", "status"): {"returned_2002": N_("returned in 2002"), "not_returned": N_("not returned")},
    ("abductees", "nk_position"): {"alive": N_("alive (returned)"), "dead": N_("says the person died (Japan disputes it)"),
                                   "never_entered": N_("says the person never entered North Korea (Japan disputes it)")},
    ("article_claims", "verdict"): {"correct": N_("correct"), "imprecise": N_("imprecise"), "unverified": N_("unverified"),
                                    "wrong": N_("wrong")},
}


def preview_words(resource: str, column: str, code) -> str:
    """A coded value of a preview in words (:data:`PREVIEW_WORDS`, then :data:`abduction_issue.data.CODE_WORDS`)."""
    if (resource, column) in PREVIEW_WORDS:
        words = PREVIEW_WORDS[(resource, column)]
        if code not in words:
            raise KeyError(f"no words for {resource}.{column} = {code!r}; add them to catalogue.PREVIEW_WORDS")
        return translate(words[code])
    return data.in_words(resource, column, code)


#: Files offered besides the resources' CSV files: the schema, the bibliography and the documentation.
EXTRA_DOWNLOADS = {
    "datapackage.json": N_("the data package: every file's Table Schema (columns, types, allowed values, keys)"),
    "references.bib": N_("the bibliography (BibTeX)"),
    "README.md": N_("the technical documentation: provenance, caveats and conventions of every file, for programmers"),
}


def package_text(text: str, context: str) -> str:
    """A title or description of ``datapackage.json`` in the build's language (the ``datapackage`` catalogue)."""
    return translate(text, context, domain="datapackage")


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
    titles = {r["path"]: package_text(r.get("title", r["name"]), r["name"]) for r in _package()["resources"]}
    sep = tr(": ")
    lines = [f"- {download_link(f)}{sep}{titles.get(f) or translate(EXTRA_DOWNLOADS[f])}" for f in download_files()]
    return "\n".join(lines)




def _cell(v) -> str:
    import pandas as pd
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    return str(v).replace("|", "\\|").replace("\n", " ")


def markdown_table(df, columns, codes=()) -> str:
    """A Markdown table of ``df[columns]`` with the column names as headings; values of the ``codes`` columns
    (coded values, e.g. ``gap``) are set as code, so that a reader sees them as what the file holds."""
    head = "| " + " | ".join(f"`{c}`" for c in columns) + " |"
    sep = "|" + "|".join("---" for _ in columns) + "|"

    def fmt(c, v):
        text = _cell(v)
        return f"`{text}`" if c in codes and text != "–" else text
    body = ["| " + " | ".join(fmt(c, v) for c, v in zip(columns, row)) + " |" for row in df[columns].itertuples(index=False)]
    return "\n".join([head, sep, *body])


#: Date columns whose precision (day or month) another column gives: resource -> (date column, precision column)
DATE_COLUMNS = {"timeline": ("date", "date_precision"), "abductees": ("incident_date", "date_precision"),
                "key_figures": ("as_of", "as_of_precision")}


def _precision_column(name: str, column: str) -> str | None:
    pair = DATE_COLUMNS.get(name)
    return pair[1] if pair and pair[0] == column else None


def _number(v) -> str:
    """A number as a reader writes it: 2,127 and 17.22, never 868.0."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v:
        return _cell(v)
    return f"{int(v):,}" if float(v).is_integer() else f"{v:g}"


def preview_markdown(name: str, rows: int = 5, df=None) -> str:
    """The first ``rows`` rows of a dataset for a reader: the columns of :data:`PREVIEW_COLUMNS` under their
    headings, coded values in words (:func:`preview_words`), dates in words at their precision."""
    from .dates import format_date
    df = data.load(name) if df is None else df
    enums = {f["name"] for f in _fields(name) if "enum" in f.get("constraints", {})
             and f.get("type", "string") == "string"}
    ja = i18n.is_japanese()
    cols = [(c, translate(h)) for c, h in PREVIEW_COLUMNS[name]]
    if ja:   # an English answer's column shows its Japanese (the column beside it in the file), shown once
        shown = {c for c, _ in cols}
        cols = [(JA_TWINS.get(c, c), h) for c, h in cols if c not in JA_TWINS.values()]
    lines = ["| " + " | ".join(h for _, h in cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, r in df.head(rows).iterrows():
        cells = []
        for c, _h in cols:
            if "+" in c:
                parts = [_number(r[p]) if p == "value" else _cell(r[f"{p}_ja" if ja and f"{p}_ja" in r else p])
                         for p in c.split("+")]
                parts = [p for p in parts if p not in ("", "–")]
                if ja and len(parts) == 3 and parts[0].endswith(JA_BOUNDS_AFTER):   # 100人以上
                    parts = [parts[1], parts[2], parts[0]]
                cells.append(("" if ja else " ").join(parts))
                continue
            v = r[f"{c}_ja"] if ja and f"{c}_ja" in r else r[c]
            if ja and c in JA_TWINS.values():
                v = data.japanese_item(v) if isinstance(v, str) and v else \
                    tr("{english} (Japanese wording not found)").format(english=r[c.replace("_ja", "_en")])
            prec = _precision_column(name, c)
            if c == "fieldwork" and isinstance(v, str) and v:
                text = format_date(v, "month")
            elif prec and isinstance(v, str) and v:
                text = format_date(v, r[prec])
            elif c == "id" and name == "article_claims":
                text = str(int(str(v).split("-", 1)[1]))
            elif c in enums and _cell(v) != "–" and ((name, c) in PREVIEW_WORDS or (name, c) in data.CODE_WORDS):
                text = preview_words(name, c, v)
            elif c in ("sample_size", "value"):
                text = _number(v)
            else:
                text = _cell(v)
            cells.append(_cell(text))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fields(name: str) -> list[dict]:
    return next(r for r in _package()["resources"] if r["name"] == name)["schema"]["fields"]


def resource_markdown(name: str, preview_rows: int = 5) -> str:
    """One dataset on the Datasets page: its title, size and download link, its first rows for a reader
    (:func:`preview_markdown`) and, folded away for programmers, its columns with types and allowed codes."""
    res = next(r for r in _package()["resources"] if r["name"] == name)
    df = data.load(name)
    fields = res["schema"]["fields"]
    lines = [
        tr("**{title}**: {rows} rows. Download: {link}").format(
            title=package_text(res['title'], name), rows=len(df), link=download_link(res['path'])),
        "",
        tr("The first {rows} rows, some of the columns:").format(rows=preview_rows),
        "",
        preview_markdown(name, preview_rows, df),
        "",
        ":::{dropdown} " + tr("For programmers: every column of the file, with its type and allowed values"),
        tr("File `data/{path}`, {columns} columns; each row is identified by `{key}`.").format(
            path=res['path'], columns=len(fields), key='+'.join(res['schema']['primaryKey'])),
        "",
        "| " + " | ".join([tr("column"), tr("type"), tr("description")]) + " |",
        "|---|---|---|",
    ]
    for f in fields:
        c = f.get("constraints", {})
        extra = ""
        if "enum" in c:
            words = {} if any(str(v) in f.get("description", "") for v in c["enum"] if v != "") \
                else data.CODE_WORDS.get((name, f["name"]), {})  # words, unless the description explains the codes
            extra = tr(" Allowed: {codes}.").format(codes=tr(", ").join(
                f"`{v}`" + (tr(" ({words})").format(words=translate(words[v], f"{name}.{f['name']}")) if v in words
                            else "") for v in c["enum"] if v != ""))
        req = tr(" (required)") if c.get("required") else ""
        description = package_text(f.get("description", ""), f"{name}.{f['name']}") if f.get("description") else ""
        lines.append(f"| `{f['name']}` | {f.get('type', 'string')}{req} | {_cell(description)}{extra} |")
    lines += [":::"]
    return "\n".join(lines)
