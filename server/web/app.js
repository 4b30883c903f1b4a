// flops web page: forms bound to the JSON API, results rendered from the
// same Result JSON the CLI prints. No framework, no build step, no CDN.
"use strict";

// TABS describes each calculator: the API endpoint, its form fields (names
// are the API's JSON fields = the CLI's flags) and optional charts.
const TABS = window.FLOPS_TABS;

const state = { tab: "train", compare: false, scenarios: [{}, {}] };
const timers = [];

function $(sel, root) { return (root || document).querySelector(sel); }
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v; else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

// ---- URL state: ?tab=infer&cmp=1&a.gpu=h100&b.gpu=a100 ----
function readURL() {
  const q = new URLSearchParams(location.search);
  if (q.get("tab") && TABS[q.get("tab")]) state.tab = q.get("tab");
  state.compare = q.get("cmp") === "1";
  state.scenarios = [{}, {}];
  for (const [k, v] of q) {
    const m = /^([ab])\.(.+)$/.exec(k);
    if (m) state.scenarios[m[1] === "a" ? 0 : 1][m[2]] = v;
  }
}
function writeURL() {
  const q = new URLSearchParams();
  q.set("tab", state.tab);
  if (state.compare) q.set("cmp", "1");
  state.scenarios.forEach((sc, i) => {
    if (i === 1 && !state.compare) return;
    for (const [k, v] of Object.entries(sc)) if (v !== "" && v !== undefined) q.set((i ? "b." : "a.") + k, v);
  });
  history.replaceState(null, "", "?" + q.toString());
}

// ---- formatting by field-name suffix (values are SI base units) ----
const SI = [[1e24, "Y"], [1e21, "Z"], [1e18, "E"], [1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
function si(x, unit) {
  if (!isFinite(x)) return String(x);
  const a = Math.abs(x);
  for (const [f, p] of SI) if (a >= f) return sig(x / f) + " " + p + unit;
  if (a !== 0 && a < 1e-3 && unit) return sig(x * 1e6) + " µ" + unit;
  if (a !== 0 && a < 1 && unit === "s") return sig(x * 1e3) + " ms";
  return sig(x) + (unit ? " " + unit : "");
}
function sig(x) {
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toPrecision(3);
}
// iec formats a byte count with binary prefixes (GB and GiB differ by 7 %,
// so the page shows both).
function iec(x) {
  for (const [e, p] of [[40, "TiB"], [30, "GiB"], [20, "MiB"], [10, "KiB"]]) if (Math.abs(x) >= 2 ** e) return sig(x / 2 ** e) + " " + p;
  return x + " B";
}
// count formats parameter and token counts the way the field writes them:
// 7.00B, 1.00T, 350M.
function count(x) {
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e5) return x.toLocaleString("en-US");
  for (const [f, p] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]]) if (a >= f) return sig(x / f) + p;
  return Number.isInteger(x) ? String(x) : sig(x);
}
function duration(s) {
  if (s === 0) return "0 s";
  if (s >= 86400 * 2) return sig(s / 86400) + " days";
  if (s >= 7200) return sig(s / 3600) + " h";
  if (s >= 120) return sig(s / 60) + " min";
  return si(s, "s");
}
function fmt(name, v) {
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v !== "number") return String(v);
  if (/_usd$|usd_|cost/.test(name)) return "$" + v.toLocaleString("en-US", { maximumFractionDigits: v < 100 ? 4 : 0 });
  if (/gpu_hours|_hours$/.test(name)) return v.toLocaleString("en-US", { maximumFractionDigits: 0 }) + " h";
  if (/year|^id$|_id$|count$/.test(name)) return String(v);
  if (/(^|_)(mfu|hfu|fraction|efficiency|eff|utilization)$/.test(name)) return (v * 100).toPrecision(3) + " %";
  if (/ridge/.test(name)) return sig(v) + " FLOP/B";
  if (/bytes_per_second|bandwidth/.test(name)) return si(v, "B/s");
  if (/(dense|sparse|vector)_flops/.test(name)) return si(v, "FLOP/s");
  if (/bytes/.test(name)) return si(v, "B") + " (" + iec(v) + ")";
  if (/flops_per_second|flop_s|peak/.test(name)) return si(v, "FLOP/s");
  if (/flops/.test(name)) return si(v, "FLOP");
  if (/seconds/.test(name)) return duration(v);
  if (/tokens_per_second/.test(name)) return si(v, "tok/s");
  if (/(^|_)(mfu|hfu|fraction|efficiency|utilization)$/.test(name)) return (v * 100).toPrecision(3) + " %";
  if (/per_kwh/.test(name)) return sig(v);
  if (/_kwh$/.test(name)) return si(v * 1000, "Wh");
  if (/co2_kg/.test(name)) return v >= 1000 ? sig(v / 1000) + " t CO2e" : sig(v) + " kg CO2e";
  if (/params|tokens|(^|_)batch/.test(name)) return count(v);
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return sig(v);
}
function label(name) { return name.replace(/_/g, " "); }

