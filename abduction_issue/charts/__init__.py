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
A chapter page draws a chart with the ``{chart}`` directive of :mod:`abduction_issue.sphinxext.directives`
(in the Sphinx process; the image carries ``fig.alt_text``; print gets vector PDF)::

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

Where things are
----------------
Every chart is named in :data:`REGISTRY` with the function that draws it and the data files it reads; the
``{chart}`` directive and the exercise bank's ``chart:`` field accept exactly these names.  One module per job:

==============  ===========================================================================================
``style``       palette, category and item styles, fonts, print sizes, source lines, :func:`house_style`
``layout``      a new figure, title and source line (``finish``), wrapping, overlaps, x positions of dates
``display``     :class:`FigureDisplay`, :func:`show`, :func:`screen_png` (256-colour PNG)
``timelines``   :func:`timeline`, :func:`timeline_eras`, :func:`show_eras`
``opinion``     :func:`opinion_series`, :func:`opinion_compare`, :func:`wave_table`, :func:`methodology_breaks`
``abductees``   :func:`abductees_overview`
``map``         :func:`abduction_map`, :func:`map_places`
``explorers``   :func:`timeline_explorer`, :func:`opinion_explorer` (ipywidgets, live kernel only)
==============  ===========================================================================================
"""
from __future__ import annotations

from dataclasses import dataclass

from .abductees import NK_POSITION, STATUS_STYLE, abductees_overview
from .display import FigureDisplay, screen_png, show
from .explorers import opinion_explorer, timeline_explorer
from .map import (MAP_EXTENT_EUROPE, MAP_EXTENT_JAPAN, NATURAL_EARTH_FILE, NATURAL_EARTH_PACKAGE, PLACE_STYLE,
                  SOURCE_MAP, abduction_map, map_places, natural_earth_path)
from .opinion import (OPINION_EVENTS, label_hits_data, methodology_breaks, opinion_compare, opinion_series,
                      wave_table)
from .style import (CATEGORY_STYLE, CHART_WIDTH_IN, ITEM_STYLE, JAPANESE_FONT, LANE_IN, MIN_PRINT_PT, PALETTE,
                    PHONE_TEXT_PT, PHONE_WIDTH_IN, PREDECESSOR, PRINT_WIDTH_IN, SOURCE_ABDUCTEES, SOURCE_POLLS, SOURCE_TIMELINE, TITLE_FONT,
                    house_style, japanese_font, printed_font_sizes)
from .timelines import ERAS, show_eras, timeline, timeline_eras

__all__ = [
    "CHARTS", "REGISTRY", "Chart", "PALETTE", "CATEGORY_STYLE", "ITEM_STYLE", "FigureDisplay", "show",
    "timeline", "timeline_eras", "opinion_series", "wave_table", "methodology_breaks", "opinion_compare",
    "abductees_overview", "abduction_map", "map_places", "natural_earth_path", "PLACE_STYLE",
    "timeline_explorer", "opinion_explorer", "house_style", "japanese_font", "JAPANESE_FONT", "screen_png",
    "show_eras", "CHART_WIDTH_IN", "printed_font_sizes", "label_hits_data", "OPINION_EVENTS", "ERAS",
    "STATUS_STYLE", "NK_POSITION", "PRINT_WIDTH_IN", "PHONE_WIDTH_IN", "PHONE_TEXT_PT", "MIN_PRINT_PT", "LANE_IN", "PREDECESSOR", "TITLE_FONT",
    "SOURCE_TIMELINE", "SOURCE_POLLS", "SOURCE_ABDUCTEES", "SOURCE_MAP", "NATURAL_EARTH_PACKAGE",
    "NATURAL_EARTH_FILE", "MAP_EXTENT_JAPAN", "MAP_EXTENT_EUROPE",
]


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
#: name -> the function that draws it (the registry's functions)
CHARTS = {name: c.draw for name, c in REGISTRY.items()}
