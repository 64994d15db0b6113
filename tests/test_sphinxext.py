"""The one Sphinx extension's pieces that need no build: the edition as a config value."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from abduction_issue.sphinxext import editions


class _App:
    def __init__(self):
        self.values, self.handlers = {}, []

    def add_config_value(self, name, default, rebuild, types=()):
        self.values[name] = (default, rebuild)

    def connect(self, event, fn, priority=500):
        self.handlers.append((event, fn))


@pytest.mark.parametrize("env, expected", [(None, "student"), ("instructor", "instructor"), (" Student ", "student")])
def test_the_edition_is_a_config_value_whose_default_is_the_environment_variable(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("ABDUCTION_EDITION", raising=False)
    else:
        monkeypatch.setenv("ABDUCTION_EDITION", env)
    app = _App()
    editions.register(app)
    default, rebuild = app.values["abduction_edition"]
    assert rebuild == "env"          # another edition re-reads every page
    assert editions.edition_of(SimpleNamespace(abduction_edition=default)) == expected


def test_an_unknown_edition_is_refused_by_name():
    with pytest.raises(ValueError, match="'teacher'"):
        editions.edition_of(SimpleNamespace(abduction_edition="teacher"))


def test_the_edition_sets_the_tags_and_the_kernels_variable(monkeypatch):
    from abduction_issue.sphinxext import execution
    tags = set()
    app = SimpleNamespace(tags=SimpleNamespace(add=tags.add))
    config = SimpleNamespace(abduction_edition="instructor")
    editions._add_tags(app, config)
    assert tags == {"instructor", "edition_instructor"}
    monkeypatch.setenv("ABDUCTION_EDITION", "student")
    execution._kernel_edition(app, config)
    import os
    assert os.environ["ABDUCTION_EDITION"] == "instructor"


# --------------------------------------------------------------------------- print without a kernel (issue 21, item 5)

def _nb_config(fmt):
    """The myst-nb configuration a build with a builder of format ``fmt`` reads notebooks with, after the
    extension's builder-inited handler has run on it."""
    from myst_nb.core.config import NbParserConfig

    from abduction_issue.sphinxext import execution
    app = SimpleNamespace(builder=SimpleNamespace(format=fmt),
                          env=SimpleNamespace(mystnb_config=NbParserConfig(execution_mode="cache")))
    execution._print_excludes(app)
    return app.env.mystnb_config


def _client(fmt, notebook):
    """The notebook client myst-nb makes for ``notebook`` (a path under the book) in such a build."""
    import logging

    import nbformat
    from myst_nb.core.execute import create_client

    from conftest import ROOT
    path = ROOT / notebook
    return create_client(nbformat.read(path, as_version=4), str(path), _nb_config(fmt), logging.getLogger("t"))


def test_the_latex_build_does_not_execute_the_exercises_notebook():
    """The course pack runs no kernel for notebook 04: its printed questions come from its {exercise-set}
    directives. myst-nb's own client says so (its base client executes nothing); the online book still runs it."""
    from myst_nb.core.execute import NotebookClientBase
    assert type(_client("latex", "notebooks/04-exercises.ipynb")) is NotebookClientBase
    assert type(_client("html", "notebooks/04-exercises.ipynb")) is not NotebookClientBase
    # the notebooks with charts are still executed for print
    assert type(_client("latex", "notebooks/01-timeline.ipynb")) is not NotebookClientBase


def test_the_print_exclusion_keeps_the_books_own_patterns():
    from myst_nb.core.config import NbParserConfig

    from abduction_issue.sphinxext import execution
    app = SimpleNamespace(builder=SimpleNamespace(format="latex"),
                          env=SimpleNamespace(mystnb_config=NbParserConfig(execution_excludepatterns=("x/*.ipynb",))))
    execution._print_excludes(app)
    execution._print_excludes(app)    # twice (a second builder-inited): no duplicate
    assert app.env.mystnb_config.execution_excludepatterns == ("x/*.ipynb", *execution.PRINT_UNEXECUTED)


def test_no_print_transform_reads_the_web_rendering():
    """Print does not recognise anything by its HTML: no module of the extension reads a ``text/html`` output or
    matches the quiz's HTML classes (QUIZ_HTML, a regex over notebook 04's web output, did both)."""
    import ast

    from conftest import ROOT
    found = []
    for path in sorted((ROOT / "abduction_issue" / "sphinxext").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                    node.value == "text/html" or "aiq-quiz" in node.value or "aiq-question" in node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value[:40]!r}")
    assert not found, f"print sniffs the web rendering: {found}"


def _printed_sets(cells):
    """(chapter, question ids or None for all) of every ``{exercise-set}`` in markdown cells with ``:render: print``."""
    import re
    out = []
    for c in cells:
        if c["cell_type"] != "markdown":
            continue
        for chapter, body in re.findall(r"^```\{exercise-set\}\s+([\w-]+)\s*\n(.*?)^```", "".join(c["source"]),
                                        re.M | re.S):
            opts = dict(re.findall(r"^:([\w-]+):\s*(.*?)\s*$", body, re.M))
            if opts.get("render") in ("print", "both"):
                out.append((chapter, opts["questions"].split() if "questions" in opts else None))
    return out


