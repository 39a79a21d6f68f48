"""About: what the dashboard is, how to read it, a glossary, how to cite, what changed."""

import streamlit as st

from corridor import i18n, ui
from corridor.about import changelog, data_licence, data_updated, long_date
from corridor.citations import dashboard_title
from corridor.data import load_datapackage
from corridor.i18n import _, format_list, ngettext
from corridor.paths import ROOT
from corridor.vocabulary import GLOSSARY, GRADE_NAMES, GRADES, HOW_TO_READ

cat, opts, view = ui.page_context()
package = load_datapackage()
st.title(_("About this dashboard"))

ports = cat.layers.get("ports")
sources = cat.tables.get("sources")
counts = []
if ports is not None:
    counts.append(ngettext("{n} border port", "{n} border ports", len(ports)).format(n=len(ports)))
if "channels" in cat.layers:
    n = len(cat.layers["channels"])
    counts.append(ngettext("{n} rail channel", "{n} rail channels", n).format(n=n))
if sources is not None:
    counts.append(ngettext("{n} source", "{n} sources", len(sources)).format(n=len(sources)))
st.markdown(
    _(
        "A public dashboard of the **China–Mongolia–Russia Economic Corridor**: the border "
        "ports of Inner Mongolia, Northeast China and Xinjiang, the northern rail channels, the "
        "borders and their lengths, and the trade and passenger flows that cross them. Every "
        "number carries its source and unit; a value nobody published stays empty; where "
        "sources disagree, every version is kept and shown side by side."
    )
    + (
        " " + _("It holds {counts}.").format(counts=ui.md_escape(format_list(counts)))
        if counts
        else ""
    )
)

st.header(_("How to read it"))
for head, text in HOW_TO_READ:
    st.markdown(f"**{ui.md_escape(_(head))}.** {ui.md_escape(_(text))}")

st.header(_("Glossary"))
for term, meaning in GLOSSARY.items():
    st.markdown(f"**{ui.md_escape(_(term))}**: {ui.md_escape(_(meaning))}")

st.header(_("Sources and their grades"))
st.markdown(
    _(
        "Each source is graded by the kind of publisher it is. A page that copies another "
        "publisher's article is cited under that original publisher, with the copy's address "
        "in the details (downloads and the Data and sources page)."
    )
)
st.table(
    [{_("Grade"): GRADE_NAMES[g], _("What it means"): meaning} for g, meaning in GRADES.items()],
    hide_index=True,
)

st.header(_("How to cite"))
licence = data_licence(package)
updated = data_updated(package)
cite = (
    f"{dashboard_title()}. "
    + (_("Data updated {date}.").format(date=long_date(updated)) + " " if updated else "")
    + _("Link: the address of the view, as in your browser.")
)
st.markdown(
    _(
        "Every page has a **Cite this view** block at its foot: the dashboard's title, the link "
        "that reopens exactly that view, the date, and its best-graded sources; its download "
        "lists every source of the view. To cite the dashboard as a whole:"
    )
)
st.text(cite)
if licence:
    text = _("The compiled data are published under {licence}").format(
        licence=ui.md_escape(licence.label)
    )
    link_word = _("licence")
    text += f" ([{link_word}]({licence.url}))." if licence.url else "."
    st.markdown(
        text
        + " "
        + _(
            "Each value remains its publisher's: cite the original source the dashboard "
            "names with it."
        )
    )

log = changelog(ROOT)
if log:
    st.header(_("What changed in the data"))
    with st.expander(_("Changelog"), expanded=False):
        # The repository's own changelog (Markdown written by the maintainers, in English):
        # marked as English, and said so in other languages.
        if i18n.current() != i18n.DEFAULT:
            st.caption(_("The changelog is written in English."))
        st.markdown(f'<div lang="en">\n\n{log}\n\n</div>', unsafe_allow_html=True)
