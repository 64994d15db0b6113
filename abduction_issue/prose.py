"""Data in the prose, without a kernel: the Sphinx roles and directives the chapters use.

The chapters and guide pages are plain MyST pages.  Where a page quotes a date, a count, a key figure or a poll
figure it names it in place, and this extension reads the value from ``data/`` in the Sphinx process, once
per build:

=================================================  ===============================================================
``{date}`ev-20020917```                            an event's date at its precision (``data/timeline.csv``)
``{count}`abductees.returned```                    a whole number from :mod:`abduction_issue.facts`
``{fact}`abductees.never_entered_names```          any other named value from :mod:`abduction_issue.facts`
``{figure-value}`government_list_2002_people```    a key figure with its qualifier (``data/key_figures.csv``);
                                                   ``…@value`` the bare value, ``…@as_of`` its as-of date
``{poll}`H15/abduction:.1f```                      a Cabinet Office figure (``data/opinion_polls.csv``);
                                                   ``…@fiscal_year`` its survey's fiscal year
``{poll}`op-006:.0f```                             a figure of another poll (``data/opinion_polls_other.csv``);
                                                   ``…@fieldwork`` its fieldwork month
=================================================  ===============================================================

A value may end in a Python format spec (``:.1f``, ``:,``).  An unknown id is a build error naming the page
and line.  The directives put generated Markdown (boxes, tables, plans, answer keys), a chapter's exercise set
and the chapter charts on the page; see :data:`DIRECTIVES` and :class:`ChartDirective`.

Every role and directive records the files it read with ``env.note_dependency``, so Sphinx re-reads exactly
the pages that use a data file, the question bank, a lesson plan or the package module that renders them
when one of them changes.  The executed notebooks read ``data/`` too: their cached outputs are dropped when
anything they may read is newer than the cache (:func:`_drop_stale_notebook_cache`).
"""
from __future__ import annotations

import os
from datetime import timezone
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
DATA = ROOT / "data"   # the package's own data folder; a build reads its source folder's (see _use_source_data)


def data_folder() -> Path:
    """The data folder the values are read from (``ABDUCTION_DATA_DIR``, set per build by :func:`_use_source_data`)."""
    from .data import data_dir
    return data_dir()

_cache: dict = {}


def _cached(key, fn):
    if key not in _cache:
        _cache[key] = fn()
    return _cache[key]


def _module_file(name: str) -> Path:
    return PACKAGE / (name.replace(".", "/") + ".py")


# --------------------------------------------------------------------------- looking values up

def _split(text: str) -> tuple[str, str, str]:
    """``'H17/abduction@fiscal_year:.1f'`` -> ``('H17/abduction', 'fiscal_year', '.1f')``."""
    spec = ""
    if ":" in text:
        text, spec = text.rsplit(":", 1)
    field = ""
    if "@" in text:
        text, field = text.split("@", 1)
    return text.strip(), field.strip(), spec.strip()


def _date(key, field):
    from . import book
    if field:
        raise KeyError(f"{{date}} takes an event id only, not {field!r}")
    return book.event(key)["when"], ("timeline.csv",), ("book", "data")


def _figure_value(key, field):
    from . import book, data
    kf = data.key_figure(key)
    value = kf["value"]
    value = int(value) if float(value).is_integer() else float(value)
    if field == "value":
        out = value
    elif field == "as_of":
        out = book.format_date(kf["as_of"], kf["as_of_precision"])
    elif field:
        raise KeyError(f"a key figure has @value and @as_of, not @{field}")
    else:
        qual = kf.get("qualifier")
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        out = f"{qual} {shown}" if isinstance(qual, str) and qual else shown
    return out, ("key_figures.csv",), ("book", "data")


def _poll(key, field):
    from . import book
    if key.startswith("op-"):
        row = book.other_poll_value(key)
        if not field and not (row["verified"] == "yes" and row["probability_sample"] == "yes"):
            raise ValueError(f"{key} is not a verified probability-sample figure; the prose quotes only those")
        if field == "fieldwork":
            return book.format_date(row["fieldwork"], "month"), ("opinion_polls_other.csv",), ("book", "data")
        if field:
            raise KeyError(f"another poll's figure has @fieldwork, not @{field}")
        return row["percent"], ("opinion_polls_other.csv",), ("book", "data")
    if "/" not in key:
        raise KeyError("a poll figure is 'op-NNN' or 'WAVE/item_key' (e.g. 'H15/abduction')")
    wave, item = key.split("/", 1)
    row = book.poll_value(wave, item)
    if field == "fiscal_year":
        return row["fiscal_year"], ("opinion_polls.csv",), ("book", "data")
    if field:
        raise KeyError(f"a Cabinet Office figure has @fiscal_year, not @{field}")
    return row["percent"], ("opinion_polls.csv",), ("book", "data")


