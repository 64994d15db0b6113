"""Named values the prose quotes, each computed from ``data/`` (and ``_config.yml`` for the launch settings),
and :func:`lookup`, what each data role of a page prints.

The chapters write ``{count}`abductees.returned``` or ``{fact}`abductees.never_entered_names``` where they
mean the value (the roles are in :mod:`abduction_issue.sphinxext.roles`); this module is the one place that
says how each is computed.  Dates of events (``{date}`ev-20020917```), key figures (``{figure-value}`…```)
and poll figures (``{poll}`…```) need no entry here: :func:`lookup` reads them from their data files.

:func:`value` returns the value as the prose prints it (an ``int``, a ``float`` as stored, or text);
:data:`FACTS` says which data files each name reads, so that Sphinx rebuilds exactly the pages that quote
it when one of them changes.
"""
from __future__ import annotations

from . import book, data, i18n, project, reading
from .dates import format_date
from .i18n import tr



def _ab():
    return data.load_abductees()


def _waves():
    return data.load_survey_waves()


def _names(rows) -> str:
    """The people of ``rows`` (abductees) by name: ``A, B and C`` / ``A、B、C`` (the kanji in Japanese)."""
    return i18n.join_names(rows["name_ja"].str.replace(" ", "", regex=False) if i18n.is_japanese()
                           else rows["name_en"])


# --------------------------------------------------------------------------- the abductees (data/abductees.csv)

def _summer_1978():
    """People taken in July and August 1978, the cluster the Sankei report noticed."""
    ab = _ab()
    return ab[(ab["year"] == 1978) & (ab["month"].isin([7, 8]))]


def _volunteered():
    """People North Korea named itself in 2002 although Japan had not listed them (Hitomi Soga)."""
    ab = _ab()
    return ab[ab["north_korea_claim"].str.contains("not on Japan's list", regex=False)]


def _returnees_years_apart() -> int:
    """Years between the five survivors' abduction (all in one year) and their return on 15 October 2002."""
    five = _ab()[_ab()["status"] == "returned_2002"]
    if five["year"].nunique() != 1:
        raise ValueError("data/abductees.csv: the returned_2002 rows no longer share one year of abduction; "
                         "the prose 'N years after they were taken' needs rewording")
    return int(book.event("ev-20021015")["year"] - five["year"].iloc[0])


# --------------------------------------------------------------------------- the surveys

def _gap_years() -> str:
    w = _waves()
    return ("、" if i18n.is_japanese() else ", ").join(str(int(y)) for y in w.loc[w["status"] == "gap", "fiscal_year"])


def _first_year(column, value) -> int:
    w = _waves()
    return int(w[w[column] == value]["fiscal_year"].min())


def _nuclear_wording():
    (change,) = data.wording_changes()
    return change


def _verified_abduction():
    polls = data.load_opinion_polls()
    return polls[(polls["item_key"] == "abduction") & (polls["verified"] == "yes") & (polls["status"] != "preliminary")]


def _h15_dates() -> str:
    start, end = str(_waves().set_index("survey_id").loc["H15", "fieldwork_dates"]).split("/")
    return tr("{start} to {end}").format(start=format_date(start, "day"), end=format_date(end, "day"))


def _last_event_date() -> str:
    tl = data.load_timeline().sort_values("date")
    return format_date(tl.iloc[-1]["date"], tl.iloc[-1]["date_precision"])


def _launch(key):
    return lambda: project.launch_settings()[key]


AB, TL, WAVES, POLLS, OTHER, CLAIMS, CONFIG = ("abductees.csv", "timeline.csv", "survey_waves.csv",
                                               "opinion_polls.csv", "opinion_polls_other.csv",
                                               "article_claims.csv", str(project.CONFIG_FILE))

