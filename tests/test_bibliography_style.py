"""The bibliography prints titles as typed (issue 24, P5): pybtex's plain style would sentence-case them."""
from __future__ import annotations

from pathlib import Path

import pybtex.plugin as plugin
import yaml
from pybtex.database import parse_file

from abduction_issue.sphinxext import bibtex

ROOT = Path(__file__).resolve().parent.parent


def _render(style_name: str, key: str) -> str:
    bib = parse_file(ROOT / "data" / "references.bib")
    style = plugin.find_plugin("pybtex.style.formatting", style_name)()
    return next(iter(style.format_entries([bib.entries[key]]))).text.render_as("text")


def test_titles_keep_their_capitals():
    bibtex.register_style()
    assert "North Korea's Abduction Project" in _render(bibtex.STYLE_NAME, "boynton2015abduction")
    # the style the book used before folds the proper nouns: the test above is not vacuous
    assert "North korea's abduction project" in _render("plain", "boynton2015abduction")


def test_the_book_uses_the_as_typed_style():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["bibtex_default_style"] == bibtex.STYLE_NAME


def test_no_latex_markup_in_the_bibliography_data():
    text = (ROOT / "data" / "references.bib").read_text(encoding="utf-8")
    assert "\\emph" not in text and "\\textit" not in text, "LaTeX commands print literally in the bibliography"