def _fact(key, field, *, whole=False):
    from . import facts
    if field:
        raise KeyError(f"a fact has no fields (@{field})")
    value = facts.value(key)
    if whole and not isinstance(value, int):
        raise TypeError(f"{key!r} is not a whole number ({value!r}); use {{fact}}")
    return value, facts.depends(key), ("facts", "book", "data")


LOOKUPS = {
    "date": _date,
    "figure-value": _figure_value,
    "poll": _poll,
    "count": lambda k, f: _fact(k, f, whole=True),
    "fact": _fact,
}


def lookup(role: str, text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The text a role prints, the data files and the package modules it read."""
    key, field, spec = _split(text)
    value, files, modules = _cached((role, key, field), lambda: LOOKUPS[role](key, field))
    shown = format(value, spec) if spec else str(value)
    return shown, files, modules


def _note(env, files=(), modules=()):
    for f in files:
        env.note_dependency(str((data_folder() / f).resolve()))
    for m in modules:
        env.note_dependency(str(_module_file(m)))


def _value_role(role_name):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        try:
            shown, files, modules = lookup(role_name, text)
        except (KeyError, ValueError, TypeError) as exc:
            msg = inliner.reporter.error(f"{{{role_name}}}`{text}`: {exc.args[0] if exc.args else exc}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        _note(env, files, modules)
        return [nodes.inline(rawtext, shown, classes=["data-value"])], []
    return role


# --------------------------------------------------------------------------- generated Markdown

class _MarkdownDirective(SphinxDirective):
    """Parses the MyST Markdown a package function returns, in place (tables, boxes, plans, keys)."""

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    #: (function(*args) -> markdown, data files, package modules), set by :func:`_markdown_directive`
    spec = None

    def run(self):
        fn, files, modules = self.spec
        try:
            text = fn(*(self.arguments[0].split() if self.arguments else ()))
        except Exception as exc:   # a bad argument or bad data: an error at this page and line
            return [self.state.document.reporter.error(f"{self.name}: {exc}", line=self.lineno)]
        _note(self.env, files, modules)
        holder = nodes.Element()
        self.state.nested_parse(StringList(text.splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, holder)
        return holder.children


def _markdown_directive(name, fn, files, modules):
    return type(name.title().replace("-", "") + "Directive", (_MarkdownDirective,), {"spec": (fn, files, modules)})


def _guide(fname):
    def run(*args):
        from . import guide
        guide.check()   # a plan that does not add up, or names a missing exercise or question, fails the build
        args = [int(a) if a.isdigit() else a for a in args]
        return getattr(guide, fname)(*args)
    return run


def _book(fname):
    def run(*args):
        from . import book
        return getattr(book, fname)(*args)
    return run


def _catalogue(fname):
    def run(*args):
        from . import catalogue
        return getattr(catalogue, fname)(*args)
    return run


def _other_polls(*ids):
    from . import book
    return book.other_polls_markdown(list(ids))


def _answer_key(chapter):
    from . import guide
    return guide.answer_key(chapter)


_GUIDE_INPUTS = ("../abduction_issue/lesson_plans.yml", "../abduction_issue/assessment.yml")
_BANK = tuple(f"../abduction_issue/bank/{p.name}" for p in sorted((PACKAGE / "bank").glob("*.yml")))
_CHAPTER_PAGES = tuple(f"../chapters/{p.name}" for p in sorted((ROOT / "chapters").glob("0*.md")))

#: directive name -> (function of the arguments returning Markdown, data files read, package modules)
DIRECTIVES = {
    "key-dates": (_book("key_dates_markdown"), ("timeline.csv",), ("book", "data")),
    "abductee-table": (_book("abductees_markdown"), ("abductees.csv",), ("book", "data")),
    "other-polls": (_other_polls, ("opinion_polls_other.csv",), ("book", "data")),
    "survey-waves": (_book("survey_waves_markdown"), ("survey_waves.csv", "opinion_polls.csv"), ("book", "data")),
    "article-claims": (_book("article_claims_markdown"), ("article_claims.csv",), ("book", "data")),
    "dataset-downloads": (_catalogue("downloads_markdown"), ("datapackage.json",), ("catalogue", "data")),
    "dataset": (_catalogue("resource_markdown"), tuple(p.name for p in sorted(DATA.glob("*.csv"))) + ("datapackage.json",),
                ("catalogue", "data")),
    "plan-summary": (_guide("plan_summary_table"), _GUIDE_INPUTS + _BANK + _CHAPTER_PAGES, ("guide",)),
    "chapter-overview": (_guide("chapter_overview_markdown"), _GUIDE_INPUTS + _BANK + _CHAPTER_PAGES, ("guide",)),
    "lesson-plan": (_guide("lesson_plan_markdown"), _GUIDE_INPUTS + _BANK + _CHAPTER_PAGES, ("guide",)),
    "teaching-notes": (_guide("notes_markdown"), _GUIDE_INPUTS + _BANK + _CHAPTER_PAGES, ("guide",)),
    "assignment": (_guide("assignment_markdown"), _GUIDE_INPUTS + _BANK + _CHAPTER_PAGES, ("guide",)),
    "answer-key": (_answer_key, _BANK + ("references.bib", "article_claims.csv") + _CHAPTER_PAGES,
                   ("guide", "exercises/key", "exercises/bank", "exercises/citations")),
}


# --------------------------------------------------------------------------- a chapter's exercise set

class ExerciseSetDirective(SphinxDirective):
    """A chapter's exercise set, static with feedback, online only (print keeps them in the exercises
    chapter).  In a live kernel the exercises notebook shows the same questions as widgets."""

    required_arguments = 1

    def run(self):
        from .exercises import CHAPTER_TITLES, load_bank, static_quiz
        chapter = self.arguments[0]
        if chapter not in CHAPTER_TITLES:
            return [self.state.document.reporter.error(
                f"exercise-set: unknown chapter {chapter!r}; known: {', '.join(CHAPTER_TITLES)}", line=self.lineno)]
        quiz = static_quiz(load_bank(chapter=chapter), f"aiq-{chapter}")
        _note(self.env, _BANK + ("references.bib",), ("exercises/static", "exercises/bank", "exercises/markup"))
        return [nodes.raw("", f'<div class="abduction-exercise-set">{quiz.html()}</div>', format="html")]


# --------------------------------------------------------------------------- charts

class ChartDirective(SphinxDirective):
    """A numbered figure drawn by a function of :mod:`abduction_issue.charts`, in the Sphinx process.

    ``{chart} opinion_series`` with options ``:name:`` (the label), ``:items:`` (for the opinion chart) and
    ``:format:`` (``png`` or ``svg`` for the web; print always gets vector PDF); the content is the caption.
    The image's alt text is the chart's own (computed from the data it shows).

    Matplotlib's ``plot`` directive was the first choice; it takes only a fixed ``:alt:`` text and no ``:name:``,
    so it can neither carry the data-driven alt text nor be referred to with ``{numref}``.
    """

    required_arguments = 1
    has_content = True
    option_spec = {"name": directives.unchanged, "items": directives.unchanged,
                   "format": lambda a: directives.choice(a, ("png", "svg"))}
    CHARTS = {"opinion_series": ("opinion_polls.csv", "survey_waves.csv", "timeline.csv"),
              "abduction_map": ("abductees.csv",)}

    def run(self):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from . import charts

        fname = self.arguments[0]
        if fname not in self.CHARTS:
            return [self.state.document.reporter.error(
                f"chart: unknown chart {fname!r}; known: {', '.join(self.CHARTS)}", line=self.lineno)]
        kwargs = {"items": tuple(self.options["items"].split())} if "items" in self.options else {}
        web = self.options.get("format", "png")
        outdir = Path(self.env.app.doctreedir).resolve().parent / ".charts"
        outdir.mkdir(parents=True, exist_ok=True)
        stem = outdir / (self.options.get("name") or fname)
        for old in outdir.glob(stem.name + ".*"):   # only the format this build draws may be found by ".*"
            old.unlink()
        with charts.house_style():
            fig = getattr(charts, fname)(**kwargs)
            if self.env.app.builder.format == "latex":   # print: vector PDF
                fig.savefig(stem.with_suffix(".pdf"), format="pdf", facecolor="white", metadata={"CreationDate": None})
            elif web == "png":   # a 256-colour PNG, as the notebooks' charts (issue 15: the heaviest page)
                import io
                buf = io.BytesIO()
                fig.savefig(buf, format="png", dpi=110, facecolor="white")
                stem.with_suffix(".png").write_bytes(charts.screen_png(buf.getvalue()))
            else:
                fig.savefig(stem.with_suffix(".svg"), format="svg", facecolor="white", metadata={"Date": None})
        alt = fig.alt_text
        plt.close(fig)
        _note(self.env, self.CHARTS[fname], ("charts", "data"))

        # a path from the source folder (Sphinx reads "/x" as srcdir/x); the build folder may lie outside it
        rel = "/" + os.path.relpath(stem, Path(self.env.srcdir).resolve()) + ".*"
        figure = nodes.figure(classes=["abduction-chart"])
        figure += nodes.image(rel, uri=rel, alt=alt)
        if self.content:
            holder = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, holder)
            para = holder.children[0] if holder.children else nodes.paragraph()
            caption = nodes.caption(para.rawsource, "", *para.children)
            caption.source, caption.line = self.get_source_info()
            figure += caption
            if len(holder.children) > 1:
                figure += nodes.legend("", *holder.children[1:])
        self.add_name(figure)
        return [figure]


# --------------------------------------------------------------------------- notebooks: a stale cache

_PACKAGE_INPUTS = ("*.py", "*/*.py", "*.yml", "bank/*.yml")


def notebook_inputs() -> list[Path]:
    """Everything an executed notebook may read besides its own code: the data and the helper package."""
    found = {p for p in data_folder().glob("*") if p.is_file()}
    found |= {p for pat in _PACKAGE_INPUTS for p in PACKAGE.glob(pat) if p.is_file()}
    return sorted(found)


def _drop_stale_notebook_cache(app, env, docnames):
    """myst-nb's cache keys on a notebook's code cells only; a notebook whose code is unchanged but whose
    data changed would show stale numbers.  Drop the cached run of every notebook about to be read when an
    input is newer than the run, so that it is executed again (and only those)."""
    nb_config = getattr(env, "mystnb_config", None)   # myst-nb resolves the cache folder at builder-inited
    cache_path = (getattr(nb_config, "execution_cache_path", "") if nb_config else "") \
        or getattr(app.config, "nb_execution_cache_path", "") or ""
    if not cache_path or not Path(cache_path).exists():
        return
    from jupyter_cache import get_cache

    newest = max((p.stat().st_mtime for p in notebook_inputs()), default=0)
    cache = get_cache(cache_path)
    wanted = {str(Path(env.doc2path(d)).resolve()) for d in docnames if env.doc2path(d).endswith(".ipynb")}
    for record in cache.list_cache_records():
        created = record.created if record.created.tzinfo else record.created.replace(tzinfo=timezone.utc)
        if str(Path(record.uri).resolve()) in wanted and created.timestamp() < newest:
            cache.remove_cache(record.pk)


def _note_notebook_inputs(app, doctree):
    env = app.env
    if env.doc2path(env.docname).endswith(".ipynb"):
        for p in notebook_inputs():
            env.note_dependency(str(p))


def _reset_cache(app, *args):
    _cache.clear()


def _use_source_data(app, config):
    """Read the data of the book being built: its source folder's ``data/`` (a copy of the book, e.g. the
    benchmark's or a test's, may share a virtual environment whose package sits elsewhere).  The notebook
    kernels inherit the setting.  An ``ABDUCTION_DATA_DIR`` already set wins."""
    import os
    folder = Path(app.srcdir) / "data"
    if "ABDUCTION_DATA_DIR" not in os.environ and (folder / "datapackage.json").is_file():
        os.environ["ABDUCTION_DATA_DIR"] = str(folder.resolve())


def setup(app):
    for role in LOOKUPS:
        app.add_role(role, _value_role(role))
    for name, spec in DIRECTIVES.items():
        app.add_directive(name, _markdown_directive(name, *spec))
    app.add_directive("exercise-set", ExerciseSetDirective)
    app.add_directive("chart", ChartDirective)
    app.connect("config-inited", _use_source_data)
    app.connect("builder-inited", _reset_cache)
    app.connect("env-before-read-docs", _drop_stale_notebook_cache)
    app.connect("doctree-read", _note_notebook_inputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
