"""The printed course pack: both editions build, and the PDFs hold what a printed book must.

Both editions are built once per session from a *copy* of the repository with the same script as
``make pdf`` / ``make pdf-instructor`` (``scripts/build-pdf.sh``), in parallel (they share nothing but
the source), and then read back with poppler (``pdftotext``, ``pdffonts``, ``pdfinfo``).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, copy_repo

EDITIONS = ("student", "instructor")
SCRIPT = Path("scripts") / "build-pdf.sh"
#: where `make pdf` / `make pdf-instructor` leave the course pack (documented in the Makefile and README)
COURSEPACK = Path("_build") / "coursepack"
#: plausible page counts (the book grows; a PDF outside this range lost or duplicated content)
MIN_PAGES, MAX_PAGES = 25, 400
#: text/plain reprs of ipywidgets objects that must never be printed
WIDGET_REPRS = ("interactive(", "VBox(", "HBox(", "IntSlider(", "FloatSlider(", "IntRangeSlider(",
                "HTML(value=", "Dropdown(", "RadioButtons(", "ToggleButtons(", "Checkbox(", "Output(",
                "Layout(", "SelectMultiple(", "Button(description=", "model_id")


def _env(edition: str, build: Path) -> dict:
    env = {**os.environ, "JUPYTER_BOOK": str(BIN / "jupyter-book"), "MPLCONFIGDIR": str(build / ".mplconfig"),
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for key in ("ABDUCTION_EDITION", "ABDUCTION_RENDER", "PDF_BUILD_DIR", "COURSEPACK_DIR", "JB_OPTS", "LATEXOPTS"):
        env.pop(key, None)
    return env


def _run_script(repo: Path, edition: str, log: Path, lang: str = "en", **extra_env) -> subprocess.Popen:
    suffix = "" if lang == "en" else f"-{lang}"
    build = repo / "_build" / f"pdf-{edition}{suffix}"
    build.mkdir(parents=True, exist_ok=True)
    args = [edition] if lang == "en" else [edition, lang]
    with open(log, "w") as fh:
        return subprocess.Popen(["bash", str(SCRIPT), *args], cwd=repo, env={**_env(edition, build), **extra_env},
                                stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def pdf_builds(tmp_path_factory):
    """{edition: (exit code, log text, pdf path)} for both editions, built from one copy of the repo."""
    base = tmp_path_factory.mktemp("pdf")
    repo = copy_repo(base / "repo")
    procs = {ed: _run_script(repo, ed, base / f"{ed}.log") for ed in EDITIONS}
    out = {}
    for ed, proc in procs.items():
        try:
            code = proc.wait(timeout=1800)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = -9
        out[ed] = (code, (base / f"{ed}.log").read_text(errors="replace"),
                   repo / COURSEPACK / f"abduction-issue-{ed}.pdf")
    return out


def _pdf(pdf_builds, edition) -> Path:
    code, log, pdf = pdf_builds[edition]
    assert code == 0, f"`make pdf` ({edition}) failed with exit {code}:\n{log[-5000:]}"
    assert pdf.is_file() and pdf.stat().st_size > 10_000, f"no course pack at {pdf}"
    return pdf


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _norm(text: str) -> str:
    """Letters and digits only, lower case: immune to line breaks, hyphenation, quotes and small caps."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # Markdown links: keep the link text
    return re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]+", "", text.lower())


@pytest.fixture(scope="session")
def student_pdf(pdf_builds) -> Path:
    return _pdf(pdf_builds, "student")


@pytest.fixture(scope="session")
def instructor_pdf(pdf_builds) -> Path:
    return _pdf(pdf_builds, "instructor")


@pytest.fixture(scope="session")
def texts(student_pdf, instructor_pdf) -> dict:
    return {"student": _text(student_pdf), "instructor": _text(instructor_pdf)}


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


# --------------------------------------------------------------------------- sources of expected text

from conftest import student_docs, toc_docs  # noqa: E402


def _toc_files() -> list[Path]:
    files = toc_docs(ROOT)
    out = []
    for f in files:
        for suffix in ("", ".md", ".ipynb"):
            p = ROOT / f"{f}{suffix}"
            if p.is_file():
                out.append(p)
                break
        else:
            raise AssertionError(f"_toc.yml names {f}, which does not exist")
    return out


def _title(path: Path) -> str:
    if path.suffix == ".ipynb":
        import json
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        lines = [line for c in cells if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()]
    else:
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[2]
        lines = text.splitlines()
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{path} has no '# ' title")


