"""The question bank and the rubrics for a learning platform: Moodle XML, a QTI 1.2 package, a rubric CSV.

``make export-quiz`` (``python -m abduction_issue.lms [folder]``) writes, into ``_build/lms/``:

=====================================  ==================================================================
``abduction-issue-moodle.xml``         Moodle XML (Moodle's own import format): one question category per
                                       chapter (``$course$/top/Japan's Abduction Issue/<chapter title>``);
                                       multiple choice (one right answer, per-answer feedback), matching
                                       (match the quote to the speaker) and ordering (put the events in
                                       order: Moodle's standard "Ordering" type, ``qtype_ordering``), each
                                       with its general feedback
``abduction-issue-qti.zip``            a QTI 1.2 package (what Canvas and several other platforms import):
                                       ``imsmanifest.xml``, one assessment per chapter, the charts two
                                       questions use; per-choice feedback and general feedback
``abduction-issue-rubrics.csv``        the three rubrics of ``assessment.yml``, one row per criterion x level
=====================================  ==================================================================

Everything is read through the exercise engine (:func:`abduction_issue.exercises.load_bank`): the choices come
in the one display order the site, the print version and the answer keys use, so choice (b) here is choice (b)
there.  Moodle numbers them a, b, c (``answernumbering``) and neither format shuffles them
(``shuffleanswers`` 0; QTI ``render_choice shuffle="No"``); the QTI ident of a choice ends in its letter.
Text is written for people as in the printed answer key (:func:`~abduction_issue.exercises.readable`): a
citation key becomes "Author (Year)", a timeline id the event's date and title, a data file its dataset, a
fact-check reference "fact-check claim N".  The general feedback is the explanation, the section of the
chapter the answer rests on and the sources (:func:`~abduction_issue.exercises.format_sources`), as the key
gives them; a choice's feedback starts with the verdict the site shows ("Correct." / "Not quite.",
:func:`~abduction_issue.exercises.grade`).

What each platform does with the other two kinds:

* **Matching** (match the quote to the speaker): quotes in bank order (Moodle ``shuffleanswers`` 0); the
  speakers in the site's order in QTI.  Moodle always shuffles the answers of its matching dropdowns (its
  ``qtype_match`` has no setting for it), so there the speakers' order differs from the site's.
* **Ordering** (put the events in order): Moodle's Ordering type takes the events in the right order and
  shows them shuffled (every item, ``selecttype`` ALL; graded by absolute position, as the site counts
  "events in the right place").  Canvas's QTI 1.2 importer has no ordering type (New Quizzes has one, but
  imports none from QTI 1.2), so in QTI an ordering question is a **matching question "position -> event"**:
  one line per position, labelled as on the site ("Position 1 (earliest)", ..., "Position 5 (latest)"), each
  offering the events in the site's order; one mark shared equally among the positions.  It is the site's
  own form of the question (a dropdown per position), and it grades exactly what the site grades.
* **Read the chart / predict, then reveal**: multiple choice with the chart as a PNG (alt text from the data):
  in the question for "read the chart", in the general feedback (shown after answering) for "predict".

**Libraries.**  None of the PyPI packages looked at (2026-12-07) fits, so the XML is written with the standard
library (``xml.etree``, ``zipfile``, ``csv``):

* ``text2qti`` 0.8.0 (maintained): Canvas QTI from Markdown-like text; multiple choice with per-answer
  feedback, but no matching and no ordering question, and no Moodle output.
* ``qti-package-maker`` 26.7.14 (maintained, LGPL): Canvas QTI 1.2 multiple choice and matching, but no
  per-choice feedback (correct/incorrect only), its Canvas writer skips ordering questions, and its only
  Moodle format is Aiken (multiple choice without feedback or categories).
* ``moodle-questions`` 0.2.1 (last release 2020): Moodle XML multiple choice and matching, but no ordering
  type and no categories.
* ``excel2moodle`` 0.9.x (spreadsheets to Moodle XML, with a Qt interface): multiple choice, numeric and cloze
  only.  ``questionsafe`` 0.1.0: the published wheel contains no code.

The QTI structure follows the one Canvas writes and reads (as ``text2qti`` does): ``question_type`` and
``points_possible`` in ``itemmetadata``; ``general_fb`` shown for any answer, ``<choice ident>_fb`` for a
choice; a score of 0-100 in ``SCORE``.

**Rubrics.** ``abduction-issue-rubrics.csv`` (UTF-8, comma-separated, a header row) has one row per
assignment x criterion x level, best level first: ``assignment``, ``criterion``, ``criterion_points`` (the
criterion's weight: each rubric is out of 100), ``level``, ``description``, ``points_from`` and ``points``.
``points_from``-``points`` is the level's band of whole marks, the one the instructor guide prints under each
rubric: ``assessment.yml``'s ``bands`` give each level a share of the criterion's weight (Excellent 85-100 % and
so on) and :func:`abduction_issue.guide.level_marks` turns it into marks, so the platform and the guide agree.
``points`` is the top of the band (a rating's points in Canvas, whose ranged ratings run down to the next
level's).  A person can paste the rows into a platform's rubric editor or a spreadsheet.
"""
from __future__ import annotations

