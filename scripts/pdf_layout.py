"""Copy-shop checks on a printed PDF, from the position of every word (poppler's ``pdftotext -bbox-layout``).

    python scripts/pdf_layout.py course-pack.pdf      # prints one line per problem; exit 1 if there is any

Fails (issue 24, P1/P2) on

* **text below the running foot**: a word lower on the page than the foot line (the line that ends with the
  page number), or a word that reaches down into the foot's band without being part of the foot (a table
  that ran past the text block and under the foot rule);
* **overprinted text**: two words whose boxes overlap (a table row printed over the foot, or over other text);
* **blank pages**: a page between the title page and the last page with no body text, only the running head
  and foot (or nothing at all);
* **a heading alone at the foot** (P7, P11): the last line of a page's body is a numbered section heading
  ("8.3 An overview") or a "Key dates" box title, its text on the next page.

A page is "numbered" when its lowest line ends with its page number (arabic or roman); the pack's pages all
are, except the title page. The foot is that line, plus, above it, a second line of a long section title
(set in the left part of the foot, clear of the page number). The running head is the top line of a page
with a foot, when it lies above every other line.

Used by scripts/build-pdf.sh (a pack with such a page does not build) and tests/test_pdf_layout.py.
"""
from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

PAGE_NUMBER = re.compile(r"^(\d+|[ivxlcdm]+)$")
#: words on one baseline differ by less than this (pt)
SAME_LINE = 2.0
#: a second line of the foot's section title lies this far (pt) above the foot's baseline, at most
FOOT_SECOND_LINE = 16.0
#: two words overprint when their boxes overlap by more than this share of the smaller box
OVERLAP_SHARE = 0.3
#: a lone punctuation mark is not a word that can be overprinted: after a full-width CJK bracket (」) xeCJK
#: sets a following full stop inside the bracket's advance box, which is how Japanese is set, not a fault
LONE_PUNCTUATION = re.compile(r"^[.,;:·・、。]$")
#: CJK punctuation is set in a full-width box that is half empty; xeCJK squeezes the empty half where two marks meet
#: or a mark ends a line (、「 → 、「 in one em: Japanese line breaking), so the boxes pdftotext reports overlap by up to
#: half an em (a whole em where two marks meet) without any ink overprinting
CJK_PUNCTUATION = "、。，．・：；！？「」『』（）［］【】〔〕〈〉《》“”‘’"

#: a line that is a heading: a numbered section heading ("8.3 An overview", "12.4.1 Before class"; not a contents
#: line, which ends with its page number) or a box title
HEADING_LINE = re.compile(r"^(\d+(\.\d+)+\.?\s+[^\d\s].*(?<![\d.])|Key dates)$")


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def area(self) -> float:
        return max(self.x1 - self.x0, 0.0) * max(self.y1 - self.y0, 0.0)


@dataclass
class Page:
    number: int          # 1-based index in the file
    width: float
    height: float
    words: list