// ---- rendering a Result ----
function renderResult(box, res) {
  box.replaceChildren();
  const scalars = [], tables = [];
  for (const [k, v] of Object.entries(res)) {
    if (k === "steps" || k === "assumptions" || k === "warnings") continue;
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length && typeof v[0] === "object") tables.push([k, v]);
    else if (typeof v === "object" && !Array.isArray(v)) tables.push([k, [v]]);
    else scalars.push([k, v]);
  }
  if (res.warnings && res.warnings.length) box.append(el("ul", { class: "warnings" }, ...res.warnings.map(w => el("li", { text: "warning: " + w }))));
  const t = el("table", { class: "result" }, el("caption", { class: "sr-only", text: "Results" }));
  for (const [k, v] of scalars) {
    const td = el("td", { class: (typeof v === "number" ? "num" : "text") + (typeof v === "string" ? " bound-" + v : "") + (k === "fits" ? " fits-" + v : ""), "data-field": k, "data-value": String(v), text: Array.isArray(v) ? v.join(", ") : fmt(k, v) });
    t.append(el("tr", {}, el("th", { scope: "row", text: label(k) }), td));
  }
  box.append(t);
  for (const [k, rows] of tables) {
    box.append(renderTable(k, rows));
    // A single object's prose (e.g. the laws' disagreement statement) is
    // shown as text under its table.
    if (rows.length === 1) for (const [f, v] of Object.entries(rows[0])) if (typeof v === "string" && v.length > 48) box.append(el("p", { class: "note", "data-field": f, text: label(f) + ": " + v }));
  }
  if (res.assumptions && res.assumptions.length) {
    const ul = el("ul", { class: "assumptions" });
    for (const a of res.assumptions) ul.append(el("li", { text: a.name + ": " + a.value + (a.source ? " (" + a.source + ")" : "") }));
    box.append(el("details", { open: true }, el("summary", { text: "Assumptions" }), ul));
  }
  if (res.steps && res.steps.length) {
    const ol = el("ol", { class: "steps" });
    for (const s of res.steps) ol.append(el("li", {}, el("strong", { text: s.name }), el("code", { text: s.formula }), el("code", { text: "= " + s.substituted }), el("code", { text: "= " + (s.display || (sig(s.value) + " " + s.unit)) })));
    box.append(el("details", {}, el("summary", { text: "Show the math" }), ol));
  }
}
// flatten lifts one level of nested objects into "parent.key" fields (an
// accelerator's dense_flops.bf16), so tables can show them.
function flatten(r) {
  const out = {};
  for (const [k, v] of Object.entries(r)) {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (v2 === null || typeof v2 !== "object") out[k + "." + k2] = v2;
    } else out[k] = v;
  }
  return out;
}

// renderTable shows an array of objects as a table: scalar columns only,
// long prose columns (sources, notes) left out to keep it readable; the
// full rows are in the JSON API. A few wide items (accelerators side by
// side) are shown transposed: one column per item, one row per field.
function renderTable(name, rows) {
  rows = rows.slice(0, 200).map(flatten);
  const cols = [];
  const long = new Set();
  for (const r of rows.slice(0, 50)) for (const [k, v] of Object.entries(r)) {
    if (v !== null && typeof v === "object") continue;
    if (typeof v === "string" && v.length > 48) long.add(k);
    if (!cols.includes(k)) cols.push(k);
  }
  const shown = cols.filter(c => !long.has(c));
  const cell = (r, c) => el("td", { class: typeof r[c] === "number" ? "num" : "text", "data-field": c, "data-value": String(r[c]), text: r[c] === undefined || r[c] === null ? "" : fmt(c, r[c]) });
  const t = el("table", { "data-table": name }, el("caption", { text: label(name) }));
  if (rows.length > 1 && rows.length <= 8 && shown.length > 8) {
    const head = shown[0];
    t.append(el("tr", {}, el("th", { scope: "col", text: label(head) }), ...rows.map(r => el("th", { scope: "col", text: String(r[head]) }))));
    for (const c of shown.slice(1)) t.append(el("tr", {}, el("th", { scope: "row", text: label(c) }), ...rows.map(r => cell(r, c))));
  } else {
    t.append(el("tr", {}, ...shown.map(c => el("th", { scope: "col", text: label(c) }))));
    for (const r of rows) t.append(el("tr", {}, ...shown.map(c => cell(r, c))));
  }
  return el("div", { class: "scroll" }, t);
}

