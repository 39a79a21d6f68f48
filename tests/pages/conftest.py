"""AppTest set-up shared by the page tests."""

from __future__ import annotations

import pytest
from streamlit.runtime.pages_manager import PagesManager


@pytest.fixture(autouse=True)
def navigation_not_pages_folder(monkeypatch):
    """Run pages through app.py's st.navigation, as the server does.

    AppTest re-detects the pages/ folder before every run; after ``switch_page`` it would then
    run the page in Streamlit's older folder-based mode, without app.py (no sidebar, no URL
    state). The server decides once, on the first run, that st.navigation is in use; this
    makes AppTest decide the same.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
