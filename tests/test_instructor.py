"""The instructor guide (issue 8): lesson plans, answer keys, assessment.

* every chapter has a 50- and a 90-minute plan whose step minutes add up to the plan's length, and
  which names only exercises, notebooks (and their sections), pages and discussion questions that exist;
* every exercise in the question bank appears in the generated answer key with its answer and source,
  and the answer key on each guide page sits in an ``{only} instructor`` block for print, folded into a
  dropdown in the online book and replaced by a note in the student course pack;
* the assignments have complete rubrics.

The PDF editions themselves are built and read once per session by ``tests/test_pdf.py``
(``test_solutions_only_in_the_instructor_edition`` checks every bank explanation against both PDFs).
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from abduction_issue import exercises, guide, project

ROOT = Path(__file__).resolve().parent.parent
GUIDE_DIR = ROOT / "chapters" / "instructor-guide"
CHAPTERS = list(project.CHAPTER_PAGES)
BANK = exercises.load_bank()
PLANS = guide.load_plans()


def teach_page(chapter: str) -> Path:
    return GUIDE_DIR / f"teach-{chapter}.md"


# --------------------------------------------------------------------------- lesson plans

def test_plans_cover_exactly_the_book_chapters():
    assert set(PLANS["chapters"]) == set(CHAPTERS) == set(exercises.CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_a_50_and_a_90_minute_plan(chapter):
    lengths = sorted(p["length"] for p in PLANS["chapters"][chapter]["plans"])
    assert lengths == [50, 90]


@pytest.mark.parametrize("length", [50, 90])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_plan_minutes_add_up_to_its_length(chapter, length):
    steps = guide.plan(chapter, length)["steps"]
    minutes = [s["minutes"] for s in steps]
    assert all(isinstance(m, int) and m > 0 for m in minutes), minutes
    assert sum(minutes) == length, f"{chapter} {length}-min plan: steps add up to {sum(minutes)}"
    assert len(steps) >= 4, "a minute-by-minute plan has more than a few steps"


@pytest.mark.parametrize("length", [50, 90])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_plan_has_reading_before_class_and_a_notebook(chapter, length):
    p = guide.plan(chapter, length)
    assert len(p["before_class"].split()) >= 8
    assert any(s.get("notebook") for s in p["steps"]), "every plan runs at least one notebook"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_plans_name_only_existing_exercises_of_their_chapter(chapter):
    bank = {q.id: q for q in BANK}
    spec = PLANS["chapters"][chapter]
    named = []
    for p in spec["plans"]:
        named += guide.plan_homework(p)["exercises"]
        for s in p["steps"]:
            named += s.get("exercises") or []
    assert named, f"{chapter}: the plans use no exercises"
    unknown = [q for q in named if q not in bank]
    assert not unknown, f"{chapter}: not in the question bank: {unknown}"
    foreign = [q for q in named if bank[q].chapter != chapter]
    assert not foreign, f"{chapter}: exercises of another chapter: {foreign}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_bank_exercise_is_used_in_class_or_set_as_homework(chapter):
    spec = PLANS["chapters"][chapter]
    used = set()
    for p in spec["plans"]:
        used |= set(guide.plan_homework(p)["exercises"])
        for s in p["steps"]:
            used |= set(s.get("exercises") or [])
    missing = [q.id for q in BANK if q.chapter == chapter and q.id not in used]
    assert not missing, f"{chapter}: bank exercises no plan uses: {missing}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_plans_name_only_existing_notebooks_sections_and_pages(chapter):
    for p in PLANS["chapters"][chapter]["plans"]:
        for s in p["steps"]:
            if s.get("notebook"):
                nb = s["notebook"]
                assert nb in guide.NOTEBOOKS and (ROOT / nb).is_file(), nb
                if s.get("section"):
                    assert s["section"] in guide.page_headings(nb), f"{nb} has no section {s['section']!r}"
            if s.get("page"):
                assert (ROOT / s["page"]).is_file(), s["page"]
                if s.get("page_section"):
                    assert s["page_section"] in guide.page_headings(s["page"]), \
                        f"{s['page']} has no section {s['page_section']!r}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_plans_name_only_existing_discussion_questions(chapter):
    questions = guide.discussion_questions(chapter)
    assert len(questions) >= 4, f"{chapter}: the chapter page should have at least 4 discussion questions"
    for p in PLANS["chapters"][chapter]["plans"]:
        named = [n for s in p["steps"] for n in s.get("discussion") or []]
        assert named, f"{chapter} {p['length']}-min plan uses no discussion question"
        assert all(isinstance(n, int) and 1 <= n <= len(questions) for n in named), (named, len(questions))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_notebook_or_exercise_step_says_what_to_do_if_the_technology_fails(chapter):
    for p in PLANS["chapters"][chapter]["plans"]:
        for s in p["steps"]:
            if s.get("notebook") or s.get("exercises"):
                assert len(str(s.get("fallback") or "").split()) >= 8, (chapter, p["length"], s["activity"])


def test_the_plan_checker_finds_each_kind_of_error():
    """guide.problems() is what fails the book build; it must catch every kind of broken plan."""
    assert guide.problems(PLANS) == []
    broken = copy.deepcopy(PLANS)
    steps = guide.plan("backfire", 50, broken)["steps"]
    steps[0]["minutes"] += 3
    steps[1]["exercises"] = ["backfire-no-such-question"]
    steps[2]["notebook"] = "notebooks/99-missing.ipynb"
    steps[3]["discussion"] = [99]
    steps[4]["fallback"] = ""
    guide.plan("summit", 90, broken)["steps"][1]["section"] = "No such heading"
    del broken["chapters"]["way-forward"]
    found = "\n".join(guide.problems(broken))
    for needle in ("add up to 53 minutes, not 50", "'backfire-no-such-question' is not in the question bank",
                   "notebooks/99-missing.ipynb", "discussion question 99 does not exist",
                   "if the technology fails", "has no section 'No such heading'", "way-forward: no lesson plans"):
        assert needle in found, f"not reported: {needle}\n{found}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_rendered_plan_is_minute_by_minute_and_quotes_the_chapter(chapter):
    for length in (50, 90):
        md = guide.lesson_plan_markdown(chapter, length)
        times = re.findall(r"^\*\*(\d+)–(\d+) min", md, re.M)
        assert times, md[:500]
        assert times[0][0] == "0" and times[-1][1] == str(length)
        assert all(a[1] == b[0] for a, b in zip(times, times[1:])), "the steps must be consecutive"
        for n in {n for s in guide.plan(chapter, length)["steps"] for n in s.get("discussion") or []}:
            assert guide.discussion_questions(chapter)[n - 1] in md
        for qid in {q for s in guide.plan(chapter, length)["steps"] for q in s.get("exercises") or []}:
            assert guide.exercise_name(qid, full=True) in md  # named as students see it ...
            assert qid not in md  # ... never by its bank id


def _guide_markdown() -> dict:
    """Everything the guide's functions generate for its pages, by function and argument."""
    out = {"plan_summary_markdown()": guide.plan_summary_markdown(), "plan_summary_caption()": guide.plan_summary_caption()}
    for chapter in CHAPTERS:
        out[f"chapter_overview_markdown({chapter!r})"] = guide.chapter_overview_markdown(chapter)
        out[f"notes_markdown({chapter!r})"] = guide.notes_markdown(chapter)
        out[f"answer_key({chapter!r})"] = guide.answer_key(chapter)
        out[f"discussion_questions({chapter!r})"] = "\n".join(guide.discussion_questions(chapter))
        out[f"learning_objectives({chapter!r})"] = "\n".join(guide.learning_objectives(chapter))
        for length in guide.LENGTHS:
            out[f"lesson_plan_markdown({chapter!r}, {length})"] = guide.lesson_plan_markdown(chapter, length)
            out[f"run_sheet_markdown({chapter!r}, {length})"] = guide.run_sheet_markdown(chapter, length)
    for a in guide.load_assessment()["assignments"]:
        out[f"assignment_markdown({a['id']!r})"] = guide.assignment_markdown(a["id"])
    return out


