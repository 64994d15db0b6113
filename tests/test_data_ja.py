"""Japanese beside English in the data (issue 25): every reader-facing text column has its Japanese column, and the
Japanese keeps the English's dates, names and established terms (data/terms_ja.csv)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from abduction_issue import data

#: The text columns a reader sees (pages, charts, exercises, the Datasets page) and their Japanese columns.
READER_TEXT = {
    "timeline": ["event", "label"],
    "abductees": ["place", "prefecture_or_country", "north_korea_claim", "japan_findings", "map_place", "map_via"],
    "article_claims": ["claim", "section", "evidence"],
    "key_figures": ["description", "qualifier", "unit"],
    "survey_waves": ["note"],
    "opinion_polls": ["note"],
    "opinion_polls_other": ["poll"],
}

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December"], 1)}


def _pairs():
    for resource, columns in READER_TEXT.items():
        df = data.load(resource)
        for col in columns:
            for i, (en, ja) in enumerate(zip(df[col], df[col + "_ja"])):
                if isinstance(en, str):
                    yield resource, col, i, en, ja


def test_every_reader_facing_text_column_has_its_japanese():
    for resource, columns in READER_TEXT.items():
        names = list(data.load(resource).columns)
        assert (resource, [c for c in columns if c + "_ja" in names]) == (resource, columns)
        assert set(data.ja_pairs(names)) == {(c, c + "_ja") for c in columns}


def test_japanese_columns_are_japanese_and_carry_no_iso_date():
    for resource, col, i, en, ja in _pairs():
        assert _JAPANESE.search(ja), (resource, col, i, ja)
        assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", ja) or re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", en), (resource, col, i, ja)


def test_dates_in_the_text_are_written_the_japanese_way():
    """'17 September 2002' in the English is 2002年9月17日 in the Japanese, '29–30 October 2002' 2002年10月29～30日,
    'June 1978' 1978年6月."""
    months = "|".join(_MONTHS)
    for resource, col, i, en, ja in _pairs():
        for d1, d2, m, y in re.findall(rf"\b(\d{{1,2}})[–-](\d{{1,2}}) ({months}) (\d{{4}})", en):
            assert f"{y}年{_MONTHS[m]}月{int(d1)}～{int(d2)}日" in ja, (resource, col, i, f"{d1}–{d2} {m} {y}", ja)
        en = re.sub(rf"\b\d{{1,2}}[–-]\d{{1,2}} ({months}) \d{{4}}", "", en)
        for d, m, y in re.findall(rf"\b(\d{{1,2}}) ({months}) (\d{{4}})", en):
            assert f"{y}年{_MONTHS[m]}月{int(d)}日" in ja, (resource, col, i, f"{d} {m} {y}", ja)
        for m1, m2, y in re.findall(rf"\b({months})[–-]({months}) (\d{{4}})", en):
            assert f"{y}年{_MONTHS[m1]}～{_MONTHS[m2]}月" in ja, (resource, col, i, f"{m1}–{m2} {y}", ja)
        en = re.sub(rf"\b({months})[–-]({months}) \d{{4}}", "", en)
        for m, y in re.findall(rf"(?<!\d )\b({months}) (\d{{4}})", en):
            # "June and August 2008" is 2008年6月と8月: the year and the month, not always side by side
            assert f"{y}年{_MONTHS[m]}月" in ja or (f"{y}年" in ja and f"{_MONTHS[m]}月" in ja), (resource, col, i, f"{m} {y}", ja)


def test_abductees_names_in_kanji():
    """An abductee's family name in the English text appears in kanji (abductees.csv, name_ja) in the Japanese."""
    ab = data.load_abductees()
    surnames = {}
    for en, ja in zip(ab["name_en"], ab["name_ja"]):
        surnames[en.split()[-1] if "(" not in en else en.split()[1]] = ja.split()[0]
    for resource, col, i, en, ja in _pairs():
        for s_en, s_ja in surnames.items():
            if re.search(rf"\b{s_en}\b", en):
                assert s_ja in ja, (resource, col, i, s_en, s_ja, ja)


#: English terms and the Japanese of data/terms_ja.csv that must render them (the first form listed there).
TERMS = {
    "Pyongyang Declaration": "日朝平壌宣言",
    "Headquarters for the Abduction Issue": "拉致問題対策本部",
    "families' association": "家族会",
    "Stockholm": "ストックホルム",
    "Six-Party Talks": "六者会合",
    "Chongryon": "総連",
    "NARKN": "救う会",
    "Kim Jong Il": "金正日",
    "Kim Jong Un": "金正恩",
    "Kim Yo Jong": "金与正",
    "Kim Hyon-hui": "金賢姫",
    "Lee Un-hae": "李恩恵",
    "Kim Young-nam": "金英男",
    "Song Il Ho": "宋日昊",
    "KCNA": "朝鮮中央通信",
    "special investigation committee": "特別調査委員会",
    "Japanese wives": "日本人妻",
}


def test_terms_are_the_established_japanese_terms():
    terms = data.load_terms()
    for en, ja in TERMS.items():
        assert terms["japanese"].str.contains(ja, regex=False).any(), ja   # the term list has it
    for resource, col, i, en, ja in _pairs():
        for t_en, t_ja in TERMS.items():
            if t_en.lower() in en.lower():
                assert t_ja in ja, (resource, col, i, t_en, t_ja, ja)


def test_the_term_list_is_loaded_with_sources():
    terms = data.load_terms()
    assert len(terms) >= 90 and terms["english"].is_unique
    assert terms["source_title"].notna().all()
    assert terms["source_url"].dropna().map(lambda u: all(x.startswith(("http://", "https://"))
                                                           for x in u.split(" | "))).all()
    # no cell names a file on someone's machine: outside its URLs, no absolute or relative path
    local_path = re.compile(r"(?:^|[\s(])(?:\.\.?/|/)[\w.-]+/")
    cells = [re.sub(r"https?://\S+", "", str(v)) for v in terms.to_numpy().ravel()]
    assert [c for c in cells if local_path.search(c)] == []
    assert local_path.search("see ../notes/terms.csv") and local_path.search("copied from ./notes/terms.csv")
