"""What the data notebooks say about their data, computed from it and written in the build's language.

Each function returns MyST Markdown a notebook shows with ``IPython.display.Markdown``: the notebooks stay thin
(one call each) and their sentences are translated like the rest of the package's words (:mod:`.i18n`).
"""
from __future__ import annotations

from . import book, data, i18n
from .i18n import tr


def timeline_points(timeline=None) -> str:
    """Notebook 01: the span of the abductions, the busiest year and the dates known only to the month."""
    tl = data.load_timeline() if timeline is None else timeline
    taken = tl[tl.category == "abduction"]
    per_year = tl.groupby("year").size()
    return "\n".join([
        "- " + tr("The abduction events in the timeline run from {first} to {last}; the government's account of "
                  "them took shape only much later.").format(first=taken.year.min(), last=taken.year.max()),
        "- " + tr("The busiest year is {year} ({n} events); after the summits and the remains dispute the record "
                  "becomes a long stalemate.").format(year=per_year.idxmax(), n=per_year.max()),
        "- " + tr("The chart shows date precision honestly: {n} events known only to the month stay months.").format(
            n=(tl.date_precision == "month").sum()),
    ])


def opinion_points(breaks) -> str:
    """Notebook 02: the gaps, the unconfirmed values and the breaks in the Cabinet Office series (``breaks``: the
    chart's :func:`abduction_issue.charts.methodology_breaks`)."""
    polls, waves = data.load_opinion_polls(), data.load_survey_waves()
    gaps = waves[waves.status == "gap"]
    unconfirmed = polls[polls.verified == "no"].merge(waves[["survey_id"]], on="survey_id")
    sep = tr(", ")
    wording = "".join(
        tr(". The reports of {first}–{last} word the nuclear answer *nuclear development* ({before}), those from "
           "{after_year} *nuclear issue* ({after}): two separate lines, never joined").format(
            first=c["first_before"], last=c["last_before"], before=c["before_ja"], after_year=c["first_after"],
            after=c["after_ja"])
        for c in data.wording_changes(polls))
    return "\n".join([
        "- " + tr("**Gaps.** No North Korea figures were found for the waves of fiscal {years}: the chart leaves "
                  "them empty (shaded) and never joins a line across them.").format(
            years=sep.join(str(int(y)) for y in gaps.fiscal_year)),
        "- " + tr("**Not confirmed.** {n} waves have values that were quoted second-hand or derived from a reported "
                  "change (hollow markers, dotted lines).").format(n=unconfirmed.survey_id.nunique()),
        "- " + tr("**Breaks** (dashed vertical lines): ") + tr("; ").join(text for _, text in breaks) + wording
        + tr("."),
    ])


def opinion_prediction() -> str:
    """Notebook 02: the question a student answers before seeing the series."""
    ab = data.load_abductees()
    back = book.event("ev-20021015")
    month = book.format_date(back["date"][:7], "month")
    return tr("{returned} abductees came home in {month} and North Korea said that {dead} others had died. Before "
              "you look at the figures: what do you think happened to concern about the abduction issue in the "
              "years that followed?").format(returned=int((ab.status == "returned_2002").sum()), month=month,
                                             dead=int((ab.nk_position == "dead").sum()))


def abductee_table():
    """Notebook 03: the 17 as a table (:class:`abduction_issue.book.Table`) in the build's language."""
    ab = data.load_abductees()
    status = {"returned_2002": tr("returned to Japan, 2002"), "not_returned": tr("not returned")}
    ja = i18n.is_japanese()
    table = ab.sort_values(["incident_date", "incident_no"]).assign(
        taken=lambda d: [book.format_date(x, p) for x, p in zip(d.incident_date, d.date_precision)],
        status=lambda d: d.status.map(status),
        findings=lambda d: d[i18n.column("japan_findings")].fillna("—"),
        place_shown=lambda d: d[i18n.column("place")],
        claim=lambda d: d[i18n.column("north_korea_claim")],
    )[["name_en", "name_ja", "taken", "place_shown", "age_at_abduction", "status", "claim", "findings"]]
    table.columns = [tr("Name"), tr("Japanese name"), tr("Taken"), tr("Where"), tr("Age"), tr("Status"),
                     tr("North Korea's claim (disputed by Japan)"), tr("Japan's findings")]
    if ja:   # the name in kanji first; the romanised name stays for readers of the English sources
        table = table[[table.columns[1], table.columns[0], *table.columns[2:]]]
    return book.table(table, ja=[tr("Japanese name")], widths=[15, 20, 12, 13, 8, 10, 21, 21])


def abductee_summary() -> str:
    """Notebook 03: who came home, and North Korea's account of the others."""
    ab = data.load_abductees()
    nk = ab.nk_position.value_counts()
    return tr("Of the {total} people, {returned} returned to Japan in 2002. North Korea says that {dead} died and "
              "that {never} never entered the country; Japan does not accept these claims.").format(
        total=len(ab), returned=int((ab.status == "returned_2002").sum()), dead=int(nk.get("dead", 0)),
        never=int(nk.get("never_entered", 0)))


def abductee_points() -> str:
    """Notebook 03: when they were taken, how young, and why the issue stays open."""
    ab = data.load_abductees()
    per_year = ab.groupby("year").size()
    young = ab.loc[ab.age_at_abduction.astype(int).idxmin()]
    name = str(young.name_ja).replace(" ", "") if i18n.is_japanese() else young.name_en
    return "\n".join([
        "- " + tr("The {total} people Japan recognises were taken between {first} and {last}, {n} of them in "
                  "{year}.").format(total=len(ab), first=ab.year.min(), last=ab.year.max(), n=per_year.max(),
                                    year=per_year.idxmax()),
        "- " + tr("{n} were under 30 when they were taken; the youngest, {name}, was {age}.").format(
            n=int((ab.age_at_abduction < 30).sum()), name=name, age=young.age_at_abduction),
        "- " + tr("North Korea's account of those who did not return is disputed by Japan, which is why the issue "
                  "remains open."),
    ])
