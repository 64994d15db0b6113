"""Figure layout shared by every chart: a new figure, the title and source line (:func:`finish`), text
wrapping, overlap tests and the timeline's x positions.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..dates import frac_year
from .style import TITLE_FONT


def new_figure(width, height) -> Figure:
    fig = Figure(figsize=(width, height), facecolor="white", edgecolor="white")
    FigureCanvasAgg(fig)
    fig.patch.set_alpha(1.0)
    return fig


def finish(fig: Figure, title: str, source: str, alt: str, *, bottom: float = 0.02, small: float = 8.5,
            wrap_title: bool = False) -> Figure:
    """Title, source line (``small`` pt) and alt text: every chart ends here."""
    if wrap_title:  # bold DejaVu Sans: about 0.68 em a character
        title_shown = wrap(title, int(fig.get_figwidth() * 72 / (0.68 * 12.5)))
    else:
        title_shown = title
    fig.suptitle(title_shown, x=0.01, ha="left", fontsize=12.5, **TITLE_FONT)
    wrapped = wrap(source, int(fig.get_figwidth() * 72 / (0.58 * small)))
    fig.text(0.01, bottom, wrapped, ha="left", va="bottom", fontsize=small, color="#333333", gid="source-line")
    fig.source_line = source
    fig.alt_text = alt
    fig.chart_title = title
    return fig


def wrap(text: str, width: int) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width=max(40, width)))


# --------------------------------------------------------------------------- helpers

def timeline_x(tl: pd.DataFrame) -> np.ndarray:
    return np.array([frac_year(int(r.year), int(r.month), r.day, r.date_precision) for r in tl.itertuples()])


def overlaps(bb, placed, pad=2.0):
    for other in placed:
        if (bb.x0 - pad < other.x1 and bb.x1 + pad > other.x0 and bb.y0 - pad < other.y1 and bb.y1 + pad > other.y0):
            return True
    return False
