"""The reference page: a bare Streamlit page served the same way as the dashboard."""

import streamlit as st

st.title("Bare page")
st.write("Reference for the dashboard's load-time benchmark.")
