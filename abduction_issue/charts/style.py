"""The house style: palette, category and item styles, fonts (Japanese from ``matplotlib-fontja``), print
sizes (every text prints at ``MIN_PRINT_PT`` or more), the source lines.
"""
from __future__ import annotations

from contextlib import contextmanager

import matplotlib
from matplotlib.figure import Figure

from ..i18n import N_, is_japanese, translate


#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#7F7F7F",
}

#: Timeline categories: display name, colour, marker (order = lanes from top).
#: The names are English (marked for the ``ui`` catalogue): :func:`category_name` gives the build's language.
CATEGORY_STYLE = {
    "abduction": (N_("Abductions", "timeline category"), PALETTE["vermillion"], "o"),
    "investigation": (N_("Investigation and evidence", "timeline category"), PALETTE["blue"], "s"),
    "family_campaign": (N_("Families' campaign", "timeline category"), PALETTE["green"], "D"),
    "politics": (N_("Politics and diplomacy", "timeline category"), PALETTE["purple"], "^"),
    "summit": (N_("Summits", "timeline category"), PALETTE["black"], "*"),
    "repatriation": (N_("Returns to Japan", "timeline category"), PALETTE["orange"], "P"),
    "sanctions": (N_("Sanctions", "timeline category"), PALETTE["grey"], "X"),
    "nuclear_missile": (N_("Nuclear tests and missiles", "timeline category"), PALETTE["sky_blue"], "v"),
    "international": (N_("International", "timeline category"), "#8A6D00", "h"),
}


def category_name(category: str) -> str:
    """A timeline category's name (:data:`CATEGORY_STYLE`) in the build's language (the code itself if unknown)."""
    if category not in CATEGORY_STYLE:
        return category
    return translate(CATEGORY_STYLE[category][0], "timeline category")

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

#: Key-event lines on the opinion charts (issue 24, P15): a thin solid line in a dark plum, opaque, so it prints as a
#: mid grey (about 35 % of white) rather than the near-invisible light grey of a pale pink; on screen it keeps the
#: purple hue of the event labels (set in EVENT_LABEL_COLOUR) and stays thinner than any data line (2 pt).
EVENT_LINE_COLOUR = "#8E4A7A"
EVENT_LINE_WIDTH = 1.0
EVENT_LABEL_COLOUR = "#5B2C4F"

#: Print: the course pack sets a figure at the text width of an A4 page with Sphinx's default 1 in margins
#: (210 mm - 2 in = 6.27 in), so a chart ``w`` inches wide prints at ``PRINT_WIDTH_IN / w`` of its size.
#: The opinion, timeline and abductees charts keep every text at or above ``MIN_PRINT_PT`` at that size (issue 16;
#: tests/test_charts.py measures every text of each).
PRINT_WIDTH_IN = 6.27
MIN_PRINT_PT = 8.0


def text_pt(width_in: float, printed_pt: float = MIN_PRINT_PT) -> float:
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

#: The source lines (English; :func:`source_line` gives the build's language).
SOURCE_TIMELINE = N_("Source: data/timeline.csv (compiled for this module from government pages (Headquarters for the "
                   "Abduction Issue, MOFA, Kantei), wire services and newspapers; every row names its sources).", "source line")
SOURCE_POLLS = N_("Source: data/opinion_polls.csv and data/survey_waves.csv: Cabinet Office, Public Opinion Survey on "
                "Diplomacy (外交に関する世論調査), figures as reported by Kyodo, Yomiuri, NHK, Sankei and others and, "
                "for 2019–2022, the questionnaires as extracted in sbintuitions/japanese_opinion_survey; "
                "each row names its sources.", "source line")
SOURCE_ABDUCTEES = N_("Source: data/abductees.csv: Government of Japan list of recognised abductees (Headquarters for the "
                    "Abduction Issue; MOFA 政府認定の拉致被害者), nippon.com and newspapers. North Korea's account is "
                    "its claim, which Japan disputes; it is not an established fact.", "source line")


def source_line(source: str) -> str:
    """A chart's source line (one of the ``SOURCE_*`` constants) in the build's language."""
    return translate(source, "source line")


#: The Japanese font every chart uses: IPAexGothic (IPA Font License v1.0), shipped by the PyPI package
#: ``matplotlib-fontja`` (pinned in requirements.txt), never a system font.
JAPANESE_FONT = "IPAexGothic"
#: Bold titles: IPAexGothic has no bold face, so bold text is set in DejaVu Sans alone in English (a Japanese
#: character in DejaVu Sans alone would be a missing glyph, which fails the book build). A Japanese chart sets its
#: bold text in the regular faces (DejaVu Sans, then IPAexGothic), thickened by a thin outline in the text's colour:
#: asking matplotlib for a bold IPAexGothic would print a findfont warning. See :func:`bold_font`.
TITLE_FONT = {"fontweight": "bold", "fontfamily": "DejaVu Sans"}
#: The outline that makes a Japanese chart's bold text bold, in points.
JAPANESE_BOLD_STROKE = 0.6


def bold_font(color="black") -> dict:
    """Text properties of bold text (titles, keys' headings) in the build's language: :data:`TITLE_FONT` in English;
    in Japanese the regular faces with an outline in ``color`` (the text's colour)."""
    if not is_japanese():
        return dict(TITLE_FONT)
    from matplotlib import patheffects
    return {"fontweight": "normal", "fontfamily": ["DejaVu Sans", JAPANESE_FONT],
            "path_effects": [patheffects.withStroke(linewidth=JAPANESE_BOLD_STROKE, foreground=color)]}


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

#: The timeline and abductees charts are laid out at this width, like the opinion charts: every text is set at
#: ``text_pt(CHART_WIDTH_IN)`` or larger, so it prints at ``MIN_PRINT_PT`` or more at ``PRINT_WIDTH_IN`` (issue 16).
CHART_WIDTH_IN = 7.5
#: The phone rendering of a chart (issue 23): drawn this wide, with text this large, it is shown at about 90 % of its
#: size on a 390 px phone, so the lettering is about 11 px high there (the full-width chart shrinks to under half
#: its size, and its 9.6 pt text to about 6 px). A chart that can lay itself out at this width offers it as
#: ``fig.phone_version`` (a function drawing it); the ``{chart}`` directive serves it to screens up to 600 px wide.
PHONE_WIDTH_IN = 4.2
PHONE_TEXT_PT = 10.0
#: The height of one category lane of a timeline, in inches (room for a marker and a number above or below it).
LANE_IN = 0.36
