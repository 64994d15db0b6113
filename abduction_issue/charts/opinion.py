"""The public-opinion charts: :func:`opinion_series` (the Cabinet Office series with methodology breaks and
key events) and :func:`opinion_compare`; :func:`wave_table` and :func:`methodology_breaks` for the notebooks.
"""
from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import data
from ..dates import frac_year
from ..i18n import N_, column, is_japanese, tr, translate
from .style import (EVENT_LABEL_COLOUR, EVENT_LINE_COLOUR, EVENT_LINE_WIDTH, ITEM_STYLE, PALETTE, PHONE_TEXT_PT,
                    PHONE_WIDTH_IN, PREDECESSOR, SOURCE_POLLS, bold_font, house_style, source_line, text_pt)
from .layout import finish, new_figure, overlaps, timeline_x, wrap, wrap_to

#: Notes the data add in English to a Japanese answer label (``item_ja`` ``拉致問題 (label as reported by Kyodo)``),
#: written in Japanese where a Japanese chart shows the label.
_ITEM_NOTES = (N_("label as reported by Kyodo", "survey item note"), N_("wording unverified", "survey item note"),
               N_("translated back from the Korean report; original label not seen", "survey item note"))


def item_names(polls: pd.DataFrame) -> dict:
    """item_key -> the answer option's name in the build's language: ``item_en`` in English; in Japanese the
    wording of the last wave that has the item (``item_ja``), a note the data add in English in Japanese."""
    if not is_japanese():
        return polls.drop_duplicates("item_key").set_index("item_key")["item_en"].to_dict()
    out = {}
    for key, name in polls.drop_duplicates("item_key", keep="last").set_index("item_key")["item_ja"].items():
        m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", str(name))
        out[key] = f"{m.group(1)}（{translate(m.group(2), 'survey item note')}）" if m else str(name)
    return out


def _sep() -> str:
    """Between the sentences of an alt text's list: ``; `` in English, ``。`` in Japanese."""
    return "。" if is_japanese() else "; "


def _years(values) -> str:
    """``2003, 2004`` / ``2003、2004``."""
    return ("、" if is_japanese() else ", ").join(str(int(v)) for v in values)


def wave_name(survey_id: str) -> str:
    """A wave's id as the reader sees it: ``H14`` in English; in Japanese the Cabinet Office's own name of the
    fiscal year (``H14`` -> 平成14年度, ``R1`` -> 令和元年度)."""
    if not is_japanese():
        return survey_id
    era = {"H": "平成", "R": "令和"}.get(survey_id[:1])
    if era is None or not survey_id[1:].isdigit():
        return survey_id
    n = int(survey_id[1:])
    return f"{era}{'元' if n == 1 else n}年度"


def wave_table(polls: pd.DataFrame, waves: pd.DataFrame) -> pd.DataFrame:
    """One row per survey wave with its x position (fieldwork month, or fiscal year + October if unknown)."""
    w = waves.copy()
    xs = []
    for r in w.itertuples():
        if isinstance(r.fieldwork, str) and r.fieldwork:
            y, m = map(int, r.fieldwork.split("-"))
            xs.append(frac_year(y, m, precision="month"))
        else:
            xs.append(int(r.fiscal_year) + 9.5 / 12)  # position only: the fieldwork month is unknown
    w["x"] = xs
    return w.sort_values("x").reset_index(drop=True)


def methodology_breaks(w: pd.DataFrame) -> list[tuple[float, str]]:
    """Methodology breaks (from ``data.wave_changes``) placed between the two waves they separate."""
    xs = dict(zip(w["survey_id"], w["x"]))
    order = list(w["survey_id"])
    out = []
    for c in data.wave_changes(w):
        cur = order.index(c["survey_id"])
        x = (w["x"].iloc[cur - 1] + xs[c["survey_id"]]) / 2
        year = c["fiscal_year"]
        if c["kind"] == "answer_list":
            out.append((x, tr("{year}: current answer list begins").format(year=year)))
        elif c["kind"] == "min_age":
            out.append((x, tr("{year}: ages {after}+ (was {before}+)").format(
                year=year, after=int(c["after"]), before=int(c["before"]))))
        else:
            def method(code):
                return data.in_words("survey_waves", "method", code) if is_japanese() else str(code).replace("_", "-")
            out.append((x, tr("{year}: {after} survey (was {before}); not simply comparable").format(
                year=year, after=method(c["after"]), before=method(c["before"]))))
    return out


