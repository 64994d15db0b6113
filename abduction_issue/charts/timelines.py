"""The timeline charts: :func:`timeline`, :func:`timeline_eras` (one figure per era for print) and
:func:`show_eras`.
"""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import data
from ..dates import format_date, short_date
from ..i18n import N_, column, is_japanese, tr, translate
from .style import (CATEGORY_STYLE, CHART_WIDTH_IN, LANE_IN, PALETTE, SOURCE_TIMELINE, bold_font,
                    category_name, house_style, source_line, text_pt)
from .layout import finish, new_figure, overlaps, timeline_x, wrap, wrap_to
from .display import show
from .opinion import label_hits_data


def _labelled(sel: pd.DataFrame) -> pd.DataFrame:
    """The events of ``sel`` that carry a ``label``, in date order (the order of their numbers)."""
    lab = sel[sel["label"].notna()].copy()
    lab = lab[lab["label"].astype(str).str.strip() != ""]
    lab["xpos"] = timeline_x(lab) if len(lab) else []
    return lab.sort_values("xpos", kind="stable")


def _timeline_axes(ax, tl, cats, start, end, fontsize):
    """Lanes, markers (filled: exact day; hollow with a bar: month only), y labels at ``fontsize``."""
    lanes = {c: i for i, c in enumerate(reversed(cats))}
    xs = timeline_x(tl)
    for c in cats:
        name, colour, marker = CATEGORY_STYLE.get(c, (c, PALETTE["grey"], "o"))
        sel = (tl["category"] == c).to_numpy()
        y = lanes[c]
        ax.axhline(y, color="#E5E5E5", lw=0.8, zorder=0)
        day = sel & (tl["date_precision"] == "day").to_numpy()
        month = sel & (tl["date_precision"] == "month").to_numpy()
        ax.scatter(xs[day], np.full(day.sum(), y), s=34, marker=marker, color=colour, edgecolor="black",
                   linewidth=0.4, zorder=3, gid=f"events-{c}")
        if month.any():
            # month precision: hollow marker with a bar spanning the whole month
            for xm in xs[month]:
                ax.plot([xm - 0.5 / 12, xm + 0.5 / 12], [y, y], color=colour, lw=3, solid_capstyle="butt", zorder=2)
            ax.scatter(xs[month], np.full(month.sum(), y), s=34, marker=marker, facecolor="white",
                       edgecolor=colour, linewidth=1.3, zorder=3, gid=f"events-month-{c}")
    ax.set_yticks(list(lanes.values()))
    ax.set_yticklabels([category_name(c) for c in lanes], fontsize=fontsize)
    ax.set_ylim(-0.6, len(cats) - 0.4)
    ax.set_xlim(start, end)
    span = end - start
    step = next(s for s in (1, 2, 5, 10, 20) if span / s <= 11)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(step))
    ax.tick_params(axis="x", labelsize=fontsize)
    ax.grid(axis="x", color="#EEEEEE", lw=0.6)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return lanes


def _marker_points(ax) -> np.ndarray:
    """Display coordinates of every event marker of a timeline axes."""
    pts = [ax.transData.transform(c.get_offsets()) for c in ax.collections if len(c.get_offsets())]
    return np.concatenate(pts) if pts else np.zeros((0, 2))


def _number_events(ax, fig, items, fontsize, radius_px=5.0):
    """Number the labelled events: items = [(x, y, text)]. Each number goes next to its marker where it
    covers no marker and no other number (rings of candidate places, nearest first; a leader line joins a
    number placed further out to its marker). Returns the number texts."""
    renderer = fig.canvas.get_renderer()
    ax_bb = ax.get_window_extent(renderer)
    pts = _marker_points(ax)
    placed, texts = [], []
    dirs = [(0, 1, "center", "bottom"), (0, -1, "center", "top"), (1, 0, "left", "center"),
            (-1, 0, "right", "center"), (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"),
            (1, -1, "left", "top"), (-1, -1, "right", "top")]
    for x, y, text in items:
        best = None
        for ring in (1, 2, 3, 4, 5, 6):
            dist = 4.0 + 6.0 * (ring - 1)
            for ux, uy, ha, va in dirs:
                for slide in ((0,) if ring == 1 else (0, 6, -6, 12, -12)):
                    dx, dy = ux * dist + (slide if uy else 0), uy * dist + (slide if not uy else 0)
                    t = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                    fontsize=fontsize, fontweight="bold", fontfamily="DejaVu Sans", color="#111111",
                                    zorder=6, gid="event-number", annotation_clip=False)
                    bb = t.get_window_extent(renderer)
                    inside = ax_bb.x0 <= bb.x0 and bb.x1 <= ax_bb.x1 and ax_bb.y0 <= bb.y0 and bb.y1 <= ax_bb.y1
                    hits = label_hits_data(bb, pts, pad=radius_px) if len(pts) else False
                    score = (not inside) * 100 + hits * 10 + overlaps(bb, placed, pad=4.0)
                    if best is None or score < best[0]:
                        if best is not None:
                            best[1].remove()
                        best = (score, t, bb, ring)
                    else:
                        t.remove()
                    if score == 0:
                        break
                if best[0] == 0:
                    break
            if best[0] == 0:
                break
        _, t, bb, ring = best
        if ring > 1:
            t.remove()
            t = ax.annotate(text, (x, y), xytext=t.xyann, textcoords="offset points", ha=t.get_ha(),
                            va=t.get_va(), fontsize=fontsize, fontweight="bold", fontfamily="DejaVu Sans",
                            color="#111111", zorder=6, gid="event-number", annotation_clip=False,
                            arrowprops={"arrowstyle": "-", "color": "#777777", "lw": 0.6, "shrinkA": 1,
                                        "shrinkB": radius_px * 0.8})
        placed.append(bb)
        texts.append(t)
    return texts


