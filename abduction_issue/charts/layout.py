"""Figure layout shared by every chart: a new figure, the title and source line (:func:`finish`), text
wrapping, overlap tests and the timeline's x positions.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..dates import frac_year
from ..i18n import is_japanese
from .style import bold_font


def new_figure(width, height) -> Figure:
    fig = Figure(figsize=(width, height), facecolor="white", edgecolor="white")
    FigureCanvasAgg(fig)
    fig.patch.set_alpha(1.0)
    return fig


def finish(fig: Figure, title: str, source: str, alt: str, *, bottom: float = 0.02, small: float = 8.5,
            wrap_title: bool = False) -> Figure:
    """Title, source line (``small`` pt) and alt text: every chart ends here. ``source`` is one of the
    ``SOURCE_*`` constants (English): it is written in the build's language (``fig.source_line`` too)."""
    from .style import source_line
    source = source_line(source)
    if wrap_title:  # bold DejaVu Sans: about 0.68 em a character
        title_shown = wrap(title, int(fig.get_figwidth() * 72 / (0.68 * 12.5)))
    else:
        title_shown = title
    fig.suptitle(title_shown, x=0.01, ha="left", fontsize=12.5, **bold_font())
    wrapped = wrap(source, int(fig.get_figwidth() * 72 / (0.58 * small)))
    fig.text(0.01, bottom, wrapped, ha="left", va="bottom", fontsize=small, color="#333333", gid="source-line")
    fig.source_line = source
    fig.alt_text = alt
    fig.chart_title = title
    return fig


def wrap(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters (at least 40); Japanese: see :func:`wrap_to`."""
    return wrap_to(text, max(40, width))


def wrap_to(text: str, width: int, subsequent_indent: str = "") -> str:
    """``text`` in lines of about ``width`` Latin characters: at spaces in English (:mod:`textwrap`); in a
    Japanese chart between any two Japanese characters as well (a Japanese character counts as
    :data:`WIDE` Latin ones), never putting closing punctuation at the start of a line or opening at the end."""
    import textwrap
    if not is_japanese():
        return "\n".join(textwrap.wrap(text, width=width, subsequent_indent=subsequent_indent))
    return "\n".join(_wrap_ja(text, width, subsequent_indent))


#: The width of a Japanese character in a chart's text, in average Latin characters (1 em against about 0.58 em, with a margin).
WIDE = 1.85
#: Where a Japanese line is best broken (after these).
_BREAK_AFTER = "、。：）」 "
_NO_LINE_START = set("、。，．）」』】〕〉》・：；！？ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々%),.:;!?’”…")
_NO_LINE_END = set("（「『【〔〈《(‘“")


def _char_width(ch: str) -> float:
    import unicodedata
    return WIDE if unicodedata.east_asian_width(ch) in ("W", "F") else 1.0


def _wrap_ja(text: str, width: float, indent: str = "") -> list[str]:
    import re
    lines: list[str] = []
    for para in text.split("\n"):
        # tokens: a run of Latin letters/digits (a word, a number: never split), a space, or one other character
        tokens = re.findall(r"[A-Za-z0-9_./:%+°\-–’'#&]+|\s|.", para)
        line, w = "", 0.0
        widths = [sum(_char_width(c) for c in tok) for tok in tokens]
        for i, (tok, tw) in enumerate(zip(tokens, widths)):
            orphan = sum(widths[i:]) <= WIDE   # one last character is not left alone on a line: it overhangs
            if line.strip() and w + tw > width and tok[0] not in _NO_LINE_START and not tok.isspace() and not orphan:
                carry = ""
                # a break after punctuation or at a space in the last third of the line reads better than one
                # inside a word or a name
                cut = max(line.rfind(c) for c in _BREAK_AFTER)
                if cut > len(indent) and sum(_char_width(c) for c in line[:cut + 1]) >= 0.6 * width \
                        and line[cut + 1:cut + 2] not in _NO_LINE_START:
                    carry, line = line[cut + 1:].lstrip(), line[:cut + 1]
                while line and line[-1] in _NO_LINE_END:   # an opening bracket goes down with its text
                    carry, line = line[-1] + carry, line[:-1]
                lines.append(line.rstrip())
                line = indent + carry
                w = sum(_char_width(c) for c in line)
            if tok.isspace() and not line.strip():
                continue
            line += tok
            w += tw
        if line.strip():
            lines.append(line.rstrip())
    return lines


# --------------------------------------------------------------------------- helpers

def timeline_x(tl: pd.DataFrame) -> np.ndarray:
    return np.array([frac_year(int(r.year), int(r.month), r.day, r.date_precision) for r in tl.itertuples()])


def overlaps(bb, placed, pad=2.0):
    for other in placed:
        if (bb.x0 - pad < other.x1 and bb.x1 + pad > other.x0 and bb.y0 - pad < other.y1 and bb.y1 + pad > other.y0):
            return True
    return False
