"""Boxes, tables and numbers the chapters draw from the data.

The chapter pages put these on the page through the directives and roles of
:mod:`abduction_issue.sphinxext.directives` (in the Sphinx process, no kernel): the functions
return MyST Markdown (rendered the same way in HTML and in the PDF) or plain
values, so that no date or number the data holds is ever retyped in a chapter.
The notebooks use :func:`table` and the value helpers directly.
"""
from __future__ import annotations

import re

import pandas as pd

from . import data, project
from .i18n import tr
from .i18n import is_japanese, text
from .dates import format_date  # noqa: F401  (book.format_date: the notebooks and tests use it)

#: The chapters with a key-dates box (:data:`abduction_issue.project.KEY_DATES_CHAPTERS`)
CHAPTERS = {c: project.CHAPTER_TITLES[c] for c in project.KEY_DATES_CHAPTERS}


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


#: A chapter's key-dates box shows at most this many events (issue 14): its handful of key events, chosen in
#: ``data/timeline.csv`` (``key_date = yes``). The full list is not repeated in the chapter (issue 23): the box
#: points to the timeline notebook and the CSV.
MAX_KEY_DATES = 10


def key_dates_markdown(chapter: str, timeline: pd.DataFrame | None = None) -> str:
    """The 'Key dates' box of a chapter, as MyST Markdown, from ``data/timeline.csv``: the chapter's key events
    (``key_date = yes``, at most :data:`MAX_KEY_DATES`), dates in words, and where the rest of the chapter's
    events are (the timeline notebook and ``data/timeline.csv``)."""
    if chapter not in CHAPTERS:
        raise KeyError(f"unknown chapter {chapter!r}; known: {', '.join(CHAPTERS)}")
    tl = data.load_timeline() if timeline is None else timeline
    rows = tl[tl["chapter"] == chapter]
    key = rows[rows["key_date"] == "yes"]
    if not 1 <= len(key) <= MAX_KEY_DATES:
        raise ValueError(f"data/timeline.csv: chapter {chapter!r} has {len(key)} rows with key_date = yes; "
                         f"its key-dates box needs 1 to {MAX_KEY_DATES}")

    def items(frame):
        sep = "：" if is_japanese() else ": "
        return [f"- **{format_date(r['date'], r['date_precision'])}**{sep}{_md_escape(text(r, 'event'))}"
                for _, r in frame.iterrows()]

    rest = len(rows) - len(key)
    csv = "{download}`data/timeline.csv </data/timeline.csv>`"
    if rest:
        more = tr("The full timeline, with the other {rest} events of this chapter, is in the notebook {notebook} "
                 "and in {csv}, where each row names its sources.").format(
            rest=rest, notebook="{doc}`/notebooks/01-timeline`", csv=csv)
    else:
        more = tr("From {csv}, where each row names its sources.").format(csv=csv)
    lines = [":::{admonition} " + tr("Key dates"), ":class: key-dates", "", *items(key), "",
             f"*{more} " + tr("Dates given as a month are known only to the month.") + "*", ":::"]
    return "\n".join(lines)


def _row(df: pd.DataFrame, column: str, key: str, where: str) -> dict:
    """The row of ``df`` whose ``column`` equals ``key``, as a dict with <NA> turned into None."""
    hit = df[df[column] == key]
    if hit.empty:
        raise KeyError(f"no {key!r} in {where}")
    return {k: (None if pd.isna(v) else v) for k, v in hit.iloc[0].to_dict().items()}


def event(event_id: str) -> dict:
    """One timeline row as a dict, with ``when`` (the date written at its precision)."""
    row = _row(data.load_timeline(), "id", event_id, "data/timeline.csv")
    row["when"] = format_date(row["date"], row["date_precision"])
    return row


