"""How a chart is shown: :class:`FigureDisplay` (a 256-colour PNG with the chart's alt text for the screen, a
vector PDF for print; each build renders only what its output uses) and :func:`show`.
"""
from __future__ import annotations

import base64
import html as _html
import io

import numpy as np
from matplotlib.figure import Figure

from ..i18n import tr
from .style import PALETTE, house_style


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
        from ..render import output

        target = output()
        bundle = {"text/plain": tr("<Figure: {title}>\nAlt text: {alt}").format(title=self.title, alt=self.alt_text)}
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
