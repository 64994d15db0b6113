"""The abductees chart: :func:`abductees_overview`.
"""
from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import data
from ..dates import short_date
from ..i18n import N_, is_japanese, tr, translate
from .style import CHART_WIDTH_IN, PALETTE, SOURCE_ABDUCTEES, bold_font, house_style, source_line, text_pt
from .layout import finish, new_figure, wrap

#: The words are English (marked for the ``ui`` catalogue; translated where they are drawn).
NK_POSITION = {
    "alive": (N_("says alive (all returned to Japan in 2002)", "abductees chart"), "o"),
    "dead": (N_("says died (Japan disputes this)", "abductees chart"), "s"),
    "never_entered": (N_("says never entered North Korea (Japan disputes this)", "abductees chart"), "X"),
}
STATUS_STYLE = {
    "returned_2002": (N_("Returned to Japan in 2002", "abductees chart"), PALETTE["green"]),
    "not_returned": (N_("Not returned", "abductees chart"), PALETTE["vermillion"]),
}


def _w(words: str) -> str:
    """Words of :data:`NK_POSITION` or :data:`STATUS_STYLE` in the build's language."""
    return translate(words, "abductees chart")


def abductees_overview(ab=None) -> Figure:
    """The 17 recognised abductees: incidents by year, age when taken, status and North Korea's account.

    Laid out :data:`CHART_WIDTH_IN` wide (every text prints at :data:`MIN_PRINT_PT` or more): panel (a), each
    person's age when taken, across the top; (b) people by year and (c) North Korea's account side by side
    below. Status is told by texture and words as well as colour; North Korea's account by marker shape.
    """
    ab = data.load_abductees() if ab is None else ab
    ab = ab.sort_values(["incident_date", "incident_no", "id"], kind="stable").reset_index(drop=True)
    n = len(ab)
    width = CHART_WIDTH_IN
    fs = text_pt(width)
    row_in = 0.23
    title = tr("The {n} people recognised by the Government of Japan as abducted by North Korea").format(n=n)
    title_lines = len(wrap(title, int(width * 72 / (0.68 * 12.5))).split("\n"))
    top_h = 0.3 + 0.24 * title_lines
    a_h = row_in * n + 0.2
    legend_h = 0.95
    lower_h = 2.0
    src_lines = len(wrap(source_line(SOURCE_ABDUCTEES), int(width * 72 / (0.58 * fs))).split("\n"))
    source_h = src_lines * fs * 1.22 / 72 + 0.2
    height = top_h + 0.35 + a_h + 0.55 + legend_h + 0.45 + lower_h + 0.6 + source_h
    pos = list(NK_POSITION)
    ja = is_japanese()
    with house_style():
        fig = new_figure(width, height)
        # (a) each person: age when taken (names with the date they were taken)
        left_a = 3.35
        y_a = height - top_h - 0.35 - a_h
        ax2 = fig.add_axes([left_a / width, y_a / height, (width - left_a - 0.25) / width, a_h / height])
        yy = np.arange(n)[::-1]
        for k, r in zip(yy, ab.itertuples()):
            lab, col = STATUS_STYLE[r.status]
            mk = NK_POSITION[r.nk_position][1]
            age = int(r.age_at_abduction)
            ax2.plot([0, age], [k, k], color="#CCCCCC", lw=1, zorder=1)
            ax2.plot([age], [k], marker=mk, color=col, markeredgecolor="black", markersize=7, ls="none", zorder=3,
                     gid=f"person-{r.id}")
            ax2.text(age + 1.5, k, f"{age}" + (tr("  (returned 2002)") if r.status == "returned_2002" else ""),
                     va="center", fontsize=fs, gid="age-label")
        ax2.set_yticks(yy)
        if ja:   # the name once, in Japanese
            names = [tr("{name}  ({date})", "abductee").format(name=r.name_ja.split("（")[0],
                                                             date=short_date(r.incident_date, r.date_precision))
                     for r in ab.itertuples()]
        else:
            names = [f"{r.name_en.split(' (')[0]}  {r.name_ja.split('（')[0]}  "
                     f"({short_date(r.incident_date, r.date_precision)})" for r in ab.itertuples()]
        ax2.set_yticklabels(names, fontsize=fs)
        ax2.set_ylim(-0.7, n - 0.3)
        ax2.set_xlim(0, max(60, int(ab["age_at_abduction"].max()) + 22))
        ax2.tick_params(axis="x", labelsize=fs)
        ax2.set_xlabel(tr("Age when taken (years)"), fontsize=fs)
        ax2.set_title(tr("(a) Age when taken, and when (date in brackets)"), loc="left", fontsize=fs + 1, pad=6,
                      x=-(left_a - 0.1) / (width - left_a - 0.25), **bold_font())
        ax2.grid(axis="x", color="#EEEEEE")
        hatch = {"returned_2002": "", "not_returned": ".."}
        fig.legend(handles=[Line2D([], [], marker=NK_POSITION[p][1], color="#888888", markeredgecolor="black",
                                   ls="none", label=tr("North Korea {says}").format(says=_w(NK_POSITION[p][0])))
                    for p in pos]
                   + [Patch(facecolor=STATUS_STYLE[s][1], edgecolor="black", lw=0.5, hatch=hatch[s],
                            label=_w(STATUS_STYLE[s][0])) for s in STATUS_STYLE],   # the bars' texture too (grey)
                   loc="upper left", bbox_to_anchor=(0.1 / width, (y_a - 0.55) / height), fontsize=fs, ncol=1,
                   borderaxespad=0, labelspacing=0.25, handletextpad=0.5)
        # lower row: (b) people by year, (c) North Korea's account
        y_low = height - top_h - 0.35 - a_h - 0.55 - legend_h - 0.45 - lower_h
        ax1 = fig.add_axes([0.55 / width, y_low / height, 2.6 / width, lower_h / height])
        years = list(range(int(ab["year"].min()), int(ab["year"].max()) + 1))
        bottom = np.zeros(len(years))
        for st, (lab, col) in STATUS_STYLE.items():
            cnt = np.array([int(((ab["year"] == y) & (ab["status"] == st)).sum()) for y in years])
            ax1.bar(years, cnt, bottom=bottom, color=col, edgecolor="black", lw=0.5, label=_w(lab), hatch=hatch[st])
            bottom += cnt
        for y, tot in zip(years, bottom):
            if tot:
                ax1.text(y, tot + 0.2, str(int(tot)), ha="center", fontsize=fs)
        ax1.set_title(tr("(b) People taken, by year"), loc="left", fontsize=fs + 1, pad=6, **bold_font())
        ax1.set_xlabel(tr("Year of abduction"), fontsize=fs)
        ax1.set_ylabel(tr("Number of people"), fontsize=fs)
        shown = [y for y in years if y in set(ab["year"])]
        ax1.set_xticks(shown)
        ax1.set_xticklabels([f"’{y % 100:02d}" for y in shown], fontsize=fs)
        ax1.tick_params(axis="y", labelsize=fs)
        ax1.set_ylim(0, max(bottom) + 2)
        ax1.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        left_c = 5.05
        ax3 = fig.add_axes([left_c / width, y_low / height, (width - left_c - 0.4) / width, lower_h / height])
        left = np.zeros(len(pos))
        for st, (lab, col) in STATUS_STYLE.items():
            cnt = np.array([int(((ab["nk_position"] == p) & (ab["status"] == st)).sum()) for p in pos])
            ax3.barh(range(len(pos)), cnt, left=left, color=col, edgecolor="black", lw=0.5, hatch=hatch[st])
            left += cnt
        for i, tot in enumerate(left):
            ax3.text(tot + 0.2, i, str(int(tot)), va="center", fontsize=fs)
        ax3.set_yticks(range(len(pos)))
        ax3.set_yticklabels({"alive": tr("alive", "North Korea says"), "dead": tr("died", "North Korea says"),
                             "never_entered": tr("never\nentered", "North Korea says")}.get(p, p) for p in pos)
        ax3.tick_params(labelsize=fs)
        ax3.invert_yaxis()
        ax3.set_xlim(0, max(left) + 2)
        ax3.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax3.set_title(tr("(c) North Korea says:\n(its account; Japan disputes it)"), loc="left", fontsize=fs + 1, pad=6,
                      x=-1.0 / (width - left_c - 0.4), **bold_font())
        ax3.set_xlabel(tr("Number of people"), fontsize=fs)
        ages = ab["age_at_abduction"].astype(int)
        returned = int((ab["status"] == "returned_2002").sum())
        by_year = ("、" if ja else ", ").join(tr("{n} in {year}", "people by year").format(n=int(c), year=y)
                                             for y, c in ab.groupby("year").size().items())
        nkc = ab["nk_position"].value_counts()
        youngest = ab.loc[ages.idxmin()]
        oldest = ab.loc[ages.idxmax()]
        name = "name_ja" if ja else "name_en"
        alt = tr("Three panels about the {n} recognised abductees. (a) Age when taken, from {youngest_age} "
                 "({youngest}) to {oldest_age} ({oldest}); median {median}. (b) People taken by year: {by_year}. "
                 "(c) Status and North Korea's account: {returned} returned to Japan in 2002; North Korea says {alive} "
                 "are alive, {dead} died and {never} never entered North Korea; Japan disputes the last two "
                 "claims.").format(
            n=n, youngest_age=int(ages.min()), youngest=youngest[name], oldest_age=int(ages.max()), oldest=oldest[name],
            median=f"{float(ages.median()):g}", by_year=by_year, returned=returned, alive=int(nkc.get("alive", 0)),
            dead=int(nkc.get("dead", 0)), never=int(nkc.get("never_entered", 0)))
        return finish(fig, title, SOURCE_ABDUCTEES, alt, small=fs, wrap_title=True, bottom=0.1 / height)
