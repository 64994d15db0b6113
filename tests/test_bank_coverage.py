"""The question bank tests its chapters (issue 23, item 5).

* Every learning objective of every chapter (the numbered list under "### Learning objectives" in the chapter
  page) has at least one question with that ``objective:`` number.
* Every *part* of a compound objective has a question.  Objective numbers alone hid gaps: chapter 3's
  objectives 1 and 4 had questions, but none on the nuclear crisis of 2002-03 or the sanctions of 2006.
  :data:`PARTS` names each objective's parts by a phrase quoted from the objective and the questions that
  test it; the test fails if an objective has no entry (a new or renumbered objective), if a phrase is no
  longer in its objective (the objective was rewritten: revisit its parts), or if a part's question is gone.
* No two questions ask the same thing.  What a question asks is its prompt and its right answer (choice
  questions), its quotations (matching), its events (ordering).  An exact repeat of a prompt or of a right
  answer fails, and so does a near repeat, measured as the overlap (Jaccard index) of the content words; see
  :func:`duplicate_problems` for the threshold and why it is where it is.
* A predict-then-reveal question's chart is drawn by no other question of the bank: the exercises notebook
  shows the whole bank on one page, and a chapter page its chapter's questions, so another question with
  the same chart would put the answer on screen before the prediction (chapter 3's old questions 5 and 6).

Each check is a function that returns the problems it finds; every test runs it on the real bank and
chapters and on a deliberately broken copy in a temporary directory, to show that it can fail.
"""
from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml

from abduction_issue import exercises as ex

ROOT = Path(__file__).resolve().parent.parent
BANK_DIR = ROOT / "abduction_issue" / "bank"
CHAPTER_FILES = {
    "before-2002": "chapters/01-before-2002.md",
    "summit": "chapters/02-the-summit.md",
    "backfire": "chapters/03-the-backfire.md",
    "way-forward": "chapters/04-the-way-forward.md",
    "reading-sources": "chapters/05-reading-the-sources.md",
}

#: chapter -> objective number -> {phrase quoted from the objective: question ids that test that part}.
#: A question may test a part of an objective other than its own ``objective:`` (the returnees' testimony is
#: a question on the DNA dispute, objective 2, and one of the voices of chapter 3's objective 5).
PARTS = {
    "before-2002": {
        1: {"who was abducted": ["before-2002-how-taken", "before-2002-hara-purpose"]},
        2: {"evidence of North Korea's responsibility accumulated": ["before-2002-evidence-order"],
            "why it\ntook so long for the Japanese state to say so": ["before-2002-kajiyama-source"]},
        3: {"North Korea's denials": ["before-2002-conspiracy-label"]},
        4: {"how and why the families organised": ["before-2002-families"]},
        5: {"no diplomatic relations": ["before-2002-normalisation-background"],
            "who the Koreans in Japan are": ["before-2002-chongryon-voices"],
            "repatriation of 1959–84 left Japanese wives in North Korea": ["before-2002-repatriation-voices"]},
    },
    "summit": {
        1: {"what Koizumi hoped to achieve": ["summit-koizumi-aims"]},
        2: {"different readouts of Kim Jong Il's admission": ["summit-match-readouts"],
            "explain why they differ": ["summit-readout-kind"]},
        3: {"four articles of the Pyongyang Declaration": ["summit-declaration-terms"],
            "waiver of pre-1945 claims": ["summit-declaration-waiver"],
            "what each side gained from it in its own reading": ["summit-declaration-readings"]},
        4: {"North Korea's account of the abductees against Japan's list": ["summit-accounts"],
            "then and now": ["summit-order"]},
    },
    "backfire": {
        1: {"dispute over a broken promise": ["backfire-why-stay"],
            "the nuclear crisis of the same months": ["backfire-nuclear-crisis"]},
        2: {"the remains and the DNA tests": ["backfire-dna"],
            "how and when the returnees' families reached Japan": ["backfire-order-reunions"]},
        3: {"what happened to concern about the abductions after\n   2002": ["backfire-predict-concern-after-2002"],
            "which of the figures are confirmed": ["backfire-2003-figures"]},
        4: {"Abe's Headquarters for the Abduction Issue": ["backfire-headquarters"],
            "the sanctions of 2006": ["backfire-sanctions-2006"]},
        5: {"the backlash on Koreans in Japan": ["backfire-tuition-reason"],
            "Korea's different response": ["backfire-south-korea"],
            "the returnees' testimony": ["backfire-returnees-1994"],
            "the critics of the hard line": ["backfire-whose-view"],
            "secondary accounts of this period are imprecise": ["backfire-returned-wording"]},
    },
    "way-forward": {
        1: {"(2004, 2008, 2014)": ["way-forward-2008-agreement", "way-forward-stockholm-categories"],
            "why the Stockholm agreement\n   collapsed in 2016": ["way-forward-order-stockholm", "way-forward-2016-cause"]},
        2: {"official positions of Japan and North Korea today": ["way-forward-who-said-it", "way-forward-mofa-wording"]},
        3: {"the second summit of 2004 and the families' reaction": ["way-forward-2004-summit"],
            "the Six-Party\n   Talks and the US removal of North Korea from the terrorism list": ["way-forward-multilateral-voices"],
            "its resolutions from 2003": ["way-forward-un-resolutions"],
            "the UN Commission of Inquiry": ["way-forward-coi"],
            "the United States presidents who met the families": ["way-forward-multilateral-voices"]},
        4: {"the families' association changed its position": ["way-forward-families-2024"]},
        5: {"competing proposals": ["way-forward-liaison"]},
    },
    "reading-sources": {
        1: {"readouts of the same event": ["reading-sources-article-rendering"]},
        2: {"a state-media relay": ["reading-sources-kind"],
            "a secondary repost": ["reading-sources-verified"]},
        3: {"changes in a survey's method": ["reading-sources-mail-switch"],
            "why gaps\n   must stay gaps": ["reading-sources-gaps"]},
        4: {"claim-by-claim check of the source article": ["reading-sources-article-check"]},
    },
}