import argparse
import csv
import html
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

from . import guide
from .exercises import (CHAPTER_TITLES, CHAPTERS, CHOICE_KINDS, KIND_NAMES, LETTERS, Question, correct_order,
                        format_sources, grade, load_bank, numbered, readable, section_reference)
# Not (yet) public in the exercises package: the event as a question offers it (its short label), and the small
# Markdown subset (bold, italic, code) to HTML that the site uses.
from .exercises.bank import event_text
from .exercises.markup import inline_html

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "_build" / "lms"
MOODLE_FILE = "abduction-issue-moodle.xml"
QTI_FILE = "abduction-issue-qti.zip"
RUBRIC_FILE = "abduction-issue-rubrics.csv"
COURSE = "Japan's Abduction Issue"
#: Moodle category of a chapter's questions ($course$/top is the course's top category).
CATEGORY = "$course$/top/" + COURSE + "/{title}"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
RUBRIC_COLUMNS = ("assignment_id", "assignment", "criterion", "criterion_points", "level", "description",
                  "points_from", "points")
#: The fixed timestamp of every file in the zip, so that the same bank always gives the same package.
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- what every export says

@dataclass(frozen=True)
class Chart:
    name: str
    file: str  # the image's file name in the export
    png: bytes
    alt: str
    title: str


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


@lru_cache(maxsize=None)
def _plain(text: str) -> str:
    """Bank text written for people (:func:`~abduction_issue.exercises.readable`); remembered, because both
    formats write every text and ``readable`` reads the timeline again on each call (about 25 ms)."""
    return readable(text, "plain")


def _html(text: str) -> str:
    """Bank text as HTML for the platform: citations written out, then the site's Markdown subset."""
    return inline_html(_plain(text))


def _para(text_html: str) -> str:
    return f"<p>{text_html}</p>"


def question_name(q: Question, number: int) -> str:
    """The question's name in the platform's bank: its number in the chapter's exercises and kind."""
    return f"{CHAPTER_TITLES[q.chapter]}, question {number:02d} ({KIND_NAMES[q.kind]})"


def _chart(q: Question) -> Chart | None:
    return _drawn(q.chart) if q.chart else None


@lru_cache(maxsize=None)
def _drawn(name: str) -> Chart:
    """The chart as the online book shows it (its 256-colour PNG and its alt text); drawn once per process."""
    from . import charts
    fd = charts.show(charts.CHARTS[name]())
    return Chart(name, f"{name}.png", fd.png_html, fd.alt_text, fd.title)


