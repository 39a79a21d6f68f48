"""The dashboard in its four languages: from the link, from the browser, kept across pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from corridor import i18n

pytestmark = pytest.mark.e2e


def _in(lang: str, message: str) -> str:
    """``message`` as the catalog of ``lang`` gives it."""
    try:
        i18n.use(lang)
        return i18n._(message)
    finally:
        i18n.use("en")


def _nav_texts(page) -> list[str]:
    nav = page.get_by_role("navigation", name="App pages").get_by_role("link")
    nav.first.wait_for()
    return [t.strip().splitlines()[-1] for t in nav.all_inner_texts()]  # after the icon


@pytest.mark.parametrize("lang", ["zh", "ru", "mn"])
def test_a_link_with_lang_opens_every_page_in_that_language(session, lang):
    page = session.open(f"/?lang={lang}")
    nav = _nav_texts(page)
    assert _in(lang, "Ports") in nav and _in(lang, "Borders") in nav
    assert "Ports" not in nav and "Borders" not in nav  # no English navigation left
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert _in(lang, "Filters") in sidebar and "Partner country" not in sidebar
    for path, title in [("/ports", "Ports"), ("/borders", "Borders and their lengths")]:
        page = session.open(f"{path}?lang={lang}")
        expect(page.get_by_role("heading", name=_in(lang, title)).first).to_be_visible()
    session.shot(f"lang_{lang}_borders")
    assert session.errors == []


def test_the_language_stays_in_the_link_across_pages(session):
    page = session.open("/?lang=ru")
    page.get_by_role("link", name=_in("ru", "Borders")).click()
    page.wait_for_url(re.compile(r"/borders"))
    session.wait_idle()
    expect(page.get_by_role("heading", name=_in("ru", "Borders and their lengths"))).to_be_visible()
    assert "lang=ru" in page.url


def test_a_shared_link_and_embed_code_keep_the_language(session):
    """A Mongolian page's Share link and embed code opened the view in English."""
    page = session.open("/ports?lang=mn&port=ceke")
    session.wait_idle()
    page.get_by_role("button", name=_in("mn", "Share")).click()
    body = page.get_by_test_id("stPopoverBody")
    link = body.locator('[data-testid="stText"]').first.inner_text()
    code = body.get_by_text("<iframe", exact=False).first.inner_text()
    assert "port=ceke" in link and "lang=mn" in link, link
    assert "lang=mn" in code and "embed=true" in code, code


def test_the_switch_changes_the_language_and_the_link(session):
    page = session.open("/ports")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="中文").click()
    session.wait_idle()
    expect(page.get_by_role("heading", name=_in("zh", "Ports")).first).to_be_visible()
    page.wait_for_function("() => location.search.includes('lang=zh')")


def test_a_first_visit_speaks_the_browsers_language(browser, server):
    from tests.e2e.conftest import Session

    russian = Session(browser, server, locale="ru-RU")
    page = russian.open("/")
    assert _in("ru", "Ports") in _nav_texts(page)
    russian.close()
    german = Session(browser, server, locale="de-DE")  # not one of ours: English
    page = german.open("/")
    assert "Ports" in _nav_texts(page)
    german.close()


def test_a_junk_lang_falls_back_to_english_with_a_notice(session):
    page = session.open("/?lang=%3Cscript%3E")
    expect(page.get_by_text("Ignored lang=").first).to_be_visible()
    assert "Ports" in _nav_texts(page)
    assert session.errors == []
