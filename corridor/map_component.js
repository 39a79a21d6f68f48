// The corridor's map element (Streamlit Components v2, drawn in the page itself: no iframe).
//
// Python (corridor/mapcomponent.py) sends a folium map already rendered to strings: its
// script, its HTML (legend), its CSS, the scripts and styles it needs (Leaflet, served by the
// app), and an overlay script (the selected port or channel). This function is called on the
// first render and again whenever that data changes, with the same parent element:
// - a new base map (other filters) replaces the old one;
// - a new overlay replaces only the overlay: the map, its zoom and its position stay;
// - a click on a port or channel is sent back as the state value "click".

const loading = {}; // script URL -> promise: each script is loaded once per page

// A map's own strings (script, HTML, CSS) by their base: the server sends them once per session
// and afterwards only the base. The few maps of a session are kept; the oldest go first.
const maps = new Map();
const KEPT_MAPS = 12;
let asked = 0; // numbered requests for a missing map
let reported = 0; // numbered reports of a map drawn (awaiting_draw)

function complete(data) {
    if (typeof data.script === "string") {
        maps.delete(data.base);
        maps.set(data.base, {script: data.script, html: data.html, css: data.css});
        while (maps.size > KEPT_MAPS) {
            maps.delete(maps.keys().next().value);
        }
        return data;
    }
    const kept = maps.get(data.base);
    return kept ? {...data, ...kept} : null;
}

function loadScript(src) {
    if (!loading[src]) {
        loading[src] = new Promise((resolve, reject) => {
            const s = document.createElement("script");
            s.src = src;
            s.async = false;
            s.onload = resolve;
            s.onerror = () => {
                // forget the failure: the next render (another page, a new filter) tries again
                delete loading[src];
                s.remove();
                reject(new Error("could not load " + src));
            };
            document.head.appendChild(s);
        });
    }
    return loading[src];
}

// A font's style sheet (static/vendor/fonts/<family>/<family>.css) is skipped when the page
// already declares that family: Streamlit's theme declares the same faces page-wide.
const FONT_SHEET = /\/fonts\/([\w-]+)\/\1\.css$/;

