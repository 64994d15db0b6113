"""Reading times, computed from a page's own words (issue 23: "computed, not typed").

The rate is :data:`WORDS_PER_MINUTE`, 200 words a minute.  Brysbaert's meta-analysis of 190 studies
(*Journal of Memory and Language*, 2019) puts adults' silent reading of English non-fiction at about 238 words
a minute on average; the book uses the rounder and slower 200 because students read it to learn, with
tables and sources to check.  The same rate is used for the exercises (their prompts, choices and
explanations).

* Chapters: the ``{reading-time}`` and ``{deep-dive}`` directives (:mod:`abduction_issue.sphinxext.reading`)
  count the words of the page as Sphinx parsed it, generated tables and boxes included, code and code output
  excluded, and split them into core and deep-dive sections.
* Notebooks: their "**Time to learn:**" line is typed in the notebook (so JupyterLab shows it too) and a
  test checks it against :func:`notebook_minutes`, counted from the notebook's text cells.  When the text
  changes, ``python -m abduction_issue.reading`` rewrites the line.
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

#: the reading rate, in words a minute (see the module's opening comment for its source)
WORDS_PER_MINUTE = 200
#: a word: letters or digits, joined by an apostrophe or a hyphen ("Koizumi's", "1970s", "follow-up")
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: the notebook's typed time line
#: the notebook that shows the whole question bank
EXERCISES_NOTEBOOK = "04-exercises.ipynb"
NOTEBOOK_TIME = re.compile(r"\*\*Time to learn:\*\* about (\d+) minutes?[^\n\"\\\\]*")


def count_words(text: str) -> int:
    """The number of words in ``text``."""
    return len(WORD.findall(text))


def minutes(words: int) -> int:
    """Whole minutes to read ``words`` at :data:`WORDS_PER_MINUTE` (at least 1 for any text), rounded up."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


def markdown_words(text: str) -> int:
    """Words of a Markdown (MyST) text as a reader sees them: code blocks, directive fences and options,
    labels, link targets and role names dropped; a role's text and a directive's content (a box's text)
    kept."""
    text = re.sub(r"^(`{3,}|~{3,})(?!\s*\{).*?^\1\s*$", "", text, flags=re.M | re.S)   # code, not directives
    text = re.sub(r"^(`{3,}|~{3,}|:{3,})\s*(\{[\w:-]+\})?(.*)$", r"\3", text, flags=re.M)   # a box's title
    text = re.sub(r"^\(.*\)=\s*$|^:[\w-]+:.*$", "", text, flags=re.M)
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*(<[^`]*>)?`", r"\1", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return count_words(text)


def notebook_words(path) -> int:
    """Words of a notebook's Markdown cells (code and outputs are run and looked at, not read as text)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return sum(markdown_words("".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "markdown")


def question_words(questions) -> int:
    """Words a student reads in a set of questions (:class:`abduction_issue.exercises.Question`): the prompt,
    the choices, events or quotes and speakers offered, and the explanation shown after an answer."""
    from .exercises import event_text
    total = 0
    for q in questions:
        parts = [q.prompt, q.explanation, *(c.text for c in q.choices), *(p.quote for p in q.pairs),
                 *(q.shown_speakers or ())]
        parts += [event_text(ev, q) for ev in (q.shown_events or ())]
        total += sum(count_words(str(p)) for p in parts)
    return total


def notebook_minutes(path) -> int:
    """The minutes a notebook's "Time to learn" line should say: its text cells, and for the exercises
    notebook the whole question bank, at :data:`WORDS_PER_MINUTE`."""
    words = notebook_words(path)
    if Path(path).name == EXERCISES_NOTEBOOK:
        from .exercises import load_bank
        words += question_words(load_bank())
    return minutes(words)


def typed_notebook_minutes(path) -> int | None:
    """The minutes the notebook's "Time to learn" line says (``None`` if it has none)."""
    m = NOTEBOOK_TIME.search(Path(path).read_text(encoding="utf-8"))
    return int(m.group(1)) if m else None


def code_cells(path) -> int:
    """The notebook's code cells."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return sum(c["cell_type"] == "code" for c in nb["cells"])


def notebook_time_line(path) -> str:
    """The notebook's "Time to learn" line: reading minutes computed, the rest named, not guessed."""
    n, cells = notebook_minutes(path), code_cells(path)
    what = "its text and all the questions" if Path(path).name == EXERCISES_NOTEBOOK else "its text"
    return (f"**Time to learn:** about {n} minute{'s' if n != 1 else ''} to read {what} (at "
            f"{WORDS_PER_MINUTE} words a minute), plus the time you take to run its {cells} code cells and "
            "study what they show.")


def update_notebook(path) -> bool:
    """Rewrite the notebook's "Time to learn" line to the computed time; ``True`` if it changed."""
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    line = notebook_time_line(path)
    changed = False
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        old = "".join(cell["source"])
        new = NOTEBOOK_TIME.sub(lambda m: line, old, count=1)
        if new != old:
            cell["source"] = new.splitlines(keepends=True)
            changed = True
    if changed:
        import nbformat
        nbformat.write(nbformat.from_dict(nb), str(path))
    return changed


def main(argv=None) -> int:
    from . import project
    for page in project.NOTEBOOKS:
        path = project.ROOT / page
        print(f"{page}: {notebook_minutes(path)} min", "(updated)" if update_notebook(path) else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
