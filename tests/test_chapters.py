"""Tests of the chapter *sources* (not just that the build passes).

* every chapter page (files 01-04) has the required parts: learning objectives, prerequisites, time to read,
  a key-dates box (the ``{key-dates}`` directive), a Perspectives section with the four labelled
  positions, a summary, at least four discussion questions, a pointer to the chapter's exercises and further
  reading;
* each of these chapters has at least 1,500 words of prose (code cells, directive lines, tables and block
  quotations excluded);
* every ``{cite}`` key exists in ``data/references.bib`` and every bib entry is cited somewhere in the book;
* every glossary term is used through ``{term}`` somewhere and every ``{term}`` resolves to a glossary entry;
* no bare percentage or count that the data holds is retyped in chapter prose (:func:`retyped_figures`,
  with its own unit tests below).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from abduction_issue import book, data, project

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = {
    "01-before-2002.md": "before-2002",
    "02-the-summit.md": "summit",
    "03-the-backfire.md": "backfire",
    "04-the-way-forward.md": "way-forward",
}
CHAPTER_PATHS = [ROOT / "chapters" / name for name in CHAPTERS]
MIN_WORDS = 1500


# --------------------------------------------------------------------------- reading the sources

def book_sources() -> list[Path]:
    """Every page in ``_toc.yml`` (the root and all chapters), resolved to its .md or .ipynb file."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc.get("parts", toc.get("chapters", [])))
    out = []
    for f in files:
        for ext in (".md", ".ipynb"):
            p = ROOT / (f + ext)
            if p.exists():
                out.append(p)
                break
        else:
            raise AssertionError(f"_toc.yml names {f!r}, which has no .md or .ipynb file")
    return out


