"""Small text helpers shared by the renderings: a Markdown subset to HTML, one-line Markdown."""
from __future__ import annotations

import html as _html
import re


def inline_html(text: str) -> str:
    """Escape, then a tiny Markdown subset: **bold**, *italic*, `code`, line breaks."""
    s = _html.escape(text.strip(), quote=False)
    s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", s)
    return s.replace("\n\n", "<br><br>")


def one_line(text: str) -> str:
    """The text on one line (newlines become spaces); nothing is escaped."""
    return text.replace("\n", " ").strip()