def _img(chart: Chart, src: str) -> str:
    return (f'<p><img src="{html.escape(src, quote=True)}" alt="{html.escape(chart.alt, quote=True)}"></p>'
            f"<p>{_esc(chart.title)}</p>")


def prompt_html(q: Question, chart_src: str | None = None, chart: Chart | None = None) -> str:
    out = ""
    if q.kind == "read_chart" and chart is not None:
        out += _img(chart, chart_src)
    return out + _para(_html(q.prompt))


def general_feedback_html(q: Question, chart_src: str | None = None, chart: Chart | None = None,
                          answer: bool = False) -> str:
    """The explanation, where in the chapter, and the sources (as the answer key gives them).

    ``answer`` puts the right answer first (QTI's matching questions, which have no "right" feedback of their
    own); the predict question's chart comes last, after the explanation.
    """
    out = ""
    if answer:
        out += _para(_esc(right_answer_text(q)))
    out += _para("Explanation: " + _html(q.explanation))
    where = section_reference(q, "plain")
    if where:
        out += _para("In the chapter: " + _esc(where))
    out += _para("Sources: " + _esc(format_sources(q.source, "plain")))
    if q.kind == "predict_reveal" and chart is not None:
        out += _para("The data:") + _img(chart, chart_src)
    return out


def right_answer_text(q: Question) -> str:
    """The engine's success message without its verdict: "In order: ..." / "“quote”: speaker. ..."."""
    return re.sub(r"^Correct\.\s*", "", grade(q, q.answer).feedback)


def choice_feedback_text(q: Question, index: int) -> str:
    """What the site says after this choice: the verdict and the choice's feedback (citations written out)."""
    said, own = grade(q, index).feedback, q.choices[index].feedback
    assert said.endswith(own), q.id  # the engine's verdict, then the choice's own feedback
    return f"{said[:-len(own)].strip()} {_plain(own)}"


# --------------------------------------------------------------------------- Moodle XML

def _text_el(parent, tag: str, text: str, fmt: str | None = "html", **attrs):
    el = ET.SubElement(parent, tag, ({"format": fmt} if fmt else {}) | attrs)
    ET.SubElement(el, "text").text = text
    return el


def _moodle_file(parent, chart: Chart):
    import base64
    f = ET.SubElement(parent, "file", {"name": chart.file, "path": "/", "encoding": "base64"})
    f.text = base64.b64encode(chart.png).decode("ascii")


def _moodle_question(quiz, q: Question, number: int):
    qtype = {"match_quote": "matching", "order_events": "ordering"}.get(q.kind, "multichoice")
    el = ET.SubElement(quiz, "question", {"type": qtype})
    _text_el(el, "name", question_name(q, number), fmt=None)
    chart = _chart(q)
    src = f"@@PLUGINFILE@@/{chart.file}" if chart else None
    qt = _text_el(el, "questiontext", prompt_html(q, src, chart))
    gf = _text_el(el, "generalfeedback", general_feedback_html(q, src, chart))
    if chart is not None:
        _moodle_file(qt if q.kind == "read_chart" else gf, chart)
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"), ("idnumber", q.id)):
        ET.SubElement(el, tag).text = value
    if q.kind in CHOICE_KINDS:
        ET.SubElement(el, "single").text = "true"
        ET.SubElement(el, "shuffleanswers").text = "0"
        ET.SubElement(el, "answernumbering").text = "abc"
        ET.SubElement(el, "showstandardinstruction").text = "0"
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text_el(el, tag, "")
        for i, c in enumerate(q.choices):
            a = _text_el(el, "answer", _html(c.text), fraction="100" if c.correct else "0")
            _text_el(a, "feedback", _esc(choice_feedback_text(q, i)))
        return el
    if q.kind == "match_quote":
        ET.SubElement(el, "shuffleanswers").text = "0"  # the quotes in bank order (Moodle shuffles the speakers)
    else:
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", str(len(q.events))),
                           ("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW"),
                           ("numberingstyle", "none")):
            ET.SubElement(el, tag).text = value
    _text_el(el, "correctfeedback", _esc(grade(q, q.answer).feedback))
    _text_el(el, "partiallycorrectfeedback", "")
    _text_el(el, "incorrectfeedback", "")
    ET.SubElement(el, "shownumcorrect")
    if q.kind == "match_quote":
        for p in q.pairs:
            sub = _text_el(el, "subquestion", _esc(f"“{p.quote}”"))
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = p.speaker
    else:
        for position, e in enumerate(correct_order(q.events), 1):  # Moodle: answers in the right order
            _text_el(el, "answer", _esc(event_text(e, q)), fraction=str(position))
    return el


