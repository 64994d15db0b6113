"""The directives the chapters and guide pages use: generated blocks, a chapter's exercise set, a chart.

* :data:`DIRECTIVES`: ``key-dates``, ``abductee-table``, ``other-polls``, ``survey-waves``, ``article-claims``,
  ``dataset``, ``dataset-downloads`` and, in the guide, ``plan-summary``, ``chapter-overview``,
  ``lesson-plan``, ``teaching-notes``, ``assignment``, ``answer-key``: a package function returns MyST
  Markdown (boxes, tables, plans, keys), parsed in place;
* ``exercise-set`` (:class:`ExerciseSetDirective`): a chapter's questions as the static quiz (HTML) and as
  printed questions with room to answer (LaTeX: the course pack's exercises chapter, drawn here, no kernel);
  the quiz's one script and style sheet (``abduction_issue/exercises/assets``) are shipped once, as static
  files every page loads (the exercise sets and the exercises notebook's quizzes);
* ``chart`` (:class:`ChartDirective`): a numbered figure drawn by a chart of
  :data:`abduction_issue.charts.REGISTRY` in the Sphinx process, with the chart's own alt text.

Each records the files it read (:mod:`.dependencies`).  A bad argument or bad data is an error at the page
and line.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import book, catalogue, guide, i18n, project, reading
from ..i18n import N_, translate
from . import dependencies
from .latex import PRINT


class MarkdownDirective(SphinxDirective):
    """Parses the MyST Markdown a package function returns, in place (tables, boxes, plans, keys)."""

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    #: (function(*args) -> markdown, files read, package modules), set by :func:`markdown_directive`
    spec = None

    def run(self):
        fn, files, modules = self.spec
        try:
            text = fn(*(self.arguments[0].split() if self.arguments else ()))
        except Exception as exc:   # a bad argument or bad data: an error at this page and line
            return [self.state.document.reporter.error(f"{self.name}: {exc}", line=self.lineno)]
        dependencies.note(self.env, files() if callable(files) else files, modules)
        holder = nodes.Element()
        self.state.nested_parse(StringList(text.splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, holder)
        if holder.children and i18n.language() != i18n.SOURCE_LANGUAGE:
            # the reading time counts the English source words in every language (sphinxext/reading.py)
            with i18n.using(i18n.SOURCE_LANGUAGE):
                english = fn(*(self.arguments[0].split() if self.arguments else ()))
            for i, node in enumerate(holder.children):
                if isinstance(node, nodes.Element):
                    node["source_words"] = reading.markdown_words(english) if i == 0 else 0
        return untranslatable(holder.children)


def untranslatable(found):
    """Keep generated text out of the pages' gettext catalogues: it is written in the build's language by the
    package itself (data columns ``*_ja``, the package's catalogues; :mod:`abduction_issue.i18n`)."""
    for node in found:
        for text in node.findall(nodes.TextElement):
            # not an inline node: Sphinx removes every inline that has a ``translatable`` attribute, as a placeholder
            # of its translation (``RemoveTranslatableInline``), and a link's text went with it
            if not isinstance(text, nodes.inline):
                text["translatable"] = False
    return found


def markdown_directive(name, fn, files, modules):
    return type(name.title().replace("-", "") + "Directive", (MarkdownDirective,), {"spec": (fn, files, modules)})


def _guide(fname):
    def run(*args):
        guide.check()   # a plan that does not add up, or names a missing exercise or question, fails the build
        args = [int(a) if a.isdigit() else a for a in args]
        return getattr(guide, fname)(*args)
    return run


def _other_polls(*ids):
    return book.other_polls_markdown(list(ids))


def _guide_inputs():
    return dependencies.guide_inputs() + dependencies.bank_files() + dependencies.chapter_pages()


def _answer_key_inputs():
    return (dependencies.bank_files() + ("references.bib", "article_claims.csv") + dependencies.chapter_pages())


def _all_data():
    return tuple(p.name for p in sorted(project.data_dir().glob("*.csv"))) + ("datapackage.json",)


_GUIDE_MODULES = ("guide", "exercises", "project")

#: directive name -> (function of the arguments returning Markdown, files read, package modules)
DIRECTIVES = {
    "key-dates": (book.key_dates_markdown, ("timeline.csv",), ("book", "data", "dates")),
    "abductee-table": (book.abductees_markdown, ("abductees.csv",), ("book", "data")),
    "other-polls": (_other_polls, ("opinion_polls_other.csv",), ("book", "data", "dates")),
    "survey-waves": (book.survey_waves_markdown, ("survey_waves.csv", "opinion_polls.csv"), ("book", "data")),
    "article-claims": (book.article_claims_markdown, ("article_claims.csv",), ("book", "data")),
    "dataset-downloads": (catalogue.downloads_markdown, ("datapackage.json",), ("catalogue", "data")),
    "dataset": (catalogue.resource_markdown, _all_data, ("catalogue", "data")),
    "plan-summary": (_guide("plan_summary_table"), _guide_inputs, _GUIDE_MODULES),
    "chapter-overview": (_guide("chapter_overview_markdown"), _guide_inputs, _GUIDE_MODULES),
    "lesson-plan": (_guide("lesson_plan_markdown"), _guide_inputs, _GUIDE_MODULES),
    "teaching-notes": (_guide("notes_markdown"), _guide_inputs, _GUIDE_MODULES),
    "assignment": (_guide("assignment_markdown"), _guide_inputs, _GUIDE_MODULES),
    "answer-key": (guide.answer_key, _answer_key_inputs, _GUIDE_MODULES),
}


#: The one printed sentence of an exercise section (issue 24, P7): where the quiz is live, how to answer in print.
PRINT_NOTE = N_("In the online book and in the live notebook these questions are a self-check quiz with instant "
                "feedback; in print, answer in the space after each question.", "course pack")
#: What an exercise set shows where (``:render:``): the chapters' sets are ``online`` (print keeps every question
#: in the exercises chapter); the notebooks' sets (02, 04) are ``print`` (online their kernels show the quiz).
RENDERINGS = ("online", "print", "both")


class ExerciseSetDirective(SphinxDirective):
    """A chapter's exercise set: the static quiz with feedback (HTML) and the printed questions (LaTeX).

    ``:render: online`` (the default, the chapters' sets) emits the quiz for HTML builders and nothing in print;
    ``:render: print`` (the notebooks, where a kernel shows the quiz online) emits, for the LaTeX
    builder, the section's one printed sentence and each question in its print rendering
    (:func:`abduction_issue.exercises.question_markdown`, MyST parsed in place), a ``read_chart`` question's
    chart drawn here, as the ``chart`` directive draws one (no kernel); ``both`` emits each for its builder.
    ``:questions:`` (ids of the chapter's questions, in the order shown) prints those alone, numbered from 1 as
    the notebook's quiz numbers them (notebook 02's predict-then-reveal question).  In a live kernel the
    notebooks show the same questions as widgets.
    """

    required_arguments = 1
    option_spec = {"render": lambda a: directives.choice(a, RENDERINGS), "questions": directives.unchanged}

    def run(self):
        chapter = self.arguments[0]
        if chapter not in project.CHAPTER_TITLES:
            return [self.state.document.reporter.error(
                f"exercise-set: unknown chapter {chapter!r}; known: {', '.join(project.CHAPTER_TITLES)}",
                line=self.lineno)]
        render = self.options.get("render", "online")
        dependencies.note(self.env, dependencies.bank_files() + ("references.bib",), ("exercises", "project"))
        fmt = self.env.app.builder.format
        if fmt == "latex":
            return self._print(chapter) if render in ("print", "both") else []
        if render == "print":
            return []
        from ..exercises import load_bank, static_quiz
        quiz = static_quiz(load_bank(chapter=chapter), f"aiq-{chapter}")
        return [nodes.raw("", f'<div class="abduction-exercise-set">{quiz.html()}</div>', format="html")]

    def _print(self, chapter):
        """The printed exercise section: the note, then each question (a chart question after its chart)."""
        from ..exercises import numbered, question_markdown
        from .transforms import live_note

        questions = numbered(chapter)   # numbered as the answer key and the guide number them
        if "questions" in self.options:
            by_id = {q.id: q for _, q in questions}
            wanted = self.options["questions"].split()
            unknown = [i for i in wanted if i not in by_id]
            if unknown:
                raise self.error(f"exercise-set: no question {', '.join(unknown)} in chapter {chapter!r}; "
                                 f"its questions: {', '.join(by_id)}")
            questions = list(enumerate((by_id[i] for i in wanted), 1))
        if not questions:
            return self._markdown("*No questions for this chapter yet.*")
        out = [live_note(translate(PRINT_NOTE, PRINT))]
        for number, q in questions:
            if q.kind == "read_chart":
                out.append(self._chart(q))
            out += self._markdown(question_markdown(q, number))
        return out

    def _markdown(self, text):
        holder = nodes.Element()
        self.state.nested_parse(StringList(text.splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, holder)
        return untranslatable(holder.children)

    def _chart(self, q):
        """A question's chart as vector PDF (unnumbered: the question says "the chart printed above")."""
        import matplotlib
        matplotlib.use("Agg")

        from .. import charts
        from ..exercises import chart_display

        shown = chart_display(q.chart)   # the display the web quiz shows (cached per chart): its vector PDF
        path = Path(self.env.app.doctreedir).resolve().parent / ".charts" / f"exercise-{q.id}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(shown.pdf)
        dependencies.note(self.env, charts.REGISTRY[q.chart].files, ("charts", "data", "dates"))
        rel = "/" + os.path.relpath(path, Path(self.env.srcdir).resolve())
        return nodes.image(rel, uri=rel, alt=shown.alt_text)


class ChartDirective(SphinxDirective):
    """A numbered figure drawn by a chart of :data:`abduction_issue.charts.REGISTRY`, in the Sphinx process.

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

    def run(self):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from .. import charts

        fname = self.arguments[0]
        if fname not in charts.REGISTRY:
            return [self.state.document.reporter.error(
                f"chart: unknown chart {fname!r}; known: {', '.join(charts.REGISTRY)}", line=self.lineno)]
        chart = charts.REGISTRY[fname]
        kwargs = {"items": tuple(self.options["items"].split())} if "items" in self.options else {}
        web = self.options.get("format", "png")
        outdir = Path(self.env.app.doctreedir).resolve().parent / ".charts"
        outdir.mkdir(parents=True, exist_ok=True)
        stem = outdir / (self.options.get("name") or fname)
        for old in outdir.glob(stem.name + ".*"):   # only the format this build draws may be found by ".*"
            old.unlink()
        phone = None
        with charts.house_style():
            fig = chart.draw(**kwargs)
            if self.env.app.builder.format == "latex":   # print: vector PDF
                fig.savefig(stem.with_suffix(".pdf"), format="pdf", facecolor="white", metadata={"CreationDate": None})
            elif web == "png":   # a 256-colour PNG, as the notebooks' charts (the heaviest page's weight)
                buf = io.BytesIO()
                fig.savefig(buf, format="png", dpi=110, facecolor="white")
                stem.with_suffix(".png").write_bytes(charts.screen_png(buf.getvalue()))
                if self.env.app.builder.format == "html" and getattr(fig, "phone_version", None):
                    phone_fig = fig.phone_version()     # issue 23: legible lettering on a phone
                    buf = io.BytesIO()
                    phone_fig.savefig(buf, format="png", dpi=110, facecolor="white")
                    phone = stem.with_name(stem.name + PHONE_SUFFIX + ".png")   # not matched by the ".*" above
                    phone.write_bytes(charts.screen_png(buf.getvalue()))
                    plt.close(phone_fig)
            else:
                fig.savefig(stem.with_suffix(".svg"), format="svg", facecolor="white", metadata={"Date": None})
        alt = fig.alt_text
        plt.close(fig)
        dependencies.note(self.env, chart.files, ("charts", "data", "dates"))

        # a path from the source folder (Sphinx reads "/x" as srcdir/x); the build folder may lie outside it
        rel = "/" + os.path.relpath(stem, Path(self.env.srcdir).resolve()) + ".*"
        figure = nodes.figure(classes=["abduction-chart"])
        if phone is not None:
            figure += picture_image(rel, uri=rel, alt=alt,
                                    phone_src=os.path.relpath(phone, Path(self.env.srcdir).resolve()))
        else:
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


#: The phone rendering of a chart sits beside the chart's file as ``<name>-phone.png``
PHONE_SUFFIX = "-phone"
#: The screens that get the phone rendering (the site's stylesheet sets tables as cards at the same width)
PHONE_MEDIA = "(max-width: 600px)"


class picture_image(nodes.image):
    """A chart with a phone rendering (issue 23): in HTML a ``<picture>`` whose ``<source>`` serves the phone PNG
    (``phone_src``, relative to the source folder) to narrow screens, around the chart's ordinary ``<img>``
    (wide screens, print from the browser, and the "Full-size image" view). Only HTML builds make one."""


def visit_picture_image(self, node):
    import posixpath
    from urllib.parse import quote
    src = node["phone_src"]
    name = self.builder.images.setdefault(src, os.path.basename(src))   # copied into _images/ with the page's images
    uri = posixpath.join(self.builder.imgpath, quote(name))
    self.body.append(f'<picture><source media="{PHONE_MEDIA}" srcset="{uri}" type="image/png">')
    self.visit_image(node)


def depart_picture_image(self, node):
    self.depart_image(node)
    self.body.append("</picture>")


def _ship_quiz_assets(app, config):
    from ..exercises.static import ASSETS
    static = [str(p) for p in (config.html_static_path or [])]
    if str(ASSETS) not in static:
        config.html_static_path = [*static, str(ASSETS)]


def register(app):
    from ..exercises.static import QUIZ_CSS, QUIZ_JS
    app.connect("config-inited", _ship_quiz_assets)
    app.add_css_file(QUIZ_CSS.name)
    app.add_js_file(QUIZ_JS.name, loading_method="defer")
    for name, spec in DIRECTIVES.items():
        app.add_directive(name, markdown_directive(name, *spec))
    app.add_directive("exercise-set", ExerciseSetDirective)
    app.add_directive("chart", ChartDirective)
    app.add_node(picture_image, html=(visit_picture_image, depart_picture_image))