def _only_instructor_texts() -> list[str]:
    """Plain prose lines from ```{only} instructor``` blocks in the book's pages."""
    found = []
    pat = re.compile(r"^(`{3,}|:{3,})\{only\}\s+instructor\s*$(.*?)^\1\s*$", re.M | re.S)
    for path in _toc_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            import json
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "markdown")
        for block in pat.finditer(text):
            for line in block.group(2).splitlines():
                line = line.strip().lstrip("-*>0123456789. ").strip()
                if (len(line.split()) >= 6 and not re.search(r"[{}`|<>$\\]", line)
                        and not line.startswith((":", "#", "```"))):
                    found.append(line)
    return found


def _bank_explanations() -> list[tuple[str, str]]:
    """(question id, explanation as the printed key shows it) for every question of the bank: readable
    citations and dates, and a fact-check reference as its link text ("fact-check claim N")."""
    from abduction_issue import exercises
    return [(q.id, exercises.readable(q.explanation).replace(" (Reading the sources)", ""))
            for q in exercises.load_bank() if len(q.explanation.split()) >= 4]


def _needle(text: str, words: int = 14) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return _norm(" ".join(text.split()[:words]))


# --------------------------------------------------------------------------- the build itself

@pytest.mark.parametrize("edition", EDITIONS)
def test_edition_builds_into_the_documented_path(pdf_builds, edition):
    pdf = _pdf(pdf_builds, edition)
    head = pdf.read_bytes()[:5]
    assert head == b"%PDF-", f"{pdf} is not a PDF"
    assert MIN_PAGES <= _pages(pdf) <= MAX_PAGES, f"{edition}: {_pages(pdf)} pages"


def test_instructor_edition_is_not_shorter(student_pdf, instructor_pdf):
    assert _pages(instructor_pdf) >= _pages(student_pdf)