// ---- panels and forms ----
function fieldInput(f, idx, value) {
  const id = "f" + idx + "-" + f.name;
  let input;
  if (f.options) {
    input = el("select", { id, name: f.name }, ...f.options.map(o => el("option", { value: o, text: o === "" ? "(default)" : o })));
    input.value = value ?? f.def ?? "";
  } else if (f.type === "checkbox") {
    input = el("input", { id, name: f.name, type: "checkbox" });
    input.checked = (value ?? f.def) === "true";
  } else {
    input = el("input", { id, name: f.name, type: "text", list: f.list, placeholder: f.placeholder || "", autocomplete: "off", spellcheck: "false", "aria-describedby": f.help ? id + "-help" : null });
    input.value = value ?? f.def ?? "";
  }
  const lab = el("label", { class: "field" + (f.type === "checkbox" ? " check" : ""), for: id, "data-modes": f.modes ? f.modes.join(" ") : null }, f.label, input);
  if (f.help) lab.append(el("small", { id: id + "-help", text: f.help }));
  return lab;
}
// applyModes shows only the fields of the selected mode (e.g. Scale:
// optimal, loss, inference, isoflop); hidden fields are not sent.
function applyModes(form) {
  const sel = form.querySelector("select[name=mode]");
  if (!sel) return;
  for (const lab of form.querySelectorAll("label[data-modes]")) lab.hidden = !lab.dataset.modes.split(" ").includes(sel.value);
}
function formValues(form) {
  const v = {};
  for (const inp of form.querySelectorAll("fieldset input,fieldset select")) {
    if (inp.closest("label[hidden]")) continue;
    const val = inp.type === "checkbox" ? (inp.checked ? "true" : "") : inp.value.trim();
    if (val !== "") v[inp.name] = val;
  }
  return v;
}
function buildPanel(idx) {
  const tab = TABS[state.tab];
  const sc = state.scenarios[idx];
  const form = el("form", { "aria-label": tab.title + " inputs" + (state.compare ? " (scenario " + "AB"[idx] + ")" : "") });
  const fs = el("fieldset", {}, el("legend", { class: "sr-only", text: tab.title + " inputs" }));
  for (const f of tab.fields) fs.append(fieldInput(f, idx, sc[f.name]));
  form.append(fs);
  form.addEventListener("submit", e => e.preventDefault());
  if (tab.upload) form.append(uploadField(idx));
  const status = el("div", { class: "status", role: "status", "aria-live": "polite" });
  const out = el("div", { class: "result-box", "aria-live": "polite" });
  const charts = el("div", { class: "chart" });
  const panel = el("section", { class: "panel", "data-scenario": "ab"[idx], "aria-label": tab.title + (state.compare ? " scenario " + "AB"[idx] : "") },
    el("h2", { text: tab.title + (state.compare ? " · scenario " + "AB"[idx] : "") }), form, status, out, charts);
  applyModes(form);
  const update = () => {
    applyModes(form);
    state.scenarios[idx] = formValues(form);
    writeURL();
    clearTimeout(timers[idx]);
    timers[idx] = setTimeout(() => compute(idx, status, out, charts), 250);
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  state.scenarios[idx] = formValues(form);
  compute(idx, status, out, charts);
  return panel;
}
// ---- model upload: only the first bytes (the header) leave the browser ----
const UPLOAD_CAP = 16 << 20;
function uploadField(idx) {
  const id = "upload" + idx;
  const input = el("input", { id, type: "file", accept: ".json,.safetensors,.gguf" });
  input.addEventListener("change", () => input.files[0] && upload(idx, input.files[0]));
  return el("label", { class: "field", for: id }, "…or read a config.json, or the header of a safetensors or GGUF file (only the header is sent)", input);
}
async function headerSlice(file) {
  if (/\.safetensors$/i.test(file.name) && file.size >= 8) {
    const dv = new DataView(await file.slice(0, 8).arrayBuffer());
    const n = Number(dv.getBigUint64(0, true));
    if (n + 8 <= UPLOAD_CAP) return file.slice(0, 8 + n);
  }
  return file.slice(0, Math.min(file.size, UPLOAD_CAP));
}
async function upload(idx, file) {
  const panel = document.querySelectorAll(".panel")[idx];
  const status = $(".status", panel), out = $(".result-box", panel);
  const vals = Object.assign({}, state.scenarios[idx]);
  delete vals.model;
  vals.name = file.name;
  const body = await headerSlice(file);
  status.className = "status"; status.textContent = "reading " + file.name + " (" + body.size.toLocaleString("en-US") + " bytes sent)…";
  const r = await fetch("/api/model/upload?" + new URLSearchParams(vals), { method: "POST", body, headers: { "Content-Type": "application/octet-stream" } });
  const res = await r.json();
  if (!r.ok) { status.className = "status error"; status.textContent = res.error; return; }
  status.textContent = "from " + file.name + " (uploads are not part of the link)";
  renderResult(out, res);
}
let seq = [0, 0];
async function compute(idx, status, out, charts) {
  const tab = TABS[state.tab];
  const vals = state.scenarios[idx];
  const my = ++seq[idx];
  const sent = Object.assign({}, vals);
  delete sent.mode;
  const q = new URLSearchParams(sent).toString();
  status.className = "status"; status.textContent = "computing…";
  try {
    const r = await fetch(tab.endpoint(vals) + (q ? "?" + q : ""), { headers: { Accept: "application/json" } });
    const body = await r.json();
    if (my !== seq[idx]) return;
    if (!r.ok) { status.className = "status error"; status.textContent = body.error || ("error " + r.status); out.replaceChildren(); charts.replaceChildren(); return; }
    status.textContent = "";
    renderResult(out, body);
    charts.replaceChildren(...(tab.charts || []).map(c => {
      const src = c.src(sent);
      return src ? el("figure", {}, el("img", { src, alt: c.alt, loading: "lazy" }), el("figcaption", { text: c.alt })) : null;
    }).filter(Boolean));
  } catch (e) {
    if (my === seq[idx]) { status.className = "status error"; status.textContent = "request failed: " + e.message; }
  }
}
function render() {
  const tabs = $("#tabs");
  tabs.replaceChildren(...Object.entries(TABS).map(([key, t]) => {
    const b = el("button", { role: "tab", id: "tab-" + key, type: "button", "aria-selected": String(key === state.tab), "aria-controls": "panels", tabindex: key === state.tab ? "0" : "-1", text: t.title });
    b.addEventListener("click", () => { state.tab = key; state.scenarios = [{}, {}]; writeURL(); render(); b.focus(); });
    b.addEventListener("keydown", e => {
      const keys = Object.keys(TABS); let i = keys.indexOf(state.tab);
      if (e.key === "ArrowRight") i = (i + 1) % keys.length; else if (e.key === "ArrowLeft") i = (i + keys.length - 1) % keys.length; else return;
      state.tab = keys[i]; state.scenarios = [{}, {}]; writeURL(); render(); $("#tab-" + keys[i]).focus();
    });
    return b;
  }));
  const panels = $("#panels");
  panels.className = "panels" + (state.compare ? " two" : "");
  panels.setAttribute("role", "tabpanel");
  panels.setAttribute("aria-labelledby", "tab-" + state.tab);
  panels.replaceChildren(buildPanel(0), ...(state.compare ? [buildPanel(1)] : []));
  $("#compare").checked = state.compare;
}
async function fillLists() {
  try {
    const hw = await (await fetch("/api/hardware")).json();
    const items = hw.accelerators || hw;
    $("#gpu-list").replaceChildren(...items.map(a => el("option", { value: a.id, text: a.name })));
  } catch (e) { /* pickers stay free text */ }
  try {
    const ms = await (await fetch("/api/models")).json();
    const items = ms.models || ms;
    $("#model-list").replaceChildren(...items.map(m => el("option", { value: m.id, text: m.name || m.id })));
  } catch (e) { /* ignore */ }
}
document.addEventListener("DOMContentLoaded", () => {
  readURL();
  $("#compare").addEventListener("change", e => {
    state.compare = e.target.checked;
    if (state.compare) state.scenarios[1] = Object.assign({}, state.scenarios[0]);
    writeURL(); render();
  });
  $("#copy-link").addEventListener("click", () => navigator.clipboard && navigator.clipboard.writeText(location.href));
  render();
  fillLists();
});
