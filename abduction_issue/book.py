"""Boxes, tables and numbers the chapters draw from the data.

Chapter pages are MyST-NB text notebooks.  Hidden code cells call these
functions, which return Markdown (rendered the same way in HTML and in the PDF)
or plain values to ``glue`` into the prose, so that no date or number the data
holds is ever retyped in a chapter.
"""
from __future__ import annotations

import calendar

import pandas as pd
from IPython.display import Markdown

from . import data

CHAPTERS = {
    "before-2002": "Before 2002",
    "summit": "The summit",
    "backfire": "The backfire",
    "way-forward": "The way forward",
}


def format_date(date: str, precision: str) -> str:
    """``1977-11-15``/day -> ``15 November 1977``; ``1978-06``/month -> ``June 1978``.

    A month-precision date is written as a month: no day is invented.
    """
    parts = str(date).split("-")
    year, month = int(parts[0]), int(parts[1])
    name = calendar.month_name[month]
    if precision == "month":
        if len(parts) != 2:
            raise ValueError(f"{date!r} has a day but precision 'month'")
        return f"{name} {year}"
    if precision == "day":
        if len(parts) != 3:
            raise ValueError(f"{date!r} has no day but precision 'day'")
        return f"{int(parts[2])} {name} {year}"
    raise ValueError(f"unknown precision {precision!r}")


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def key_dates_markdown(chapter: str, timeline: pd.DataFrame | None = None, only_labelled: bool = False) -> str:
    """The 'Key dates' box of a chapter, as MyST Markdown, from ``data/timeline.csv``."""
    if chapter not in CHAPTERS:
        raise KeyError(f"unknown chapter {chapter!r}; known: {', '.join(CHAPTERS)}")
    tl = data.load_timeline() if timeline is None else timeline
    rows = tl[tl["chapter"] == chapter]
    if only_labelled:
        rows = rows[rows["label"].notna() & (rows["label"] != "")]
    lines = [":::{admonition} Key dates", ":class: key-dates", ""]
    for _, r in rows.iterrows():
        when = format_date(r["date"], r["date_precision"])
        lines.append(f"- **{when}**: {_md_escape(r['event'])}")
    lines += ["", f"*Generated from `data/timeline.csv` ({len(rows)} events; each row there names its sources). "
              "Dates given as a month are known only to the month.*", ":::"]
    return "\n".join(lines)


def key_dates(chapter: str, **kw) -> Markdown:
    """Display object for a chapter's key-dates box."""
    return Markdown(key_dates_markdown(chapter, **kw))


def event(event_id: str) -> dict:
    """One timeline row as a dict, with ``when`` (the date written at its precision)."""
    tl = data.load_timeline()
    hit = tl[tl["id"] == event_id]
    if hit.empty:
        raise KeyError(f"no event {event_id!r} in data/timeline.csv")
    row = {k: (None if pd.isna(v) else v) for k, v in hit.iloc[0].to_dict().items()}
    row["when"] = format_date(row["date"], row["date_precision"])
    return row


def sources_markdown(title: str, url: str | None) -> str:
    """A row's sources as a Markdown list of links (titles without URLs stay plain text)."""
    items = []
    for t, u in data.split_sources(title, url):
        if t and u:
            items.append(f"[{_md_escape(t)}]({u})")
        elif t:
            items.append(_md_escape(t))
        elif u:
            items.append(f"<{u}>")
    return "; ".join(items)