@pytest.mark.slow   # runs scripts/build-pdf.sh
def test_a_latex_error_fails_the_build(tmp_path):
    """The LaTeX step's failure must fail `make pdf` and leave no PDF behind (jupyter-book #551)."""
    repo = copy_repo(tmp_path / "repo")
    (repo / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    with open(repo / "index.md", "a", encoding="utf-8") as fh:
        fh.write("\n\n```{raw} latex\n\\thiscommandisnotdefinedanywhere\n```\n")
    target = repo / COURSEPACK / "abduction-issue-student.pdf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"%PDF-stale")                     # a stale PDF must not survive a failed build
    log = tmp_path / "fail.log"
    # Sphinx warnings allowed here, so that it is the LaTeX step (not Sphinx) that fails.
    proc = _run_script(repo, "student", log, JB_OPTS="-n --keep-going")
    assert proc.wait(timeout=900) != 0, log.read_text()[-3000:]
    text = log.read_text(errors="replace")
    assert "Undefined control sequence" in text, text[-3000:]
    assert "FAILED" in text
    assert not target.exists()


def test_script_rejects_an_unknown_edition():
    proc = subprocess.run(["bash", str(ROOT / SCRIPT), "teacher"], capture_output=True, text=True)
    assert proc.returncode == 2 and "usage" in proc.stderr


def test_script_rejects_an_unknown_language():
    proc = subprocess.run(["bash", str(ROOT / SCRIPT), "student", "fr"], capture_output=True, text=True)
    assert proc.returncode == 2 and "usage" in proc.stderr and "en|ja" in proc.stderr


# --------------------------------------------------------------------------- what the PDFs contain

@pytest.mark.parametrize("edition", EDITIONS)
def test_every_chapter_title_is_printed(texts, edition):
    """Every page of the edition is printed; the student edition prints none of the instructor guide's pages."""
    text = _norm(texts[edition])
    pages = {f"{d}" for d in (toc_docs(ROOT) if edition == "instructor" else student_docs(ROOT))}
    files = [p for p in _toc_files() if p.relative_to(ROOT).with_suffix("").as_posix() in pages]
    missing = [(p.relative_to(ROOT).as_posix(), _title(p)) for p in files if _norm(_title(p)) not in text]
    assert not missing, f"{edition}: chapter titles missing from the PDF: {missing}"
    if edition == "student":
        guide = [p for p in _toc_files() if p.relative_to(ROOT).with_suffix("").as_posix() not in pages]
        assert len(guide) >= 8
        printed = [_title(p) for p in guide if _norm(_title(p)) in text and len(_norm(_title(p))) > 15]
        assert printed == [], f"instructor pages printed in the student edition: {printed}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_printed_chapter_numbers_match_the_book(texts, edition):
    """Issue 16: the landing page is unnumbered front matter, so the story's chapters print as 1, 2, ... as
    the online book, the exercises and the guide number them (they printed as 7, 8, ... before)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    story = next(p for p in toc["parts"] if p.get("numbered"))
    for number, entry in enumerate(story["chapters"], start=1):
        words = _title(ROOT / f"{entry['file']}.md").split()[:2]
        pattern = rf"^\s*{number}\s+{re.escape(words[0])}\s+{re.escape(words[1])}"
        assert re.search(pattern, texts[edition], re.M), f"{edition}: chapter {number} ({' '.join(words)}) not printed as {number}"
    assert not re.search(r"^\s*1\s+What this module is", texts[edition], re.M), "the landing page is numbered"


@pytest.mark.parametrize("edition", EDITIONS)
def test_title_page(texts, edition):
    first = texts[edition].split("\f", 1)[0]
    assert f"{edition.capitalize()} edition" in first
    assert "CC BY 4.0" in first and "MIT" in first
    assert "How to cite" in first
    version = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    assert f"Version {version}" in first


@pytest.mark.parametrize("edition", EDITIONS)
def test_cjk_font_is_embedded(pdf_builds, edition):
    pdf = _pdf(pdf_builds, edition)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), f"CJK font not embedded:\n{fonts}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_japanese_text_survives(texts, edition):
    glossary = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    japanese = re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]{2,}", glossary)
    assert japanese, "the glossary has no Japanese term"
    assert japanese[0] in texts[edition]


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_unresolved_references(texts, edition):
    lines = [line.strip() for line in texts[edition].splitlines() if "??" in line]
    assert not lines, f"{edition}: unresolved references printed as ??: {lines[:5]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_widget_repr_text(texts, edition):
    found = [r for r in WIDGET_REPRS if r in texts[edition]]
    assert not found, f"{edition}: widget repr text printed: {found}"


#: Python object reprs that mean an output had no printable form (a pandas Styler printed this way, issue 16)
OBJECT_REPRS = re.compile(r"Styler at 0x|<pandas\.|object at 0x[0-9a-f]+|<IPython\.core\.display")


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_object_repr_is_printed(texts, edition):
    """Every table and output the book shows prints as itself, never as ``<pandas...Styler at 0x...>``."""
    found = sorted({m.group(0) for m in OBJECT_REPRS.finditer(texts[edition])})
    assert not found, f"{edition}: object reprs printed instead of content: {found}"


def _latex_source(pdf_builds, edition) -> str:
    pdf = _pdf(pdf_builds, edition)
    return (pdf.parent.parent / f"pdf-{edition}" / "_build" / "latex" / "course-pack.tex").read_text(errors="replace")


@pytest.mark.parametrize("edition", EDITIONS)
def test_notebook_tables_print_as_tables(pdf_builds, edition):
    """The abductees notebook's table (issue 16: missing from print, a Styler repr in its place) is printed
    as a LaTeX table with a row for every person of data/abductees.csv."""
    from abduction_issue import data

    tex = _latex_source(pdf_builds, edition)
    start = tex.index(r"\label{\detokenize{notebooks/03-abductees")
    page = tex[start:tex.find(r"\chapter", start + 1)]
    tables = re.findall(r"\\begin\{(?:longtable|tabular|tabulary)\}.*?\\end\{(?:longtable|tabular|tabulary)\}", page, re.S)
    table = next((t for t in tables if "Japanese name" in t), "")
    assert table, f"{edition}: no printed table of the people on the government list in notebooks/03-abductees"
    missing = [n for n in data.load_abductees()["name_en"] if n not in table]
    assert not missing, f"{edition}: abductees missing from the printed table: {missing}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_notebook_code_is_not_printed(texts, edition):
    """The printed pack shows the notebooks' outputs, not their code (unless a cell is tagged print-code)."""
    import json

    pages = "\n".join(p.read_text(encoding="utf-8") for p in _toc_files() if p.suffix == ".md")  # code shown on purpose
    printed_code = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            tags = c.get("metadata", {}).get("tags") or []
            if c["cell_type"] != "code" or "print-code" in tags or {"remove-cell", "remove-input"} & set(tags):
                continue
            lines = [ln.strip() for ln in "".join(c["source"]).splitlines() if len(ln.strip()) >= 20]
            printed_code += [f"{path.name}: {ln}" for ln in lines if ln in texts[edition] and ln not in pages]
    assert not printed_code, f"{edition}: notebook code printed: {printed_code[:5]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_interactive_cells_have_a_printed_note(texts, edition):
    """Every `render.show(...)` explorer and every non-empty quiz is printed with a note on where the live version is."""
    import json
    from abduction_issue import exercises

    with_questions = {q.chapter for q in exercises.load_bank()} if exercises.bank_dir().is_dir() else set()
    expected = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            src = "".join(c["source"])
            if c["cell_type"] != "code":
                continue
            expected += [f"{path.name}: render.show"] * len(re.findall(r"\brender\.show\s*\(", src))
            expected += [f"{path.name}: quiz {ch}" for ch in re.findall(r"\bshow_chapter\(\s*[\"']([\w-]+)", src)
                         if ch in with_questions]
    for path in sorted(ROOT.glob("chapters/*.md")) + [ROOT / "index.md"]:
        for cell in re.findall(r"^```\{code-cell\}.*?^```\s*$", path.read_text(encoding="utf-8"), re.M | re.S):
            expected += [f"{path.name}: render.show"] * len(re.findall(r"\brender\.show\s*\(", cell))
    assert expected, "no interactive cell found in notebooks/"
    notes = texts[edition].count("Live version.")
    assert notes >= len(expected), f"{edition}: {len(expected)} interactive cells {expected} but {notes} printed notes"


@pytest.mark.parametrize("edition", EDITIONS)
def test_figures_are_numbered_with_captions(texts, edition):
    captions = re.findall(r"Fig\. (\d+)\.(\d+): \S", texts[edition])
    assert len(captions) >= 3, f"{edition}: {len(captions)} numbered figure captions"


#: the page a printed cross-reference adds: "(p. 50)", or ", p. 50" after a figure or table number or inside
#: parentheses ("(Fig. 3.1, p. 39)", "(chapter 1, p. 7)")
PAGEREF = re.compile(r"\s*\(p\.\s*[0-9ivxlc]+\)|,\s*p\.\s*[0-9ivxlc]+\b")


def test_solutions_only_in_the_instructor_edition(texts):
    """The answer key (exercise bank explanations) and {only} instructor notes: instructor edition only."""
    # print adds the page to a cross-reference ("Reading the sources (p. 50)", latex_show_pagerefs): not part
    # of the explanation's words
    student, instructor = (_norm(PAGEREF.sub("", texts[ed])) for ed in ("student", "instructor"))
    solutions = [(qid, _needle(expl)) for qid, expl in _bank_explanations()]
    solutions += [("{only} instructor", _needle(line)) for line in _only_instructor_texts()]
    assert solutions, ("no solution text found: neither an exercise bank (abduction_issue/bank/) nor an "
                       "{only} instructor block in the book")
    leaked = [qid for qid, n in solutions if n in student]
    missing = [qid for qid, n in solutions if n not in instructor]
    assert not leaked, f"solutions printed in the student edition: {leaked}"
    assert not missing, f"solutions missing from the instructor edition: {missing}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_edition_named_on_every_content_page(texts, edition):
    pages = texts[edition].split("\f")
    label = f"{edition.capitalize()} edition"
    with_label = sum(label in p for p in pages)
    assert with_label >= len(pages) // 2, f"{edition}: running head on {with_label} of {len(pages)} pages"
    other = "Instructor edition" if edition == "student" else "Student edition"
    assert other not in pages[0], "title page names the wrong edition"


#: the widest overfull \hbox scripts/build-pdf.sh lets through (OVERFULL_MAX_PT, stated in its header)
OVERFULL_MAX_PT = float(re.search(r'OVERFULL_MAX_PT:-([0-9.]+)', (ROOT / SCRIPT).read_text()).group(1))


def test_overfull_threshold_is_small():
    assert 0 < OVERFULL_MAX_PT <= 5, "issue 16: a line may not run visibly into the margin"


@pytest.mark.slow   # runs scripts/build-pdf.sh
def test_an_overfull_line_fails_the_build(tmp_path):
    """A line running into the margin by more than OVERFULL_MAX_PT fails `make pdf` and leaves no PDF behind."""
    repo = copy_repo(tmp_path / "repo")
    (repo / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    too_wide = OVERFULL_MAX_PT + 6
    with open(repo / "index.md", "a", encoding="utf-8") as fh:
        fh.write("\n\n```{raw} latex\n\\par\\noindent\\rule{\\dimexpr\\linewidth+%gpt\\relax}{1pt}\\par\n```\n" % too_wide)
    target = repo / COURSEPACK / "abduction-issue-student.pdf"
    log = tmp_path / "overfull.log"
    proc = _run_script(repo, "student", log, JB_OPTS="-n --keep-going")
    assert proc.wait(timeout=900) != 0, log.read_text()[-3000:]
    text = log.read_text(errors="replace")
    assert re.search(r"Overfull \\hbox \(%g(\.0*)?pt too wide\)" % too_wide, text), text[-3000:]
    assert "FAILED" in text and "run into the margin" in text, text[-3000:]
    assert not target.exists()


@pytest.mark.parametrize("edition", EDITIONS)
def test_long_urls_do_not_run_off_the_page(pdf_builds, edition):
    """LaTeX reports text running into the margin as an overfull box; allow only tiny ones."""
    code, log, pdf = pdf_builds[edition]
    _pdf(pdf_builds, edition)
    texlog = pdf.parent.parent / f"pdf-{edition}" / "_build" / "latex" / "course-pack.log"
    overfull = [float(m) for m in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) in paragraph",
                                             texlog.read_text(errors="replace"))]
    big = [w for w in overfull if w > OVERFULL_MAX_PT]
    assert not big, f"{edition}: {len(big)} lines run into the margin (widest {max(big):.0f}pt)"


