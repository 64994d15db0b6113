"""A date at its precision: how the data's dates are written and placed, beside the data layer.

The data holds dates at the precision the sources give (``date_precision``: ``day`` -> ``1977-11-15``,
``month`` -> ``1978-06``; :mod:`abduction_issue.data` checks that each date has exactly that precision).
Everything that shows or places a date goes through here, so no day is ever invented:

* :func:`format_date`: ``15 November 1977`` / ``June 1978`` (the prose, the boxes, the answer keys);
* :func:`short_date`: ``15 Nov 1977`` / ``Jun 1978`` (chart labels);
* :func:`frac_year`: a decimal year for a chart's x axis (a month-precision date sits mid-month).
"""
from __future__ import annotations

import calendar

import pandas as pd

from . import i18n


def format_date(date: str, precision: str, lang: str | None = None) -> str:
    """``1977-11-15``/day -> ``15 November 1977``; ``1978-06``/month -> ``June 1978``.

    In Japanese (the build's language, :func:`abduction_issue.i18n.language`): ``1977年11月15日``, ``1978年6月``.
    A month-precision date is written as a month: no day is invented.
    """
    parts = str(date).split("-")
    year, month = int(parts[0]), int(parts[1])
    name = calendar.month_name[month]
    ja = (lang or i18n.language()) == "ja"
    if precision == "month":
        if len(parts) != 2:
            raise ValueError(f"{date!r} has a day but precision 'month'")
        return f"{year}年{month}月" if ja else f"{name} {year}"
    if precision == "day":
        if len(parts) != 3:
            raise ValueError(f"{date!r} has no day but precision 'day'")
        return f"{year}年{month}月{int(parts[2])}日" if ja else f"{int(parts[2])} {name} {year}"
    raise ValueError(f"unknown precision {precision!r}")


def short_date(date: str, precision: str, lang: str | None = None) -> str:
    """``1977-11-15``/day -> ``15 Nov 1977``; ``1978-06``/month -> ``Jun 1978`` (no day invented).

    In Japanese the full form (``1977年11月15日``): Japanese has no shorter written month."""
    formatted = format_date(date, precision, lang)   # validates the date against its precision
    if (lang or i18n.language()) == "ja":
        return formatted
    parts = str(date).split("-")
    mon = calendar.month_abbr[int(parts[1])]
    return f"{int(parts[2])} {mon} {parts[0]}" if precision == "day" else f"{mon} {parts[0]}"


def frac_year(year, month, day=None, precision="day") -> float:
    """Decimal year; a month-precision date sits at the middle of its month."""
    if precision == "month" or day is None or pd.isna(day):
        return year + (month - 0.5) / 12
    days = calendar.monthrange(int(year), int(month))[1]
    return year + (month - 1) / 12 + (int(day) - 0.5) / days / 12
