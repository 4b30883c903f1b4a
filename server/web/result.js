// One Result on the page: warnings, headline, charts, the tab's sections,
// then every remaining field in groups, the assumptions and the math.
// Fields no tab knows about still appear, labelled by format.js's rules.
"use strict";
(function () {
  const F = window.FLOPS_FORMAT, R = window.FLOPS_RENDER, el = R.el;
  const OWN = new Set(["steps", "assumptions", "warnings"]);

  // leaves lists the scalar fields of res as [path, value] (nested objects
  // two levels deep, lists of scalars as one value), and the lists of
  // objects as tables; paths under consumed are shown by the tab itself.
  function leaves(res, consumed) {
    const rows = [], tables = [];
    const walk = (obj, prefix, depth) => {
      for (const [k, v] of Object.entries(obj)) {
        const path = prefix ? prefix + "." + k : k;
        if (OWN.has(k) || v === null || v === undefined) continue;
        if (consumed.some(c => path === c || path.startsWith(c + "."))) continue;
        if (R.isObject(v)) { if (depth < 2) walk(v, path, depth + 1); continue; }
        if (Array.isArray(v)) {
          if (v.length && typeof v[0] === "object") tables.push([path, v]); else if (v.length) rows.push([path, v]);
          continue;
        }
        if (depth === 1 && res[k] === v) continue; // repeats a top-level field (a plan's best)
        rows.push([path, v]);
      }
    };
    walk(res, "", 0);
    return { rows, tables };
  }
  // rowLabel names a nested field after its parent ("Rejected: does not
  // fit in memory") unless the table has a label for the very path.
  function rowLabel(path, d) {
    const parts = path.split(".");
    if (parts.length === 1 || d.exact) return d.label;
    const parent = F.describe(parts.slice(0, -1).join("."), null).label;
    const child = /^[A-Z]{2}/.test(d.label) ? d.label : d.label.charAt(0).toLowerCase() + d.label.slice(1);
    return parent + ": " + child;
  }
  // details shows obj's remaining fields by group; base is obj's path in
  // the result ("sweep.2." for one row of a sweep).
  function details(obj, base, consumed) {
    const { rows, tables } = leaves(obj, consumed);
    const groups = new Map(F.GROUPS.map(([g]) => [g, []]));
    for (const [path, v] of rows) {
      const d = F.describe(path, v);
      if (d.kind === "hide" || (R.isMoney(d.kind) && v === 0)) continue;
      const long = typeof v === "string" && v.length > 60;
      const td = R.value("td", base + path, v, d.kind, (typeof v === "number" ? "num" : "text") + (long ? " long" : "") + (d.kind === "fits" ? " fits-" + v : ""));
      (groups.get(d.group) || groups.get("other")).push(el("tr", {}, el("th", { scope: "row", text: rowLabel(path, d) }), td));
    }
    const sections = F.GROUPS.filter(([g]) => groups.get(g).length).map(([g, title]) =>
      el("section", { class: "group", "data-group": g }, el("h4", { text: title }), el("table", { class: "kv" }, ...groups.get(g))));
    const extra = tables.map(([path, list]) => R.genericTable(base + path, list));
    if (!sections.length && !extra.length) return null;
    return el("section", { class: "details", "aria-label": "Details" }, el("h3", { text: "Details" }), el("div", { class: "groups" }, ...sections), ...extra);
  }

  // nested collects a list (warnings, assumptions, steps) from res and
  // from its best layout or sweep rows, without repeats.
  function nested(res, key) {
    const out = [], seen = new Set();
    for (const src of [res, res.best, ...(Array.isArray(res.sweep) ? res.sweep : [])]) {
      for (const x of (src && src[key]) || []) {
        const id = JSON.stringify(x);
        if (!seen.has(id)) { seen.add(id); out.push(x); }
      }
    }
    return out;
  }
  function warnings(res) {
    const ws = nested(res, "warnings");
    return ws.length ? el("ul", { class: "warnings", role: "alert" }, ...ws.map(w => el("li", { text: w }))) : null;
  }
  function assumptions(res) {
    const as = nested(res, "assumptions");
    if (!as.length) return null;
    const t = el("table", { class: "assumptions" }, ...as.map(a => el("tr", {}, el("th", { scope: "row", text: a.name }),
      el("td", {}, el("span", { class: "value", text: a.value }), a.source ? el("small", { text: a.source }) : null))));
    return el("details", { class: "assume", open: true }, el("summary", { text: "Assumptions (" + as.length + ")" }), t);
  }
  function math(res) {
    const steps = (res.steps && res.steps.length ? res.steps : null) || (res.best && res.best.steps) || (res.sweep && res.sweep[0] && res.sweep[0].steps);
    if (!steps || !steps.length) return null;
    const ol = el("ol", { class: "steps" });
    for (const s of steps) {
      const shown = s.display || (typeof s.value === "number" ? (+s.value.toPrecision(4)) + (s.unit ? " " + s.unit : "") : "");
      ol.append(el("li", {}, el("strong", { text: s.name }), el("code", { text: s.formula }), el("code", { text: "= " + s.substituted }), el("code", { text: "= " + shown })));
    }
    return el("details", { class: "math" }, el("summary", { text: "Show the math (" + steps.length + " steps)" }), ol);
  }
  function consumed(tab, res) {
    return typeof tab.consumes === "function" ? tab.consumes(res) : tab.consumes || [];
  }
  // render fills box with res as the tab presents it; sent is the request
  // as sent (the tab's headline sentence quotes it). A tab's focus picks
  // the object whose details are listed (one row of a sweep).
  function render(box, res, tab, sent) {
    const [obj, base] = tab.focus ? tab.focus(res) : [res, ""];
    const parts = [warnings(res), R.headline(res, tab.headline ? tab.headline(res, sent) : null), R.charts(tab.charts, sent, res),
      ...(tab.sections ? tab.sections(res, sent) : []), details(obj, base, consumed(tab, res)), assumptions(res), math(res)];
    box.replaceChildren(...parts.filter(Boolean));
  }
  window.FLOPS_RESULT = { render };
})();