# --------------------------------------------------------------------------- the machinery, without LaTeX

def test_edition_macros():
    from abduction_issue.sphinxext import latex as sphinxext

    meta = sphinxext.citation_metadata(ROOT)
    assert meta["version"] and meta["authors"]
    s, i = sphinxext.latex_macros("student", meta), sphinxext.latex_macros("instructor", meta)
    assert r"\abductioninstructorfalse" in s and "{Student edition}" in s
    assert r"\abductioninstructortrue" in i and "{Instructor edition}" in i
    assert sphinxext.latex_escape("50% & R_1 #2") == r"50\% \& R\_1 \#2"
    # the PDF Title, the title page's "How to cite" and the running head all read Japan’s (P16): the title comes
    # from CITATION.cff with a typographic apostrophe, as _config.yml's title does
    assert "Japan\u2019s" in meta["title"] and "'" not in meta["title"], meta["title"]
    assert "\\newcommand{\\abductioncitetitle}{Japan\u2019s" in s


MINI_PROJECT = {
    "conf.py": """
import sys
sys.path.insert(0, {root!r})
numfig = True
latex_show_pagerefs = True
latex_documents = [("index", "mini.tex", "Mini", "A", "manual")]

def setup(app):
    from abduction_issue.sphinxext import latex
    app.connect("builder-inited", latex._builder_inited)
""",
    "index.rst": """
Mini
====

.. toctree::

   other

.. _sec-one:

First section
-------------

See :numref:`fig-one`, the table (:numref:`tbl-one`), :ref:`sec-two` and (chapter :ref:`sec-two`).
Read \u201c:ref:`sec-two`\u201d; then more.

.. figure:: pic.png
   :name: fig-one

   A caption.

.. table:: A table.
   :name: tbl-one

   ===  ===
   a    b
   ===  ===
""",
    "other.rst": """
.. _sec-two:

Other
=====

Back to :ref:`sec-one`.
""",
}


