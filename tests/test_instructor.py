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
    named = list(spec.get("homework") or [])
    for p in spec["plans"]:
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
    used = set(spec.get("homework") or [])
    for p in spec["plans"]:
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
        legend = re.search(rf'data-qid="{re.escape(qid)}">.*?<legend>Question (\d+) \(', html, re.S)
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