def _bank_ids_in(md: str) -> list[str]:
    return [q.id for q in BANK if re.search(rf"(?<![\w-]){re.escape(q.id)}(?![\w-])", md)]


def test_generated_guide_never_shows_a_bank_id_or_a_bank_file():
    """Instructors read exercises as students see them ("Chapter 2, Question 3"), never by an internal id."""
    pages = _guide_markdown()
    assert len(pages) == 2 + len(CHAPTERS) * (5 + 2 * len(guide.LENGTHS)) + len(guide.load_assessment()["assignments"])
    for where, md in pages.items():
        assert not _bank_ids_in(md), f"guide.{where} shows bank id(s) {_bank_ids_in(md)}"
        files = re.findall(r"[\w/-]+\.(?:ipynb|csv|bib|ya?ml|py)\b|abduction_issue/[\w/.-]*", md)
        assert not files, f"guide.{where} shows file name(s) {files}"
        for target in re.findall(r"\{doc\}`(?:[^`<]*<)?(/[^`>]+)>?`", md):  # notebooks are named by a link now
            assert any((ROOT / (target.lstrip("/") + ext)).is_file() for ext in (".md", ".ipynb")), (where, target)
    assert "question-bank id" not in guide.plan_summary_caption()
    page = (ROOT / "chapters" / "instructor-guide.md").read_text(encoding="utf-8")
    assert re.search(r"^```\{plan-summary\}\s*$", page, re.M) and "question-bank id" not in page
    assert "Exercises (question numbers)" in pages["plan_summary_markdown()"]