function fontDeclared(href) {
    const m = FONT_SHEET.exec(href);
    return Boolean(m) && [...document.fonts].some((f) => f.family.replace(/["']/g, "") === m[1]);
}

function loadStyle(href) {
    if (fontDeclared(href)) {
        return;
    }
    if (![...document.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === new URL(href, document.baseURI).href)) {
        const l = document.createElement("link");
        l.rel = "stylesheet";
        l.href = href;
        document.head.appendChild(l);
    }
}

function say(host, text) {
    forget(host);
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.style.cssText = "padding:1rem;color:#7d353b;background:#fdeced;border-radius:.5rem";
    p.textContent = text; // text, never HTML
    host.replaceChildren(p);
}

function forget(host) {
    // Remove the element's map, its listeners and the page's pointer to it.
    const current = host.__corridor;
    host.__corridor = null;
    if (current) {
        if (window.map === current.map) {
            window.map = undefined;
        }
        current.map.remove();
    }
}

const noHover = () => window.matchMedia && window.matchMedia("(hover: none)").matches;

function clickable(layer, send) {
    if (layer.feature && !layer.__corridorClick) {
        layer.__corridorClick = true;
        layer.on("click", (e) => {
            L.DomEvent.stopPropagation(e);
            const touch = noHover() || L.Browser.mobile ||
                (e.originalEvent && e.originalEvent.pointerType === "touch");
            if (touch && layer._map) {
                // a tap opens the card: no tooltip left behind (clipped at the map's edge);
                // after the layer's group has opened its own
                const map = layer._map;
                setTimeout(() => map.eachLayer((l) => l.closeTooltip && l.closeTooltip()), 0);
            }
            window.__corridorScrollCard = true;
            send(layer.feature.properties || {});
        });
    }
}

function trackView(map, sendView) {
    // Send the zoom and centre the reader moves the map to (for the link), once per move.
    const key = () => {
        const c = map.getCenter();
        return [map.getZoom(), c.lat.toFixed(3), c.lng.toFixed(3)].join(",");
    };
    let last = key();
    // only the reader's own moves: not the map settling into its frame or resizing
    let touched = 0;
    const mark = () => {
        touched = Date.now();
    };
    ["pointerdown", "wheel", "touchstart", "keydown", "dblclick"].forEach((type) =>
        map.getContainer().addEventListener(type, mark, {passive: true})
    );
    map.on("moveend", () => {
        if (Date.now() - touched > 3000) {
            last = key();
            return;
        }
        if (key() !== last) {
            last = key();
            const c = map.getCenter();
            sendView({zoom: map.getZoom(), lat: +c.lat.toFixed(3), lng: +c.lng.toFixed(3)});
        }
    });
}

function bringCardIntoView() {
    // On a narrow screen the card is under the map: show the card of the port just tapped.
    if (!window.__corridorScrollCard) {
        return;
    }
    window.__corridorScrollCard = false;
    if (window.innerWidth >= 700) {
        return;
    }
    // The run that draws the card goes on after the map, and the blocks above the card can
    // change height until it ends: hold the card at the top while the page settles (a few
    // seconds at most), until the reader touches, scrolls or types.
    const until = Date.now() + 4000;
    const halts = ["pointerdown", "wheel", "keydown"];
    let halted = false;
    const halt = () => {
        halted = true;
    };
    halts.forEach((e) => window.addEventListener(e, halt, {once: true, passive: true}));
    const pin = () => {
        const card = document.querySelector(".st-key-selection_card");
        if (!halted && card && Math.abs(card.getBoundingClientRect().top) > 1) {
            card.scrollIntoView({block: "start", behavior: "instant"});
        }
        if (!halted && Date.now() < until) {
            setTimeout(pin, 150);
        } else {
            halts.forEach((e) => window.removeEventListener(e, halt));
        }
    };
    setTimeout(pin, 250);
}

function closeSidebarOnPhone() {
    // A filter chosen on a narrow screen: close the sidebar that covers the page.
    if (window.innerWidth >= 700) {
        return;
    }
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (bar && button && bar.getBoundingClientRect().right > 40) {
        button.click();
        // and the filter's popover that stays open over the page
        document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    }
}

// The page's font list (.streamlit/config.toml theme.font): Source Sans, then the reader's own
// Chinese fonts, then the app's served one (docs/fonts.md).
const FONTS = '"Source Sans","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",' +
    '"Source Han Sans SC","WenQuanYi Zen Hei",noto-sans-sc';

function build(host, data, send, sendView) {
    const uid = "corridor_map_" + data.uid;
    const box = document.createElement("div");
    box.className = "corridor-map";
    // isolation: Leaflet's panes and controls (z-index 400-1000) and the legend stack inside
    // the map, not against Streamlit's sidebar, menu and spinners
    box.style.cssText = "position:relative;isolation:isolate;width:100%;height:" +
        data.height + "px";
    // The map's own HTML is folium's (our legend); its ids are made unique to this element.
    box.innerHTML = '<div id="' + uid + '" style="position:absolute;inset:0"></div>' +
        data.html.split("map_div").join(uid);
    const style = document.createElement("style");
    // In its iframe the map had a page of its own; here it sits in Streamlit's, whose type
    // scale and table styles would enlarge the tooltips: set them for the map alone, in the
    // page's font list (Chinese in the reader's own font, else the app's; its style sheet is
    // one of the map's css_links); Latin and Cyrillic stay in Streamlit's Source Sans.
    style.textContent = data.css.split("map_div").join(uid) + "\n" +
        ".corridor-map .leaflet-container{font:12px/1.4 " + FONTS + ",sans-serif}" +
        ".corridor-map .leaflet-tooltip table{border:0;margin:0;font-size:12px}" +
        ".corridor-map .leaflet-tooltip th,.corridor-map .leaflet-tooltip td{border:0;" +
        "padding:1px 8px 1px 0;vertical-align:top;background:none}";
    host.replaceChildren(style, box);
    // folium's script declares `var map_div = L.map("map_div", ...)`: run it in a scope of
    // its own (no globals), with the element's unique id, and keep the map it made.
    const script = data.script.split('"map_div"').join('"' + uid + '"');
    const map = new Function("L", script + "\n;return map_div;")(window.L);
    if (data.view) {
        // the view the link holds (validated by the server)
        map.setView(data.view.center, data.view.zoom, {animate: false});
    }
    if (send) {
        map.eachLayer((l) => clickable(l, send));
    }
    if (sendView) {
        trackView(map, sendView);
    }
    // The map names itself for screen readers (maps.add_accessible_name): so does its region.
    const label = map.getContainer().getAttribute("aria-label");
    if (label) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label);
    }
    return {key: identity(data), map, overlay: [], overlayScript: null};
}

function identity(data) {
    // what the map is built from: anything else (the overlay) is drawn over the same map
    return [data.base, data.uid, data.height, data.clickable, data.css].join("\u0000");
}

function setOverlay(current, script, send) {
    if (script === current.overlayScript) {
        return;
    }
    current.overlay.forEach((l) => current.map.removeLayer(l));
    current.overlay = [];
    current.overlayScript = script;
    if (!script) {
        return;
    }
    const before = new Set(Object.keys(current.map._layers));
    new Function("L", "map_div", script)(window.L, current.map);
    current.map.eachLayer((l) => {
        if (!before.has(String(L.stamp(l)))) {
            current.overlay.push(l);
            if (send) {
                clickable(l, send);
            }
        }
    });
}

export default function (component) {
    const {parentElement, setStateValue} = component;
    const host = parentElement;
    const data = complete(component.data);
    if (!data) {
        // the server thinks this page holds the map: ask for it (a numbered request, heard once)
        asked += 1;
        setStateValue("missing", {base: component.data.base, n: asked});
        return () => {};
    }
    const send = data.clickable
        ? (props) => {
            // numbered per page, so the same port clicked again is a new click
            window.__corridorClicks = (window.__corridorClicks || 0) + 1;
            setStateValue("click", {
                last_active_drawing: {type: "Feature", properties: props},
                click_count: window.__corridorClicks,
            });
        }
        : null;
    const sendView = data.track_view ? (view) => setStateValue("view", view) : null;
    const draw = () => {
        if (!host.isConnected) {
            return; // unmounted while Leaflet was loading: draw nothing, leak nothing
        }
        let current = host.__corridor;
        if (!current || current.key !== identity(data)) {
            const rebuilt = !!current;
            forget(host);
            current = host.__corridor = build(host, data, send, sendView);
            window.map = current.map; // the latest map, for scripts and tests (as streamlit-folium)
            if (rebuilt) {
                closeSidebarOnPhone();
            }
        }
        setOverlay(current, data.overlay, send);
        bringCardIntoView();
    };
    // the server holds back the rest of a first view until the map is drawn: say so once it
    // is, or once it could not be (the rest must come either way)
    const reportDrawn = () => {
        if (data.awaiting_draw) {
            reported += 1;
            setStateValue("drawn", {base: data.base, n: reported});
        }
    };
    data.css_links.forEach(loadStyle);
    const ready = data.js_links.reduce((p, src) => p.then(() => loadScript(src)), Promise.resolve());
    ready
        .then(draw)
        .catch((err) => say(host, "The map could not be drawn: " + err.message))
        .finally(reportDrawn);
    return () => {
        // Streamlit may also call this for a render it has superseded while the element stays
        // on the page: the map goes only with the element.
        setTimeout(() => {
            if (!host.isConnected) {
                forget(host);
            }
        }, 0);
    };
}
