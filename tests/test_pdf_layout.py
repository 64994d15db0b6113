"""The copy-shop page checks (scripts/pdf_layout.py, issue 24: P1 text below the foot, P2 blank pages) on small
PDFs built here with xelatex, each laid out like the course pack (running head and foot with rules, the page
number at the right of the foot) and each broken in one known way: the checker must report exactly that page
and pass the clean one. The course packs themselves are checked in tests/test_pdf.py (and by
scripts/build-pdf.sh, which refuses a pack with such a page)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "pdf_layout.py"
_spec = importlib.util.spec_from_file_location("pdf_layout", SCRIPT)
pdf_layout = importlib.util.module_from_spec(_spec)
sys.modules["pdf_layout"] = pdf_layout
_spec.loader.exec_module(pdf_layout)

PREAMBLE = r"""\documentclass[11pt,a4paper,oneside]{report}
\usepackage[margin=25mm]{geometry}
\usepackage{fancyhdr}
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{Japan’s Abduction Issue}\fancyhead[R]{Student edition}
\fancyfoot[L]{\parbox[b]{\dimexpr\textwidth-4em\relax}{\raggedright #FOOT#}}
\fancyfoot[R]{\thepage}
\renewcommand{\headrulewidth}{0.4pt}\renewcommand{\footrulewidth}{0.4pt}
\newcommand{\para}{Every date and number in the chapters is drawn from the module's datasets, and every row
  names its sources; nothing in the prose is typed in by hand when the data holds it.\par}
\begin{document}
\thispagestyle{empty}
\begin{center}\Huge Title page\end{center}
\clearpage
"""


def _build(tmp_path: Path, body: str, foot: str = "5.4. Survey wording, method and gaps") -> Path:
    if shutil.which("xelatex") is None:
        pytest.fail("xelatex is not installed (make apt-deps-pdf)")
    tex = tmp_path / "fixture.tex"
    tex.write_text(PREAMBLE.replace("#FOOT#", foot) + body + "\n\\end{document}\n", encoding="utf-8")
    run = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    pdf = tmp_path / "fixture.pdf"
    assert run.returncode == 0 and pdf.is_file(), run.stdout[-2000:]
    return pdf


FULL_PAGES = "\n".join([r"\para"] * 40)
CLEAN = r"\chapter{Reading the sources}" + "\n" + FULL_PAGES + "\n\\clearpage\n" + r"\para" + "\n"


def test_a_clean_pack_passes(tmp_path):
    pdf = _build(tmp_path, CLEAN)
    assert pdf_layout.problems(pdf) == []


def test_a_long_foot_title_on_two_lines_is_part_of_the_foot(tmp_path):
    pdf = _build(tmp_path, CLEAN, foot="5.4. Survey wording, method and gaps in the Cabinet Office's annual "
                                       "Public Opinion Survey on Diplomacy, fiscal 2002 to 2025")
    assert pdf_layout.problems(pdf) == []


# A table that cannot break (a tabular in a box), taller than the space left on its page: it runs past the
# text block, over the foot rule and below the page number (P1, Table 5.1 on p. 58 of the review).
TABLE_INTO_FOOT = (r"\chapter{Reading the sources}" + "\n" + "\n".join([r"\para"] * 8) + "\n"
                   + r"\noindent\begin{tabular}{llll}" + "\n"
                   + "\n".join(rf"R{i} & {2000 + i} & September & mail 18+ \\" for i in range(1, 61))
                   + "\n" + r"\end{tabular}" + "\n\\clearpage\n\\para\n")


def test_text_below_the_foot_fails(tmp_path):
    pdf = _build(tmp_path, TABLE_INTO_FOOT)
    found = pdf_layout.problems(pdf)
    assert found, "a table printed over and below the running foot passed the check"
    assert any("below the foot line" in p or "runs into the running foot" in p for p in found), found
    pages = {p.split(" (")[0] for p in found}
    assert len(pages) == 1, found                                # only the page with the table


# A page with only the running head and foot (P2, p. 126 of the review).
BLANK_PAGE = CLEAN.replace("\\clearpage\n", "\\clearpage\n\\null\\clearpage\n", 1)


def test_a_blank_page_fails(tmp_path):
    pdf = _build(tmp_path, BLANK_PAGE)
    found = pdf_layout.problems(pdf)
    assert any("PDF page 4 " in p and "blank page" in p for p in found), found
    assert len(found) == 1, found


def test_a_page_with_one_line_of_body_text_is_not_blank(tmp_path):
    pdf = _build(tmp_path, CLEAN.replace("\\clearpage\n", "\\clearpage\nOne line.\\clearpage\n", 1))
    assert pdf_layout.problems(pdf) == []


# Text printed over other text (a table row over the foot's words, P1's "overprinted by the foot").
OVERPRINT = CLEAN.replace(r"\chapter{Reading the sources}",
                          r"\chapter{Reading the sources}" "\n" r"\noindent\rlap{Overprinted words here}Printed words under them\par")


def test_overprinted_text_fails(tmp_path):
    pdf = _build(tmp_path, OVERPRINT)
    found = pdf_layout.problems(pdf)
    assert any("overprinted text" in p for p in found), found


def test_command_line_exit_codes(tmp_path):
    (tmp_path / "good").mkdir()
    good = _build(tmp_path / "good", CLEAN)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = _build(bad_dir, BLANK_PAGE)
    ok = subprocess.run(["python3", str(SCRIPT), str(good)], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout == "", ok.stdout
    ko = subprocess.run(["python3", str(SCRIPT), str(bad)], capture_output=True, text=True)
    assert ko.returncode == 1 and "blank page" in ko.stdout, ko.stdout


def test_a_full_stop_set_inside_a_cjk_bracket_is_not_overprinting():
    """xeCJK sets the full stop after 」 inside the bracket's advance box: that is Japanese typesetting, not a
    fault. Two real words overlapping on the same line still are."""
    from pdf_layout import Page, Word, page_problems
    bracket = Word(100.0, 100.0, 160.0, 110.0, "「出来事だ」")
    stop = Word(155.0, 100.0, 158.0, 110.0, ".")
    other = Word(130.0, 100.0, 190.0, 110.0, "overprint")
    assert not any("overprinted" in p for p in page_problems(Page(5, 600, 800, [bracket, stop]), first=True))
    assert any("overprinted" in p for p in page_problems(Page(5, 600, 800, [bracket, other]), first=True))


# A section heading left at the foot of a page, its section on the next (P7: "8.3 An overview" above a chart that
# floated to the next page; P11: a "Key dates" box title).
def _heading_at_foot(title: str) -> str:
    return (r"\chapter{The abductees}" + "\n" + FULL_PAGES + "\n\\clearpage\n" + "\n".join([r"\para"] * 17) + "\n"
            + r"\vspace*{\fill}\noindent\textbf{" + title + r"}\par\clearpage" + "\n" + r"\para" + "\n")


@pytest.mark.parametrize("title", ["8.3 An overview", "Key dates"])
def test_a_heading_alone_at_the_foot_fails(tmp_path, title):
    pdf = _build(tmp_path, _heading_at_foot(title))
    found = pdf_layout.problems(pdf)
    assert any("heading alone at the foot" in p and title in p for p in found), found
    assert len(found) == 1, found


def test_a_heading_with_its_text_under_it_and_contents_lines_pass(tmp_path):
    body = (r"\chapter{The abductees}" + "\n" + FULL_PAGES + "\n\\clearpage\n" + r"\noindent 12.5.6 Keeping the four positions distinct \dotfill 142\par"
            + "\n" + "\n".join([r"\para"] * 17) + "\n"
            + r"\vspace*{\fill}\noindent\textbf{8.3 An overview}\par\para\clearpage" + "\n" + r"\para" + "\n")
    assert pdf_layout.problems(_build(tmp_path, body)) == []
