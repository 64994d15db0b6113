"""Issue 25: the Japanese edition's catalogues are complete, in step with the English, and use the term list.

* every message of every catalogue in ``locales/ja`` is translated and none is fuzzy (a changed English sentence
  comes back untranslated or fuzzy from ``make locales``, so it cannot ship without its Japanese);
* the catalogues hold exactly the messages the sources have now: the package's own (extracted by
  :mod:`abduction_issue.locales`) and, in a build, the pages' (Sphinx's ``gettext`` builder);
* the translation uses the established Japanese terms of ``data/terms_ja.csv``;
* the package writes dates, figures and lists the Japanese way, and a missing translation is an error.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from abduction_issue import dates, facts, i18n, locales

ROOT = Path(__file__).resolve().parent.parent
LC = ROOT / "locales" / "ja" / "LC_MESSAGES"
CATALOGUES = sorted(LC.rglob("*.po"))


def _read(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def test_there_are_catalogues_for_every_page_and_the_package():
    names = {p.relative_to(LC).as_posix() for p in CATALOGUES}
    assert {"index.po", "chapters/02-the-summit.po", "notebooks/03-abductees.po", "chapters/glossary.po",
            "chapters/instructor-guide/assessment.po"} <= names
    assert {f"package/{d}.po" for d in i18n.DOMAINS} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(LC).as_posix())
def test_every_message_is_translated_and_none_is_fuzzy(path):
    cat = _read(path)
    untranslated = [m.id for m in cat if m.id and not m.string]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == [], (
        f"{path.relative_to(ROOT)}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy "
        f"(translate them; README, 'Writing a chapter'): {(untranslated + fuzzy)[:3]}")


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_the_package_catalogues_hold_exactly_the_messages_of_the_sources(domain):
    """``make locales`` run now would change nothing: no message missing, none left over."""
    want = {(m.context, m.id) for m in locales.template(domain) if m.id}
    have = {(m.context, m.id) for m in _read(i18n.catalogue_path("ja", domain)) if m.id}
    assert sorted(want - have)[:5] == [] and sorted(have - want)[:5] == [], "run `make locales`"


@pytest.mark.slow
def test_the_page_catalogues_hold_exactly_the_messages_of_the_pages(tmp_path):
    """Sphinx's ``gettext`` builder on the book now (instructor edition: every page) gives the messages the
    catalogues hold: an English sentence changed since the last ``make locales`` fails here."""
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import BIN, copy_repo

    copy = copy_repo(tmp_path / "repo")
    cfg = locales.write_config("gettext", tmp_path / "gettext" / "_config.yml", root=copy)
    proc = subprocess.run([str(BIN / "jupyter-book"), "build", str(copy), "--config", str(cfg), "--builder",
                           "custom", "--custom-builder", "gettext", "--path-output", str(tmp_path / "gettext")],
                          capture_output=True, text=True, env={**os.environ, "ABDUCTION_EDITION": "instructor"},
                          timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    pots = tmp_path / "gettext" / "_build" / "gettext"
    problems = []
    for pot in sorted(pots.rglob("*.pot")):
        rel = pot.relative_to(pots).with_suffix(".po")
        po = LC / rel
        want = {m.id for m in _read(pot) if m.id}
        if not po.is_file():
            problems.append(f"{rel}: no catalogue")
            continue
        have = {m.id for m in _read(po) if m.id}
        if want - have:
            problems.append(f"{rel}: {len(want - have)} new or changed messages, e.g. {sorted(want - have)[0][:80]!r}")
        if have - want:
            problems.append(f"{rel}: {len(have - want)} messages no longer in the page, e.g. {sorted(have - want)[0][:80]!r}")
    assert problems == [], "run `make locales` and translate:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- the term list

#: English as the sources write it -> the row of ``data/terms_ja.csv`` whose Japanese the translation must use
#: (one of the forms that row gives). Names are checked too (their kanji). Role names, ids and code are ignored.
TERMS = {
    r"\bPyongyang Declaration\b": "Japan–DPRK Pyongyang Declaration",
    r"\bStockholm agreement\b": "Stockholm agreement",
    r"\bChongryon\b": "Chongryon (short forms)",
    r"\bMindan\b": "Mindan (Korean Residents Union in Japan)",
    r"\bSix-Party Talks\b": "Six-Party Talks",
    r"\bHeadquarters for the Abduction Issue\b": "Headquarters for the Abduction Issue",
    r"\bKim Jong Un\b": "Kim Jong Un",
    r"\bKim Yo Jong\b": "Kim Yo Jong",
    r"\bSong Il Ho\b": "Song Il Ho",
}
#: Short forms the sources use beside the term list's (the English's own short form "Pyongyang Declaration").
SHORT_FORMS = {r"\bPyongyang Declaration\b": ["平壌宣言"]}
#: Messages that do not translate the English on purpose: the module's own English rendering of a Japanese
#: quotation, which the Japanese edition replaces by a note that the English edition gives a translation.
NOT_TRANSLATIONS = ("In this module's translation:",)
#: Names the term list does not hold, with their one written form.
NAMES = {r"\bKim Jong Il\b": "金正日", r"\bMegumi Yokota\b": "めぐみ", r"\bKoizumi\b": "小泉", r"(?<!Masami )\bAbe\b": "安倍",
         r"\bCabinet Office\b": "内閣府", r"\bHasuike\b": "蓮池", r"\bChimura\b": "地村", r"\bSoga\b": "曽我"}


def _forms(japanese: str) -> list[str]:
    text = re.sub(r"[（(](?:also|press:)?\s*", " / ", japanese).replace(")", "").replace("）", "")
    return [f.strip() for f in re.split(r"\s*/\s*|、|;", text) if f.strip()]


def _plain(msgid: str) -> str:
    """The message without role names and targets, code spans and link targets."""
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", msgid)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_the_checked_terms_are_rows_of_the_term_list():
    terms = pd.read_csv(ROOT / "data" / "terms_ja.csv").set_index("english")
    missing = [row for row in TERMS.values() if row not in terms.index]
    assert missing == [], f"not rows of data/terms_ja.csv: {missing}"


def test_the_translation_uses_the_established_terms():
    terms = pd.read_csv(ROOT / "data" / "terms_ja.csv").set_index("english")
    wanted = {pattern: _forms(terms.loc[row, "japanese"]) for pattern, row in TERMS.items()}
    wanted.update({pattern: [form] for pattern, form in NAMES.items()})
    for pattern, forms in SHORT_FORMS.items():
        wanted[pattern] = wanted[pattern] + forms
    bad = []
    for path in CATALOGUES:
        for m in _read(path):
            if not m.id or not m.string or m.id.startswith(NOT_TRANSLATIONS):
                continue
            for pattern, forms in wanted.items():
                if re.search(pattern, _plain(m.id)) and not any(f in m.string for f in forms):
                    bad.append(f"{path.relative_to(LC)}: {pattern} -> none of {forms}: {m.string[:70]!r}")
    assert bad == []


def test_the_term_check_can_fail(tmp_path):
    terms = pd.read_csv(ROOT / "data" / "terms_ja.csv").set_index("english")
    forms = _forms(terms.loc["Stockholm agreement", "japanese"])
    assert "ストックホルム合意" in forms
    assert not any(f in "ストックホルムでの取り決め" for f in forms)


# --------------------------------------------------------------------------- the package's own Japanese

@pytest.fixture
def ja():
    with i18n.using("ja"):
        i18n.reload()
        yield
    i18n.reload()


def test_dates_at_their_precision_in_japanese(ja):
    assert dates.format_date("2002-09-17", "day") == "2002年9月17日"
    assert dates.format_date("1978-06", "month") == "1978年6月"
    assert dates.short_date("1977-11-15", "day") == "1977年11月15日"
    assert dates.format_date("2002-09-17", "day", lang="en") == "17 September 2002"


def test_figures_lists_and_percentages_the_japanese_way(ja):
    assert facts.lookup("figure-value", "coi_japanese_possibly_abducted")[0] == "100超"
    assert facts.lookup("figure-value", "comjan_specific_missing")[0] == "約470"
    assert i18n.join_names(["A", "B", "C"]) == "A、B、C"
    assert i18n.percent(83.44) == "83.4%"
    names = facts.lookup("fact", "abductees.never_entered_names")[0]
    assert "、" in names and not re.search(r"[A-Za-z]", names)


def test_a_missing_translation_is_an_error_naming_the_catalogue(ja):
    with pytest.raises(i18n.MissingTranslation, match=r"ui\.po: no ja translation of 'no such words'"):
        i18n.translate("no such words")
    assert i18n.translate("no such words", lang="en") == "no such words"


def test_the_language_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "ja")
    assert i18n.language() == "ja"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "fr")
    with pytest.raises(ValueError, match="ABDUCTION_LANGUAGE must be one of en, ja"):
        i18n.language()


def test_the_generated_config_and_toc_are_in_japanese(tmp_path):
    import yaml

    cfg = locales.write_config("ja", tmp_path / "_config.yml")
    config = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["language"] == "ja" and config["title"] == "日本の拉致問題"
    toc = yaml.safe_load((tmp_path / "_toc.yml").read_text(encoding="utf-8"))
    captions = [p.get("caption") for p in toc["parts"] if p.get("caption")]
    assert captions and all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", c) for c in captions)
    english = yaml.safe_load(locales.write_config("gettext", tmp_path / "g" / "_config.yml").read_text("utf-8"))
    assert english["execute"]["execute_notebooks"] == "off" and english["sphinx"]["config"]["language"] == "en"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(LC).as_posix())
def test_emphasis_parses_in_every_translation(path):
    """A ``*``/``**`` that touches Japanese punctuation (or a role's closing backtick followed by Japanese) on its
    inner side is not emphasis to CommonMark and prints its asterisks: no translation has more literal asterisks
    left after rendering than its English."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")

    def stars(text: str) -> int:
        return re.sub(r"<code>.*?</code>", "", md.renderInline(text)).count("*")
    bad = [m.string[:80] for m in _read(path) if m.id and m.string and stars(m.string) > stars(m.id)]
    assert bad == []


def test_the_emphasis_check_can_fail():
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").renderInline("そして**「誤り」**である")
    assert "*" in rendered