def read_pages(pdf) -> list:
    """Every page of ``pdf`` with its words (``pdftotext -bbox-layout``), coordinates in pt from the top left."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"pdftotext cannot read {pdf}: {out.stderr.strip()}")
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", out.stdout)
    xml = re.sub(r'\sxmlns="[^"]+"', "", xml, count=1)
    root = ET.fromstring(xml)
    pages = []
    for i, p in enumerate(root.iter("page"), start=1):
        words = [Word(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                      (w.text or "").strip()) for w in p.iter("word")]
        pages.append(Page(i, float(p.get("width")), float(p.get("height")), [w for w in words if w.text]))
    return pages


def _baseline(w: Word) -> float:
    return w.y1


def foot_of(page: Page):
    """(page-number word, foot words) of a numbered page, else (None, [])."""
    if not page.words:
        return None, []
    right = max(w.x1 for w in page.words)
    # the page number ends the foot line at the right edge of the text block, in the bottom eighth of the page
    candidates = [w for w in page.words if PAGE_NUMBER.match(w.text) and w.x1 >= right - SAME_LINE
                  and w.y0 > page.height * 7 / 8]
    if not candidates:
        return None, []
    number = max(candidates, key=_baseline)
    foot = [w for w in page.words if abs(w.y1 - number.y1) <= SAME_LINE and (w is number or w.x1 <= number.x0)]
    left = min(w.x0 for w in foot)
    # a long section title takes two lines in the foot's left part, clear of the page number
    foot += [w for w in page.words
             if w not in foot and 0 < number.y1 - w.y1 <= FOOT_SECOND_LINE and w.x0 >= left - SAME_LINE
             and w.x1 <= number.x0 - 20]
    return number, foot


def head_of(page: Page, foot: list) -> list:
    """The running head: the top line of a page with a foot, when it lies above every other line."""
    rest = [w for w in page.words if w not in foot]
    if not rest or not foot:
        return []
    top = min(rest, key=lambda w: w.y1)
    head = [w for w in rest if abs(w.y1 - top.y1) <= SAME_LINE]
    below = [w for w in rest if w not in head]
    if below and min(w.y0 for w in below) <= max(w.y1 for w in head):
        return []
    return head


def _overlap(a: Word, b: Word) -> float:
    dx = min(a.x1, b.x1) - max(a.x0, b.x0)
    dy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if dx <= 0 or dy <= 0:
        return 0.0
    smaller = min(a.area, b.area) or 1.0
    return dx * dy / smaller


def _squeezed_cjk_punctuation(a: Word, b: Word) -> bool:
    """Two words of one line that meet at a CJK punctuation mark and overlap by at most half an em."""
    if abs(a.y1 - b.y1) > SAME_LINE:
        return False
    left, right = (a, b) if a.x0 <= b.x0 else (b, a)
    marks = (left.text[-1] in CJK_PUNCTUATION) + (right.text[0] in CJK_PUNCTUATION)
    em = max(left.y1 - left.y0, right.y1 - right.y0)
    return marks > 0 and min(left.x1, right.x1) - right.x0 <= (0.65 * marks) * em


def page_problems(page: Page, *, first: bool = False, last: bool = False) -> list:
    """What is wrong with one page, one line each (empty: nothing)."""
    problems = []
    where = f"PDF page {page.number}"
    number, foot = foot_of(page)
    if number is not None:
        label = f"{where} (p. {number.text})"
        top = min(w.y0 for w in foot)
        body = [w for w in page.words if w not in foot]
        below = [w for w in body if w.y0 >= number.y1 - SAME_LINE]
        into = [w for w in body if w not in below and w.y1 > top - SAME_LINE]
        if below:
            problems.append(f"{label}: text below the foot line: {' '.join(w.text for w in below[:8])!r}")
        if into:
            problems.append(f"{label}: text runs into the running foot: {' '.join(w.text for w in into[:8])!r}")
        where = label
    words = sorted(page.words, key=lambda w: (w.y0, w.x0))
    clash = None
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b.y0 > a.y1:
                break
            if LONE_PUNCTUATION.match(a.text) or LONE_PUNCTUATION.match(b.text):
                continue
            if _squeezed_cjk_punctuation(a, b):
                continue
            if _overlap(a, b) > OVERLAP_SHARE:
                clash = (a, b)
                break
        if clash:
            problems.append(f"{where}: overprinted text: {clash[0].text!r} and {clash[1].text!r}")
            break
    body = [w for w in page.words if w not in foot and w not in head_of(page, foot)]
    if not first and not last and not body:
        problems.append(f"{where}: blank page (no body text between the running head and foot)")
    if number is not None and body and not last:
        lowest = max(w.y1 for w in body)
        line = " ".join(w.text for w in sorted((w for w in body if abs(w.y1 - lowest) <= SAME_LINE),
                                                key=lambda w: w.x0))
        if HEADING_LINE.match(line):
            problems.append(f"{where}: heading alone at the foot of the page: {line!r}")
    return problems


def problems(pdf) -> list:
    pages = read_pages(pdf)
    out = []
    for page in pages:
        out += page_problems(page, first=page.number == 1, last=page.number == len(pages))
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: pdf_layout.py FILE.pdf", file=sys.stderr)
        return 2
    pdf = Path(argv[0])
    found = problems(pdf)
    for line in found:
        print(f"{pdf.name}: {line}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
