"""Issue 25: the static quiz of the Japanese edition, driven in Chromium: every test of ``tests/test_quiz_site.py``
on the Japanese site (``make book-ja``), with the Python side (:func:`abduction_issue.exercises.grade`, the bank,
the messages) in Japanese too, so that the page must say exactly what the Japanese grading says."""
from __future__ import annotations

import os

import pytest

from abduction_issue import i18n
from test_quiz_site import *  # noqa: F401,F403  (every quiz test, run here on the Japanese site)


@pytest.fixture(scope="module", autouse=True)
def japanese():
    before = os.environ.get(i18n.LANGUAGE_ENV)
    os.environ[i18n.LANGUAGE_ENV] = "ja"
    i18n.reload()
    yield
    if before is None:
        os.environ.pop(i18n.LANGUAGE_ENV, None)
    else:
        os.environ[i18n.LANGUAGE_ENV] = before
    i18n.reload()


@pytest.fixture(scope="module")
def built_html(built_ja_html):
    return built_ja_html


@pytest.fixture(scope="module")
def site_server(ja_site_server):
    return ja_site_server


def test_the_japanese_quiz_speaks_japanese(ja_site_server, chromium):
    page = chromium.new_page()
    try:
        page.goto(ja_site_server.url + "chapters/02-the-summit.html", wait_until="load")
        assert page.locator(".aiq-check").first.inner_text() == "解答を確認"
        assert page.locator(".aiq-clear").first.inner_text() == "解答を消去"
        assert page.locator(".aiq-score").first.inner_text().startswith("得点")
        page.locator(".aiq-check").first.click()
        assert page.locator(".aiq-feedback .aiq-text").first.inner_text() == "先に答えを選んでください。"
    finally:
        page.close()