#: name -> (function returning the value, data files it reads)
FACTS = {
    **{f"abductees.{k}": ((lambda k=k: book.abductee_counts()[k]), (AB,))
       for k in ("total", "incidents", "returned", "not_returned", "nk_admitted", "nk_alive", "nk_dead",
                 "nk_never_entered", "women", "men", "youngest_age", "oldest_age")},
    "abductees.first_year": (lambda: int(_ab()["year"].min()), (AB,)),
    "abductees.last_year": (lambda: int(_ab()["year"].max()), (AB,)),
    "abductees.summer_1978": (lambda: int(len(_summer_1978())), (AB,)),
    "abductees.summer_1978_incidents": (lambda: int(_summer_1978()["incident_no"].nunique()), (AB,)),
    "abductees.taken_in_europe": (lambda: int(_ab()["prefecture_or_country"].str.contains("Europe").sum()), (AB,)),
    "abductees.megumi_yokota_age": (
        lambda: int(_ab().loc[_ab()["name_en"] == "Megumi Yokota", "age_at_abduction"].iloc[0]), (AB,)),
    "abductees.alive_on_japans_list": (
        lambda: int((_ab()["nk_position"] == "alive").sum() - len(_volunteered())), (AB,)),
    "abductees.named_by_north_korea_only": (lambda: _names(_volunteered()), (AB,)),
    "abductees.never_entered_names": (
        lambda: _names(_ab()[_ab()["nk_position"] == "never_entered"]), (AB,)),
    "abductees.years_before_return": (_returnees_years_apart, (AB, TL)),
    "timeline.events": (lambda: int(len(data.load_timeline())), (TL,)),
    "reading.words_per_minute": (lambda: reading.WORDS_PER_MINUTE, ()),
    "timeline.last_date": (_last_event_date, (TL,)),
    "surveys.waves": (lambda: int(len(_waves())), (WAVES,)),
    "surveys.gap_waves": (lambda: int((_waves()["status"] == "gap").sum()), (WAVES,)),
    "surveys.gap_years": (_gap_years, (WAVES,)),
    "surveys.first_mail_year": (lambda: _first_year("method", "mail"), (WAVES,)),
    "surveys.first_age18_year": (lambda: _first_year("min_age", 18), (WAVES,)),
    "surveys.answer_list_change_year": (
        lambda: next(c["fiscal_year"] for c in data.wave_changes(_waves()) if c["kind"] == "answer_list"), (WAVES,)),
    "surveys.nuclear_development_first_year": (lambda: _nuclear_wording()["first_before"], (POLLS,)),
    "surveys.nuclear_development_last_year": (lambda: _nuclear_wording()["last_before"], (POLLS,)),
    "surveys.nuclear_first_year": (lambda: _nuclear_wording()["first_after"], (POLLS,)),
    "surveys.H14.fieldwork_month": (
        lambda: format_date(_waves().set_index("survey_id").loc["H14", "fieldwork"], "month"), (WAVES,)),
    "surveys.H15.sample_size": (lambda: f'{int(_waves().set_index("survey_id").loc["H15", "sample_size"]):,}', (WAVES,)),
    "surveys.H15.fieldwork_dates": (_h15_dates, (WAVES,)),
    "polls.rows": (lambda: int(len(data.load_opinion_polls())), (POLLS,)),
    "polls.unverified_rows": (lambda: int((data.load_opinion_polls()["verified"] == "no").sum()), (POLLS,)),
    "polls.abduction_latest": (
        lambda: float(_verified_abduction().sort_values("fiscal_year").iloc[-1]["percent"]), (POLLS,)),
    "polls.abduction_latest_year": (
        lambda: int(_verified_abduction().sort_values("fiscal_year").iloc[-1]["fiscal_year"]), (POLLS,)),
    "polls.abduction_lowest": (lambda: float(_verified_abduction().sort_values("percent").iloc[0]["percent"]), (POLLS,)),
    "polls.abduction_lowest_year": (
        lambda: int(_verified_abduction().sort_values("percent").iloc[0]["fiscal_year"]), (POLLS,)),
    "claims.total": (lambda: int(len(data.load_article_claims())), (CLAIMS,)),
    **{f"claims.{v}": ((lambda v=v: book.verdict_counts()[v]), (CLAIMS,))
       for v in ("correct", "imprecise", "unverified", "wrong")},
    "launch.repository": (_launch("url"), (CONFIG,)),
    "launch.branch": (_launch("branch"), (CONFIG,)),
    "launch.binder": (_launch("binder"), (CONFIG,)),
    "launch.colab": (_launch("colab"), (CONFIG,)),
}


