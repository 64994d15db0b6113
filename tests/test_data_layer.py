"""The data layer's own rules: unknown schema keywords are refused, one event-label rule, the timeline indexed
once per load, dates at their precision (abduction_issue/data.py, abduction_issue/dates.py)."""
from __future__ import annotations

import json

import pytest

from abduction_issue import data, dates
from abduction_issue.data import DataValidationError


def _edit_field(ddir, resource, field, change):
    path = ddir / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == resource)
    f = next(f for f in res["schema"]["fields"] if f["name"] == field)
    change(f)
    path.write_text(json.dumps(pkg, indent=2), encoding="utf-8")


@pytest.mark.parametrize("change, found", [
    (lambda f: f.setdefault("constraints", {}).update(minLength=3), "minLength"),
    (lambda f: f.setdefault("constraints", {}).update(maxLength=300), "maxLength"),
    (lambda f: f.update(type="date"), "date"),
    (lambda f: f.update(format="email"), "format"),
])
def test_a_schema_keyword_the_loader_does_not_implement_is_refused(ddir, change, found):
    _edit_field(ddir, "timeline", "event", change)
    with pytest.raises(DataValidationError) as err:
        data.load_timeline(ddir)
    msg = str(err.value)
    assert "datapackage.json" in msg and "'timeline'" in msg and "'event'" in msg and repr(found) in msg, msg


def test_the_implemented_keywords_still_load(ddir):
    _edit_field(ddir, "timeline", "event", lambda f: f.update(title="Event", description="What happened"))
    assert len(data.load_timeline(ddir)) == len(data.load_timeline())


def test_one_event_label_rule():
    assert data.event_label("Pyongyang summit", "anything") == "Pyongyang summit"
    assert data.event_label("  ", "Koizumi visits Pyongyang (first visit); Kim admits the abductions") == \
        "Koizumi visits Pyongyang"
    long = " ".join(f"w{i}" for i in range(20))
    assert data.event_label(float("nan"), long) == " ".join(f"w{i}" for i in range(data.EVENT_LABEL_WORDS)) + "…"


def test_every_rendering_uses_the_one_rule():
    from abduction_issue.exercises import bank, key
    tl = data.timeline_by_id()
    for event_id, row in tl.iterrows():
        expected = data.event_label(row["label"], row["event"])
        assert bank.event_text(event_id) == expected
        # the answer keys use the same rule, keeping the whole clause (a key never cuts a label mid-phrase)
        assert key.event_reference(event_id).endswith(f"({data.event_label(row['label'], row['event'], max_words=None)})")


def test_the_timeline_is_indexed_once_per_load(ddir):
    assert data.timeline_by_id() is data.timeline_by_id()
    assert data.timeline_by_id(ddir) is data.timeline_by_id(ddir)
    before = data.timeline_by_id(ddir)
    path = ddir / "timeline.csv"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")   # same content, new stamp
    import os
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert data.timeline_by_id(ddir) is not before


def test_dates_keep_their_precision():
    assert dates.format_date("1978-06", "month") == "June 1978"
    assert dates.format_date("2002-09-17", "day") == "17 September 2002"
    assert dates.short_date("2002-09-17", "day") == "17 Sep 2002"
    with pytest.raises(ValueError):
        dates.format_date("2002-09-17", "month")
    assert dates.frac_year(2002, 9, None, "month") == 2002 + 8.5 / 12