@pytest.mark.slow   # a mini Sphinx project (LaTeX source only, no TeX run)
def test_cross_references_carry_page_numbers_in_print(tmp_path):
    """P9/L6: a reference by number gets ", p. N"; one by name " (p. N)", or ", p. N" inside parentheses."""
    from PIL import Image
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    for name, text in MINI_PROJECT.items():
        (src / name).write_text(text.replace("{root!r}", repr(str(ROOT))), encoding="utf-8")
    Image.new("RGB", (4, 4)).save(src / "pic.png")
    from sphinx.util.docutils import docutils_namespace
    with docutils_namespace():   # each app registers its nodes afresh; no registration leaks into later tests
        app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "latex",
                     status=None, warning=None, freshenv=True)
        app.build()
    tex = (tmp_path / "out" / "mini.tex").read_text(encoding="utf-8")
    tex = re.sub(r"\\detokenize\{([^}]*)\}", r"\1", " ".join(tex.split()))
    assert r"\ref{index:fig-one}}, \autopageref*{index:fig-one}" in tex, tex[-3000:]
    assert r"\ref{index:tbl-one}}, \autopageref*{index:tbl-one})" in tex, tex[-3000:]
    # by name, in running text: "Other (p. N)"; inside parentheses: "(chapter Other, p. N)"
    assert re.search(r"\\sphinx(?:samedoc|cross)ref\{\\DUrole\{std,std-ref\}\{Other\}\}\}\} \(\\autopageref\*\{[^}]*sec-two\}\) and", tex), tex[-3000:]
    # a quoted title: the closing quote, then the page
    assert re.search(r"Read \u201c\{\\hyperref\[[^]]*sec-two\]\{\\sphinx(?:samedoc|cross)ref\{\\DUrole\{std,std-ref\}\{Other\}\}\}\}\u201d \(\\autopageref\*\{[^}]*sec-two\}\); then", tex), tex[-3000:]
    assert re.search(r"\(chapter \{\\hyperref\[[^]]*sec-two\]\{\\sphinx(?:samedoc|cross)ref\{\\DUrole\{std,std-ref\}\{Other\}\}\}\}, \\autopageref\*\{[^}]*sec-two\}\)\.", tex), tex[-3000:]


