// The "Download SVG" button under a chart (Streamlit Components v2, drawn in the page).
//
// Plotly's own modebar button downloads one format (PNG here); this button downloads the same
// chart as SVG with Plotly's downloadImage, so the file carries the title, units, source,
// licence and link the figure holds. The chart is the Plotly graph inside the container whose
// key Python sends ("box").

function chartIn(box) {
    const holder = document.querySelector(".st-key-" + CSS.escape(box));
    return holder ? holder.querySelector(".js-plotly-plot") : null;
}

function download(gd, filename) {
    const opts = {format: "svg", filename: filename};
    if (window.Plotly && window.Plotly.downloadImage) {
        return window.Plotly.downloadImage(gd, opts);
    }
    // without the library's global: the modebar's own image button, once, in SVG
    const bar = gd._fullLayout && gd._fullLayout._modeBar;
    const button = bar && bar.buttons.flat().find((b) => b.name === "toImage");
    if (button) {
        const saved = gd._context.toImageButtonOptions;
        gd._context.toImageButtonOptions = {...saved, ...opts};
        try {
            button.click(gd);
        } finally {
            gd._context.toImageButtonOptions = saved;
        }
    }
    return null;
}

export default function (component) {
    const {data, parentElement} = component;
    let button = parentElement.querySelector("button.corridor-svg");
    if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "corridor-svg";
        button.style.cssText =
            "font:inherit;font-size:.85rem;padding:.15rem .6rem;border:1px solid #ccc;" +
            "border-radius:.4rem;background:#fff;cursor:pointer";
        button.addEventListener("click", () => {
            const d = button.__corridor;
            const gd = chartIn(d.box);
            if (gd) {
                download(gd, d.filename);
            }
        });
        parentElement.replaceChildren(button);
    }
    button.__corridor = data;
    button.textContent = data.label; // text, never HTML
    button.title = data.help;
}