def moodle_xml(questions=None) -> bytes:
    """The whole bank as Moodle XML: a category per chapter, then its questions in the site's order."""
    questions = load_bank() if questions is None else questions
    quiz = ET.Element("quiz")
    for chapter in CHAPTERS:
        sel = numbered(chapter, questions=questions)
        if not sel:
            continue
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        _text_el(cat, "category", CATEGORY.format(title=CHAPTER_TITLES[chapter]), fmt=None)
        _text_el(cat, "info", f"Exercises of the chapter “{CHAPTER_TITLES[chapter]}” ({COURSE}).")
        for n, q in sel:
            _moodle_question(quiz, q, n)
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"


# --------------------------------------------------------------------------- QTI 1.2

def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _mattext(parent, text: str, texttype: str = "text/html"):
    m = ET.SubElement(parent, _q("material"))
    ET.SubElement(m, _q("mattext"), {"texttype": texttype}).text = text


def _metadata(item, fields: dict):
    md = ET.SubElement(ET.SubElement(item, _q("itemmetadata")), _q("qtimetadata"))
    for label, entry in fields.items():
        f = ET.SubElement(md, _q("qtimetadatafield"))
        ET.SubElement(f, _q("fieldlabel")).text = label
        ET.SubElement(f, _q("fieldentry")).text = entry


def _feedback(item, ident: str, text_html: str):
    fb = ET.SubElement(item, _q("itemfeedback"), {"ident": ident})
    _mattext(ET.SubElement(fb, _q("flow_mat")), text_html)


def _condition(rp, *, continue_: str, equal: tuple | None = None, score: tuple | None = None,
               feedback: str | None = None):
    rc = ET.SubElement(rp, _q("respcondition"), {"continue": continue_})
    cv = ET.SubElement(rc, _q("conditionvar"))
    if equal is None:
        ET.SubElement(cv, _q("other"))
    else:
        ET.SubElement(cv, _q("varequal"), {"respident": equal[0]}).text = equal[1]
    if score is not None:
        ET.SubElement(rc, _q("setvar"), {"action": score[0], "varname": "SCORE"}).text = score[1]
    if feedback is not None:
        ET.SubElement(rc, _q("displayfeedback"), {"feedbacktype": "Response", "linkrefid": feedback})


def choice_ident(q: Question, index: int) -> str:
    """A choice's QTI ident: the question id and the choice's letter on the site and in the key."""
    return f"{q.id}-{LETTERS[index]}"


def _match_lines(q: Question) -> tuple[list[str], list[str], list[str]]:
    """(stems, options in the site's order, the right option of each stem) of a matching question in QTI."""
    if q.kind == "match_quote":
        return [f"“{p.quote}”" for p in q.pairs], list(q.shown_speakers), [p.speaker for p in q.pairs]
    n = len(q.events)
    stems = [f"Position {i + 1} ({'earliest' if i == 0 else 'latest' if i == n - 1 else 'next'})" for i in range(n)]
    return stems, [event_text(e, q) for e in q.shown_events], [event_text(e, q) for e in correct_order(q.events)]


