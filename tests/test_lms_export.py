"""`make export-quiz`: the Moodle XML, the QTI 1.2 package and the rubric CSV, read back and compared with the bank.

Everything is read back with independent parsers (xml.etree, zipfile, csv, html.parser), never with the writer
(abduction_issue/lms.py), and compared with the question bank as the exercise engine loads it, with the site's
own rendering of the questions (static_quiz) and with the printed answer key's letters.  The comparison
functions raise AssertionError naming the question; the last tests break an export on purpose and check that
the comparison catches it.
"""
from __future__ import annotations

import base64
import csv
import io
import re
import zipfile
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from abduction_issue import exercises as ex
from abduction_issue import guide, lms
from abduction_issue.exercises.bank import event_text  # the event as a question offers it

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
COURSE = "Japan's Abduction Issue"
ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- reading HTML back

class _Text(HTMLParser):
    """The text of an HTML fragment (paragraphs and line breaks as spaces) and its images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.images = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "br"):
            self.parts.append(" ")
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        self.parts.append(data)


def text_of(fragment: str | None) -> str:
    p = _Text()
    p.feed(fragment or "")
    return " ".join("".join(p.parts).split())


def images_of(fragment: str | None) -> list[dict]:
    p = _Text()
    p.feed(fragment or "")
    return p.images


def plain(text: str) -> str:
    """Bank text as a reader sees it: citations written out (the engine's readable()), no Markdown markers."""
    return " ".join(ex.readable(text, "plain").replace("**", "").replace("*", "").replace("`", "").split())


def expected_feedback(c) -> str:
    return ("Correct. " if c.correct else "Not quite. ") + plain(c.feedback)


def expected_general(q) -> list[str]:
    """What the general feedback must say, in this order: explanation, section, sources."""
    out = ["Explanation: " + plain(q.explanation)]
    where = ex.section_reference(q, "plain")
    if where:
        out.append("In the chapter: " + where)
    out.append("Sources: " + " ".join(ex.format_sources(q.source, "plain").split()))
    return out


def assert_in_order(text: str, parts: list[str], what: str):
    at = 0
    for part in parts:
        i = text.find(part, at)
        assert i >= 0, f"{what}: {part!r} not found (in order) in {text!r}"
        at = i + len(part)


# --------------------------------------------------------------------------- the site and the key

class _Site(HTMLParser):
    """Per question (data-qid) of the static quiz: the choice labels, or each select's options, and the quotes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.q = defaultdict(lambda: {"labels": [], "selects": [], "quotes": []})
        self.cur = None
        self.in_choice = False
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "aiq-question" in (a.get("class") or "").split():
            self.cur = a["data-qid"]
        if self.cur is None:
            return
        if tag == "div":
            self.in_choice = "aiq-choice" in (a.get("class") or "").split()
        if tag == "select":
            self.q[self.cur]["selects"].append([])
        if tag in ("label", "option", "p", "legend"):
            self.stack.append([tag, a, ""])

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2] += data

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            return
        _, a, text = self.stack.pop()
        q = self.q[self.cur]
        text = " ".join(text.split())
        if tag == "label" and self.in_choice:
            q["labels"].append(text)
        elif tag == "option" and a.get("value"):
            q["selects"][-1].append(text)
        elif tag == "p" and "aiq-quote" in (a.get("class") or ""):
            q["quotes"].append(text)


@pytest.fixture(scope="module")
def bank():
    return ex.load_bank()


@pytest.fixture(scope="module")
def site(bank):
    """What the online book shows of each question (the engine's static rendering, parsed)."""
    out = {}
    for chapter in ex.CHAPTERS:
        p = _Site()
        p.feed(ex.static_quiz([q for _, q in ex.numbered(chapter, questions=bank)], f"aiq-{chapter}").html())
        out.update(p.q)
    return out


def key_letter(q, n) -> str:
    """The letter the printed answer key gives for a choice question."""
    m = re.search(r"\*\*Answer:\*\* \(([a-z])\)", ex.answer_key_entry(q, n, "plain"))
    assert m, q.id
    return m.group(1)


# --------------------------------------------------------------------------- the export, once

@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("lms")
    assert lms.main([str(out)]) == 0
    return {"moodle": (out / lms.MOODLE_FILE).read_bytes(), "qti": (out / lms.QTI_FILE).read_bytes(),
            "rubrics": (out / lms.RUBRIC_FILE).read_bytes()}


def test_export_writes_the_three_files(exported):
    assert exported["moodle"].startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert zipfile.is_zipfile(io.BytesIO(exported["qti"]))
    assert exported["rubrics"].decode("utf-8").startswith("assignment_id,")


def test_make_target_sets_itself_up_and_is_listed():
    """`make export-quiz` depends on the venv stamp like every target, is phony, and `make help` names it."""
    mk = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^export-quiz: \$\(VENV_STAMP\)\n\t\$\(BIN\)/python -m abduction_issue\.lms _build/lms$", mk, re.M)
    assert "export-quiz" in re.search(r"^\.PHONY:(.*)$", mk, re.M).group(1).split()
    assert re.search(r'^\t@echo "make export-quiz ', mk, re.M)


def test_an_invalid_bank_stops_the_export_with_a_message_naming_file_and_question(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bank"
    bad.mkdir()
    for f in (ROOT / "abduction_issue" / "bank").glob("*.yml"):
        (bad / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (bad / "summit.yml").read_text(encoding="utf-8")
    (bad / "summit.yml").write_text(text.replace("correct: true", "correct: maybe", 1), encoding="utf-8")
    monkeypatch.setenv("ABDUCTION_BANK_DIR", str(bad))
    assert lms.main([str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "summit.yml" in err and "question 'summit-koizumi-aims'" in err and "'correct' must be true or false" in err
    assert not (tmp_path / "out" / lms.MOODLE_FILE).exists()


def test_the_whole_bank_is_exported(bank):
    """Every question, of the three kinds the platforms have: 45 today (33 + 8 + 4)."""
    assert len(bank) >= 45
    c = lms.counts(bank)
    assert sum(c.values()) == len(bank)
    assert c == {"multichoice": sum(q.kind in ex.CHOICE_KINDS for q in bank),
                 "matching": sum(q.kind == "match_quote" for q in bank),
                 "ordering": sum(q.kind == "order_events" for q in bank)}


# --------------------------------------------------------------------------- Moodle XML: read back and compare

def _t(el, path):
    found = el.find(path)
    return None if found is None else (found.text or "")


def check_moodle(xml: bytes, bank, site):
    """Compare a Moodle XML export with the bank, question by question; AssertionError names the question."""
    root = ET.fromstring(xml)
    assert root.tag == "quiz"
    category, seen, numbers = None, {}, Counter()
    titles = {f"$course$/top/{COURSE}/{ex.CHAPTER_TITLES[c]}": c for c in ex.CHAPTERS}
    for el in root.findall("question"):
        qtype = el.get("type")
        if qtype == "category":
            path = _t(el, "category/text")
            assert path in titles, f"category {path!r} is not a chapter's"
            category = titles[path]
            continue
        assert qtype in ("multichoice", "matching", "ordering"), qtype
        qid = _t(el, "idnumber")
        assert qid not in seen, f"{qid}: exported twice"
        q = next((x for x in bank if x.id == qid), None)
        assert q is not None, f"{qid}: not in the bank"
        assert category == q.chapter, f"{qid}: in the category of {category!r}, not of its chapter {q.chapter!r}"
        numbers[q.chapter] += 1
        n = numbers[q.chapter]
        assert ex.numbered(q.chapter, questions=bank)[n - 1][1].id == qid, f"{qid}: not in the site's place"
        assert _t(el, "name/text") == f"{ex.CHAPTER_TITLES[q.chapter]}, question {n:02d} ({ex.KIND_NAMES[q.kind]})"
        seen[qid] = el
        assert text_of(_t(el, "questiontext/text")) .endswith(plain(q.prompt)), f"{qid}: question text"
        general = _t(el, "generalfeedback/text")
        assert_in_order(text_of(general), expected_general(q), f"{qid}: general feedback")
        assert _t(el, "defaultgrade") == "1"
        # the charts: an <img> in the question ("read the chart") or in the general feedback ("predict"),
        # its PNG attached to the same text as a base64 <file>
        where = {"read_chart": "questiontext", "predict_reveal": "generalfeedback"}.get(q.kind)
        for part in ("questiontext", "generalfeedback"):
            imgs = images_of(_t(el, f"{part}/text"))
            files = {f.get("name"): f for f in el.findall(f"{part}/file")}
            if part != where:
                assert not imgs and not files, f"{qid}: unexpected image in {part}"
                continue
            assert len(imgs) == 1 and imgs[0]["alt"].strip(), f"{qid}: the chart (with alt text) in {part}"
            name = imgs[0]["src"].removeprefix("@@PLUGINFILE@@/")
            assert name in files and files[name].get("encoding") == "base64", f"{qid}: chart file {name}"
            assert base64.b64decode(files[name].text).startswith(b"\x89PNG"), f"{qid}: chart is not a PNG"
        if q.kind in ex.CHOICE_KINDS:
            assert qtype == "multichoice", f"{qid}: {qtype}"
            assert (_t(el, "single"), _t(el, "shuffleanswers"), _t(el, "answernumbering")) == ("true", "0", "abc"), \
                f"{qid}: one answer, not shuffled, numbered a, b, c"
            answers = el.findall("answer")
            assert len(answers) == len(q.choices), f"{qid}: {len(answers)} answers, {len(q.choices)} choices"
            fractions = [a.get("fraction") for a in answers]
            assert sorted(fractions) == ["0"] * (len(q.choices) - 1) + ["100"], f"{qid}: fractions {fractions}"
            shown = site[qid]["labels"]
            for i, (a, c) in enumerate(zip(answers, q.choices)):
                letter = ex.LETTERS[i]
                got = text_of(_t(a, "text"))
                assert got == plain(c.text), f"{qid} ({letter}): choice text {got!r} != {c.text!r}"
                assert got == shown[i], f"{qid} ({letter}): {got!r}, but the site shows {shown[i]!r}"
                assert (a.get("fraction") == "100") == c.correct, f"{qid} ({letter}): marked right/wrong wrongly"
                fb = text_of(_t(a, "feedback/text"))
                assert fb == expected_feedback(c), f"{qid} ({letter}): feedback {fb!r}"
            right = ex.LETTERS[fractions.index("100")]
            assert right == ex.answer_letter(q) == key_letter(q, n), f"{qid}: right answer ({right}) is not the key's"
        elif q.kind == "match_quote":
            assert qtype == "matching", f"{qid}: {qtype}"
            assert _t(el, "shuffleanswers") == "0", f"{qid}: quotes must stay in the site's order"
            subs = el.findall("subquestion")
            got = [(text_of(_t(s, "text")), _t(s, "answer/text")) for s in subs]
            want = [(f"“{p.quote}”", p.speaker) for p in q.pairs]
            assert got == want, f"{qid}: quote -> speaker {got} != {want}"
            assert [g[0] for g in got] == site[qid]["quotes"], f"{qid}: quotes not as on the site"
            assert text_of(_t(el, "correctfeedback/text")) == ex.grade(q, q.answer).feedback
        else:
            assert qtype == "ordering", f"{qid}: {qtype}"
            for tag, value in (("selecttype", "ALL"), ("gradingtype", "ABSOLUTE_POSITION"), ("layouttype", "VERTICAL")):
                assert _t(el, tag) == value, f"{qid}: {tag}"
            answers = el.findall("answer")
            assert [a.get("fraction") for a in answers] == [str(i) for i in range(1, len(q.events) + 1)], \
                f"{qid}: ordering positions"
            got = [text_of(_t(a, "text")) for a in answers]
            want = [event_text(e, q) for e in ex.correct_order(q.events)]
            assert got == want, f"{qid}: events in order {got} != {want}"
            assert sorted(got) == sorted(site[qid]["selects"][0]), f"{qid}: not the events the site offers"
            assert text_of(_t(el, "correctfeedback/text")) == ex.grade(q, q.answer).feedback
    missing = {q.id for q in bank} - set(seen)
    assert not missing, f"not exported: {sorted(missing)}"
    return seen


def test_moodle_export_reads_back_equal_to_the_bank(exported, bank, site):
    seen = check_moodle(exported["moodle"], bank, site)
    assert len(seen) == len(bank)


def test_moodle_categories_one_per_chapter_in_book_order(exported):
    root = ET.fromstring(exported["moodle"])
    cats = [_t(q, "category/text") for q in root.findall("question") if q.get("type") == "category"]
    assert cats == [f"$course$/top/{COURSE}/{ex.CHAPTER_TITLES[c]}" for c in ex.CHAPTERS]


# --------------------------------------------------------------------------- QTI 1.2: read back and compare

def read_package(blob: bytes) -> tuple[dict, dict]:
    """(files by name, the manifest's resources {href: type}); checks the manifest lists exactly the files."""
    z = zipfile.ZipFile(io.BytesIO(blob))
    assert z.testzip() is None
    files = {n: z.read(n) for n in z.namelist()}
    assert "imsmanifest.xml" in files
    man = ET.fromstring(files["imsmanifest.xml"])
    assert man.tag == f"{CP}manifest"
    resources, listed = {}, []
    for r in man.iter(f"{CP}resource"):
        hrefs = [f.get("href") for f in r.findall(f"{CP}file")]
        assert r.get("href") in hrefs, f"resource {r.get('identifier')}: href is not one of its files"
        resources[r.get("href")] = r.get("type")
        listed += hrefs
    idents = [r.get("identifier") for r in man.iter(f"{CP}resource")]
    assert len(set(idents)) == len(idents), "resource identifiers repeat"
    assert sorted(listed) == sorted(set(files) - {"imsmanifest.xml"}), \
        f"the manifest lists {sorted(listed)}, the zip holds {sorted(files)}"
    return files, resources


def check_qti(blob: bytes, bank, site):
    files, resources = read_package(blob)
    assessments = [h for h, t in resources.items() if t == "imsqti_xmlv1p2"]
    assert all(t in ("imsqti_xmlv1p2", "webcontent") for t in resources.values())
    seen, titles = {}, []
    for href in assessments:
        root = ET.fromstring(files[href])
        assert root.tag == f"{QTI}questestinterop", href
        (a,) = root.findall(f"{QTI}assessment")
        titles.append(a.get("title"))
        chapter = next(c for c in ex.CHAPTERS if a.get("title") == f"{COURSE}: {ex.CHAPTER_TITLES[c]}")
        items = a.findall(f".//{QTI}item")
        sel = ex.numbered(chapter, questions=bank)
        assert [i.get("ident") for i in items] == [q.id for _, q in sel], f"{href}: not the chapter's questions"
        for item, (n, q) in zip(items, sel):
            seen[q.id] = item
            check_qti_item(item, q, n, site, files)
    assert titles == [f"{COURSE}: {ex.CHAPTER_TITLES[c]}" for c in ex.CHAPTERS], "one assessment per chapter"
    assert set(seen) == {q.id for q in bank}
    return seen


def _meta(item) -> dict:
    return {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") or ""
            for f in item.iter(f"{QTI}qtimetadatafield")}


def _mattext(el) -> str:
    m = el.find(f"{QTI}material/{QTI}mattext")
    return "" if m is None else (m.text or "")


def check_qti_item(item, q, n, site, files):
    qid = q.id
    meta = _meta(item)
    assert meta.get("points_possible") == "1", f"{qid}: points"
    assert item.get("title") == f"{ex.CHAPTER_TITLES[q.chapter]}, question {n:02d} ({ex.KIND_NAMES[q.kind]})"
    pres = item.find(f"{QTI}presentation")
    assert text_of(_mattext(pres)).endswith(plain(q.prompt)), f"{qid}: question text"
    lids = pres.findall(f"{QTI}response_lid")
    labels = {lid.get("ident"): [lab.get("ident") for lab in lid.iter(f"{QTI}response_label")] for lid in lids}
    assert len(labels) == len(lids), f"{qid}: response_lid idents repeat"
    for idents in labels.values():
        assert len(set(idents)) == len(idents), f"{qid}: response_label idents repeat"
        assert meta["original_answer_ids"].split(",") == idents, f"{qid}: original_answer_ids"
    feedback = {f.get("ident"): f for f in item.findall(f"{QTI}itemfeedback")}
    conditions = item.findall(f"{QTI}resprocessing/{QTI}respcondition")
    decvar = item.find(f"{QTI}resprocessing/{QTI}outcomes/{QTI}decvar")
    assert (decvar.get("varname"), decvar.get("minvalue"), decvar.get("maxvalue")) == ("SCORE", "0", "100")
    scoring = []
    for rc in conditions:
        for fb in rc.findall(f"{QTI}displayfeedback"):
            assert fb.get("linkrefid") in feedback, f"{qid}: feedback {fb.get('linkrefid')!r} does not exist"
        eq = rc.findall(f"{QTI}conditionvar/{QTI}varequal")
        for v in eq:
            assert v.get("respident") in labels and v.text in labels[v.get("respident")], \
                f"{qid}: condition on {v.get('respident')}={v.text} names no response"
        for s in rc.findall(f"{QTI}setvar"):
            assert s.get("varname") == "SCORE" and len(eq) == 1, f"{qid}: a score without one condition"
            scoring.append((eq[0].get("respident"), eq[0].text, s.get("action"), float(s.text), rc.get("continue")))
    # the general feedback: shown for any answer
    first = conditions[0]
    assert first.find(f"{QTI}conditionvar/{QTI}other") is not None
    assert first.find(f"{QTI}displayfeedback").get("linkrefid") == "general_fb", f"{qid}: general feedback first"
    general = _mattext(feedback["general_fb"].find(f"{QTI}flow_mat"))
    assert_in_order(text_of(general), expected_general(q), f"{qid}: general feedback")
    where = {"read_chart": _mattext(pres), "predict_reveal": general}.get(q.kind)
    imgs = images_of(where) if where else []
    assert len(imgs) == (1 if where else 0), f"{qid}: chart"
    for img in imgs:
        name = img["src"].removeprefix("$IMS-CC-FILEBASE$/")
        assert files.get(name, b"").startswith(b"\x89PNG") and img["alt"].strip(), f"{qid}: chart {name}"
    if q.kind in ex.CHOICE_KINDS:
        assert meta["question_type"] == "multiple_choice_question", qid
        (lid,) = lids
        assert lid.get("rcardinality") == "Single"
        assert lid.find(f"{QTI}render_choice").get("shuffle") == "No", f"{qid}: choices must not be shuffled"
        shown = site[qid]["labels"]
        labs = lid.findall(f"{QTI}render_choice/{QTI}response_label")
        assert len(labs) == len(q.choices), f"{qid}: {len(labs)} choices"
        for i, (lab, c) in enumerate(zip(labs, q.choices)):
            letter = ex.LETTERS[i]
            assert lab.get("ident") == f"{qid}-{letter}", f"{qid}: choice {i + 1} is not ({letter})"
            got = text_of(_mattext(lab))
            assert got == plain(c.text) == shown[i], f"{qid} ({letter}): {got!r}"
            fb = feedback.get(f"{lab.get('ident')}_fb")
            assert fb is not None, f"{qid} ({letter}): no feedback"
            assert text_of(_mattext(fb.find(f"{QTI}flow_mat"))) == expected_feedback(c), f"{qid} ({letter}): feedback"
            assert any(rc.find(f"{QTI}displayfeedback") is not None
                       and rc.find(f"{QTI}displayfeedback").get("linkrefid") == f"{lab.get('ident')}_fb"
                       and [v.text for v in rc.iter(f"{QTI}varequal")] == [lab.get("ident")] for rc in conditions), \
                f"{qid} ({letter}): its feedback is never shown"
        assert len(scoring) == 1, f"{qid}: {len(scoring)} scoring conditions"
        _, ident, action, value, cont = scoring[0]
        assert (action, value, cont) == ("Set", 100.0, "No"), f"{qid}: scoring {scoring}"
        right = ident.rsplit("-", 1)[1]
        assert right == ex.answer_letter(q) == key_letter(q, n), f"{qid}: right answer ({right}) is not the key's"
        assert q.choices[ex.LETTERS.index(right)].correct
        return
    assert meta["question_type"] == "matching_question", qid
    stems = [" ".join(_mattext(lid).split()) for lid in lids]
    options = [[" ".join(_mattext(lab).split()) for lab in lid.iter(f"{QTI}response_label")] for lid in lids]
    ident_text = dict(zip(labels[lids[0].get("ident")], options[0]))
    assert all(o == options[0] for o in options), f"{qid}: every line offers the same options"
    assert all(lid.find(f"{QTI}render_choice").get("shuffle") == "No" for lid in lids)
    if q.kind == "match_quote":
        assert stems == [f"“{p.quote}”" for p in q.pairs], f"{qid}: quotes"
        assert options[0] == list(q.shown_speakers) == site[qid]["selects"][0], f"{qid}: speakers not as on the site"
        right = [p.speaker for p in q.pairs]
    else:
        k = len(q.events)
        assert stems == [f"Position {i + 1} ({'earliest' if i == 0 else 'latest' if i == k - 1 else 'next'})"
                         for i in range(k)], f"{qid}: positions"
        assert options[0] == [event_text(e, q) for e in q.shown_events] == site[qid]["selects"][0], \
            f"{qid}: events not as on the site"
        right = [event_text(e, q) for e in ex.correct_order(q.events)]
    assert len(scoring) == len(lids), f"{qid}: one scoring condition per line"
    got = {resp: ident_text[ident] for resp, ident, *_ in scoring}
    assert [got.get(lid.get("ident")) for lid in lids] == right, f"{qid}: right matches {got}"
    assert all(action == "Add" and cont == "Yes" for *_, action, _, cont in scoring), f"{qid}: {scoring}"
    assert abs(sum(s[3] for s in scoring) - 100) < 0.01, f"{qid}: scores add up to {sum(s[3] for s in scoring)}"
    assert text_of(general).startswith(ex.grade(q, q.answer).feedback.removeprefix("Correct. ")), \
        f"{qid}: the general feedback starts with the right answer"


def test_qti_package_reads_back_equal_to_the_bank(exported, bank, site):
    assert len(check_qti(exported["qti"], bank, site)) == len(bank)


def test_qti_idents_are_unique_across_the_package(exported):
    files, resources = read_package(exported["qti"])
    idents = [i.get("ident") for h, t in resources.items() if t == "imsqti_xmlv1p2"
              for i in ET.fromstring(files[h]).iter(f"{QTI}item")]
    assert len(idents) == len(set(idents))


def test_export_is_reproducible(exported, bank):
    """The same bank gives the same bytes (fixed zip timestamps, no dates): re-importing is predictable."""
    assert lms.qti_package(bank) == exported["qti"]
    assert lms.moodle_xml(bank) == exported["moodle"]


# --------------------------------------------------------------------------- rubrics

def test_rubric_csv_reads_back_equal_to_assessment_yml(exported):
    spec = guide.load_assessment()
    rows = list(csv.DictReader(io.StringIO(exported["rubrics"].decode("utf-8"))))
    levels = spec["levels"]
    want = [(a["id"], a["title"], c["criterion"], lv) for a in spec["assignments"] for c in a["rubric"] for lv in levels]
    assert [(r["assignment_id"], r["assignment"], r["criterion"], r["level"]) for r in rows] == want
    by = {(r["assignment_id"], r["criterion"], r["level"]): r for r in rows}
    for a in spec["assignments"]:
        assert sum(int(c["weight"]) for c in a["rubric"]) == 100
        for c in a["rubric"]:
            rs = [by[(a["id"], c["criterion"], lv)] for lv in levels]
            for r, lv in zip(rs, levels):
                assert r["description"] == " ".join(c["levels"][lv].split()), (a["id"], c["criterion"], lv)
                assert r["criterion_points"] == str(c["weight"])
            pts = [(int(r["points_from"]), int(r["points"])) for r in rs]
            # the guide's table of marks (assessment.yml's bands as whole marks), top band to the full weight,
            # bottom band from 0, each band one mark below the one above it
            assert pts == [guide.level_marks(int(c["weight"]), spec)[lv] for lv in levels], (a["id"], c["criterion"])
            assert pts[0][1] == c["weight"] and pts[-1][0] == 0, (a["id"], c["criterion"], pts)
            assert all(hi >= lo for lo, hi in pts), pts
            assert all(pts[i][0] == pts[i + 1][1] + 1 for i in range(len(pts) - 1)), f"bands not contiguous: {pts}"


# --------------------------------------------------------------------------- the comparison can fail

def _break_moodle(xml: bytes, how: str) -> bytes:
    root = ET.fromstring(xml)
    el = next(q for q in root.findall("question") if q.get("type") == "multichoice")
    answers = el.findall("answer")
    right = next(a for a in answers if a.get("fraction") == "100")
    wrong = next(a for a in answers if a.get("fraction") == "0")
    if how == "right answer":
        right.set("fraction", "0")
        wrong.set("fraction", "100")
    elif how == "feedback":
        fa, fb = right.find("feedback/text"), wrong.find("feedback/text")
        fa.text, fb.text = fb.text, fa.text
    elif how == "order":
        el.remove(answers[0])
        el.append(answers[0])
    elif how == "missing question":
        root.remove(el)
    return ET.tostring(root, encoding="utf-8")


@pytest.mark.parametrize("how", ["right answer", "feedback", "order", "missing question"])
def test_a_broken_moodle_export_is_caught(exported, bank, site, how):
    broken = _break_moodle(exported["moodle"], how)
    assert broken != exported["moodle"]
    with pytest.raises(AssertionError):
        check_moodle(broken, bank, site)


def _rezip(blob: bytes, edit) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            data = src.read(name)
            new = edit(name, data)
            if new is not None:
                z.writestr(name, new)
    return out.getvalue()


def _first_choice_item(root):
    return next(i for i in root.iter(f"{QTI}item") if _meta(i)["question_type"] == "multiple_choice_question")


def test_a_broken_qti_right_answer_is_caught(exported, bank, site):
    def edit(name, data):
        if not name.endswith(".xml") or name == "imsmanifest.xml" or b"multiple_choice_question" not in data:
            return data
        ET.register_namespace("", QTI[1:-1])
        root = ET.fromstring(data)
        item = _first_choice_item(root)
        idents = [lab.get("ident") for lab in item.iter(f"{QTI}response_label")]
        for rc in item.iter(f"{QTI}respcondition"):
            if rc.find(f"{QTI}setvar") is not None:
                v = rc.find(f"{QTI}conditionvar/{QTI}varequal")
                v.text = next(i for i in idents if i != v.text)
        return ET.tostring(root, encoding="utf-8")
    broken = _rezip(exported["qti"], edit)
    with pytest.raises(AssertionError, match="right answer|is not the key"):
        check_qti(broken, bank, site)


def test_a_package_whose_manifest_misses_a_file_is_caught(exported):
    blob = io.BytesIO(exported["qti"])
    with zipfile.ZipFile(blob, "a") as z:
        z.writestr("stray/notes.txt", b"not listed")
    with pytest.raises(AssertionError, match="the manifest lists"):
        read_package(blob.getvalue())
    dropped = _rezip(exported["qti"], lambda name, data: None if name.startswith("images/") else data)
    with pytest.raises(AssertionError, match="the manifest lists"):
        read_package(dropped)