def source_text(path: Path) -> str:
    """The text of a page; for a notebook, its Markdown cells and code cells joined."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        parts = []
        for cell in nb.get("cells", []):
            src = cell.get("source", "")
            parts.append("".join(src) if isinstance(src, list) else src)
        return "\n\n".join(parts)
    return path.read_text(encoding="utf-8")


_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE_OPEN = re.compile(r"^(`{3,}|:{3,})\s*(\{[^}]+\})?(.*)$")


def _blocks(text: str):
    """Yield (kind, lines) for a MyST page: kind is 'text', 'code' (code cells and plain code blocks), or
    'directive-head' (the fence line and option lines of a directive; its body is yielded as text)."""
    text = _FRONT.sub("", text)
    lines = text.split("\n")
    i, buf = 0, []
    stack = []  # open directive fences (their body is text)
    while i < len(lines):
        line = lines[i]
        m = _FENCE_OPEN.match(line.strip())
        if stack and line.strip() == stack[-1]:
            if buf:
                yield "text", buf
                buf = []
            yield "directive-head", [line]
            stack.pop()
            i += 1
            continue
        if m and (m.group(2) or m.group(1).startswith("`")):
            fence, name = m.group(1), (m.group(2) or "")
            if buf:
                yield "text", buf
                buf = []
            if name in ("{code-cell}", "") and fence.startswith("`") or name in ("{code-block}", "{code}"):
                # a code cell or a plain code block: skip to the matching fence
                j = i + 1
                while j < len(lines) and lines[j].strip() != fence:
                    j += 1
                yield "code", lines[i:j + 1]
                i = j + 1
                continue
            head = [line]
            j = i + 1
            while j < len(lines) and re.match(r"^\s*:[\w-]+:", lines[j]):
                head.append(lines[j])
                j += 1
            yield "directive-head", head
            stack.append(fence)
            i = j
            continue
        buf.append(line)
        i += 1
    if buf:
        yield "text", buf


def prose(text: str) -> str:
    """The narrative text of a page: no front matter, code cells, directive lines or options, label lines."""
    return "\n".join("\n".join(lines) for kind, lines in _blocks(text) if kind == "text")


_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
_INLINE_CODE = re.compile(r"`[^`]*`")


def count_words(text: str) -> int:
    """Words of original prose: tables, block quotations, roles, inline code and link targets excluded."""
    body = prose(text)
    keep = []
    for line in body.split("\n"):
        s = line.strip()
        if s.startswith("|") or s.startswith(">") or re.match(r"^\(.+\)=$", s):
            continue
        keep.append(line)
    body = "\n".join(keep)
    body = _ROLE.sub(" ", body)
    body = _INLINE_CODE.sub(" ", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", body))


def section(text: str, title_regex: str) -> str | None:
    """The body of the first Markdown heading matching ``title_regex`` (up to the next heading of the same
    or a higher level), or ``None``."""
    body = prose(text)
    lines = body.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m and re.search(title_regex, m.group(2), re.I):
            level = len(m.group(1))
            out = []
            for nxt in lines[i + 1:]:
                h = re.match(r"^(#{1,6})\s", nxt)
                if h and len(h.group(1)) <= level:
                    break
                out.append(nxt)
            return "\n".join(out)
    return None


# --------------------------------------------------------------------------- the retyped-figure scanner

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
COUNT_NOUNS = (
    "abductees", "abductee", "people", "persons", "person", "incidents", "incident", "cases", "case", "victims",
    "nationals", "citizens", "japanese", "names", "individuals", "survivors", "men", "women", "signatures",
    "respondents", "dead", "alive",
)
_NUM = r"(?P<num>\d+(?:[.,]\d+)*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
# a number, then at most three words (not crossing sentence punctuation), then a count noun
_COUNT_RE = re.compile(
    r"(?<![\w.-])" + _NUM + r"(?P<gap>(?:[ \t\n]+[\w'’-]+){0,3}?)[ \t\n]+(?P<noun>" + "|".join(COUNT_NOUNS) + r")\b",
    re.I)
_PCT_RE = re.compile(r"(?<![\w.])(?P<num>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.I)
# quotations are exempt: “…”, "…", ‘…’ (curly single quotes only: straight ones are apostrophes)
_QUOTES = [re.compile(r"“[^”]*”", re.S), re.compile(r'"[^"\n]*(?:\n[^"\n]*){0,3}"'), re.compile(r"‘[^’]*’", re.S)]


def data_values() -> tuple[set, set]:
    """(percentages, counts) the data holds: every percent in the poll files, every value in
    ``key_figures.csv`` and every count the chapters derive from ``abductees.csv``."""
    pcts = set(float(v) for v in data.load_opinion_polls()["percent"].dropna())
    pcts |= set(float(v) for v in data.load_other_polls()["percent"].dropna())
    counts = set(float(v) for v in data.load_key_figures()["value"].dropna())
    counts |= set(float(v) for v in book.abductee_counts().values())
    return pcts, counts


def _to_number(token: str) -> float | None:
    t = token.lower()
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def scannable(text: str) -> str:
    """The prose a reader sees as typed text: code cells, directive lines and options, roles (glue, cite,
    term, ...), inline code, link targets, block quotations and quoted passages removed."""
    body = prose(text)
    body = "\n".join("" if line.lstrip().startswith(">") or re.match(r"^\s*\(.+\)=\s*$", line) else line
                     for line in body.split("\n"))
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    body = _ROLE.sub(" ROLE ", body)
    body = _INLINE_CODE.sub(" CODE ", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    for q in _QUOTES:
        body = q.sub(" QUOTE ", body)
    return body


def retyped_figures(text: str, values: tuple[set, set] | None = None) -> list[str]:
    """Every bare percentage or count in the prose of ``text`` whose value the data holds.

    A percentage is flagged when its value is one of the poll figures; a number (digits or a number word)
    is flagged when it is followed, within three words and without crossing sentence punctuation, by a
    count noun ("abductees", "people", "incidents", ...) and its value is a count the data holds.  Years
    and dates are not counts (no count noun follows them).  Returns the offending snippets."""
    pcts, counts = data_values() if values is None else values
    body = scannable(text)
    hits = []
    for m in _PCT_RE.finditer(body):
        if float(m.group("num")) in pcts:
            hits.append(m.group(0).strip())
    for m in _COUNT_RE.finditer(body):
        if re.search(r"[.;:!?()\[\]]", m.group("gap")):
            continue
        value = _to_number(m.group("num"))
        if value is not None and value in counts:
            hits.append(" ".join(m.group(0).split()))
    return hits


# --------------------------------------------------------------------------- tests: the scanner itself

_VALUES = ({83.4, 90.1}, {17.0, 13.0, 12.0, 5.0, 8.0, 70.0})


def test_scanner_flags_retyped_figures():
    bad = ("North Korea admitted abducting 13 Japanese nationals.\n"
           "The government recognises seventeen abductees in 12 incidents.\n"
           "In the survey 83.4% of respondents named the abductions.\n"
           "Five of the abductees came home.\n")
    hits = retyped_figures(bad, _VALUES)
    assert "13 Japanese" in hits
    assert "seventeen abductees" in hits
    assert "12 incidents" in hits
    assert "83.4%" in hits
    assert "Five of the abductees" in hits
    assert len(hits) == 5


def test_scanner_passes_honest_prose():
    good = (
        "---\njupytext: {}\n---\n"
        "```{abductee-table} who\n```\n\n"
        "The government recognises {count}`abductees.total` abductees in {count}`abductees.incidents` incidents.\n"
        "The article says North Korea \"admitted to the abduction of 13 Japanese nationals\".\n"
        "> 8 dead and 5 alive, as a blockquote.\n\n"
        "On 17 September 2002 the summit met; in 1978 two couples vanished; 83.4 is only a number here.\n"
        "```{admonition} A box\n:class: tip\nThe box text is prose, with {poll}`H15/abduction:.1f`% quoted.\n```\n"
        "See `data/abductees.csv` (17 rows) and [the list](https://example.org/17-people).\n"
    )
    assert retyped_figures(good, _VALUES) == []


def test_scanner_checks_box_bodies_and_ignores_values_the_data_lacks():
    text = "```{admonition} Note\n:class: tip\nThere were 8 incidents in all.\n```\nIt took 24 years and 3 people.\n"
    assert retyped_figures(text, _VALUES) == ["8 incidents"]


def test_scanner_uses_real_data_values():
    pcts, counts = data_values()
    ab = data.load_abductees()
    assert float(len(ab)) in counts
    assert float(ab["incident_no"].nunique()) in counts
    polls = data.load_opinion_polls()
    assert float(polls["percent"].iloc[0]) in pcts


# --------------------------------------------------------------------------- tests: chapters

@pytest.fixture(scope="module", params=CHAPTER_PATHS, ids=lambda p: p.name)
def chapter(request):
    path = request.param
    assert path.exists(), f"missing chapter {path}"
    return path, path.read_text(encoding="utf-8")


def test_chapter_has_learning_objectives(chapter):
    path, text = chapter
    body = section(text, r"learning objectives")
    assert body is not None, f"{path.name}: no 'Learning objectives' heading"
    items = re.findall(r"^\s*\d+\.\s+\S", body, re.M)
    assert 3 <= len(items) <= 5, f"{path.name}: {len(items)} learning objectives (need 3-5)"


def test_chapter_has_prerequisites_and_a_computed_time_to_read(chapter):
    """The time is the {reading-time} directive's (computed from the page's words), never typed (issue 23)."""
    path, text = chapter
    assert section(text, r"prerequisites") is not None, f"{path.name}: no 'Prerequisites' heading"
    overview = re.search(r"^## Overview\s*$(.*?)(?=^## )", text, re.M | re.S)
    assert overview and re.search(r"^```\{reading-time\}\s*$", overview.group(1), re.M), \
        f"{path.name}: the overview has no ```{{reading-time}}``` directive"
    assert not re.search(r"time to (read|learn)\W+\s*about \d", prose(text), re.I), \
        f"{path.name}: a typed reading time; use the {{reading-time}} directive"


def test_chapter_has_key_dates_box(chapter):
    path, text = chapter
    key = CHAPTERS[path.name]
    assert re.search(r"^```\{key-dates\} " + re.escape(key) + r"\s*$", text, re.M), \
        f"{path.name}: no ```{{key-dates}} {key}``` box"


def test_chapter_has_perspectives_with_four_positions(chapter):
    path, text = chapter
    m = re.search(r"^## +Perspectives\b.*?$(.*?)(?=^## |\Z)", _FRONT.sub("", text), re.M | re.S | re.I)
    assert m, f"{path.name}: no '## Perspectives' section"
    body = m.group(1)
    # a position is labelled by bold text, a sub-heading or an admonition title
    labels = re.findall(r"\*\*([^*]+)\*\*", body) + re.findall(r"^#{3,}\s+(.*)$", body, re.M) \
        + re.findall(r"^[`:]{3,}\s*\{admonition\}\s*(.*)$", body, re.M)
    for who in (r"Government of Japan|Japanese government", r"North Korea", r"famil", r"scholar"):
        assert any(re.search(who, label, re.I) for label in labels), \
            f"{path.name}: Perspectives has no labelled position matching {who!r} (labels: {labels})"
    assert "{cite:" in body, f"{path.name}: the Perspectives section cites no source"


def test_chapter_has_summary_questions_exercises_and_reading(chapter):
    path, text = chapter
    key = CHAPTERS[path.name]
    assert section(text, r"^summary") is not None, f"{path.name}: no 'Summary' heading"
    questions = section(text, r"discussion questions")
    assert questions is not None, f"{path.name}: no 'Discussion questions' heading"
    n = len(re.findall(r"^\s*(?:\d+\.|[-*])\s+\S", questions, re.M))
    assert n >= 4, f"{path.name}: {n} discussion questions (need at least 4)"
    assert f"{{ref}}`exercises-{key}`" in text, f"{path.name}: no pointer to {{ref}}`exercises-{key}`"
    assert section(text, r"further reading") is not None, f"{path.name}: no 'Further reading' heading"


def test_chapter_has_enough_prose(chapter):
    path, text = chapter
    n = count_words(text)
    assert n >= MIN_WORDS, f"{path.name}: {n} words of prose (need at least {MIN_WORDS})"


def test_chapter_retypes_no_figure_the_data_holds(chapter):
    path, text = chapter
    hits = retyped_figures(text)
    assert not hits, (f"{path.name}: figures the data holds are typed into the prose instead of read from data/: {hits}. "
                      "Quote them with a role ({{count}}, {{poll}}, {{figure-value}}; see abduction_issue/sphinxext/roles.py), "
                      "or quote the source if you are quoting it.")


def test_word_count_ignores_code_and_tables():
    text = ("---\njupytext: {}\n---\n```{code-cell} python\nx = 'many words in code are not prose at all'\n```\n"
            "| a table | is not prose |\n|---|---|\n> nor is a quotation\n\nOne two three {cite:p}`key`.\n")
    assert count_words(text) == 3


# --------------------------------------------------------------------------- tests: citations

_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")


def bib_keys() -> set[str]:
    text = (ROOT / "data" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, re.M))


def cited_keys() -> dict[str, set[str]]:
    out = {}
    for path in book_sources():
        for group in _CITE.findall(source_text(path)):
            for key in group.split(","):
                if key.strip():
                    out.setdefault(key.strip(), set()).add(path.relative_to(ROOT).as_posix())
    # chapter 5 renders data/article_claims.csv with a citation for each of its sources
    for keys in data.load_article_claims()["source_keys"]:
        for key in keys:
            out.setdefault(key, set()).add("data/article_claims.csv")
    return out


def test_every_cite_key_exists():
    keys = bib_keys()
    missing = {k: sorted(v) for k, v in cited_keys().items() if k not in keys}
    assert not missing, f"cited but not in data/references.bib: {missing}"


def test_every_bib_entry_is_cited():
    uncited = sorted(bib_keys() - set(cited_keys()))
    assert not uncited, f"entries in data/references.bib cited nowhere in the book: {uncited}"


def test_bib_keys_are_unique():
    text = (ROOT / "data" / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, re.M)
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"duplicate bib keys: {dupes}"


# --------------------------------------------------------------------------- tests: glossary

def glossary_terms() -> set[str]:
    text = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    m = re.search(r"```\{glossary\}[^\n]*\n(.*?)\n```", text, re.S)
    assert m, "chapters/glossary.md has no {glossary} block"
    terms = set()
    for line in m.group(1).split("\n"):
        if line.strip() and not line[0].isspace() and not line.startswith(":"):
            terms.add(line.strip().lower())
    return terms


_TERM = re.compile(r"\{term\}`([^`]*)`")


def term_refs() -> dict[str, set[str]]:
    out = {}
    for path in book_sources():
        for ref in _TERM.findall(source_text(path)):
            m = re.match(r"^(.*?)\s*<([^>]+)>\s*$", ref, re.S)
            target = (m.group(2) if m else ref).strip().lower()
            target = " ".join(target.split())
            out.setdefault(target, set()).add(path.relative_to(ROOT).as_posix())
    return out


def test_glossary_has_terms():
    assert len(glossary_terms()) >= 10


def test_every_term_reference_resolves():
    terms = glossary_terms()
    bad = {t: sorted(v) for t, v in term_refs().items() if t not in terms}
    assert not bad, f"{{term}} references with no glossary entry: {bad}"


def test_every_glossary_term_is_used():
    unused = sorted(glossary_terms() - set(term_refs()))
    assert not unused, f"glossary terms never referenced with {{term}}: {unused}"


# --------------------------------------------------------------------------- tests: the chapter helpers

def test_abductee_counts_match_the_data():
    ab = data.load_abductees()
    c = book.abductee_counts(ab)
    assert c["total"] == len(ab)
    assert c["nk_admitted"] == c["nk_alive"] + c["nk_dead"]
    assert c["nk_admitted"] + c["nk_never_entered"] == c["total"]
    assert c["returned"] + c["not_returned"] == c["total"]
    assert c["incidents"] == ab["incident_no"].nunique()


def test_abductee_tables_have_a_row_per_person():
    ab = data.load_abductees()
    for view in ("who", "accounts"):
        md = book.abductees_markdown(view)
        rows = [l for l in md.split("\n") if l.startswith("| ") and not l.startswith("| Incident")]
        assert len(rows) == len(ab)
        plain = md.replace("\\", "")
        for name in ab["name_en"]:
            assert f"| {name} |" in plain or f"| {name} (" in plain, f"{name} missing from the {view!r} table"
    with pytest.raises(ValueError):
        book.abductees_markdown("nonsense")


def test_japanese_names_in_english_parentheses_use_one_bracket_style():
    """'(地村 富貴惠（旧姓 濱本）)' mixed a half-width pair and a full-width pair (issue 24, P12): inside the English
    table's parentheses a maiden name follows a Japanese comma; every name is still there, characters and all."""
    nbsp = "\u00a0"   # never a line break between family and given name
    assert book.ja_in_parentheses("地村 富貴惠（旧姓 濱本）") == f"地村{nbsp}富貴惠、旧姓{nbsp}濱本"
    assert book.ja_in_parentheses("横田 めぐみ") == f"横田{nbsp}めぐみ"
    md = book.abductees_markdown("who")
    assert "（" not in md and "）" not in md
    for name in data.load_abductees()["name_ja"]:
        assert f"({book.ja_in_parentheses(name)})" in md
        assert re.sub(r"[（）、\s]", "", book.ja_in_parentheses(name)) == re.sub(r"[（）、\s]", "", name)