def test_a_bank_id_in_the_guide_is_caught(monkeypatch):
    """The scan above can fail: a guide that named an exercise by its id would be reported."""
    monkeypatch.setattr(guide, "exercise_name", lambda qid, *a, **k: f"`{qid}`")
    assert _bank_ids_in(guide.lesson_plan_markdown("summit", 90))
    assert _bank_ids_in(guide.run_sheet_markdown("summit", 50))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_guide_numbers_exercises_as_the_static_and_printed_exercises_do(chapter, monkeypatch):
    """"Question N" in the guide is the question that the chapter's exercises (static quiz and print
    version, as the book shows them) and its answer key number N."""
    from abduction_issue import render
    shown = []
    monkeypatch.setattr(render, "show", lambda live, static: shown.append(static()))
    exercises.show_chapter(chapter)
    html, printed = shown[0].html(), shown[0].markdown()
    key = guide.answer_key(chapter)
    mine = {qid: (n, q) for qid, (n, q) in guide._numbered_bank().items() if q.chapter == chapter}
    assert len(mine) == len(shown[0].questions)
    for qid, (n, q) in mine.items():
        assert guide.exercise_name(qid).startswith(
            f"[Chapter {guide.chapter_number(chapter)}, Question {n}](/{project.CHAPTER_PAGES[chapter]}#exercises) “")
        legend = re.search(rf'data-qid="{re.escape(qid)}"[^>]*>.*?<legend>Question (\d+) \(', html, re.S)
        assert legend and int(legend.group(1)) == n, qid
        assert f"**Question {n}** ({exercises.KIND_NAMES[q.kind]}). {exercises.one_line(q.prompt)}" in printed
        assert f"**Question {n}** ({exercises.KIND_NAMES[q.kind]}; learning objective {q.objective}). " \
               f"{exercises.readable(exercises.one_line(q.prompt), 'myst')}" in key
        assert exercises.question_number(qid) == n
        start = guide._prompt_start(q.prompt).rstrip("…").replace("*", "")
        assert start and start in " ".join(q.prompt.replace("*", "").split()), (qid, start)


def test_discussion_questions_are_read_from_the_chapter_page():
    text = (ROOT / project.CHAPTER_PAGES["backfire"]).read_text(encoding="utf-8")
    section = text.split("## Discussion questions", 1)[1].split("\n## ", 1)[0]
    numbered = re.findall(r"^\d+\.\s", section, re.M)
    qs = guide.discussion_questions("backfire")
    assert len(qs) == len(numbered)
    first_words = " ".join(qs[0].split()[:6])
    assert first_words in " ".join(section.split())


# --------------------------------------------------------------------------- answer keys

def _expected_answer_parts(q) -> list[str]:
    if q.kind in exercises.CHOICE_KINDS:
        return [f"({exercises.answer_letter(q)}) {q.choices[q.answer].text}"]  # the printed letter and the text
    if q.kind == "order_events":
        return [exercises.event_text(e, q) for e in q.answer]  # as the question shows them, in the timeline's order
    return [p.speaker for p in q.pairs]


def _key_entry(q) -> str:
    """The question's entry in its chapter's answer key, found by its number (as in the exercises)."""
    number = [x.id for x in BANK if x.chapter == q.chapter].index(q.id) + 1
    key = guide.answer_key(q.chapter)
    return key.split(f"**Question {number}**", 1)[1].split("\n**Question ", 1)[0]


@pytest.mark.parametrize("q", BANK, ids=[q.id for q in BANK])
def test_every_exercise_is_in_its_chapters_answer_key_with_answer_and_source(q):
    entry = _key_entry(q)
    flat = " ".join(entry.split())
    assert " ".join(exercises.one_line(q.prompt).split()) in flat, f"{q.id}: the entry is not this question's"
    for part in _expected_answer_parts(q):
        assert " ".join(exercises.one_line(part).split()) in flat or " ".join(part.split()) in flat, \
            f"{q.id}: answer {part!r} missing"
    if q.kind == "order_events":
        positions = [flat.index(" ".join(exercises.one_line(p).split())) for p in _expected_answer_parts(q)]
        assert positions == sorted(positions), f"{q.id}: events not in the timeline's order"
    assert "**Sources:**" in entry and "**Explanation:**" in entry
    assert " ".join(exercises.format_sources(q.source, "myst").split())[:40] in flat, f"{q.id}: sources missing"
    assert q.id not in entry, f"{q.id}: the key shows the internal id"


def test_bank_is_not_empty_and_every_chapter_has_questions():
    assert {q.chapter for q in BANK} == set(exercises.CHAPTERS)


def _directive_stack(text: str):
    """Yield (line, enclosing directives) where each directive is (name, argument)."""
    stack: list[tuple[str, str, str]] = []  # (fence, name, argument)
    for line in text.splitlines():
        stripped = line.strip()
        m = re.match(r"^(`{3,}|:{3,})\{([\w:-]+)\}\s*(.*)$", stripped)
        if m:
            stack.append((m.group(1), m.group(2), m.group(3).strip()))
            yield line, [(n, a) for _, n, a in stack]
            continue
        if stack and re.fullmatch(r"(`{3,}|:{3,})", stripped) and stripped == stack[-1][0]:
            stack.pop()
            continue
        yield line, [(n, a) for _, n, a in stack]


def _included(directives, tags) -> bool:
    from sphinx.util.tags import Tags
    t = Tags(list(tags))
    return all(t.eval_condition(arg) for name, arg in directives if name == "only")


