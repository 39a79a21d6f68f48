"""The reference page served the same way as the dashboard (``serve.py``): Streamlit's own
files gzipped once by ``corridor.serving``."""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # noqa: E402 - the package beside bench/

from corridor.serving import middleware  # noqa: E402

app = st.App(
    ROOT / "bench" / "bare_app.py",
    middleware=middleware(ROOT / "bench", base_url=lambda: st.get_option("server.baseUrlPath")),
)