def test_accounts_table_keeps_japans_findings_out_of_north_koreas_column():
    """The 'What North Korea has said' column carries North Korea's account only; Japan's findings (the DNA
    tests on the 2004 'remains', the judgement on the 2002 remains) sit in their own column of the same row."""
    md = book.abductees_markdown("accounts")
    header = next(l for l in md.split("\n") if l.startswith("| Incident"))
    cols = [c.strip() for c in header.strip("|").split("|")]
    assert cols[-2:] == ["What North Korea has said", "Japan's findings"], cols
    nk_at, jp_at = cols.index("What North Korea has said"), cols.index("Japan's findings")
    rows = {}
    for line in md.split("\n"):
        if line.startswith("| ") and not line.startswith("| Incident"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            assert len(cells) == len(cols), line
            rows[cells[1].replace("\\", "").split(" (")[0]] = cells     # "Megumi Yokota (横田 めぐみ)"
    assert "DNA" in rows["Megumi Yokota"][jp_at] and "DNA" not in rows["Megumi Yokota"][nk_at]
    assert "not to be his" in rows["Kaoru Matsuki"][jp_at] and "not his" not in rows["Kaoru Matsuki"][nk_at]
    assert "Kim Se-ho" in rows["Yutaka Kume"][jp_at] and "Kim Se-ho" not in rows["Yutaka Kume"][nk_at]
    ab = data.load_abductees()
    # Japan's evidence for the people North Korea says never entered is shown, not left as a dash
    for _, r in ab[ab["nk_position"] == "never_entered"].iterrows():
        assert rows[r["name_en"]][jp_at] != "—", r["name_en"]
    # an empty cell still renders as a dash
    blank = ab.copy()
    blank.loc[blank["name_en"] == "Yutaka Kume", "japan_findings"] = ""
    kume = next(l for l in book.abductees_markdown("accounts", blank).split("\n") if "| Yutaka Kume (" in l)
    assert kume.rstrip().endswith("| — |"), kume
    for claim in ab["north_korea_claim"]:
        assert not re.search(r"DNA|judged not|Kyodo reported", claim), claim



@pytest.mark.parametrize("page", [c.page for c in project.CHAPTERS])
def test_every_chapter_of_the_book_shows_a_computed_time(page):
    """All five chapters (chapter 5 has no key-dates box, so the fixture above leaves it out)."""
    text = (ROOT / page).read_text(encoding="utf-8")
    assert len(re.findall(r"^```\{reading-time\}\s*$", text, re.M)) == 1, f"{page}: one {{reading-time}} directive"


def test_no_line_break_between_two_cjk_characters_in_the_sources():
    """A line break inside Japanese or Korean text prints as a space: the course pack keeps the spaces the text has
    (xeCJK's CJKspace, so Korean keeps its word spaces and names their family/given space, issue 24, P12), and
    browsers may show one too. Japanese and Korean runs stay on one source line."""
    cjk = r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef\u3000-\u303f]"
    pattern = re.compile(cjk + r"\n(?:>\s*)?" + cjk)
    assert pattern.search("権威\n> ある") and not pattern.search("権威\nand")
    paths = [ROOT / "index.md"] + sorted((ROOT / "chapters").rglob("*.md")) + sorted((ROOT / "notebooks").glob("*.ipynb"))
    found = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            import json
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "markdown")
        hits = [m.group(0) for m in pattern.finditer(text)]
        if hits:
            found[path.name] = hits
    assert not found, found