def test_table_prints_as_a_table_not_a_repr():
    """book.Table carries HTML for the screen and a MyST list-table for print; its text is never a repr."""
    import docutils.core
    import pandas as pd
    from docutils import nodes
    from IPython.core.formatters import DisplayFormatter
    from myst_parser.parsers.docutils_ import Parser

    from abduction_issue import book

    df = pd.DataFrame({"Name": ["Megumi Yokota", "- a | b *c*"], "Japanese name": ["横田 めぐみ", "1. x"],
                       "Age": [13, None]})
    bundle, _ = DisplayFormatter().format(book.table(df, ja=["Japanese name"]))
    assert {"text/html", "text/markdown", "text/plain"} <= set(bundle)
    assert not OBJECT_REPRS.search(bundle["text/plain"]) and "Megumi Yokota" in bundle["text/plain"]
    assert '<span lang="ja">横田 めぐみ</span>' in bundle["text/html"]
    doc = docutils.core.publish_doctree(bundle["text/markdown"], parser=Parser(),
                                        settings_overrides={"report_level": 5, "halt_level": 5})
    tables = list(doc.findall(nodes.table))
    assert len(tables) == 1, doc.pformat()
    rows = [[entry.astext() for entry in row.findall(nodes.entry)] for row in tables[0].findall(nodes.row)]
    assert rows == [["Name", "Japanese name", "Age"], ["Megumi Yokota", "横田 めぐみ", "13"],
                    ["- a | b *c*", "1. x", "–"]], rows
    with pytest.raises(KeyError, match="Romaji"):
        book.table(df, ja=["Romaji"])


# --------------------------------------------------------------------------- a pack a copy shop accepts (issue 24)

def _layout_checker():
    import importlib.util
    spec = importlib.util.spec_from_file_location("pdf_layout", ROOT / "scripts" / "pdf_layout.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["pdf_layout"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_text_below_the_foot_no_blank_page(pdf_builds, edition):
    """Every page of both packs: no text below or into the running foot, nothing overprinted, no blank page
    between the title page and the last page (P1, P2; the checker's failing cases: tests/test_pdf_layout.py)."""
    found = _layout_checker().problems(_pdf(pdf_builds, edition))
    assert not found, f"{edition}: " + "\n".join(found[:10])


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_metadata_names_title_edition_author_language(pdf_builds, edition):
    pdf = _pdf(pdf_builds, edition)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    title, author = fields.get("Title", "").strip(), fields.get("Author", "").strip()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert _norm(cff["title"]) in _norm(title) and f"{edition.capitalize()} edition" in title, title
    assert "Japan\u2019s" in title and "'" not in title, f"typographic apostrophe in the Title (P16): {title}"
    assert author == cff["authors"][0]["name"], author
    assert _pdf_lang(pdf) == "en", "no document language (/Lang) in the PDF catalogue"


def _pdf_lang(pdf: Path) -> str:
    """The catalogue's /Lang, found in the file or in its compressed object streams (PDF 1.5)."""
    import zlib

    raw = pdf.read_bytes()
    chunks = [raw]
    for m in re.finditer(rb"stream\r?\n", raw):
        end = raw.find(b"endstream", m.end())
        try:
            chunks.append(zlib.decompress(raw[m.end():end]))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Lang\s*\(([^)]*)\)", chunk)
        if found:
            return found.group(1).decode("latin-1")
    return ""


@pytest.mark.parametrize("edition", EDITIONS)
def test_title_page_tells_printings_apart(texts, edition):
    """The build date and the commit (or a plain note outside git) on the title page (P18)."""
    first = " ".join(texts[edition].split("\f", 1)[0].split())
    m = re.search(r"Printed (\d{4}-\d\d-\d\d) from commit (\S+)", first)
    assert m, first[:600]
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    # the test builds from a copy of the working tree without .git: the stamp says so
    assert m.group(2) == "none" or m.group(2).startswith(commit.stdout.strip() or "none"), m.group(0)


def test_no_web_only_wording_in_the_student_pack(texts):
    """No navigation, launch or download wording, no build commands -- and nothing on how to build the
    instructor edition -- in the student pack (P6, L2). (The instructor edition's guide tells instructors how
    to run the notebooks and build the packs; its pages before the guide are the student pack's.)"""
    text = " ".join(texts["student"].split())
    for phrase in ("table of contents on the left", "arrows at the foot", "make pdf-instructor", "make lab",
                   "rocket icon", "Download:", ".ipynb", "launch button", "Check answer"):
        assert phrase not in text, f"student pack: web-only wording printed: {phrase!r}"


# --------------------------------------------------------------------------- the Japanese packs (issue 25)
#
# `make pdf-ja` / `make pdf-instructor-ja` (scripts/build-pdf.sh <edition> ja): the same checks as the English packs,
# in Japanese -- the title page, the running heads, the PDF's Title, Author and /Lang, the printed notes and the page
# references all in Japanese, Japanese text that pdftotext reads back, every font embedded.

#: the edition's name in the Japanese packs (the ui catalogue, context "course pack"; build-pdf.sh checks the Title)
JA_EDITION_NAMES = {"student": "学生版", "instructor": "教員版"}