def _number_items(lab: pd.DataFrame, lanes: dict, first: int, ax) -> list:
    """(x, lane, "n") per labelled event; events on one lane closer than a marker's width share one label
    ("2–5"), so numbers do not crowd a marker they cannot all sit next to."""
    groups = []
    for n, r in enumerate(lab.itertuples(), first):
        if r.category not in lanes:
            continue
        px = ax.transData.transform((r.xpos, 0))[0]
        if groups and groups[-1]["lane"] == lanes[r.category] and abs(px - groups[-1]["px"]) < 7 \
                and groups[-1]["last"] == n - 1:
            groups[-1]["last"] = n
            continue
        groups.append({"x": r.xpos, "px": px, "lane": lanes[r.category], "first": n, "last": n})
    out = []
    for g in groups:
        if g["first"] == g["last"]:
            t = str(g["first"])
        elif g["last"] == g["first"] + 1:
            t = f"{g['first']},{g['last']}"
        else:
            t = f"{g['first']}–{g['last']}"
        out.append((g["x"], g["lane"], t))
    return out


def _key_lines(lab: pd.DataFrame, first: int, width_in: float, fontsize: float) -> tuple[list, int]:
    """The key under a timeline panel: two columns of "n  date  label" entries, wrapped with a hanging
    indent; returns ([column text, column text], number of lines of the longer column)."""
    col_chars = int((width_in - 0.35) / 2 * 72 / (0.56 * fontsize))
    entries = []
    label = column("label")
    for n, r in enumerate(lab.itertuples(), first):
        entries.append(wrap_to(tr("{n}.  {date}: {label}").format(n=n, date=short_date(r.date, r.date_precision),
                                                                   label=getattr(r, label)),
                               col_chars, subsequent_indent="      ").split("\n"))
    total = sum(len(e) for e in entries)
    cols, acc = [[], []], 0
    for e in entries:                      # column-major: fill the first column to about half the lines
        (cols[0] if acc + len(e) / 2 <= total / 2 or not cols[0] else cols[1]).extend(e)
        acc += len(e)
    if not cols[1] and len(entries) > 1:   # pragma: no cover (balanced above)
        cols = [cols[0][: len(cols[0]) // 2], cols[0][len(cols[0]) // 2:]]
    return ["\n".join(c) for c in cols], max(len(cols[0]), len(cols[1]))


def _precision_handles():
    return [
        Line2D([], [], marker="o", color="#555555", markeredgecolor="black", lw=0, markersize=6,
               label=tr("exact day known")),
        Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="#555555", color="#555555",
               lw=3, markersize=6, label=tr("month only (bar spans the month; no day invented)")),
    ]


def _filter_timeline(tl, start, end, categories):
    if start is not None:
        tl = tl[tl["year"] >= int(start)]
    if end is not None:
        tl = tl[tl["year"] <= int(end)]
    if categories is not None:
        unknown = set(categories) - set(CATEGORY_STYLE) - set(tl["category"].unique())
        if unknown:
            raise ValueError(f"unknown timeline categories: {sorted(unknown)}")
        tl = tl[tl["category"].isin(list(categories))]
    return tl.reset_index(drop=True)


def _timeline_figure(panels, title, alt, *, label=True, width=CHART_WIDTH_IN, first=1) -> Figure:
    """Timeline panels stacked top to bottom, each with its numbered key below it.

    ``panels`` = [dict(title, sel, cats, start, end)]; numbers run on from one panel to the next. Every text is
    at least ``text_pt(width)`` (``MIN_PRINT_PT`` when printed at ``PRINT_WIDTH_IN``)."""
    fs = text_pt(width)
    line_in = fs * 1.22 / 72
    for p in panels:
        p["lab"] = _labelled(p["sel"]) if label else _labelled(p["sel"]).iloc[0:0]
        p["first"] = first
        first += len(p["lab"])
        p["key"], p["key_rows"] = _key_lines(p["lab"], p["first"], width, fs) if len(p["lab"]) else (["", ""], 0)
        p["title_h"] = 0.42 if p["title"] else 0.0
        p["plot_h"] = LANE_IN * (max(len(p["cats"]), 2) + 0.3)
        p["key_h"] = (p["key_rows"] * line_in + 0.3) if p["key_rows"] else 0.0
        p["h"] = p["title_h"] + p["plot_h"] + 0.62 + p["key_h"]
    src_lines = len(wrap(source_line(SOURCE_TIMELINE), int(width * 72 / (0.58 * fs))).split("\n"))
    title_lines = len(wrap(title, int(width * 72 / (0.68 * 12.5))).split("\n"))
    top_h = 0.25 + 0.24 * title_lines + 0.42            # title, then the precision legend
    source_h = src_lines * line_in + 0.2
    gap = 0.22
    height = top_h + sum(p["h"] for p in panels) + gap * (len(panels) - 1) + source_h
    left, right = 1.95, 0.2
    with house_style():
        fig = new_figure(width, height)
        y_top = height - top_h
        for p in panels:
            y_plot_top = y_top - p["title_h"]
            ax = fig.add_axes([left / width, (y_plot_top - p["plot_h"]) / height, 1 - (left + right) / width,
                               p["plot_h"] / height])
            lanes = _timeline_axes(ax, p["sel"], p["cats"], p["start"], p["end"], fs)
            if p["title"]:
                ax.set_title(p["title"], loc="left", fontsize=fs + 1, pad=8, x=-(left - 0.1) / (width - left - right),
                             **bold_font())
            ax.set_xlabel(tr("Year (a month-only date sits at the middle of its month)"), fontsize=fs)
            if len(p["lab"]):
                _number_events(ax, fig, _number_items(p["lab"], lanes, p["first"], ax), fs)
                y_key = y_plot_top - p["plot_h"] - 0.62 - 0.1
                fig.text(0.1 / width, y_key / height, tr("Numbered events:"), fontsize=fs, va="top", gid="key-title",
                         **bold_font())
                for c, txt in enumerate(p["key"]):
                    fig.text((0.15 + c * (width - 0.3) / 2) / width, (y_key - line_in - 0.04) / height, txt,
                             fontsize=fs, va="top", linespacing=1.22 * 1.0, gid="event-key")
            y_top -= p["h"] + gap
        fig.legend(handles=_precision_handles(), loc="upper left", ncol=2, fontsize=fs, borderaxespad=0,
                   bbox_to_anchor=(0.1 / width, (height - 0.25 - 0.24 * title_lines - 0.05) / height))
        fig.event_numbers = {int(n): r.id for p in panels for n, r in enumerate(p["lab"].itertuples(), p["first"])}
        return finish(fig, title, SOURCE_TIMELINE, alt, small=fs, wrap_title=True, bottom=0.1 / height)


def _key_entries(lab: pd.DataFrame, first: int) -> str:
    """The alt text's list of numbered events: ``1. 15 November 1977 Megumi Yokota abducted; 2. …``."""
    label = column("label")
    return ("、" if is_japanese() else "; ").join(
        tr("{n}. {date} {label}").format(n=i, date=format_date(r.date, r.date_precision), label=getattr(r, label))
        for i, r in enumerate(lab.itertuples(), first))


def _MARKERS_ALT() -> str:   # noqa: N802
    return tr("Filled markers have an exact day; hollow markers with a bar are known only to the month.")


def timeline(tl=None, *, start=None, end=None, categories=None, label=True) -> Figure:
    """The timeline, one lane per category; events with a ``label`` are numbered, with a key under the chart.

    ``start``/``end`` are years (inclusive); ``categories`` a list of category keys. Laid out
    :data:`CHART_WIDTH_IN` wide with every text at least :data:`MIN_PRINT_PT` when printed at
    :data:`PRINT_WIDTH_IN`: the labels are numbers next to their markers (never on a marker) and the key
    names each event with its date.
    """
    full = data.load_timeline() if tl is None else tl
    cats_all = [c for c in CATEGORY_STYLE if c in set(full["category"])] + \
        sorted(set(full["category"]) - set(CATEGORY_STYLE))
    cats = [c for c in cats_all if categories is None or c in categories]
    sel = _filter_timeline(full, start, end, categories)
    y0 = int(start) if start is not None else int(full["year"].min())
    y1 = int(end) if end is not None else int(full["year"].max())
    n = len(sel)
    span = tr("{y0}–{y1}", "years").format(y0=y0, y1=y1)
    title = tr("The abduction issue: {n} dated events, {span}").format(n=n, span=span)
    by_cat = sel["category"].value_counts()
    ja = is_japanese()
    parts = ("、" if ja else ", ").join(
        tr("{category} {n}", "events by category").format(category=category_name(c), n=by_cat[c]) if ja
        else f"{by_cat[c]} {CATEGORY_STYLE.get(c, (c,))[0].lower()}" for c in cats if c in by_cat)
    labelled = _labelled(sel)
    alt = (tr("Timeline chart of {n} events from {span}, one row per category ({parts}). ").format(
               n=n, span=span, parts=parts)
           + (tr("{n} key events are numbered, with a key under the chart: ").format(n=len(labelled))
              + _key_entries(labelled, 1) + tr(". ") if label and len(labelled) else "")
           + _MARKERS_ALT())
    panel = {"title": "", "sel": sel, "cats": cats, "start": y0 - 0.6, "end": y1 + 1.6}
    return _timeline_figure([panel], title, alt, label=label)




#: Eras of the zoomed timeline: (title, chapters, first year, last year or None for the data's last year).
#: The titles are English (marked for the ``ui`` catalogue; translated where they are drawn).
ERAS = (
    (N_("Before 2002: the abductions and decades of denial", "era"), ("before-2002",), 1977, 2001),
    (N_("2002–2007: the summit and the backfire", "era"), ("summit", "backfire"), 2002, 2007),
    (N_("2008 to today: the way forward?", "era"), ("way-forward",), 2008, None),
)


def timeline_eras(tl=None, *, era=None) -> Figure:
    """The timeline zoomed per era (one panel per era), every labelled event numbered, with a key per panel.

    ``era`` (an index into :data:`ERAS`) draws that era alone: for print, one figure per era, each short
    enough for a page (:func:`show_eras` shows them one after the other). Numbers run on across the eras,
    so an era drawn alone keeps the numbers it has in the whole chart.
    """
    tl = data.load_timeline() if tl is None else tl
    cats = [c for c in CATEGORY_STYLE if c in set(tl["category"])]
    if era is not None and not (isinstance(era, int) and 0 <= era < len(ERAS)):
        raise ValueError(f"era must be one of 0..{len(ERAS) - 1} (see charts.ERAS), not {era!r}")
    panels, alt_parts, first = [], [], 1
    for i, (name, chapters, y0, y1) in enumerate(ERAS):
        name = translate(name, "era")
        y1 = int(tl["year"].max()) if y1 is None else y1
        sel = tl[tl["chapter"].isin(chapters)].reset_index(drop=True)
        lab = _labelled(sel)
        if era is None or era == i:
            panels.append({"title": name, "sel": sel, "cats": [c for c in cats if c in set(sel["category"])],
                           "start": y0 - 0.3, "end": y1 + 1.0})
            alt_parts.append(tr("{era}: {n} events").format(era=name, n=len(sel)) + (
                tr(" ({entries})", "list").format(entries=_key_entries(lab, first)) if len(lab) else ""))
        else:
            panels.append(None)
        first += len(lab)
    # numbering runs on across the eras: an era drawn alone keeps the numbers it has in the whole chart
    start_no = 1 + sum(len(_labelled(tl[tl["chapter"].isin(ERAS[k][1])])) for k in range(era or 0))
    panels = [p for p in panels if p is not None]
    if era is None:
        title = tr("The abduction issue era by era")
        alt = (tr("Three timeline panels, one per era, one row per category; key events are numbered, with a key "
                  "under each panel. ") + tr(". ").join(alt_parts) + tr(". ") + _MARKERS_ALT())
    else:
        title = tr("The abduction issue era by era ({number} of {total})").format(number=era + 1, total=len(ERAS))
        alt = (tr("Timeline panel, one row per category; key events are numbered, with a key under the panel. ")
               + alt_parts[0] + tr(". ") + _MARKERS_ALT())
    return _timeline_figure(panels, title, alt, first=start_no)


class _Displays:
    """Several displays shown one after the other (one output each: in print, one figure each)."""

    def __init__(self, items):
        self.items = list(items)

    def _ipython_display_(self):
        from IPython.display import display
        for it in self.items:
            display(it)


def show_eras(tl=None):
    """The era-by-era timeline as one figure per era (each fits a printed page), to end a notebook cell with."""
    return _Displays(show(timeline_eras(tl, era=i)) for i in range(len(ERAS)))