def _qti_item(section, q: Question, number: int, images: dict):
    qtype = "multiple_choice_question" if q.kind in CHOICE_KINDS else "matching_question"
    item = ET.SubElement(section, _q("item"), {"ident": q.id, "title": question_name(q, number)})
    if q.kind in CHOICE_KINDS:
        idents = [choice_ident(q, i) for i in range(len(q.choices))]
    else:
        stems, options, right = _match_lines(q)
        option_ids = {o: f"{q.id}-{LETTERS[i]}" for i, o in enumerate(options)}
        idents = list(option_ids.values())
    _metadata(item, {"question_type": qtype, "points_possible": "1", "original_answer_ids": ",".join(idents)})
    chart = _chart(q)
    src = None
    if chart is not None:
        images[f"images/{chart.file}"] = chart.png
        src = f"$IMS-CC-FILEBASE$/images/{chart.file}"
    pres = ET.SubElement(item, _q("presentation"))
    _mattext(pres, prompt_html(q, src, chart))
    rp = ET.SubElement(item, _q("resprocessing"))
    ET.SubElement(ET.SubElement(rp, _q("outcomes")), _q("decvar"),
                  {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    _condition(rp, continue_="Yes", feedback="general_fb")
    if q.kind in CHOICE_KINDS:
        lid = ET.SubElement(pres, _q("response_lid"), {"ident": "response1", "rcardinality": "Single"})
        rc = ET.SubElement(lid, _q("render_choice"), {"shuffle": "No"})
        for ident, c in zip(idents, q.choices):
            _mattext(ET.SubElement(rc, _q("response_label"), {"ident": ident}), _html(c.text))
        for ident in idents:
            _condition(rp, continue_="Yes", equal=("response1", ident), feedback=f"{ident}_fb")
        _condition(rp, continue_="No", equal=("response1", idents[q.answer]), score=("Set", "100"))
        _feedback(item, "general_fb", general_feedback_html(q, src, chart))
        for i, ident in enumerate(idents):
            _feedback(item, f"{ident}_fb", _para(_esc(choice_feedback_text(q, i))))
        return item
    share = Fraction(100, len(stems))
    for k, stem in enumerate(stems, 1):
        lid = ET.SubElement(pres, _q("response_lid"), {"ident": f"response_{k}", "rcardinality": "Single"})
        _mattext(lid, stem, "text/plain")
        rc = ET.SubElement(lid, _q("render_choice"), {"shuffle": "No"})
        for o in options:
            _mattext(ET.SubElement(rc, _q("response_label"), {"ident": option_ids[o]}), o, "text/plain")
    for k, r in enumerate(right, 1):  # every line is scored: each condition lets the next one run
        _condition(rp, continue_="Yes", equal=(f"response_{k}", option_ids[r]),
                   score=("Add", f"{float(share):.4f}".rstrip("0").rstrip(".")))
    _feedback(item, "general_fb", general_feedback_html(q, src, chart, answer=True))
    return item


def qti_assessment(chapter: str, questions, images: dict) -> bytes:
    ET.register_namespace("", QTI_NS)
    root = ET.Element(_q("questestinterop"))
    title = f"{COURSE}: {CHAPTER_TITLES[chapter]}"
    a = ET.SubElement(root, _q("assessment"), {"ident": f"abduction-issue-{chapter}", "title": title})
    section = ET.SubElement(a, _q("section"), {"ident": "root_section"})
    for n, q in numbered(chapter, questions=questions):
        _qti_item(section, q, n, images)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _manifest(assessments: dict, images: dict) -> bytes:
    ET.register_namespace("", CP_NS)
    c = lambda tag: f"{{{CP_NS}}}{tag}"  # noqa: E731
    m = ET.Element(c("manifest"), {"identifier": "abduction-issue-exercises"})
    md = ET.SubElement(m, c("metadata"))
    ET.SubElement(md, c("schema")).text = "IMS Content"
    ET.SubElement(md, c("schemaversion")).text = "1.1.3"
    ET.SubElement(m, c("organizations"))
    res = ET.SubElement(m, c("resources"))
    for path in assessments:
        ident = path.split("/")[0]
        r = ET.SubElement(res, c("resource"), {"identifier": ident, "type": "imsqti_xmlv1p2", "href": path})
        ET.SubElement(r, c("file"), {"href": path})
    for path in images:
        r = ET.SubElement(res, c("resource"), {"identifier": "image-" + Path(path).stem, "type": "webcontent",
                                               "href": path})
        ET.SubElement(r, c("file"), {"href": path})
    ET.indent(m)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(m, encoding="utf-8") + b"\n"


def qti_package(questions=None) -> bytes:
    """The QTI 1.2 zip: ``imsmanifest.xml``, ``<assessment>/<assessment>.xml`` per chapter, ``images/``."""
    questions = load_bank() if questions is None else questions
    assessments, images = {}, {}
    for chapter in CHAPTERS:
        if any(q.chapter == chapter for q in questions):
            ident = f"abduction-issue-{chapter}"
            assessments[f"{ident}/{ident}.xml"] = qti_assessment(chapter, questions, images)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in [("imsmanifest.xml", _manifest(assessments, images)), *assessments.items(),
                           *images.items()]:
            z.writestr(zipfile.ZipInfo(name, _ZIP_TIME), blob, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# --------------------------------------------------------------------------- rubrics

def rubric_rows(spec=None) -> list[dict]:
    """One row per assignment x criterion x level (best level first), as in the CSV."""
    spec = spec or guide.load_assessment()
    problems = guide.assessment_problems(spec)
    if problems:
        raise ValueError(f"{guide.ASSESSMENT_FILE.name}: " + "; ".join(problems))
    levels = spec["levels"]
    rows = []
    for a in spec["assignments"]:
        for c in a["rubric"]:
            marks = guide.level_marks(int(c["weight"]), spec)
            for lv in levels:
                lo, hi = marks[lv]
                rows.append({"assignment_id": a["id"], "assignment": a["title"].strip(),
                             "criterion": c["criterion"].strip(), "criterion_points": str(c["weight"]),
                             "level": lv, "description": " ".join(str(c["levels"][lv]).split()),
                             "points_from": str(lo), "points": str(hi)})
    return rows


def rubric_csv(spec=None) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=RUBRIC_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rubric_rows(spec))
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- writing the files

def export(out_dir=None, questions=None) -> dict:
    """Write the three files into ``out_dir`` (``_build/lms``); returns {name: path}."""
    out = Path(out_dir) if out_dir is not None else OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    questions = load_bank() if questions is None else questions
    written = {}
    for name, blob in ((MOODLE_FILE, moodle_xml(questions)), (QTI_FILE, qti_package(questions)),
                       (RUBRIC_FILE, rubric_csv())):
        (out / name).write_bytes(blob)
        written[name] = out / name
    return written


def counts(questions=None) -> dict:
    """How many questions of each exported type (Moodle's names)."""
    questions = load_bank() if questions is None else questions
    out: dict = {}
    for q in questions:
        t = {"match_quote": "matching", "order_events": "ordering"}.get(q.kind, "multichoice")
        out[t] = out.get(t, 0) + 1
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m abduction_issue.lms", description=__doc__.split("\n")[0])
    p.add_argument("out_dir", nargs="?", default=str(OUT_DIR), help="where to write (default: _build/lms)")
    args = p.parse_args(argv)
    try:
        questions = load_bank()
        written = export(args.out_dir, questions)
    except ValueError as exc:  # an invalid bank (BankError names the file and question) or assessment.yml
        print(f"make export-quiz: {exc}", file=sys.stderr)
        return 1
    c = counts(questions)
    print(f"Wrote {len(questions)} questions ({', '.join(f'{n} {t}' for t, n in sorted(c.items()))}) "
          f"and {len(rubric_rows())} rubric rows:")
    for path in written.values():
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