EDITIONS = {  # what each build sees: builder format tag + edition tag (abduction_issue.sphinxext)
    "online book": ("html", "student"),
    "student PDF": ("latex", "student"),
    "instructor PDF": ("latex", "instructor"),
}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_key_sits_in_an_only_instructor_block_and_a_dropdown_online(chapter):
    page = teach_page(chapter)
    text = page.read_text(encoding="utf-8")
    pastes = [d for line, d in _directive_stack(text)
              if re.match(rf"^\s*(`{{3,}}|:{{3,}})\{{answer-key\}}\s+{re.escape(chapter)}\s*$", line)]
    assert pastes, f"{page.name}: the answer key of {chapter!r} is never placed (```{{answer-key}} {chapter}```)"
    assert any(("only", "instructor") in d for d in pastes), "no copy inside an {only} instructor block"
    for d in pastes:
        assert any(n == "dropdown" for n, _ in d), f"a copy of the answer key outside a dropdown: {d}"
        assert any(n == "only" for n, _ in d), f"a copy of the answer key outside any {{only}} block: {d}"
    shown = {ed: any(_included(d, tags) for d in pastes) for ed, tags in EDITIONS.items()}
    assert shown == {"online book": True, "student PDF": False, "instructor PDF": True}, shown
    notes = [d for line, d in _directive_stack(text) if "instructor edition" in line and "make pdf-instructor" in line]
    assert notes and any(_included(d, EDITIONS["student PDF"]) for d in notes), \
        "the student edition must say where the answer key is"
    assert not any(_included(d, EDITIONS["instructor PDF"]) for d in notes)


def test_every_guide_page_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    entry = next(c for part in toc["parts"] for c in part["chapters"] if c["file"] == "chapters/instructor-guide")
    listed = {s["file"] for s in entry.get("sections") or []}
    on_disk = {f"chapters/instructor-guide/{p.stem}" for p in GUIDE_DIR.glob("*.md")}
    assert on_disk == listed
    assert {f"chapters/instructor-guide/teach-{c}" for c in CHAPTERS} <= listed


def test_online_answer_keys_are_folded_away(built_instructor_html):
    """In the built instructor edition every question of the answer key is inside a closed <details> dropdown."""
    from html.parser import HTMLParser

    class Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.open_attr = 0, []

        def handle_starttag(self, tag, attrs):
            if tag == "details":
                self.depth += 1
                self.open_attr.append(dict(attrs).get("open") is not None or "open" in dict(attrs))

        def handle_endtag(self, tag):
            if tag == "details":
                self.depth -= 1

        def handle_data(self, data):
            (self.text if self.depth else self.outside_text).append(data)

    for chapter in CHAPTERS:
        html = (built_instructor_html / "chapters" / "instructor-guide" / f"teach-{chapter}.html").read_text(encoding="utf-8")
        main = html.split('id="answer-key"', 1)
        assert len(main) == 2, f"teach-{chapter}.html has no answer-key section"
        f = Finder()
        f.text, f.outside_text = [], []
        f.feed(main[1])
        inside, outside = _norm(" ".join(f.text)), _norm(" ".join(f.outside_text))
        ids = {q.id for q in BANK if q.chapter == chapter}
        # as the page shows it: a fact-check reference is a link reading "fact-check claim N"
        text = {q.id: _norm(exercises.readable(exercises.one_line(q.explanation)).replace(
            " (Reading the sources)", ""))[:60] for q in BANK if q.id in ids}
        found = {qid for qid, t in text.items() if t in inside}
        leaked = {qid for qid, t in text.items() if t in outside}
        assert found == ids, f"{chapter}: not in the dropdown: {ids - found}"
        assert not leaked, f"{chapter}: answer key text outside the dropdown: {leaked}"
        assert f.open_attr and not any(f.open_attr), f"{chapter}: the answer-key dropdown is open by default"
        folded = _norm(" ".join(f.text))
        for q in BANK:
            if q.chapter == chapter:
                for part in _expected_answer_parts(q):
                    assert _norm(part)[:40] in folded, f"{q.id}: answer {part!r} not in the dropdown"


