"""A shared link that is a fresh server's very first request still gets the whole app."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Session, start_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fresh_server():
    """A server no browser has visited yet (so no page has run app.py before)."""
    yield from start_server({}, "fresh_server")


def test_deep_link_as_first_request_runs_through_app(browser, fresh_server):
    s = Session(browser, fresh_server, viewport={"width": 1400, "height": 1000})
    page = s.open("/ports?port=erenhot_rail&partner=MNG")
    expect(page.get_by_role("heading", name="Erenhot (Erlian) railway port")).to_be_visible()
    # app.py ran: the shared sidebar and the page navigation with titles are there
    expect(page.get_by_text("Partner country")).to_be_visible()
    expect(page.get_by_role("link", name="Rail channels")).to_be_visible()
    assert "partner=MNG" in page.url
    assert s.errors == []
    s.close()