#: Timeline events annotated on the opinion chart by default.
OPINION_EVENTS = ("ev-20020917", "ev-20041208", "ev-20061009", "ev-20140529", "ev-20220917")


def _series(polls, w, item):
    """(x, y, verified) over every wave; NaN where the wave is a gap or the item has no figure."""
    sub = polls[polls["item_key"] == item].set_index("survey_id")
    ys, ver = [], []
    for r in w.itertuples():
        if r.status == "gap" or r.survey_id not in sub.index:
            ys.append(np.nan)
            ver.append(None)
        else:
            row = sub.loc[r.survey_id]
            ys.append(float(row["percent"]))
            ver.append("preliminary" if r.status == "preliminary" else str(row["verified"]))
    return w["x"].to_numpy(dtype=float), np.array(ys, dtype=float), ver


def _data_obstacles(ax, lines) -> np.ndarray:
    """Display coordinates of every drawn data point of ``lines``, and points every few pixels along each
    drawn segment (NaN breaks a line): what a label must not cover."""
    pts = []
    for ln in lines:
        xy = ax.transData.transform(np.column_stack([np.asarray(ln.get_xdata(), float),
                                                     np.asarray(ln.get_ydata(), float)]))
        ok = ~np.isnan(xy).any(axis=1)
        pts.append(xy[ok])
        if ln.get_linestyle() not in ("None", "none", "", " "):
            for i in range(len(xy) - 1):
                if ok[i] and ok[i + 1]:
                    n = max(2, int(np.hypot(*(xy[i + 1] - xy[i])) // 3))
                    pts.append(np.linspace(xy[i], xy[i + 1], n))
    return np.concatenate(pts) if pts else np.zeros((0, 2))


def label_hits_data(bb, obstacles: np.ndarray, pad: float = 8.0) -> bool:
    """Whether a label's display bounding box comes within ``pad`` px of any data point or line (the default:
    half a 7 pt marker at 100 dpi and a little air)."""
    if not len(obstacles):
        return False
    x, y = obstacles[:, 0], obstacles[:, 1]
    return bool(((x > bb.x0 - pad) & (x < bb.x1 + pad) & (y > bb.y0 - pad) & (y < bb.y1 + pad)).any())


def _break_band(ax, fig, breaks, fontsize, avoid=()):
    """Methodology breaks: a dashed line through the plot and its label in a band *above* the plot area.

    A label sits to the right or the left of its line, wrapped as needed, never across another break's line
    and never on another label; where no such place is free in the first row it goes up a row (a higher
    label's line then passes no lower label, since no label spans another line). So no label covers data."""
    renderer = fig.canvas.get_renderer()
    trans = matplotlib.transforms.blended_transform_factory(ax.transData, ax.transAxes)
    ax_bb = ax.get_window_extent(renderer)
    line_px = [ax.transData.transform((x, 0))[0] for x, _ in breaks]
    placed = list(avoid)   # boxes no label may cover (the phone rendering's y tick labels); not returned
    n_avoid = len(placed)
    for k, (x, text) in enumerate(breaks):
        others = [px for j, px in enumerate(line_px) if j != k]
        y, chosen = 1.015, None
        for _row in range(6):
            for width in (22, 16, 12):
                for ha in ("left", "right"):
                    t = ax.text(x, y, _wrap_to(text, width), transform=trans, ha=ha, va="bottom", fontsize=fontsize,
                                color="#222222", clip_on=False, gid="break-label")
                    bb = t.get_window_extent(renderer)
                    crosses = any(bb.x0 - 3 < px < bb.x1 + 3 for px in others)
                    off_page = bb.x0 < fig.bbox.x0 + 2 or bb.x1 > fig.bbox.x1 - 2
                    if not crosses and not off_page and not overlaps(bb, placed, pad=3):
                        chosen = (t, bb)
                        break
                    t.remove()
                if chosen:
                    break
            if chosen:
                break
            y += 0.12
        if chosen is None:
            raise ValueError(f"no room above the opinion chart for the break label {text!r}")
        t, bb = chosen
        placed.append(bb)
        top = (bb.y0 - ax_bb.y0) / ax_bb.height
        ax.plot([x, x], [0, top], transform=trans, color="#444444", ls=(0, (4, 2)), lw=0.9, zorder=1, clip_on=False,
                gid="break-line")
    return placed[n_avoid:]


def _wrap_to(text: str, width: int) -> str:
    return wrap_to(text, width)


def _place_event_labels(ax, fig, events, obstacles, fontsize, soft_obstacles=None):
    """Key events: a vertical line at the date and a label low in the plot, moved up (and to the left of the
    line, or wrapped narrower) until it covers no data point or line and no other label. ``soft_obstacles``
    (the break lines) are avoided where possible."""
    renderer = fig.canvas.get_renderer()
    ax_bb = ax.get_window_extent(renderer)
    placed = []
    soft = np.zeros((0, 2)) if soft_obstacles is None else soft_obstacles
    for x, text in events:
        ax.axvline(x, color=EVENT_LINE_COLOUR, lw=EVENT_LINE_WIDTH, ls="-", zorder=1, gid="event-line")
        best = None
        boxes = {}   # a label's box only moves with its anchor: laid out once per wrap width and side
        for avoid in (np.concatenate([obstacles, soft]), obstacles):
            for width in (18, 13):
                for y in np.arange(2, 98, 2.0):
                    for ha, dx in (("left", 0.12), ("right", -0.12)):
                        if (width, ha) not in boxes:
                            probe = ax.text(x + dx, y, _wrap_to(text, width), ha=ha, va="bottom", fontsize=fontsize,
                                            bbox=dict(facecolor="white", edgecolor="none", alpha=0.7, pad=1))
                            boxes[width, ha] = (probe.get_window_extent(renderer), ax.transData.transform((x + dx, y)))
                            probe.remove()
                        box, anchor = boxes[width, ha]
                        bb = box.translated(*(ax.transData.transform((x + dx, y)) - anchor))
                        inside = ax_bb.x0 <= bb.x0 and bb.x1 <= ax_bb.x1 and bb.y1 <= ax_bb.y1
                        if inside and not label_hits_data(bb, avoid) and not overlaps(bb, placed, pad=3):
                            best = ((x + dx, y, width, ha), bb)
                            break
                    if best:
                        break
                if best:
                    break
            if best:
                break
        if best is None:
            raise ValueError(f"no free place for the event label {text!r} on the opinion chart")
        (tx, ty, width, ha), bb = best
        ax.text(tx, ty, _wrap_to(text, width), ha=ha, va="bottom", fontsize=fontsize, color=EVENT_LABEL_COLOUR, zorder=6,
                gid="event-label", bbox=dict(facecolor="white", edgecolor="none", alpha=0.7, pad=1))
        placed.append(bb)
    return placed


def opinion_series(polls=None, *, items=("abduction", "nuclear", "missiles"), events=True, waves=None,
                   width: float = 7.5, text_size: float | None = None) -> Figure:
    """The Cabinet Office series: share naming each item as a North Korea concern, by wave.

    Gap waves break every line (nothing is interpolated); unconfirmed or inferred
    values are hollow markers joined by dotted lines; a preliminary tally is a
    hollow diamond.  ``nuclear`` brings its earlier wording ``nuclear_development``
    as a separate series.  Methodology breaks (labelled in a band above the plot)
    and key events (``events=True`` or a list of timeline ids) are marked.

    Drawn for print as well as screen: each item has its own line style *and* marker
    (:data:`ITEM_STYLE`), so it reads in greyscale; no label covers data; the chart
    is ``width`` 7.5 in with every text at least :data:`MIN_PRINT_PT` pt when printed
    at :data:`PRINT_WIDTH_IN`.  ``width`` and ``text_size`` lay it out narrower with larger text: the phone
    rendering (:data:`PHONE_WIDTH_IN`, :data:`PHONE_TEXT_PT`), which a full-width chart offers as
    ``fig.phone_version``.
    """
    polls = data.load_opinion_polls() if polls is None else polls
    waves = data.load_survey_waves() if waves is None else waves
    w = wave_table(polls, waves)
    items = list(items)
    for it in list(items):
        if it in PREDECESSOR and PREDECESSOR[it] not in items:
            items.insert(items.index(it), PREDECESSOR[it])
    known = set(polls["item_key"])
    bad = [i for i in items if i not in known]
    if bad:
        raise ValueError(f"unknown survey items {bad}; known: {sorted(known)}")
    names = item_names(polls)
    names_ja = polls.drop_duplicates("item_key").set_index("item_key")["item_ja"].to_dict()
    ja = is_japanese()
    small = text_size or text_pt(width)                      # prints at MIN_PRINT_PT
    breaks = methodology_breaks(w)
    unc = w.merge(polls[polls["verified"] == "no"][["survey_id"]].drop_duplicates(), on="survey_id")
    pre = w[w["status"] == "preliminary"]
    enc_labels = [
        tr("figure read in a report of the survey"),
        tr("value not confirmed: quoted second-hand or derived from a reported change ({years})").format(
            years=_years(sorted(unc["fiscal_year"].unique()))),
        tr("preliminary tally") + (tr(" ({years})", "fiscal years").format(years=_years(pre["fiscal_year"]))
                                   if len(pre) else ""),
        tr("wave held, no figures found (gap: line broken, not interpolated)"),
        tr("change in survey method or answer list (labelled above the plot)"),
        tr("key event (data/timeline.csv)"),
    ]
    series_labels = {}
    for it in items:
        label_name = names.get(it, it)
        for c in data.wording_changes(polls):  # an earlier wording is named with the years it was used
            if it == c["before_key"]:
                label_name = tr("{name}, wording reported {first}–{last}").format(
                    name=label_name, first=c["first_before"], last=c["last_before"])
        # English names the Japanese wording beside the English; a Japanese chart names it once
        series_labels[it] = (label_name, label_name if ja else f"{label_name} ({names_ja.get(it, '')})".replace(
            " (label as reported by Kyodo)", ""))
    wrap_legend = int((width - 1.0) * 72 / (0.58 * small))
    legend_rows = sum(len(_wrap_to(t, wrap_legend).split("\n")) for t in
                      [lab for _, lab in series_labels.values()] + enc_labels)
    y0, y1 = int(w["fiscal_year"].min()), int(w["fiscal_year"].max())
    title = tr("What concerns respondents about North Korea: Cabinet Office survey, {y0}–{y1}").format(y0=y0, y1=y1)
    title_lines = len(wrap(title, int(width * 72 / (0.68 * 12.5))).split("\n"))  # as finish() wraps it
    # vertical layout, in inches from the top (a narrow chart, the phone's, wraps its title and break labels more)
    title_h = 0.6 + (0.22 * (title_lines - 1) if width < 6 else 0.0)
    narrow = width < 6
    band_h = (1.5 if narrow else 0.7) if breaks else 0.15
    plot_h, xaxis_h = 3.6, (0.9 if narrow else 0.65)
    legend_h = 0.215 * small / text_pt(7.5) * legend_rows + 0.15
    # finish() wraps the source line at 0.58 em a character, too wide for the Japanese in it at a phone's width:
    # a narrow chart wraps it at 0.68 em (below)
    source_wrap = int(width * 72 / ((0.68 if narrow else 0.58) * small))
    source_lines = len(wrap(source_line(SOURCE_POLLS), source_wrap).split("\n"))
    source_h = max(0.75, 0.25 + source_lines * small * 1.2 / 72) if narrow else 0.75
    height = title_h + band_h + plot_h + xaxis_h + legend_h + source_h
    with house_style():
        fig = new_figure(width, height)
        left, right = 0.95 / width, 0.2 / width
        ax = fig.add_axes([left, (legend_h + source_h + xaxis_h) / height, 1 - left - right, plot_h / height])
        x_min, x_max = float(w["x"].min()) - 0.6, float(w["x"].max()) + 0.6
        ax.set_xlim(x_min, x_max)
        ax.set_ylim(0, 100)
        # gap waves: shaded bands
        for r in w[w["status"] == "gap"].itertuples():
            ax.axvspan(r.x - 0.35, r.x + 0.35, color="#D9D9D9", alpha=0.6, lw=0, zorder=0, hatch="///")
        summary, handles, data_lines = [], [], []
        for it in items:
            colour, marker, ls = ITEM_STYLE.get(it, (PALETTE["grey"], "o", "-"))
            x, y, ver = _series(polls, w, it)
            conf = np.array([v == "yes" for v in ver])
            unconf = np.array([v == "no" for v in ver])
            prelim = np.array([v == "preliminary" for v in ver])
            label_name, label = series_labels[it]
            # the item's own line style: confirmed values only, NaN elsewhere (so any missing wave breaks it)
            y_conf = np.where(conf, y, np.nan)
            data_lines += ax.plot(x, y_conf, color=colour, ls=ls, lw=2, zorder=3, gid=f"series-{it}")
            # dotted line: consecutive waves where at least one value is not confirmed
            y_dot = np.full_like(y, np.nan)
            for i in range(len(y) - 1):
                if not np.isnan(y[i]) and not np.isnan(y[i + 1]) and (unconf[i] or unconf[i + 1]):
                    y_dot[i], y_dot[i + 1] = y[i], y[i + 1]
            data_lines += ax.plot(x, y_dot, color=colour, ls=":", lw=1.6, zorder=3, gid=f"unconfirmed-{it}")
            data_lines += ax.plot(x[conf], y[conf], ls="none", marker=marker, color=colour, markeredgecolor="black",
                                  markeredgewidth=0.6, markersize=6.5, zorder=4, gid=f"points-{it}")
            data_lines += ax.plot(x[unconf], y[unconf], ls="none", marker=marker, markerfacecolor="white",
                                  color=colour, markeredgewidth=1.6, markersize=7, zorder=4, gid=f"unconfirmed-points-{it}")
            data_lines += ax.plot(x[prelim], y[prelim], ls="none", marker="D", markerfacecolor="white", color=colour,
                                  markeredgewidth=1.6, markersize=7, zorder=4, gid=f"preliminary-points-{it}")
            handles.append(Line2D([], [], color=colour, ls=ls, lw=2, marker=marker, markeredgecolor="black",
                                  markeredgewidth=0.6, markersize=6.5, label=_wrap_to(label, wrap_legend),
                                  gid=f"legend-{it}"))
            finite = conf & ~np.isnan(y)  # the alt text reports confirmed figures only
            if finite.any():
                yc = np.where(finite, y, np.nan)
                first, last = np.argmax(finite), len(y) - 1 - np.argmax(finite[::-1])
                lo, hi = np.nanargmin(yc), np.nanargmax(yc)
                fy = lambda i: int(w.iloc[i]["fiscal_year"])   # noqa: E731
                summary.append(tr("{name}: {first}% in {first_year}, {last}% in {last_year} (confirmed figures range "
                                  "from {low}% in {low_year} to {high}% in {high_year})").format(
                    name=label_name, first=f"{y[first]:.1f}", first_year=fy(first), last=f"{y[last]:.1f}",
                    last_year=fy(last), low=f"{y[lo]:.1f}", low_year=fy(lo), high=f"{y[hi]:.1f}", high_year=fy(hi)))
        ax.set_ylabel(tr("Respondents naming the item\n(%; several answers allowed)"), fontsize=small + 0.5)
        ax.set_xlabel(tr("Survey fieldwork date") + ("\n" if narrow else ("" if ja else " "))
                      + tr("(each point is one annual wave)"), fontsize=small + 0.5)
        ax.tick_params(labelsize=small + 0.5)
        ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(4))
        ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
        ax.grid(axis="y", color="#EEEEEE")
        # methodology breaks: labelled in a band above the plot, never over the data
        ticks = []
        if narrow:   # the phone rendering's break labels wrap tall and reach the y axis: they keep off its numbers
            fig.canvas.draw()
            ticks = [t.get_window_extent(fig.canvas.get_renderer()) for t in ax.get_yticklabels()]
        _break_band(ax, fig, breaks, small, ticks)
        # key events: labelled inside the plot where no data point or line is
        ev_ids = OPINION_EVENTS if events is True else (tuple(events) if events else ())
        if ev_ids:
            tl = data.load_timeline()
            tl = tl[tl["id"].isin(ev_ids)]
            missing = set(ev_ids) - set(tl["id"])
            if missing:
                raise ValueError(f"unknown timeline ids: {sorted(missing)}")
            evs = [(x, data.event_label(getattr(r, column("label")), getattr(r, column("event"))))
                   for r, x in zip(tl.itertuples(), timeline_x(tl)) if x_min <= x <= x_max]
            ab = ax.get_window_extent()
            soft = [np.column_stack([np.full(60, ax.transData.transform((x, 0))[0]), np.linspace(ab.y0, ab.y1, 60)])
                    for x, _ in breaks]
            _place_event_labels(ax, fig, evs, _data_obstacles(ax, data_lines), small,
                                np.concatenate(soft) if soft else None)
        # legend: every series with its line style and marker, then the encodings
        enc = [
            Line2D([], [], marker="o", color="#555555", markeredgecolor="black", lw=2),
            Line2D([], [], marker="o", markerfacecolor="white", color="#555555", markeredgewidth=1.6, lw=1.6, ls=":"),
            Line2D([], [], marker="D", markerfacecolor="white", color="#555555", markeredgewidth=1.6, lw=0),
            Patch(facecolor="#D9D9D9", hatch="///", edgecolor="#AAAAAA"),
            Line2D([], [], color="#444444", ls=(0, (4, 2)), lw=0.9),
            Line2D([], [], color=EVENT_LINE_COLOUR, ls="-", lw=EVENT_LINE_WIDTH),
        ]
        if not ev_ids:
            enc, enc_labels = enc[:-1], enc_labels[:-1]
        fig.legend(handles=handles + enc, labels=[h.get_label() for h in handles]
                   + [_wrap_to(t, wrap_legend) for t in enc_labels],
                   loc="upper left", bbox_to_anchor=(0.01, (legend_h + source_h) / height), fontsize=small,
                   borderaxespad=0, ncol=1, handlelength=3.2, labelspacing=0.35)
        gaps = _years(w[w["status"] == "gap"]["fiscal_year"])
        alt = (tr("Line chart of the Cabinet Office survey, fiscal {y0} to {y1}, share of respondents naming each "
                  "North Korea concern. ").format(y0=y0, y1=y1) + _sep().join(summary)
               + tr(". No figures were found for {gaps}; the lines are broken there, not interpolated. Dashed vertical "
                    "lines mark methodology breaks: ").format(gaps=gaps)
               + ("、" if ja else "; ").join(t for _, t in breaks)
               + tr(". Hollow markers are values not read directly in a source")
               + ("".join(tr("; the {year} point is a preliminary tally").format(year=int(r.fiscal_year))
                          for r in pre.itertuples())) + tr("."))
        finish(fig, title, SOURCE_POLLS, alt, small=small, wrap_title=True, bottom=0.012)
        if narrow:
            for t in fig.texts:
                if t.get_gid() == "source-line":
                    t.set_text(wrap(source_line(SOURCE_POLLS), source_wrap))
        # the phone rendering (issue 23): the same chart laid out narrow with larger text; none for a narrow chart
        fig.phone_version = None if narrow else (
            lambda: opinion_series(polls, items=items, events=events, waves=waves, width=PHONE_WIDTH_IN,
                                   text_size=PHONE_TEXT_PT))
        return fig


def opinion_compare(polls=None, survey_a="R1", survey_b="R4", waves=None) -> Figure:
    """Two waves side by side, every answer option reported in either."""
    polls = data.load_opinion_polls() if polls is None else polls
    waves = data.load_survey_waves() if waves is None else waves
    wi = waves.set_index("survey_id")
    for s in (survey_a, survey_b):
        if s not in wi.index:
            raise ValueError(f"unknown survey wave {s!r}; known: {', '.join(wi.index)}")
    a = polls[polls["survey_id"] == survey_a].set_index("item_key")
    b = polls[polls["survey_id"] == survey_b].set_index("item_key")
    keys = list(dict.fromkeys(list(b.sort_values("percent", ascending=False).index) + list(a.index)))
    names = item_names(polls)
    ja = is_japanese()

    def desc(s):
        r = wi.loc[s]
        meth = data.in_words("survey_waves", "method", r["method"]) if ja else str(r["method"]).replace("_", "-")
        return tr("{year} ({wave}, {method}, ages {age}+)").format(year=int(r["fiscal_year"]), wave=wave_name(s),
                                                                   method=meth, age=int(r["min_age"]))

    width = 7.5
    small = text_pt(width)                      # prints at MIN_PRINT_PT
    ylabels = [_wrap_to(names.get(k, k), 26) for k in keys]
    n_lines = sum(len(t.split("\n")) for t in ylabels)
    top_h, bottom_h = 1.25, 2.05            # title + caution line; x axis + legend + source line
    plot_h = max(0.62 * len(keys), 0.2 * n_lines + 0.2 * len(keys), 1.8)
    height = top_h + plot_h + bottom_h
    with house_style():
        fig = new_figure(width, height)
        left = 2.35 / width
        ax = fig.add_axes([left, bottom_h / height, 1 - left - 0.2 / width, plot_h / height])
        ax.set_axisbelow(True)
        yy = np.arange(len(keys))[::-1]
        h = 0.38
        # the two waves differ in fill *and* texture (light and dotted, dark and plain), so they read in grey;
        # a value not confirmed is white with diagonal hatching in its wave's colour
        cols = (PALETTE["sky_blue"], PALETTE["blue"])
        hatches = ("...", "")
        alt_rows = []
        for j, (s, tab) in enumerate(((survey_a, a), (survey_b, b))):
            for k, key in zip(yy, keys):
                ypos = k + (h / 2 if j == 0 else -h / 2)
                if key in tab.index:
                    v = float(tab.loc[key, "percent"])
                    unconf = str(tab.loc[key, "verified"]) != "yes"
                    ax.barh(ypos, v, height=h, color="white" if unconf else cols[j], edgecolor="black" if not unconf else cols[j],
                            hatch="///" if unconf else hatches[j], lw=0.8, gid=f"bar-{s}")
                    ax.text(v + 0.8, ypos, f"{v:.1f}" + (tr(" (not confirmed)") if unconf else ""), va="center",
                            fontsize=small)
                else:   # no italic in Japanese (IPAexGothic has no italic face)
                    ax.text(0.8, ypos, tr("not reported for this wave"), va="center", fontsize=small, color="#555555",
                            style="normal" if ja else "italic")
        for key in keys:
            va = f"{float(a.loc[key, 'percent']):.1f}%" if key in a.index else tr("not reported")
            vb = f"{float(b.loc[key, 'percent']):.1f}%" if key in b.index else tr("not reported")
            alt_rows.append(tr("{name}: {a} then {b}").format(name=names.get(key, key), a=va, b=vb))
        ax.set_yticks(yy)
        ax.set_yticklabels(ylabels, fontsize=small)
        ax.set_ylim(-0.6, len(keys) - 0.4)
        ax.set_xlim(0, 100)
        ax.tick_params(axis="x", labelsize=small)
        ax.set_xlabel(tr("Respondents naming the item (%; several answers allowed)"), fontsize=small)
        ax.set_ylabel(tr("Answer option"), fontsize=small)
        ax.grid(axis="x", color="#EEEEEE")
        fig.legend(handles=[Patch(facecolor=cols[0], edgecolor="black", hatch=hatches[0], label=desc(survey_a)),
                            Patch(facecolor=cols[1], edgecolor="black", hatch=hatches[1], label=desc(survey_b))],
                   loc="upper left", bbox_to_anchor=(0.01, (bottom_h - 0.62) / height), fontsize=small, ncol=1,
                   borderaxespad=0, handlelength=2.4, handleheight=1.1)
        comparable = wi.loc[survey_a, "method"] == wi.loc[survey_b, "method"]
        warn = "" if comparable else tr(" The two waves used different methods (interview vs mail); the Cabinet "
                                        "Office warns results are not simply comparable.")
        if not comparable:
            ax.text(0.0, 1.02, tr("Caution: different survey methods, not simply comparable"), transform=ax.transAxes,
                    fontsize=small + 0.5, color="#A33A00", va="bottom", **bold_font("#A33A00"))
        title = tr("North Korea concerns compared: {a} and {b}").format(a=desc(survey_a), b=desc(survey_b))
        alt = (tr("Paired horizontal bar chart comparing the Cabinet Office survey waves {a} and {b}. ").format(
            a=desc(survey_a), b=desc(survey_b)) + _sep().join(alt_rows) + tr(".") + warn)
        return finish(fig, title, SOURCE_POLLS, alt, small=small, wrap_title=True, bottom=0.012)