def _norm(text: str) -> str:
    """Letters and digits only: immune to Markdown emphasis, smart quotes and line breaks."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


# --------------------------------------------------------------------------- assessment

def test_assessment_has_two_or_three_assignments_with_complete_rubrics():
    spec = guide.load_assessment()
    assert guide.assessment_problems(spec) == []
    assert 2 <= len(spec["assignments"]) <= 3
    for a in spec["assignments"]:
        assert sum(c["weight"] for c in a["rubric"]) == 100
        for c in a["rubric"]:
            assert set(c["levels"]) == set(spec["levels"])
        md = guide.assignment_markdown(a["id"])
        header = [line for line in md.splitlines() if line.startswith("| Criterion")]
        assert header and all(lv.capitalize() in header[0] for lv in spec["levels"])
        assert sum(1 for line in md.splitlines() if line.startswith("| **")) == len(a["rubric"])


def test_assessment_checker_finds_incomplete_rubrics():
    spec = copy.deepcopy(guide.load_assessment())
    spec["assignments"][0]["rubric"][0]["weight"] += 5
    del spec["assignments"][1]["rubric"][0]["levels"]["adequate"]
    found = "\n".join(guide.assessment_problems(spec))
    assert "add up to 105, not 100" in found
    assert "no description for ['adequate']" in found


def test_assessment_page_renders_every_assignment():
    text = (GUIDE_DIR / "assessment.md").read_text(encoding="utf-8")
    for a in guide.load_assessment()["assignments"]:
        assert re.search(r"^```\{assignment\} " + re.escape(a["id"]) + r"\s*$", text, re.M), a["id"]


# --------------------------------------------------------------------------- issue 24: homework per plan

def _overlapping_plans():
    """The real plans, with the summit's 90-minute homework set to an exercise and a discussion question its
    class already does (as the per-chapter homework of 2026-12 did)."""
    broken = copy.deepcopy(PLANS)
    p = guide.plan("summit", 90, broken)
    p["homework"] = {"exercises": ["summit-koizumi-aims", "summit-declaration-waiver"], "discussion": [2]}
    return broken


@pytest.mark.parametrize("length", [50, 90])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_plan_sets_its_own_homework_never_what_its_class_did(chapter, length):
    p = guide.plan(chapter, length)
    hw = guide.plan_homework(p)
    assert hw["exercises"] or hw["discussion"] or hw["task"], f"{chapter} {length}: no homework"
    in_class_ex = {q for s in p["steps"] for q in s.get("exercises") or []}
    in_class_dq = {n for s in p["steps"] for n in s.get("discussion") or []}
    assert not set(hw["exercises"]) & in_class_ex, f"{chapter} {length}: homework repeats class exercises"
    assert not set(hw["discussion"]) & in_class_dq, f"{chapter} {length}: homework repeats class discussion"
    assert guide.homework_overlaps(PLANS, chapter, length) == []
    md = guide.lesson_plan_markdown(chapter, length)
    after = md.split("**After class (homework).**", 1)
    assert len(after) == 2, f"{chapter} {length}: the rendered plan shows no homework"
    for qid in hw["exercises"]:
        assert guide.exercise_name(qid, full=True) in after[1]
    for n in hw["discussion"]:
        assert guide.discussion_questions(chapter)[n - 1] in after[1]
    assert "homework" not in PLANS["chapters"][chapter], "homework is per plan now, not per chapter"


def test_homework_overlap_is_found_and_named():
    found = guide.homework_overlaps(_overlapping_plans())
    assert len(found) == 1, found
    assert "summit 90-minute plan" in found[0]
    assert "'summit-koizumi-aims'" in found[0] and "'summit-declaration-waiver'" in found[0]
    assert "discussion questions [2]" in found[0]


def test_rendering_an_overlapping_plan_warns_through_sphinx_s_logger():
    """lesson_plan_markdown (what the guide's {lesson-plan} directive calls) warns on the Sphinx logger."""
    import logging

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    log = logging.getLogger("sphinx.abduction_issue.guide")
    log.addHandler(handler)
    try:
        guide.lesson_plan_markdown("summit", 90, _overlapping_plans())
        assert [r.levelno for r in records] == [logging.WARNING], records
        assert "summit 90-minute plan" in records[0].getMessage()
        records.clear()
        guide.lesson_plan_markdown("summit", 90)
        guide.lesson_plan_markdown("summit", 50, _overlapping_plans())   # the other plan is not affected
        assert records == []
    finally:
        log.removeHandler(handler)


def _sphinx_with_plans(tmp_path, plans_file):
    """A minimal Sphinx project whose build calls guide.warn_homework_overlaps on ``plans_file``, with -W."""
    import io

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "index.rst").write_text("Test\n====\n", encoding="utf-8")
    (src / "conf.py").write_text(
        "from abduction_issue import guide\n"
        "def setup(app):\n"
        f"    app.connect('builder-inited', lambda app: guide.warn_homework_overlaps(guide.load_plans({str(plans_file)!r})))\n",
        encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():   # each app registers its nodes afresh, as sphinx.testing does
        app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "dummy",
                     status=None, warning=warnings, warningiserror=True, freshenv=True)
        app.build()
    return warnings.getvalue()


