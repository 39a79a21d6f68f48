"""About: what the dashboard is, how to read it, a glossary, how to cite, what changed."""

import streamlit as st

from corridor import ui
from corridor.about import changelog, data_licence, data_updated, long_date
from corridor.citations import DASHBOARD_TITLE
from corridor.data import load_datapackage
from corridor.paths import ROOT
from corridor.vocabulary import GLOSSARY, GRADES, HOW_TO_READ

cat, opts, view = ui.page_context()
package = load_datapackage()
st.title("About this dashboard")

ports = cat.layers.get("ports")
sources = cat.tables.get("sources")
counts = []
if ports is not None:
    counts.append(f"{len(ports)} border ports")
if "channels" in cat.layers:
    counts.append(f"{len(cat.layers['channels'])} rail channels")
if sources is not None:
    counts.append(f"{len(sources)} sources")
st.markdown(
    "A public dashboard of the **China–Mongolia–Russia Economic Corridor**: the border ports "
    "of Inner Mongolia and Northeast China, the northern rail channels, the borders and their "
    "lengths, and the trade and passenger flows that cross them. Every number carries its "
    "source and unit; a value nobody published stays empty; where sources disagree, every "
    "version is kept and shown side by side."
    + (f" It holds {ui.md_escape(', '.join(counts))}." if counts else "")
)

st.header("How to read it")
for head, text in HOW_TO_READ:
    st.markdown(f"**{ui.md_escape(head)}.** {ui.md_escape(text)}")

st.header("Glossary")
for term, meaning in GLOSSARY.items():
    st.markdown(f"**{ui.md_escape(term)}**: {ui.md_escape(meaning)}")

st.header("Sources and their grades")
st.markdown(
    "Each source is graded by the kind of publisher it is. A page that copies another "
    "publisher's article is cited under that original publisher, with the copy's address "
    "in the details (downloads and the Data and sources page)."
)
st.table(
    [{"Grade": g, "What it means": meaning} for g, meaning in GRADES.items()],
    hide_index=True,
)

st.header("How to cite")
licence = data_licence(package)
updated = data_updated(package)
cite = (
    f"{DASHBOARD_TITLE}. "
    + (f"Data updated {long_date(updated)}. " if updated else "")
    + "Link: the address of the view, as in your browser."
)
st.markdown(
    "Every page has a **Cite this view** block at its foot: the dashboard's title, the link "
    "that reopens exactly that view, the date, and its best-graded sources; its download "
    "lists every source of the view. To cite the dashboard as a whole:"
)
st.text(cite)
if licence:
    text = f"The compiled data are published under {ui.md_escape(licence.label)}"
    text += f" ([licence]({licence.url}))." if licence.url else "."
    st.markdown(
        text + " Each value remains its publisher's: cite the original source the dashboard "
        "names with it."
    )

log = changelog(ROOT)
if log:
    st.header("What changed in the data")
    with st.expander("Changelog", expanded=False):
        # The repository's own changelog (Markdown written by the maintainers, not data).
        st.markdown(log)