@pytest.fixture(scope="session")
def pdf_builds_ja(tmp_path_factory):
    """{edition: (exit code, log text, pdf path)} for both Japanese packs, built from one copy of the repo."""
    base = tmp_path_factory.mktemp("pdf-ja")
    repo = copy_repo(base / "repo")
    procs = {ed: _run_script(repo, ed, base / f"{ed}-ja.log", lang="ja") for ed in EDITIONS}
    out = {}
    for ed, proc in procs.items():
        try:
            code = proc.wait(timeout=2400)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = -9
        out[ed] = (code, (base / f"{ed}-ja.log").read_text(errors="replace"),
                   repo / COURSEPACK / f"abduction-issue-{ed}-ja.pdf")
    return out


@pytest.fixture(scope="session")
def texts_ja(pdf_builds_ja) -> dict:
    return {ed: _text(_pdf(pdf_builds_ja, ed)) for ed in EDITIONS}


def _ja(message: str, context: str | None = "course pack") -> str:
    from abduction_issue import i18n
    return i18n.translate(message, context, lang="ja")


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_pack_builds_into_the_documented_path(pdf_builds_ja, pdf_builds, edition):
    pdf = _pdf(pdf_builds_ja, edition)
    assert pdf.name == f"abduction-issue-{edition}-ja.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-", f"{pdf} is not a PDF"
    assert MIN_PAGES <= _pages(pdf) <= MAX_PAGES, f"{edition} (ja): {_pages(pdf)} pages"
    log = pdf_builds_ja[edition][1]
    assert "build-pdf: course pack" in log and "FAILED" not in log, log[-3000:]


def test_ja_instructor_pack_is_not_shorter(pdf_builds_ja):
    assert _pages(_pdf(pdf_builds_ja, "instructor")) >= _pages(_pdf(pdf_builds_ja, "student"))


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_title_page(texts_ja, edition):
    first = " ".join(texts_ja[edition].split("\f", 1)[0].split())
    version = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    assert JA_EDITION_NAMES[edition] in first, first[:800]
    assert _ja("Japan’s Abduction Issue", None) in first
    for english in ("Student edition", "Instructor edition", "How to cite", "Licence", "Printed ", "Version "):
        assert english not in first, f"{edition} (ja): English {english!r} on the title page: {first[:800]}"
    assert "CC BY 4.0" in first and "MIT" in first
    assert _ja("How to cite.").rstrip("：:") in first
    assert f"バージョン {version}" in first
    assert re.search(r"\d{4}-\d\d-\d\d 印刷（コミット \S+", first), first[:800]


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_text_is_japanese(texts_ja, edition):
    """pdftotext reads the pack back as Japanese: the chapters' Japanese titles (from their catalogues), 第1章,
    Japanese running heads, and far more Japanese characters than Latin letters."""
    from abduction_issue import i18n

    text = texts_ja[edition]
    norm = _norm(text)
    docs = toc_docs(ROOT) if edition == "instructor" else student_docs(ROOT)
    files = [p for p in _toc_files() if p.relative_to(ROOT).with_suffix("").as_posix() in docs]
    titles = []
    for p in files:
        try:
            titles.append(i18n.page_text(p.relative_to(ROOT).with_suffix("").as_posix(), _title(p), lang="ja"))
        except i18n.MissingTranslation:
            continue    # a page still being translated
    assert len(titles) >= len(files) // 2, "most pages' titles have a Japanese translation"
    missing = [t for t in titles if _norm(t) not in norm]
    assert not missing, f"{edition} (ja): Japanese chapter titles missing from the PDF: {missing}"
    assert re.search(r"第\s*1\s*章", text), "the first chapter opens as 第1章"
    japanese = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    assert japanese > latin, f"{edition} (ja): {japanese} Japanese characters, {latin} Latin letters"
    pages = text.split("\f")
    label = JA_EDITION_NAMES[edition]
    assert sum(label in p for p in pages) >= len(pages) // 2, "the running head names the edition in Japanese"
    assert "Student edition" not in text and "Instructor edition" not in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_pdf_metadata(pdf_builds_ja, edition):
    pdf = _pdf(pdf_builds_ja, edition)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    title, author = fields.get("Title", "").strip(), fields.get("Author", "").strip()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert _ja(cff["title"], None) in title and JA_EDITION_NAMES[edition] in title, title
    assert author == _ja(cff["authors"][0]["name"], None), author
    assert _pdf_lang(pdf) == "ja", "the Japanese pack's /Lang is ja"


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_fonts_are_embedded(pdf_builds_ja, edition):
    fonts = subprocess.run(["pdffonts", str(_pdf(pdf_builds_ja, edition))], capture_output=True, text=True,
                           check=True).stdout
    rows = fonts.splitlines()[2:]
    assert any("NotoSerifCJK" in r for r in rows) and any("NotoSansCJK" in r for r in rows), fonts
    assert all(r.split()[-5] == "yes" for r in rows), f"a font is not embedded:\n{fonts}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_no_unresolved_references(texts_ja, edition):
    lines = [line.strip() for line in texts_ja[edition].splitlines() if "??" in line]
    assert not lines, f"{edition} (ja): unresolved references printed as ??: {lines[:5]}"