def sources_markdown(title: str, url: str | None) -> str:
    """A row's sources as a Markdown list of links (titles without URLs stay plain text)."""
    items = []
    for t, u in data.split_sources(title, url):
        if t and u:
            items.append(f"[{_md_escape(t)}]({u})")
        elif t:
            items.append(_md_escape(t))
        elif u:
            items.append(f"<{u}>")
    return "; ".join(items)


# --------------------------------------------------------------------------- helpers for chapters 3-5


def poll_value(survey_id: str, item_key: str) -> dict:
    """One Cabinet Office figure from ``data/opinion_polls.csv`` with its wave metadata.

    Returns a dict with ``percent`` (float), ``verified`` ("yes"/"no"), ``fiscal_year`` (int),
    ``status`` and ``note``; raises ``KeyError`` if the wave has no figure for the item."""
    polls = data.load_opinion_polls()
    hit = polls[(polls["survey_id"] == survey_id) & (polls["item_key"] == item_key)]
    if hit.empty:
        raise KeyError(f"no figure for {item_key!r} in survey {survey_id!r}")
    r = hit.iloc[0]
    return {"percent": float(r["percent"]), "verified": str(r["verified"]), "fiscal_year": int(r["fiscal_year"]),
            "status": str(r["status"]), "note": None if pd.isna(r["note"]) else str(r["note"])}


def other_poll_value(poll_id: str) -> dict:
    """One row of ``data/opinion_polls_other.csv`` as a dict (``percent`` as float)."""
    row = _row(data.load_other_polls(), "id", poll_id, "data/opinion_polls_other.csv")
    row["percent"] = float(row["percent"])
    return row


def survey_waves_markdown(waves: pd.DataFrame | None = None, polls: pd.DataFrame | None = None, *,
                          changes_only: bool = False) -> str:
    """Every wave of the Cabinet Office diplomacy survey as a Markdown table, with a column
    flagging where the method, the age floor, the answer list or an answer's wording changed (from
    ``data/survey_waves.csv`` and ``data/opinion_polls.csv``).  Coded values are shown in words
    (:data:`abduction_issue.data.CODE_WORDS`).

    ``changes_only``: only the waves where something changed (the changes are still found against every
    wave): the few rows a page that is not the table's home shows (issue 23: the full table is chapter 5's)."""
    w = data.load_survey_waves() if waves is None else waves
    w = w.sort_values("fiscal_year").reset_index(drop=True)

    def words(column, code):
        return data.in_words("survey_waves", column, code)

    lines = ["| " + " | ".join([tr("Wave"), tr("Fiscal year"), tr("Fieldwork"), tr("Method"), tr("Ages"), tr("N"),
                                 tr("North Korea figures"), tr("Change from the previous wave")]) + " |",
             "|---|---|---|---|---|---|---|---|"]
    changes = {}
    for c in data.wave_changes(w):
        if c["kind"] == "answer_list":
            change = tr("new answer list")
        elif c["kind"] == "method":
            change = tr("method: {before} → {after}").format(before=words('method', c['before']),
                                                            after=words('method', c['after']))
        else:
            change = tr("age floor {before}+ → {after}+").format(before=int(c['before']), after=int(c['after']))
        changes.setdefault(c["survey_id"], []).append(change)
    for c in data.wording_changes(polls):
        if c["survey_id"] in set(w["survey_id"]):
            changes.setdefault(c["survey_id"], []).append(
                tr("answer reworded: {after} (was {before})").format(after=c['after_ja'], before=c['before_ja']))
    for _i, r in w.iterrows():
        if changes_only and r["survey_id"] not in changes:
            continue
        fw = format_date(r["fieldwork"], "month") if isinstance(r["fieldwork"], str) and r["fieldwork"] else tr("not found")
        n = f"{int(r['sample_size']):,}" if pd.notna(r["sample_size"]) else tr("not found")
        status = words("status", r["status"])
        status = f"**{status}**" if r["status"] == "gap" else status
        lines.append(f"| {r['survey_id']} | {int(r['fiscal_year'])} | {fw} | {words('method', r['method'])} | "
                     f"{tr('{age}+').format(age=int(r['min_age']))} | {n} | {status} | {'; '.join(changes.get(r['survey_id'], [])) or '—'} |")
    return "\n".join(lines)


