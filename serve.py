"""The deployed entry point: the dashboard (``app.py``) with its static files served gzipped.

Run ``streamlit run serve.py`` (what the README's first command does) or ``uvicorn serve:app``.
``streamlit run app.py`` still works: the same pages, with Streamlit serving its 2.7 MB of
JavaScript uncompressed to every new browser (``corridor.serving`` says why that matters).
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from corridor.paths import ROOT
from corridor.serving import middleware

# app.py draws its pages with st.navigation: say so before the first session, which would
# otherwise run a shared link's page alone in the older pages/-folder mode (app.py's
# ui.ensure_app_navigation reruns such a session, which is all `streamlit run app.py` has).
PagesManager.uses_pages_directory = False

app = st.App(
    ROOT / "app.py",
    middleware=middleware(ROOT, base_url=lambda: st.get_option("server.baseUrlPath")),
)