#: Near-duplicate threshold on the Jaccard index of content words (see duplicate_problems).
NEAR = 0.30


# --------------------------------------------------------------------------- reading the objectives

def learning_objectives(path: Path) -> dict[int, str]:
    """The numbered list under "### Learning objectives" of a chapter page: number -> text (lines joined
    with newlines, continuation lines as written)."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^###\s+Learning objectives\s*$(.*?)(?=^#{1,6}\s)", text, re.M | re.S)
    if not m:
        raise AssertionError(f"{path}: no '### Learning objectives' section")
    items: dict[int, str] = {}
    current = None
    for line in m.group(1).splitlines():
        head = re.match(r"^(\d+)\.\s+(.*)$", line)
        if head:
            current = int(head.group(1))
            items[current] = head.group(2)
        elif current is not None and line.strip() and line[:1].isspace():  # a continuation line
            items[current] += "\n" + line
    if not items:
        raise AssertionError(f"{path}: the learning objectives are not a numbered list")
    return items


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


# --------------------------------------------------------------------------- the checks

def coverage_problems(questions, chapter_files: dict[str, Path]) -> list[str]:
    """Objectives (by number) with no question, and questions naming an objective the chapter lacks."""
    out = []
    for chapter, path in chapter_files.items():
        objectives = learning_objectives(path)
        tested = {q.objective for q in questions if q.chapter == chapter}
        for n in sorted(objectives):
            if n not in tested:
                out.append(f"{chapter}: learning objective {n} ({_flat(objectives[n])[:70]}…) has no question")
        for q in questions:
            if q.chapter == chapter and q.objective not in objectives:
                out.append(f"{chapter}: question {q.id} names objective {q.objective}, "
                           f"which {path.name} does not have")
    return out


def part_problems(questions, chapter_files: dict[str, Path], parts=PARTS) -> list[str]:
    """Parts of compound objectives with no question (see :data:`PARTS`)."""
    out = []
    bank = {q.id: q for q in questions}
    for chapter, path in chapter_files.items():
        objectives = learning_objectives(path)
        mapped = parts.get(chapter, {})
        for n in sorted(objectives):
            if n not in mapped:
                out.append(f"{chapter}: objective {n} has no entry in PARTS: name its parts and their questions")
                continue
            for phrase, ids in mapped[n].items():
                if _flat(phrase) not in _flat(objectives[n]):
                    out.append(f"{chapter}: objective {n} no longer says {_flat(phrase)!r}: revisit its parts")
                have = [i for i in ids if i in bank and bank[i].chapter == chapter]
                if not have:
                    out.append(f"{chapter}: objective {n}, part {_flat(phrase)!r}: no question tests it "
                               f"(named: {', '.join(ids)})")
        for n in mapped:
            if n not in objectives:
                out.append(f"{chapter}: PARTS names objective {n}, which {path.name} does not have")
    return out


_STOP = set("""a an and are as at be been by can could did do does each for from had has have he her his how in
into is it its no not of on or she than that the their them there these they this those to was were what when
which who whose why with would""".split())


def _words(text: str) -> set[str]:
    """Content words, lower case, a plural s dropped: what a text is about, not how it is phrased."""
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in text.split() if len(w) > 2 and w not in _STOP}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _asks(q) -> tuple[str, set]:
    """(what kind of thing the question asks, the content of it)."""
    if q.kind in ex.CHOICE_KINDS:
        return "choice", _words(q.prompt + " " + q.choices[q.answer].text)
    if q.kind == "match_quote":
        return "match", _words(" ".join(p.quote for p in q.pairs))
    return "order", set(q.events)


def duplicate_problems(questions, near: float = NEAR) -> list[str]:
    """Pairs of questions in the whole bank that ask the same thing.

    Exact: the same prompt (choice and matching questions; ordering questions may share a generic "put
    these in order" prompt, since what they ask is their events), or the same right answer.
    Near: the Jaccard index of the content words of prompt + right answer (choice questions), of the
    quotations (matching questions), or of the event sets (ordering questions) is ``near`` or more.
    Calibrated on the two repeats a student reader found (issue 23): chapter 3's old questions 5 and 6
    score 0.42, and chapter 5's old question 1 against chapter 2's question 2 scores 0.81; every other pair
    of the bank, before and after they were replaced, scores 0.20 or less (choice questions), 0.10 or less
    (matching) and 0.11 or less (ordering: two ordering questions share one event at most).  0.30 lies
    between, with room on both sides.
    """
    out = []
    for a, b in itertools.combinations(questions, 2):
        ka, wa = _asks(a)
        kb, wb = _asks(b)
        if a.kind != "order_events" and b.kind != "order_events" and _flat(a.prompt).lower() == _flat(b.prompt).lower():
            out.append(f"{a.id} and {b.id} have the same prompt")
        if ka == kb == "choice" and _flat(a.choices[a.answer].text).lower() == _flat(b.choices[b.answer].text).lower():
            out.append(f"{a.id} and {b.id} have the same right answer")
        if ka == kb and ka in ("choice", "match", "order"):
            score = _jaccard(wa, wb)
            if score >= near:
                out.append(f"{a.id} and {b.id} ask nearly the same thing (overlap {score:.2f} >= {near})")
    return out


def predict_chart_problems(questions) -> list[str]:
    """Questions that draw the chart a predict-then-reveal question hides until it is answered."""
    out = []
    for p in questions:
        if p.kind != "predict_reveal":
            continue
        for q in questions:
            if q is not p and q.chart == p.chart:
                out.append(f"{q.id} draws the chart {p.chart!r}, which {p.id} asks students to predict")
    return out


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def bank():
    return ex.load_bank(BANK_DIR)


@pytest.fixture(scope="module")
def chapters():
    return {c: ROOT / f for c, f in CHAPTER_FILES.items()}


def _copy_bank(tmp_path: Path) -> Path:
    dst = tmp_path / "bank"
    shutil.copytree(BANK_DIR, dst)
    return dst


def _edit(path: Path, change) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc["questions"])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_chapter_files_are_the_bank_chapters():
    assert set(CHAPTER_FILES) == set(ex.CHAPTERS)
    for chapter, f in CHAPTER_FILES.items():
        assert ex.chapter_page(chapter) == f


def test_objectives_are_read_from_the_chapters(chapters):
    objectives = {c: learning_objectives(p) for c, p in chapters.items()}
    assert all(list(o) == list(range(1, len(o) + 1)) for o in objectives.values()), objectives
    assert "the sanctions of 2006" in _flat(objectives["backfire"][4])
    assert len(objectives["before-2002"]) >= 4


# --------------------------------------------------------------------------- every objective has a question

def test_every_learning_objective_has_a_question(bank, chapters):
    assert coverage_problems(bank, chapters) == []


def test_an_objective_without_a_question_is_caught(bank, chapters, tmp_path):
    # a chapter whose objectives gain a sixth, which no question tests
    page = tmp_path / "03-the-backfire.md"
    text = chapters["backfire"].read_text(encoding="utf-8")
    text = text.replace("### Prerequisites", "6. **Explain** something no question asks about.\n\n### Prerequisites", 1)
    page.write_text(text, encoding="utf-8")
    problems = coverage_problems(bank, {**chapters, "backfire": page})
    assert problems == ["backfire: learning objective 6 (Explain something no question asks about.…) has no question"]
    # a bank from which every question on one objective has been removed
    copy = _copy_bank(tmp_path)
    _edit(copy / "backfire.yml", lambda qs: qs.__setitem__(slice(None), [q for q in qs if q["objective"] != 4]))
    problems = coverage_problems(ex.load_bank(copy), chapters)
    assert len(problems) == 1 and problems[0].startswith("backfire: learning objective 4 ")


def test_every_part_of_every_objective_has_a_question(bank, chapters):
    assert part_problems(bank, chapters) == []


def test_a_part_without_a_question_is_caught(chapters, tmp_path):
    copy = _copy_bank(tmp_path)
    _edit(copy / "backfire.yml", lambda qs: qs.__setitem__(
        slice(None), [q for q in qs if q["id"] not in ("backfire-nuclear-crisis", "backfire-sanctions-2006")]))
    problems = part_problems(ex.load_bank(copy), chapters)
    # objective numbers alone would not see it: objectives 1 and 4 still have questions
    assert coverage_problems(ex.load_bank(copy), chapters) == []
    assert problems == [
        "backfire: objective 1, part 'the nuclear crisis of the same months': no question tests it "
        "(named: backfire-nuclear-crisis)",
        "backfire: objective 4, part 'the sanctions of 2006': no question tests it (named: backfire-sanctions-2006)",
    ]
    # and a rewritten objective sends the reader back to its parts
    page = tmp_path / "03-the-backfire.md"
    page.write_text(chapters["backfire"].read_text(encoding="utf-8").replace("the sanctions of 2006", "the measures of 2006"),
                    encoding="utf-8")
    problems = part_problems(ex.load_bank(BANK_DIR), {**chapters, "backfire": page})
    assert problems == ["backfire: objective 4 no longer says 'the sanctions of 2006': revisit its parts"]


# --------------------------------------------------------------------------- no two questions ask the same thing

def test_no_two_questions_ask_the_same_thing(bank):
    assert duplicate_problems(bank) == []


def test_a_repeated_question_is_caught(tmp_path):
    copy = _copy_bank(tmp_path)

    def add_repeats(qs):
        q = next(q for q in qs if q["id"] == "backfire-headquarters")
        again = {**q, "id": "backfire-headquarters-again"}
        same_answer = yaml.safe_load(yaml.safe_dump(q))
        same_answer["id"] = "backfire-headquarters-reworded"
        same_answer["prompt"] = "Which change did the cabinet-level body set up in September 2006 bring?"
        qs += [again, same_answer]

    _edit(copy / "backfire.yml", add_repeats)
    problems = duplicate_problems(ex.load_bank(copy))
    assert "backfire-headquarters and backfire-headquarters-again have the same prompt" in problems
    assert "backfire-headquarters and backfire-headquarters-reworded have the same right answer" in problems
    assert any(p.startswith("backfire-headquarters and backfire-headquarters-reworded ask nearly the same thing")
               for p in problems)


def test_the_near_repeats_the_student_found_are_caught(tmp_path):
    """The two repeats of issue 23, restored in a copy of the bank: chapter 3's read-the-chart question on
    the opinion series beside the prediction, and chapter 5's matching of the readouts beside chapter 2's."""
    copy = _copy_bank(tmp_path)
    read_chart = {
        "id": "backfire-opinion-after-2002", "kind": "read_chart", "objective": 3,
        "section": "Public opinion: how the mood hardened", "chart": "opinion_series",
        "prompt": "Look at the Cabinet Office series. In the waves with confirmed figures, what happened to the "
                  "share naming the abductions as a concern after 2002?",
        "choices": [
            {"text": "It stayed high: in every confirmed wave a large majority named it, with much smaller swings "
                     "than the nuclear and missile items.", "correct": True, "feedback": "The line is flat and high."},
            {"text": "It fell steadily after the five returned in October 2002.", "feedback": "Check the y-axis."},
        ],
        "explanation": "data/opinion_polls.csv", "source": "data/opinion_polls.csv",
    }
    _edit(copy / "backfire.yml", lambda qs: qs.append(read_chart))
    summit = yaml.safe_load((BANK_DIR / "summit.yml").read_text(encoding="utf-8"))
    readouts = next(q for q in summit["questions"] if q["id"] == "summit-match-readouts")
    repeat = {**readouts, "id": "reading-sources-readouts", "objective": 1,
              "section": "One meeting, several readouts: Kim Jong Il's admission",
              "prompt": "Each of these renderings of Kim Jong Il's 2002 admission comes from a different source. "
                        "Match each to its source.",
              "pairs": readouts["pairs"][1:]}
    _edit(copy / "reading-sources.yml", lambda qs: qs.insert(0, repeat))
    bank = ex.load_bank(copy)
    problems = duplicate_problems(bank)
    assert any(p.startswith("backfire-predict-concern-after-2002 and backfire-opinion-after-2002 ask nearly")
               for p in problems), problems
    assert any(p.startswith("summit-match-readouts and reading-sources-readouts ask nearly") for p in problems), problems
    assert predict_chart_problems(bank) == [
        "backfire-opinion-after-2002 draws the chart 'opinion_series', which backfire-predict-concern-after-2002 "
        "asks students to predict"]


# --------------------------------------------------------------------------- predictions are not given away

def test_no_question_draws_the_chart_a_prediction_hides(bank):
    assert any(q.kind == "predict_reveal" for q in bank)
    assert predict_chart_problems(bank) == []