def test_every_quiz_a_notebook_shows_is_printed_by_a_directive():
    """A quiz in a notebook prints nothing from its kernel in the course pack (``static.StaticQuiz``): each one
    has an ``{exercise-set}`` with ``:render: print`` in the same notebook printing exactly its questions."""
    import json
    import re

    from abduction_issue import exercises
    from conftest import ROOT
    checked = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        shown, printed = [], []
        for c in cells:
            src = "".join(c["source"]) if c["cell_type"] == "code" else ""
            for ch in re.findall(r"\bshow_chapter\(\s*[\"']([\w-]+)", src):
                shown += [q.id for _, q in exercises.numbered(ch)]
            if "static_quiz" in src:
                shown += re.findall(r"\bexercises\.get\(\s*[\"']([\w-]+)", src)
        for ch, ids in _printed_sets(cells):
            printed += ids if ids is not None else [q.id for _, q in exercises.numbered(ch)]
        assert sorted(shown) == sorted(printed), f"{path.name}: quizzes show {shown}, print has {printed}"
        checked += bool(shown)
    assert checked >= 2, "no notebook quiz found (notebooks 02 and 04 have them)"


def test_the_quiz_check_sees_a_quiz_without_its_printed_set():
    """The check above fails on a notebook whose quiz has no printed set."""
    cells = [{"cell_type": "markdown", "source": ["```{exercise-set} summit\n", "```"]}]   # online only
    assert _printed_sets(cells) == []
    cells[0]["source"] = ["```{exercise-set} summit\n", ":render: print\n", "```"]
    assert _printed_sets(cells) == [("summit", None)]


def _build_exercise_page(tmp_path, builder, page, monkeypatch):
    """A minimal Sphinx project (MyST, the book's extension) with one page, built with ``builder`` and -W;
    returns the written output (the .tex of a LaTeX build, the page's HTML) and the warnings.  The variables
    the extension sets for the kernels are restored afterwards (``monkeypatch``)."""
    import io
    import os

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    from conftest import ROOT
    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "index.md").write_text(page, encoding="utf-8")
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'abduction_issue.sphinxext']\n"
        f"bibtex_bibfiles = [{str(ROOT / 'data' / 'references.bib')!r}]\n"
        "latex_documents = [('index', 't.tex', 'T', 'A', 'manual')]\n", encoding="utf-8")
    for key in ("ABDUCTION_RENDER", "ABDUCTION_OUTPUT", "ABDUCTION_EDITION", "ABDUCTION_DATA_DIR"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])
        else:
            monkeypatch.delenv(key, raising=False)
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), builder,
                     status=None, warning=warnings, warningiserror=True, freshenv=True)
        app.build()
    out = (tmp_path / "out" / ("t.tex" if builder == "latex" else "index.html")).read_text(encoding="utf-8")
    return out, warnings.getvalue()


PRINTED_SET = "# Exercises\n\n```{exercise-set} summit\n:render: print\n```\n"


def test_the_printed_set_is_the_print_rendering_of_the_questions(tmp_path, monkeypatch):
    """LaTeX: one note, then every question of the chapter with its answer space; the web build shows nothing
    (in the notebook, the kernel's quiz is the web rendering)."""
    from abduction_issue import exercises
    tex, warned = _build_exercise_page(tmp_path / "latex", "latex", PRINTED_SET, monkeypatch)
    assert warned == ""
    questions = exercises.numbered("summit")
    assert tex.count("\\abductionlivenote{") == 1 and "self-check quiz" in tex
    assert tex.count("\\abductionquestion{") == len(questions) == tex.count("\\abductionanswerspace{")
    for n, q in questions:
        assert f"Question {n}" in tex
    html, _ = _build_exercise_page(tmp_path / "html", "html", PRINTED_SET, monkeypatch)
    assert "Question 1" not in html and "aiq-question" not in html


def test_a_chapters_set_is_online_only(tmp_path, monkeypatch):
    page = "# Chapter\n\n```{exercise-set} summit\n```\n"
    tex, _ = _build_exercise_page(tmp_path / "latex", "latex", page, monkeypatch)
    assert "abductionquestion" not in tex and "aiq-" not in tex
    html, _ = _build_exercise_page(tmp_path / "html", "html", page, monkeypatch)
    assert "aiq-question" in html and "abductionquestion" not in html


def test_a_chart_question_prints_its_chart_drawn_without_a_kernel(tmp_path, monkeypatch):
    """A read_chart question's chart is drawn by the directive (vector PDF) and printed before the question;
    ``:questions:`` picks questions by id, numbered from 1."""
    import shutil

    import yaml

    from conftest import ROOT
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "abduction_issue" / "bank", bank)
    docs = yaml.safe_load((bank / "backfire.yml").read_text(encoding="utf-8"))
    items = docs if isinstance(docs, list) else docs["questions"]
    q = dict(next(x for x in items if x["id"] == "backfire-predict-concern-after-2002"),
             id="backfire-read-the-series", kind="read_chart")
    items.append(q)
    (bank / "backfire.yml").write_text(yaml.safe_dump(docs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("ABDUCTION_BANK_DIR", str(bank))
    page = "# X\n\n```{exercise-set} backfire\n:render: print\n:questions: backfire-read-the-series\n```\n"
    tex, warned = _build_exercise_page(tmp_path / "b", "latex", page, monkeypatch)
    assert warned == ""
    chart = tex.index("exercise-backfire-read-the-series")       # \sphinxincludegraphics of the drawn PDF
    assert chart < tex.index("Question 1") and "Question 2" not in tex
    assert "Use the chart printed above this question" in tex
    drawn = list((tmp_path / "b").rglob("exercise-backfire-read-the-series.pdf"))
    assert drawn and drawn[0].read_bytes().startswith(b"%PDF")


def test_a_printed_set_naming_a_question_of_another_chapter_is_an_error(tmp_path, monkeypatch):
    from sphinx.errors import SphinxWarning
    page = "# X\n\n```{exercise-set} summit\n:render: print\n:questions: backfire-predict-concern-after-2002\n```\n"
    with pytest.raises(SphinxWarning, match="no question backfire-predict-concern-after-2002 in chapter 'summit'"):
        _build_exercise_page(tmp_path, "latex", page, monkeypatch)