def test_an_overlap_fails_a_dash_w_build_and_the_real_plans_do_not(tmp_path):
    from sphinx.errors import SphinxWarning

    good = tmp_path / "good.yml"
    good.write_text(yaml.safe_dump(PLANS, allow_unicode=True), encoding="utf-8")
    assert _sphinx_with_plans(tmp_path / "a", good) == ""
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(_overlapping_plans(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(SphinxWarning, match="summit 90-minute plan sets as homework"):
        _sphinx_with_plans(tmp_path / "b", bad)


def test_the_plan_checker_finds_broken_homework():
    broken = copy.deepcopy(PLANS)
    broken["chapters"]["summit"]["homework"] = ["summit-order"]
    guide.plan("backfire", 50, broken)["homework"] = {"exercises": ["summit-order", "backfire-nope"],
                                                      "discussion": [99], "reading": "x"}
    guide.plan("way-forward", 90, broken)["homework"] = {}
    found = "\n".join(guide.problems(broken))
    for needle in ("summit: homework is set per plan", "exercise 'summit-order' belongs to chapter 'summit'",
                   "'backfire-nope' is not in the question bank", "discussion question 99 does not exist",
                   "unknown keys ['reading']", "way-forward 90-min plan, homework: the plan sets no homework"):
        assert needle in found, f"not reported: {needle}\n{found}"


# --------------------------------------------------------------------------- issue 24: pre-reading, Prepare, article

def _labels_in_book() -> set[str]:
    out = set()
    for path in list((ROOT / "chapters").rglob("*.md")) + [ROOT / "index.md"] + list((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        out |= set(re.findall(r"^\(([\w-]+)\)=\s*$", text, re.M))
        out |= set(re.findall(r":name: ([\w-]+)", text))
        out |= set(re.findall(r"\(([\w-]+)\)=\\n", text))   # a label in a notebook's Markdown cell
    for path in (ROOT / "abduction_issue").glob("*.py"):   # tables the directives generate (":name: tbl-…")
        out |= set(re.findall(r":name: ([\w-]+)", path.read_text(encoding="utf-8")))
    return out


def _refs(text: str) -> list[str]:
    return [m.split("<")[-1].rstrip(">").strip() for m in re.findall(r"\{(?:ref|numref)\}`([^`]+)`", text)]


def _caption_refs(text: str) -> list[str]:
    """{ref}s to a figure or table without a title of their own: they print the whole caption as the link."""
    return re.findall(r"\{ref\}`((?:fig|tbl)-[\w-]+)`", text)


def test_figures_and_tables_are_referred_to_by_number_or_by_a_title():
    """A bare {ref} to a figure prints its caption, sources and all, in the middle of a sentence (issue 24, P9:
    "Print the chapter's opinion figure (Share of respondents ... Data: data/opinion_polls.csv ... (p. 39), to
    hand out"); {numref} prints "Fig. 3.1" (and in print its page)."""
    assert _caption_refs("the figure ({ref}`fig-backfire-opinion`, to hand out)") == ["fig-backfire-opinion"]
    assert not _caption_refs("({numref}`fig-x`) and {ref}`the table <tbl-y>`")
    paths = ([guide.PLANS_FILE, guide.ASSESSMENT_FILE, ROOT / "index.md"] + list((ROOT / "chapters").rglob("*.md"))
             + list((ROOT / "notebooks").glob("*.ipynb")))
    found = {p.name: _caption_refs(p.read_text(encoding="utf-8")) for p in paths}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_every_ref_in_the_plans_and_assignments_names_a_label_of_the_book():
    labels = _labels_in_book()
    text = (guide.PLANS_FILE.read_text(encoding="utf-8") + guide.ASSESSMENT_FILE.read_text(encoding="utf-8"))
    refs = set(_refs(text))
    assert {"ch3-opinion", "tbl-article-claims", "guide-source-article"} <= refs
    assert refs <= labels, f"{{ref}} targets with no label: {sorted(refs - labels)}"


@pytest.mark.parametrize("length", [50, 90])
def test_backfire_pre_reading_leaves_the_predicted_chart_unopened(length):
    """The 50-minute plan's predict-then-reveal step needs students who have not seen the opinion chart: the
    reading names the sections to read and, apart, the ones not to open, which hold the chart and the
    exercises (the prediction question among them)."""
    text = (ROOT / guide.CHAPTER_PAGES["backfire"]).read_text(encoding="utf-8")
    sections = re.split(r"^\(([\w-]+)\)=\s*\n(?=## )", text, flags=re.M)
    chart_label = next(sections[i] for i in range(1, len(sections), 2) if "fig-backfire-opinion" in sections[i + 1])
    before = guide.plan("backfire", length)["before_class"]
    read, _, not_yet = before.partition("not to open")
    assert not_yet, "the reading must say what not to open"
    assert chart_label in _refs(not_yet) and chart_label not in _refs(read)
    assert "exercises" in not_yet and "try the exercises" not in before
    assert len(_refs(read)) >= 8, "the sections to read are named, as links"
    narrative = {sections[i] for i in range(1, len(sections), 2)} - {"ch3-summary", chart_label}
    assert narrative <= set(_refs(read)), f"sections neither read nor excluded: {narrative - set(_refs(read))}"


@pytest.mark.parametrize("length", [50, 90])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_prepare_names_what_to_print_by_link_and_the_article_when_a_plan_uses_it(chapter, length):
    p = guide.plan(chapter, length)
    prepare = p["prepare"]
    assert re.search(r"\{(ref|doc)\}`", prepare), f"{chapter} {length}: Prepare names nothing by link"
    assert "exercises page" not in prepare, "a chapter's exercises run to several pages: link them"
    uses_article = any("{claim}`" in s["do"] for s in p["steps"]) or "article" in p["before_class"]
    if uses_article:
        assert "guide-source-article" in prepare and "tbl-article-claims" in prepare, \
            f"{chapter} {length}: uses the article, so Prepare must say how (the quoted claims) and where to get it"
    everything = " ".join(yaml.safe_dump(p, allow_unicode=True, width=10**6).split())
    assert not re.search(r"finds? the claim in the article|article's text|print the (source )?article", everything,
                         re.I), \
        f"{chapter} {length}: asks students to work from the article itself, which the pack does not carry"


def test_the_guide_says_how_to_obtain_the_article_and_so_does_the_bibliography():
    page = (ROOT / "chapters" / "instructor-guide.md").read_text(encoding="utf-8")
    section = page.split("(guide-source-article)=", 1)[1].split("\n## ", 2)[1]
    for words in ("Kate Allanson Conlon", "Japan's Abduction Issue: Why Japan–North Korea", "NEPCAP", "3 May 2023",
                  "tbl-article-claims"):
        assert words in section, words
    assert not re.search(r"https?://", section), "no address was found: none may be invented"
    bib = (ROOT / "data" / "references.bib").read_text(encoding="utf-8")
    entry = bib.split("@misc{allansonconlon2023abduction,", 1)[1].split("\n}", 1)[0]
    assert "url" not in entry and "search the publisher" in entry and "permission" in entry
    essay = next(a for a in guide.load_assessment()["assignments"] if a["id"] == "source-criticism")
    assert "tbl-article-claims" in essay["uses"] and not essay["uses"].strip().startswith("The source article")


def test_who_sees_what_is_true():
    page = (ROOT / "chapters" / "instructor-guide.md").read_text(encoding="utf-8")
    box = page.split("```{admonition} Who sees what", 1)[1].split("```", 1)[0]
    assert "students can open this guide" not in box and "click to open" not in box
    for words in ("public", "repository", "page source", "formative", "private", "make book-instructor"):
        assert words in box, words


# --------------------------------------------------------------------------- issue 24: rubric marks

def test_mark_bands_cover_every_level_and_turn_into_whole_marks():
    spec = guide.load_assessment()
    assert guide.band_problems(spec) == []
    for a in spec["assignments"]:
        md = guide.assignment_markdown(a["id"])
        assert "From levels to marks" in md
        for c in a["rubric"]:
            marks = guide.level_marks(c["weight"], spec)
            ranges = [marks[lv] for lv in spec["levels"]]
            assert ranges[0][1] == c["weight"] and ranges[-1][0] == 0
            assert all(hi_next == lo - 1 for (lo, _), (_, hi_next) in zip(ranges, ranges[1:])), ranges
            row = f"| {c['criterion']} ({c['weight']}) | " + " | ".join(f"{lo}–{hi}" for lo, hi in ranges) + " |"
            assert row in md
    assert guide.level_marks(30, spec)["excellent"] == (26, 30)   # 85 % of 30 is 25.5: the band starts at 26


def test_band_checker_finds_gaps_and_missing_levels():
    spec = copy.deepcopy(guide.load_assessment())
    spec["bands"]["good"] = [65, 80]
    assert any("good is 65–80" in m for m in guide.band_problems(spec))
    del spec["bands"]["adequate"]
    assert "need one band for each level" in guide.band_problems(spec)[0]


def test_checks_lines_name_objectives_that_exist():
    titles = {guide._short_title(c): c for c in CHAPTERS}
    for a in guide.load_assessment()["assignments"]:
        line = a.get("objectives") or ""
        assert "article imprecision" not in line
        named = re.findall(r"(" + "|".join(map(re.escape, titles)) + r"), objectives? ([\d, and]+)", line)
        assert named, a["id"]
        for title, numbers in named:
            for n in map(int, re.findall(r"\d+", numbers)):
                assert 1 <= n <= len(guide.learning_objectives(titles[title])), (a["id"], title, n)


# --------------------------------------------------------------------------- issue 24: key cosmetics (review L7)

@pytest.mark.parametrize("chapter", CHAPTERS)
def test_keys_give_match_letters_in_one_line_and_no_cut_labels_or_field_names(chapter):
    key = guide.answer_key(chapter)
    assert "…)" not in key, "a timeline event cut mid-phrase"
    assert "nk_position" not in key and "H15 rows" not in key
    for q in BANK:
        if q.chapter == chapter and q.kind == "match_quote":
            letters = " ".join(exercises.LETTERS[q.shown_speakers.index(p.speaker)] for p in q.pairs)
            assert f"- **Letters in quote order:** {letters}\n" in _key_entry(q) + "\n", q.id


# --------------------------------------------------------------------------- the Japanese instructor edition

#: Words the English guide writes itself, none of which may reach a page of the Japanese guide.
ENGLISH_LABELS = (
    "Before class", "Prepare.", "Step by step", " min:", " min)", "On screen", "Notebook:", "run it live",
    "Exercise:", "Discussion question", "as a written answer", "If the technology fails", "After class", "homework",
    "Run sheet", "Minutes", "Activity", "Chapter page", "Time to read", "Learning objective", "Checked by exercises",
    "discussion questions only", "chapter page", "notebook ", "Question ", "Chapter ", "Answer", "Why:",
    "Explanation", "In the chapter", "Sources", "source:", "Chart:", "Letters in quote order", "Numbers to write",
    "earliest first", "section “", "section [", " of “", "Length and format", "Uses:", "Checks:", "Rubric for",
    "weights in per cent", "Criterion", "Excellent", "Good", "Adequate", "Insufficient", "From levels to marks",
    "Every lesson plan", "Steps", "Notebooks", "Plan ", "multiple choice", "put the events in order",
    "match the quote", "read the chart", "predict, then reveal", "learning objective", "Reading the sources",
    "The summit", "Before 2002", "The backfire", "The way forward", "fact-check claim",
)


def _words_of(md: str) -> str:
    """``md`` without what is not the guide's own words: roles and code (``{doc}`…```, ``{cite:p}`…```), link
    targets, table directives' options, and quotations given in their original English inside 「」 or （）."""
    md = re.sub(r"(?:\{[\w:-]+\})?`[^`]*`", "", md)
    md = re.sub(r"\]\([^)]*\)", "]", md)
    md = re.sub(r"^:(?:widths|name):.*$", "", md, flags=re.M)
    return re.sub(r"「[^」]*」", "", md)


@pytest.fixture(scope="module")
def guide_ja():
    from abduction_issue import i18n
    with i18n.using("ja"):
        return _guide_markdown()


def test_japanese_guide_shows_no_english_label(guide_ja):
    assert len(guide_ja) == len(_guide_markdown())
    for where, md in guide_ja.items():
        words = _words_of(md)
        found = [w for w in ENGLISH_LABELS if w in words]
        assert not found, f"guide.{where} in Japanese still writes {found}"
        assert not _bank_ids_in(md), where


def test_japanese_guide_labels_read_as_the_guide_pages_name_them(guide_ja):
    plan = guide_ja["lesson_plan_markdown('summit', 90)"]
    assert plan.startswith("**授業前**：") and "\n**準備**：" in plan and "*討論の問い1*：" in plan
    assert "**授業後（宿題）**" in guide_ja["lesson_plan_markdown('summit', 50)"] or "宿題" in plan
    rubric = guide_ja["assignment_markdown('source-criticism')"]
    assert "- **使用資料**：" in rubric and "| 優秀 | 良好 | 可 | 不十分 |" in rubric
    assert "優秀85〜100%" in rubric
    key = guide_ja["answer_key('summit')"]
    assert key.startswith("**問1**（多肢選択、学習目標1）。") and "- **解答**：(" in key and "- **出典**：" in key
    assert "](/chapters/02-the-summit.md#exercises)" in plan  # the English anchors: headings keep their slugs


def test_japanese_guide_takes_the_plans_and_the_assessment_from_the_guide_catalogue(guide_ja):
    from abduction_issue import i18n

    def ja(text):
        return i18n.translate(text, domain="guide", lang="ja").strip()

    for chapter in CHAPTERS:
        notes = guide_ja[f"notes_markdown({chapter!r})"]
        for note in PLANS["chapters"][chapter].get("notes") or []:
            assert ja(note) in notes and note.strip() not in notes
        for length in guide.LENGTHS:
            p = guide.plan(chapter, length)
            md = guide_ja[f"lesson_plan_markdown({chapter!r}, {length})"]
            texts = [p["before_class"], p.get("prepare"), guide.plan_homework(p)["task"]]
            texts += [s[k] for s in p["steps"] for k in ("activity", "do", "fallback") if s.get(k)]
            for text in filter(None, texts):
                assert ja(text) in md, (chapter, length, text[:60])
                assert text.strip() not in md
    spec = guide.load_assessment()
    for a in spec["assignments"]:
        md = guide_ja[f"assignment_markdown({a['id']!r})"]
        for text in [a["title"], a["prompt"], a["length"], a["uses"], a.get("objectives")]:
            if text:
                assert ja(text) in md and text.strip() not in md, text[:60]
        for c in a["rubric"]:
            assert ja(c["criterion"]) in md
            for lv in spec["levels"]:
                assert ja(c["levels"][lv]).replace("|", "\\|") in md


def test_japanese_guide_reads_objectives_and_questions_from_the_chapter_pages_catalogues(guide_ja):
    from abduction_issue import i18n
    for chapter in CHAPTERS:
        page = project.CHAPTER_PAGES[chapter]
        english = guide._numbered_list_after((ROOT / page).read_text(encoding="utf-8"), "## Discussion questions")
        with i18n.using("ja"):
            questions = guide.discussion_questions(chapter)
            objectives = guide.learning_objectives(chapter)
        assert len(questions) == len(english) == len(guide.discussion_questions(chapter))
        for q_en, q_ja in zip(english, questions):
            assert q_ja == guide._fix_refs(i18n.page_text(page[:-3], q_en, "ja"), page)
        assert len(objectives) == len(guide.learning_objectives(chapter))
        overview = guide_ja[f"chapter_overview_markdown({chapter!r})"]
        assert all(o.replace("|", "\\|") in overview for o in objectives)
        for length in guide.LENGTHS:
            md = guide_ja[f"lesson_plan_markdown({chapter!r}, {length})"]
            for n in {n for s in guide.plan(chapter, length)["steps"] for n in s.get("discussion") or []}:
                assert f"*討論の問い{n}*：{questions[n - 1]}" in md


def test_a_plan_text_missing_from_the_guide_catalogue_is_an_error_not_english(monkeypatch):
    from abduction_issue import i18n
    text = guide.plan("summit", 50)["steps"][0]["do"]
    real = i18n._catalogue

    def without(lang, domain):
        cat = real(lang, domain)
        return {k: v for k, v in cat.items() if k != (None, text)} if domain == "guide" else cat

    monkeypatch.setattr(i18n, "_catalogue", without)
    with i18n.using("ja"), pytest.raises(i18n.MissingTranslation, match="guide.po"):
        guide.lesson_plan_markdown("summit", 50)
    assert guide.lesson_plan_markdown("summit", 50)  # English needs no catalogue


def test_every_link_of_the_instructor_guide_has_words(built_instructor_html):
    """The guide's generated links (exercises, answer keys' sections, the plan summary) show their words."""
    from test_site import links_without_words

    bad = {p.name: links_without_words(p)[:5] for p in sorted((built_instructor_html / "chapters").rglob("*.html"))}
    assert {k: v for k, v in bad.items() if v} == {}
