"""The interactive versions for a live kernel (ipywidgets): :func:`timeline_explorer`, :func:`opinion_explorer`.
Use them through :func:`abduction_issue.render.show`, so the book shows the static default.
"""
from __future__ import annotations

from .. import data
from ..i18n import tr
from .style import CATEGORY_STYLE, ITEM_STYLE, category_name
from .display import show
from .opinion import item_names, opinion_compare, opinion_series, wave_name
from .timelines import timeline


def timeline_explorer(tl=None, *, start=None, end=None, categories=None):
    """ipywidgets: filter the timeline by category and choose the year range (live notebooks).

    ``start``, ``end`` and ``categories`` set the initial state, which is exactly
    ``timeline(tl, start=start, end=end, categories=categories)``: use that as the
    static version in the book.
    """
    import ipywidgets as W

    tl = data.load_timeline() if tl is None else tl
    cats = [c for c in CATEGORY_STYLE if c in set(tl["category"])]
    y0, y1 = int(tl["year"].min()), int(tl["year"].max())
    pick = W.SelectMultiple(options=[(category_name(c), c) for c in cats],
                            value=tuple(c for c in cats if categories is None or c in categories), rows=len(cats),
                            description=tr("Categories"), style={"description_width": "initial"})
    years = W.IntRangeSlider(value=(start or y0, end or y1), min=y0, max=y1, step=1, description=tr("Years"),
                             continuous_update=False, layout=W.Layout(width="60%"))
    labels = W.Checkbox(value=True, description=tr("Label key events"))
    out = W.Output()

    def redraw(*_):
        out.outputs = ()
        if not pick.value:
            out.append_stdout(tr("Choose at least one category.") + "\n")
            return
        out.append_display_data(show(timeline(tl, start=years.value[0], end=years.value[1],
                                              categories=list(pick.value), label=labels.value)))

    for wdg in (pick, years, labels):
        wdg.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([pick, W.VBox([years, labels])]), out])
    box.controls = {"categories": pick, "years": years, "labels": labels, "output": out}
    return box


def opinion_explorer(polls=None, *, items=("abduction", "nuclear", "missiles"), survey_a="R1", survey_b="R4"):
    """ipywidgets: choose the survey items, and two waves to compare (live notebooks).

    Its initial state is ``opinion_series(items=items)`` and ``opinion_compare(survey_a=..., survey_b=...)``.
    """
    import ipywidgets as W

    polls = data.load_opinion_polls() if polls is None else polls
    waves = data.load_survey_waves()
    items_init = tuple(items)
    items = [k for k in ITEM_STYLE if k in set(polls["item_key"]) and k != "nuclear_development"]
    names = item_names(polls)
    pick = W.SelectMultiple(options=[(names[k], k) for k in items], value=tuple(i for i in items_init if i in items),
                            rows=len(items), description=tr("Items"), style={"description_width": "initial"})
    with_waves = [s for s in waves["survey_id"] if s in set(polls["survey_id"])]
    fy = waves.set_index("survey_id")["fiscal_year"]
    opts = [(tr("{year} ({wave})", "survey wave").format(year=int(fy[s]), wave=wave_name(s)), s) for s in with_waves]
    wa = W.Dropdown(options=opts, value=survey_a, description=tr("Wave A"))
    wb = W.Dropdown(options=opts, value=survey_b, description=tr("Wave B"))
    out_series, out_compare = W.Output(), W.Output()

    def draw_series(*_):
        out_series.outputs = ()
        if pick.value:
            out_series.append_display_data(show(opinion_series(polls, items=list(pick.value))))
        else:
            out_series.append_stdout(tr("Choose at least one item.") + "\n")

    def draw_compare(*_):
        out_compare.outputs = ()
        out_compare.append_display_data(show(opinion_compare(polls, wa.value, wb.value)))

    pick.observe(draw_series, names="value")
    wa.observe(draw_compare, names="value")
    wb.observe(draw_compare, names="value")
    draw_series()
    draw_compare()
    box = W.VBox([pick, out_series, W.HBox([wa, wb]), out_compare])
    box.controls = {"items": pick, "wave_a": wa, "wave_b": wb, "series": out_series, "compare": out_compare}
    return box
