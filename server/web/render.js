// Rendering one Result, answer first: warnings, the headline figures, the
// charts, the tab's own tables, every other field grouped (compute, time,
// memory, cost, energy, ...), then the assumptions and the math. Every
// number on the page carries its dotted JSON path (data-field) and its raw
// API value (data-value), so tests compare the page with the API.
"use strict";
(function () {
  const F = window.FLOPS_FORMAT;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") e.textContent = v; else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
    return e;
  }
  // styled sets inline styles through the CSSOM: the page's CSP
  // (style-src 'self') ignores style attributes.
  function styled(e, props) { Object.assign(e.style, props); return e; }
  // get reads a dotted path ("laws.0.params_optimal") from a result.
  function get(res, path) {
    let v = res;
    for (const k of path.split(".")) { if (v === null || v === undefined) return undefined; v = v[k]; }
    return v;
  }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  const isMoney = kind => kind === "usd" || kind === "usd_rate";

  // value is one formatted number: its text, with the path and raw value.
  function value(tag, path, v, kind, cls) {
    const k = kind || F.describe(path, v).kind;
    return el(tag, { class: cls, "data-field": path, "data-value": String(v), text: F.show(k, v) });
  }

  // ---- the headline: a few large figures and one sentence ----
  // A figure is {path, label, kind?, text?, missing?}: the value at path,
  // or a text (a layout), or, when the value is absent, what to give.
  function figure(res, f) {
    const v = f.path ? get(res, f.path) : undefined;
    const kind = f.kind || (f.path ? F.describe(f.path, v).kind : "text");
    if (f.text === undefined && (v === undefined || v === null || (isMoney(kind) && v === 0))) {
      return el("div", { class: "figure missing" }, el("div", { class: "big", text: f.missingBig || "—" }), el("div", { class: "what", text: f.missing || f.label }));
    }
    const [num, unit] = f.text !== undefined ? [f.text, ""] : F.parts(kind, v);
    const cls = "figure" + (kind === "fits" ? " fits-" + v : "") + (f.wide ? " wide" : "");
    return el("div", { class: cls, "data-field": f.path, "data-value": f.path ? String(v) : null },
      el("div", { class: "big" }, el("span", { class: "num", text: num }), unit ? " " : null, unit ? el("span", { class: "unit", text: unit }) : null),
      el("div", { class: "what", text: f.label }));
  }
  function headline(res, h) {
    if (!h) return null;
    return el("section", { class: "headline", "aria-label": "Answer" },
      h.line ? el("p", { class: "line", text: h.line }) : null,
      el("div", { class: "figures" }, ...h.figures.map(f => figure(res, f))));
  }

  // ---- charts: a figure of N equal panels is shown as N crops of one
  // image, side by side when wide and stacked when narrow (each panel then
  // keeps a readable scale at 400 px).
  function chart(c, src) {
    const n = c.panels || 1;
    const panes = [];
    for (let i = 0; i < n; i++) {
      const img = el("img", { src, alt: i === 0 ? c.alt : "", "aria-hidden": i > 0 ? "true" : null });
      styled(img, { width: n * 100 + "%", marginLeft: -i * 100 + "%" });
      panes.push(el("div", { class: "pane" }, el("div", { class: "crop" }, img)));
    }
    return el("figure", { class: "chart" }, el("div", { class: "panes n" + n }, ...panes),
      el("figcaption", {}, c.alt + " ", el("a", { href: src, target: "_blank", rel: "noopener", text: "open full size" })));
  }
  function charts(list, sent, res) {
    const figs = (list || []).map(c => { const src = c.src(sent, res); return src ? chart(c, src) : null; }).filter(Boolean);
    return figs.length ? el("section", { class: "charts" }, ...figs) : null;
  }

  // ---- tables ----
  // table shows rows (objects at base.0, base.1, ...) with the given
  // columns [{path, label?, kind?}] or [{label, text(row)}] (a summary
  // written from several fields); columns with no value are left out.
  function table(title, base, rows, columns) {
    columns = columns.filter(c => c.text || rows.some(r => { const v = get(r, c.path); return v !== undefined && v !== null && !(v === 0 && /usd/.test(c.path)); }));
    const t = el("table", { class: "grid", "data-table": base });
    t.append(el("caption", { text: title }));
    t.append(el("tr", {}, ...columns.map(c => el("th", { scope: "col", text: c.label || F.describe(c.path, get(rows[0] || {}, c.path)).label }))));
    rows.forEach((r, i) => t.append(el("tr", {}, ...columns.map(c => c.text ? el("td", { class: "text", text: c.text(r) }) : cell(base + "." + i + "." + c.path, get(r, c.path), c.kind, c.bare)))));
    return el("div", { class: "scroll" }, t);
  }
  // cell is one table cell; bare drops the unit (the column head has it).
  function cell(path, v, kind, bare) {
    if (v === undefined || v === null) return el("td", { class: "num", text: "—" });
    const k = kind || F.describe(path, v).kind;
    if (isMoney(k) && v === 0) return el("td", { class: "num", text: "—" });
    const td = value("td", path, v, k, typeof v === "number" ? "num" : "text");
    if (bare) td.textContent = F.parts(k, v)[0];
    return td;
  }
  // compare shows objects side by side, one column each (prefill | decode,
  // accelerator | accelerator): rows are the fields of the first.
  function compare(title, items, rowFields) {
    const t = el("table", { class: "grid compare" }, el("caption", { text: title }));
    t.append(el("tr", {}, el("th", { scope: "col" }), ...items.map(it => el("th", { scope: "col", text: it.title }))));
    for (const f of rowFields) {
      const vals = items.map(it => get(it.obj, f.path));
      if (vals.every(v => v === undefined || v === null)) continue;
      t.append(el("tr", {}, el("th", { scope: "row", text: f.label || F.describe(f.path, vals[0]).label }),
        ...items.map((it, i) => cell(it.base + "." + f.path, vals[i], f.kind))));
    }
    return el("div", { class: "scroll" }, t);
  }
  // genericTable shows an array of objects no tab knows about: its scalar
  // columns, long prose left out (it is in the JSON).
  function genericTable(path, rows) {
    const cols = [];
    for (const r of rows.slice(0, 20)) for (const [k, v] of Object.entries(r)) {
      if (isObject(v) || Array.isArray(v) || (typeof v === "string" && v.length > 48)) continue;
      if (!cols.some(c => c.path === k)) cols.push({ path: k });
    }
    return table(F.describe(path, null).label, path, rows.slice(0, 200), cols);
  }

  // bar draws parts of a whole as one stacked bar with a legend: where a
  // step's time goes, what fills a GPU's memory. A limit (capacity) is
  // marked; parts beyond it overflow in the drawing.
  function bar(title, items, limit) {
    items = items.filter(it => it.value > 0);
    const sum = items.reduce((s, it) => s + it.value, 0);
    const whole = Math.max(sum, limit ? limit.value : 0);
    if (!(whole > 0)) return null;
    const pct = v => (100 * v / whole).toFixed(2) + "%";
    const segs = items.map((it, i) => styled(el("span", { class: "seg c" + (i % 8), title: it.label }), { width: pct(it.value) }));
    const track = el("div", { class: "bar", role: "img", "aria-label": title }, ...segs);
    if (limit) track.append(styled(el("span", { class: "limit", title: limit.label }), { left: pct(limit.value) }));
    const legend = el("ul", { class: "legend" }, ...items.map((it, i) => el("li", {}, el("span", { class: "swatch c" + (i % 8) }), it.label + " ",
      value("strong", it.path, it.value, it.kind))));
    if (limit) legend.append(el("li", {}, el("span", { class: "swatch limit" }), limit.label + " ", value("strong", limit.path, limit.value, limit.kind)));
    return el("figure", { class: "barchart" }, el("figcaption", { text: title }), track, legend);
  }
  // notes lists prose (a statement, per-law caveats, sources); folded
  // says to show it closed, under its title and count.
  function notes(title, items, folded) {
    items = (items || []).filter(Boolean);
    if (!items.length) return null;
    const ul = el("ul", {}, ...items.map(t => el("li", { text: t })));
    if (folded) return el("details", { class: "notes" }, el("summary", { text: title + " (" + items.length + ")" }), ul);
    return el("div", { class: "notes" }, el("h4", { text: title }), ul);
  }
  // command shows a CLI command to copy: lines break only between its
  // options, never inside "--flag value".
  function command(title, cmd) {
    if (!cmd) return null;
    const parts = cmd.split(/ (?=--)/);
    const code = el("code", { class: "cmd" }, ...parts.flatMap((p, i) => [i ? " " : null, el("span", { text: p })]));
    return el("div", { class: "notes" }, el("h4", { text: title }), code);
  }
  window.FLOPS_RENDER = { el, get, value, headline, charts, table, compare, genericTable, bar, notes, command, isObject, isMoney };
})();