def other_polls_markdown(poll_ids, *, require_verified: bool = True, require_probability: bool = True) -> str:
    """Rows of ``data/opinion_polls_other.csv`` as a Markdown table (poll, fieldwork, answer, percent).

    By default refuses a row that is not ``verified=yes`` or not a probability sample, so a chapter
    cannot silently show an unconfirmed or self-selected poll."""
    o = data.load_other_polls().set_index("id")
    missing = [p for p in poll_ids if p not in o.index]
    if missing:
        raise KeyError(f"unknown poll ids {missing}")
    lines = ["| " + " | ".join([tr("Poll"), tr("Fieldwork"), tr("Answer"), "%", tr("Source")]) + " |", "|---|---|---|---|---|"]
    for pid in poll_ids:
        r = o.loc[pid]
        if require_verified and r["verified"] != "yes":
            raise ValueError(f"{pid} is not verified")
        if require_probability and r["probability_sample"] != "yes":
            raise ValueError(f"{pid} is not a probability sample")
        fw = format_date(r["fieldwork"], "month") if isinstance(r["fieldwork"], str) and r["fieldwork"] else tr("not recorded")
        src = sources_markdown(r["source_title"], None if pd.isna(r["source_url"]) else r["source_url"])
        item = r["item_ja"] if is_japanese() else r["item_en"]
        lines.append(f"| {_md_escape(text(r, 'poll'))} | {fw} | {_md_escape(item)} | {float(r['percent']):g} | {src} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- helpers for chapters 1-2

def _status_words(code):
    return {"returned_2002": tr("returned to Japan in 2002"), "not_returned": tr("not returned")}[code]


def _nk_words(code):
    return {"alive": tr("alive", "North Korea's position"), "dead": tr("dead", "North Korea's position"),
            "never_entered": tr("never entered North Korea")}[code]


def abductee_counts(ab: pd.DataFrame | None = None) -> dict:
    """Counts the chapters quote, computed from ``data/abductees.csv``.

    ``total`` (people on the government list), ``incidents``, ``returned`` / ``not_returned``,
    ``nk_admitted`` (North Korea says they entered: ``alive`` + ``dead``), ``nk_alive``, ``nk_dead``,
    ``nk_never_entered``, ``women``, ``men``, ``youngest_age`` and ``oldest_age``."""
    ab = data.load_abductees() if ab is None else ab
    nk = ab["nk_position"]
    return {
        "total": int(len(ab)),
        "incidents": int(ab["incident_no"].nunique()),
        "returned": int((ab["status"] == "returned_2002").sum()),
        "not_returned": int((ab["status"] == "not_returned").sum()),
        "nk_admitted": int(nk.isin(["alive", "dead"]).sum()),
        "nk_alive": int((nk == "alive").sum()),
        "nk_dead": int((nk == "dead").sum()),
        "nk_never_entered": int((nk == "never_entered").sum()),
        "women": int((ab["sex"] == "F").sum()),
        "men": int((ab["sex"] == "M").sum()),
        "youngest_age": int(ab["age_at_abduction"].min()),
        "oldest_age": int(ab["age_at_abduction"].max()),
    }


def _where(r) -> str:
    """Where a person was taken: the place, with its prefecture or country unless the place names it."""
    place, region = str(text(r, "place")), str(text(r, "prefecture_or_country"))
    english = str(r["prefecture_or_country"])
    if english.lower().startswith("unknown") or region.split(" (")[0].split("（")[0] in place:
        return place
    return f"{region}{place}" if is_japanese() else f"{place}, {region}"


def ja_in_parentheses(name_ja: str) -> str:
    """A Japanese name as it stands inside an English sentence's parentheses: one bracket style, not a full-width pair
    nested in a half-width one (issue 24, P12). The maiden name the data gives in Japanese brackets follows a
    Japanese comma instead: ``地村 富貴惠（旧姓 濱本）`` -> ``地村 富貴惠、旧姓 濱本``. The space between family and
    given name is a no-break space, so a name is never split across two lines of a table cell (it may break after
    the comma)."""
    m = re.fullmatch(r"(.+?)\s*（([^（）]+)）", str(name_ja))
    text = f"{m.group(1)}、{m.group(2)}" if m else str(name_ja)
    return text.replace(" ", "\u00a0")


def abductees_markdown(view: str = "who", ab: pd.DataFrame | None = None) -> str:
    """The 17 government-recognised abductees as a Markdown table, from ``data/abductees.csv``.

    ``view="who"``: incident, name (English and Japanese), date taken (at its precision), place, age, sex.
    ``view="accounts"`` (the book's one abductee table, chapter 2): incident, name (English and Japanese), when
    and where taken and the age, status, North Korea's position, North Korea's claim and, in its own
    column, Japan's findings (``japan_findings``; a dash where there are none), set against Japan's list.
    Rows are in the government's incident order."""
    ab = data.load_abductees() if ab is None else ab
    ab = ab.sort_values(["incident_no", "id"], kind="stable")
    def name(r):
        if is_japanese():
            return _md_escape(str(r["name_ja"]).replace(" ", "\u00a0"))
        return f"{_md_escape(r['name_en'])} ({_md_escape(ja_in_parentheses(r['name_ja']))})"

    def age(n):
        return tr("{age}", "age").format(age=n)

    if view == "who":
        lines = ["| " + " | ".join([tr("Incident"), tr("Name (日本語)"), tr("Taken"), tr("Where"), tr("Age (sex)")]) + " |",
                 "|---|---|---|---|---|"]
        for _i, r in ab.iterrows():
            where = _where(r)
            sex = tr("F", "sex") if r["sex"] == "F" else tr("M", "sex")
            lines.append(
                f"| {int(r['incident_no'])} | {name(r)} | "
                f"{format_date(r['incident_date'], r['date_precision'])} | {_md_escape(where)} | "
                f"{age(int(r['age_at_abduction']))} ({sex}) |")
    elif view == "accounts":
        # Widths given (print: a long table keeps them; the names and both accounts fit their columns)
        # The book's one table of the abductees (issue 23): who, when, where and at what age, then the two
        # governments' accounts side by side.
        lines = [":::{table}", ":widths: 7 13 14 8 12 24 22", "",
                 "| " + " | ".join([tr("Incident"), tr("Name (日本語)"), tr("Taken: when, where (age)"), tr("Status"),
                                    tr("North Korea's position"), tr("What North Korea has said"),
                                    tr("Japan's findings")]) + " |",
                 "|---|---|---|---|---|---|---|"]
        for _i, r in ab.iterrows():
            findings = text(r, "japan_findings")
            jf = findings if isinstance(findings, str) and findings.strip() else "—"
            sep = "、" if is_japanese() else ", "
            taken = (f"{format_date(r['incident_date'], r['date_precision'])}{sep}{_where(r)} "
                     f"({age(int(r['age_at_abduction']))})")
            lines.append(
                f"| {int(r['incident_no'])} | {name(r)} | "
                f"{_md_escape(taken)} | {_status_words(r['status'])} | "
                f"{_nk_words(r['nk_position'])} | {_md_escape(text(r, 'north_korea_claim'))} | {_md_escape(jf)} |")
        lines.append(":::")
    else:
        raise ValueError(f"unknown view {view!r}; use 'who' or 'accounts'")
    c = abductee_counts(ab)
    lines += ["", "*" + tr("Generated from `data/abductees.csv`: {total} people in {incidents} incidents, in the "
                         "government's incident order. Dates given as a month are known only to the month; each row "
                         "there names its sources.").format(total=c['total'], incidents=c['incidents']) + "*"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the fact-check table (chapter 5)

#: The page that holds the fact-check table; ``{claim}`claim-03``` links to its row ``#claim-03``.
CLAIMS_PAGE = "chapters/05-reading-the-sources"
_VERDICT_WORDS = ("correct", "imprecise", "unverified", "wrong")


def verdict_word(code: str) -> str:
    """A verdict as the table shows it: ``Correct`` / ``正確``."""
    return {"correct": tr("Correct", "verdict"), "imprecise": tr("Imprecise", "verdict"),
            "unverified": tr("Unverified", "verdict"), "wrong": tr("Wrong", "verdict")}[code]


def claim_number(claim_id: str) -> int:
    """``claim-03`` -> 3 (the number readers see: "fact-check claim 3")."""
    return int(str(claim_id).split("-", 1)[1])


def verdict_counts(claims: pd.DataFrame | None = None) -> dict:
    """How many claims have each verdict (every verdict of the schema, zeros included)."""
    c = data.load_article_claims() if claims is None else claims
    return {v: int((c["verdict"] == v).sum()) for v in _VERDICT_WORDS}


def article_claims_markdown(claims: pd.DataFrame | None = None) -> str:
    """The fact-check of the source article as a MyST list-table, one row per claim, from ``data/article_claims.csv``.

    Each row starts with a target named after the claim id, so ``{claim}`claim-03``` (and the URL
    ``05-reading-the-sources.html#claim-03``) lead to it; sources are rendered as citations."""
    c = data.load_article_claims() if claims is None else claims
    ja = is_japanese()
    lines = [":::{list-table} " + tr("The source article checked claim by claim, in the article's order. Generated "
                                    "from `data/article_claims.csv`; the verdicts are defined in the text above."),
             # Japanese verdicts are short (不正確) and the evidence long: a wider evidence column keeps each row
             # shorter than a printed page (a longtable breaks between rows, never inside one)
             ":header-rows: 1", ":widths: " + ("6 26 8 45 15" if ja else "7 30 14 34 15"), ":class: longtable article-claims", ":name: tbl-article-claims", "",
             "* - " + tr("No."), "  - " + tr("Claim in the article (section)"), "  - " + tr("Verdict"),
             "  - " + tr("What the evidence says"), "  - " + tr("Sources")]
    for _i, r in c.iterrows():
        keys = r["source_keys"] if "source_keys" in r else str(r["sources"]).split(";")
        claim = (f"「{_md_escape(text(r, 'claim'))}」" + tr("(translated from the English)")) if ja \
            else f"“{_md_escape(r['claim'])}”"
        lines += [f"* - ({r['id']})=", "", f"    {claim_number(r['id'])}",
                  f"  - {claim}", "", f"    *{tr('Section:')}* {_md_escape(text(r, 'section'))}",
                  f"  - **{verdict_word(r['verdict'])}**",
                  f"  - {_md_escape(text(r, 'evidence'))}",
                  "  - {cite:p}`" + ",".join(keys) + "`"]
    lines.append(":::")
    return "\n".join(lines)


# --------------------------------------------------------------------------- tables the notebooks show

#: A printed table with more rows than this may break across pages (a LaTeX longtable); a shorter one is kept whole.
LONGTABLE_ROWS = 12


class Table:
    """A data table for every output: HTML for the online book and JupyterLab, MyST Markdown for the
    printed course pack, readable text for a plain console.

    A pandas ``Styler`` has only an HTML representation, so the LaTeX builder (which cannot use HTML)
    printed its repr, ``<pandas.io.formats.style.Styler at 0x...>``, where the table belonged (issue 16).
    This object carries ``text/markdown`` too: a MyST ``list-table`` that Sphinx sets as a real LaTeX table
    (a ``longtable`` that may break across pages if it is long, with column widths from ``widths`` or from the lengths of
    the texts).  ``myst-nb`` prefers ``text/html`` for the online book and ``text/markdown`` for LaTeX.

    ``index``: show the index as the first column (named ``index_name``); ``ja``: columns holding Japanese
    text (marked ``lang="ja"`` in HTML)."""

    def __init__(self, df: pd.DataFrame, *, index: bool = False, index_name: str = "", ja=(),
                 widths=None, caption: str = ""):
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"Table needs a pandas DataFrame, not {type(df).__name__}")
        unknown = [c for c in ja if c not in df.columns]
        if unknown:
            raise KeyError(f"Japanese-text columns {unknown} are not columns of the table ({list(df.columns)})")
        self.df, self.index, self.index_name, self.ja, self.caption = df, index, index_name, tuple(ja), caption
        ncols = len(df.columns) + (1 if index else 0)
        if widths is not None and len(widths) != ncols:
            raise ValueError(f"{len(widths)} widths for {ncols} columns")
        self.widths = list(widths) if widths is not None else None

    # -- the cells as text
    def _frame(self) -> pd.DataFrame:
        df = self.df
        if self.index:
            df = df.reset_index()
            df = df.rename(columns={df.columns[0]: self.index_name or (self.df.index.name or "")})
        return df

    @staticmethod
    def _text(v) -> str:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return "–"
        if isinstance(v, float):                      # a column with a gap is float: 13.0 prints as 13
            return f"{v:g}" if not v.is_integer() else str(int(v))
        return str(v).replace("\n", " ")

    def _auto_widths(self, df) -> list[int]:
        """Relative column widths from the longest word and the typical length of each column."""
        out = []
        for c in df.columns:
            texts = [self._text(v) for v in df[c]] + [str(c)]
            longest_word = max((len(w) for t in texts for w in t.split()), default=1)
            typical = sorted(len(t) for t in texts)[len(texts) // 2]
            out.append(max(longest_word, min(typical, 60), 4))
        return out

    # -- representations
    #: The classes of the HTML table: ``table`` is the one the theme styles the chapters' tables by (borders,
    #: stripes), so a notebook's table looks like the others (issue 23); ``abd-data-table`` (abduction-site.css)
    #: sets its cells at the top and to the left, as the chapters' are.
    HTML_CLASSES = "table abd-data-table"

    def _repr_html_(self) -> str:
        styler = self._frame().style.hide(axis="index")      # an index shown is a named first column
        styler = styler.set_table_attributes(f'class="{self.HTML_CLASSES}"')
        if self.ja:
            styler = styler.format({c: (lambda s: f'<span lang="ja">{s}</span>') for c in self.ja})
        if self.caption:
            styler = styler.set_caption(self.caption)
        return styler.to_html()

    def markdown(self) -> str:
        """The table as a MyST ``list-table`` (the course pack's rendering)."""
        df = self._frame()
        widths = self.widths or self._auto_widths(df)
        lines = [f"```{{list-table}} {_md_escape(self.caption)}".rstrip(), ":header-rows: 1",
                 f":widths: {' '.join(str(int(w)) for w in widths)}",
                 *([":class: longtable"] if len(df) > LONGTABLE_ROWS else []), ""]
        for i, row in enumerate([list(df.columns), *df.itertuples(index=False)]):
            for j, v in enumerate(row):
                lines.append(("* - " if j == 0 else "  - ") + _md_cell(self._text(v)))
        lines.append("```")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        return self._frame().to_string(index=False)


def _md_cell(text: str) -> str:
    """A table cell's text as MyST inline text: no Markdown markup, no list or heading at the start."""
    text = _md_escape(text).replace("`", "\\`").replace("[", "\\[").replace("<", "\\<")
    if re.match(r"^(\d+[.)](\s|$)|[-+#>]|=+$)", text):
        text = "\\" + text if not text[0].isdigit() else re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return text or "–"


def table(df: pd.DataFrame, **kw) -> Table:
    """Display a DataFrame as a table in the online book, JupyterLab and the printed pack (see :class:`Table`)."""
    return Table(df, **kw)