def value(name: str):
    """The value of a named fact; ``KeyError`` naming the known names if there is no such fact."""
    try:
        fn, _ = FACTS[name]
    except KeyError:
        raise KeyError(f"no fact named {name!r}; known facts: {', '.join(sorted(FACTS))}") from None
    return fn()


def depends(name: str) -> tuple[str, ...]:
    """The files (relative to ``data/``) a fact reads."""
    return FACTS[name][1]


# --------------------------------------------------------------------------- what a role prints
#
# The Sphinx roles of :mod:`abduction_issue.sphinxext.roles` are thin adapters over :func:`lookup`.

def _split(text: str) -> tuple[str, str, str]:
    """``'H17/abduction@fiscal_year:.1f'`` -> ``('H17/abduction', 'fiscal_year', '.1f')``."""
    spec = ""
    if ":" in text:
        text, spec = text.rsplit(":", 1)
    field = ""
    if "@" in text:
        text, field = text.split("@", 1)
    return text.strip(), field.strip(), spec.strip()


def _date(key, field):
    if field:
        raise KeyError(f"{{date}} takes an event id only, not {field!r}")
    return book.event(key)["when"], ("timeline.csv",), ("book", "data", "dates")


#: Japanese qualifiers written after the number (``100以上``); others (``約``, ``最大``) come before it.
JA_BOUNDS_AFTER = ("以上", "以下", "超", "未満", "余り")


def _figure_value(key, field):
    kf = data.key_figure(key)
    value = kf["value"]
    value = int(value) if float(value).is_integer() else float(value)
    if field == "value":
        out = value
    elif field == "as_of":
        out = format_date(kf["as_of"], kf["as_of_precision"])
    elif field:
        raise KeyError(f"a key figure has @value and @as_of, not @{field}")
    else:
        qual = kf.get(i18n.column("qualifier"))
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        if not (isinstance(qual, str) and qual):
            out = shown
        elif i18n.is_japanese():   # 約100 / 100以上: Japanese puts an upper or lower bound after the number
            out = f"{shown}{qual}" if qual.endswith(JA_BOUNDS_AFTER) else f"{qual}{shown}"
        else:
            out = f"{qual} {shown}"
    return out, ("key_figures.csv",), ("book", "data", "dates")


def _poll(key, field):
    if key.startswith("op-"):
        row = book.other_poll_value(key)
        if not field and not (row["verified"] == "yes" and row["probability_sample"] == "yes"):
            raise ValueError(f"{key} is not a verified probability-sample figure; the prose quotes only those")
        if field == "fieldwork":
            return format_date(row["fieldwork"], "month"), ("opinion_polls_other.csv",), ("book", "data", "dates")
        if field:
            raise KeyError(f"another poll's figure has @fieldwork, not @{field}")
        return row["percent"], ("opinion_polls_other.csv",), ("book", "data")
    if "/" not in key:
        raise KeyError("a poll figure is 'op-NNN' or 'WAVE/item_key' (e.g. 'H15/abduction')")
    wave, item = key.split("/", 1)
    row = book.poll_value(wave, item)
    if field == "fiscal_year":
        return row["fiscal_year"], ("opinion_polls.csv",), ("book", "data")
    if field:
        raise KeyError(f"a Cabinet Office figure has @fiscal_year, not @{field}")
    return row["percent"], ("opinion_polls.csv",), ("book", "data")


def _fact(key, field, *, whole=False):
    if field:
        raise KeyError(f"a fact has no fields (@{field})")
    found = value(key)
    if whole and not isinstance(found, int):
        raise TypeError(f"{key!r} is not a whole number ({found!r}); use {{fact}}")
    return found, depends(key), ("facts", "book", "data", "dates")


#: role name -> function(key, field) -> (value, data files read, package modules used)
LOOKUPS = {
    "date": _date,
    "figure-value": _figure_value,
    "poll": _poll,
    "count": lambda k, f: _fact(k, f, whole=True),
    "fact": _fact,
}


def lookup(role: str, text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """What the role ``{role}`text``` prints, the data files and the package modules it read.

    ``text`` is ``key[@field][:format spec]``.  Raises ``KeyError``/``ValueError``/``TypeError`` with a
    message for the person who wrote the role."""
    key, field, spec = _split(text)
    found, files, modules = LOOKUPS[role](key, field)
    shown = format(found, spec) if spec else str(found)
    return shown, files, modules