def _ja_page_title(docname: str) -> str:
    """A page's title as the Japanese pack prints it (its catalogue's translation of the page's first heading)."""
    from abduction_issue import i18n
    return i18n.page_text(docname, _title(ROOT / f"{docname}.md"), lang="ja")


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_printed_words_are_japanese(texts_ja, edition):
    """The package's own printed words: the live-version notes, the exercises' note, Sphinx's figure and table
    captions, the page references (36ページ, never "p. 36")."""
    text = texts_ja[edition]
    flat = "".join(text.split())
    assert flat.count("".join(_ja("Live version.").split())) >= 3, "the printed live-version notes are Japanese"
    assert "Live version." not in text and "In the online book" not in text
    assert re.search(r"図\s*\d+\.\d+", text), "figures are captioned 図 N.N"
    assert re.search(r"\d+\s*ページ", text), "page references read 36ページ"
    # the bibliography's entries keep their sources' own page numbers ("The Press, p. 12"): checked before it
    body = text[:text.rfind(_ja_page_title("chapters/bibliography"))]
    assert not re.search(r"\(p\.\s*\d+\)|,\s*p\.\s*\d+\b", body), "an English page reference in the Japanese pack"


@pytest.mark.parametrize("edition", EDITIONS)
def test_ja_layout_and_margins(pdf_builds_ja, edition):
    """No text below the foot, nothing overprinted, no blank page; no line into the margin."""
    pdf = _pdf(pdf_builds_ja, edition)
    found = _layout_checker().problems(pdf)
    assert not found, f"{edition} (ja): " + "\n".join(found[:10])
    texlog = pdf.parent.parent / f"pdf-{edition}-ja" / "_build" / "latex" / "course-pack.log"
    log = texlog.read_text(errors="replace")
    overfull = [float(m) for m in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", log)]
    assert not [w for w in overfull if w > OVERFULL_MAX_PT]
    assert "Missing character" not in log


def test_ja_solutions_only_in_the_instructor_pack(texts_ja):
    """The answer key's heading and the guide's pages print only in the Japanese instructor pack."""
    from abduction_issue import i18n

    def tr(message, lang):
        return i18n.translate(message, lang=lang)

    guide = [p for p in _toc_files() if p.relative_to(ROOT).with_suffix("").as_posix() not in student_docs(ROOT)]
    titles = []
    for p in guide:
        try:
            titles.append(i18n.page_text(p.relative_to(ROOT).with_suffix("").as_posix(), _title(p), lang="ja"))
        except i18n.MissingTranslation:
            continue
    long_titles = [t for t in titles if len(_norm(t)) >= 6]
    assert long_titles
    student, instructor = _norm(texts_ja["student"]), _norm(texts_ja["instructor"])
    # the student pack names the guide where a page points to it: "教員用ガイド（教員版）", the {guide} role's words
    named = {t: _norm(tr("{words} (instructor edition)", lang="ja").format(words=t)) for t in long_titles}
    assert not [t for t in long_titles if _norm(t) in student.replace(named[t], "")], \
        "instructor pages in the Japanese student pack"
    assert all(_norm(t) in instructor for t in long_titles)


def test_edition_macros_in_japanese():
    """Every sentence the style file prints comes from the ui catalogue: in Japanese, no English word is left."""
    from abduction_issue.sphinxext import latex as sphinxext

    meta = sphinxext.citation_metadata(ROOT)
    s, i = sphinxext.latex_macros("student", meta, "ja"), sphinxext.latex_macros("instructor", meta, "ja")
    assert r"\abductionjapanesetrue" in s and "{学生版}" in s and "{教員版}" in i
    assert r"\newcommand{\abductionpageref}[1]{#1ページ}" in s
    assert r"\newcommand{\abductionchapterlabel}[1]{第#1章}" in s
    for line in s.splitlines():
        if line.startswith(r"\newcommand") and "abductionbasedon}" not in line and "abductionrepo}" not in line:
            body = re.sub(r"\\url\{[^}]*\}|\\[A-Za-z]+|#1", "", line.split("}", 1)[1])
            words = [w for w in re.findall(r"[A-Za-z]{4,}", body)
                     if w not in {"LICENSE", "CITATION", "JupyterLab", "Binder", "Colab", "scripts", "build"}]
            assert not words, f"English left in a Japanese macro: {line}"
    en = sphinxext.latex_macros("student", meta, "en")
    assert r"\abductionjapanesefalse" in en and r"\newcommand{\abductionpageref}[1]{p.~#1}" in en
