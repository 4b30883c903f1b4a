// flops web page: forms bound to the JSON API, results rendered from the
// same Result JSON the CLI prints. No framework, no build step, no CDN.
"use strict";
(function () {
  const TABS = window.FLOPS_TABS, el = window.FLOPS_RENDER.el;
  const state = { tab: "train", compare: false, scenarios: [{}, {}] };
  const $ = (sel, root) => (root || document).querySelector(sel);
  const live = []; // the shown panels' controls (buildPanel)

  // ---- URL state: ?tab=infer&cmp=1&a.gpu=h100&a.size_by=model&b.gpu=a100 ----
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
      // "" is kept: a field whose page default the user cleared ("a.price=").
      for (const [k, v] of Object.entries(sc)) if (v !== undefined) q.set((i ? "b." : "a.") + k, v);
    });
    history.replaceState(null, "", "?" + q.toString());
  }

  // ---- form items: fields and either/or choices ----
  function input(f, id, value) {
    if (f.options) {
      // "" sends nothing: the API's default, named when the tab knows it (dflt).
      const opts = f.options.map(o => Array.isArray(o) ? o : [o, o === "" ? (f.dflt ? f.dflt + " (default)" : "(default)") : o]);
      const s = el("select", { id, name: f.name, "data-def": f.def || null }, ...opts.map(([value, text]) => el("option", { value, text })));
      s.value = value ?? f.def ?? "";
      return s;
    }
    if (f.type === "checkbox" || f.type === "file") {
      const i = el("input", { id, name: f.name, type: f.type, accept: f.type === "file" ? ".json,.safetensors,.gguf" : null, "data-def": f.def || null });
      if (f.type === "checkbox") i.checked = (value ?? f.def) === "true";
      return i;
    }
    const i = el("input", { id, name: f.name, type: "text", list: f.list, placeholder: f.placeholder || "", autocomplete: "off", spellcheck: "false", "data-def": f.def || null });
    i.value = value ?? f.def ?? "";
    return i;
  }
  function fieldItem(f, idx, sc) {
    const id = "f" + idx + "-" + (f.id || f.name);
    const cls = "field" + (f.type === "checkbox" ? " check" : "") + (f.type === "file" || f.wide ? " wide" : "");
    return el("label", { class: cls, for: id, "data-when": f.when }, el("span", { text: f.label }), input(f, id, sc[f.name]));
  }
  // initialChoice is the option a scenario selects: as saved, else the
  // first option with a field given (an old link), else the default.
  function initialChoice(c, items, sc) {
    const values = c.options.map(o => o[0]);
    if (values.includes(sc[c.choice])) return sc[c.choice];
    const given = values.find(v => items.some(f => f.name && f.when === c.choice + "=" + v && sc[f.name]));
    return given || c.def || values[0];
  }
  function choiceItem(c, idx, items, sc) {
    const chosen = initialChoice(c, items, sc);
    const radios = c.options.map(([value, label, when]) => {
      const r = el("input", { type: "radio", name: "c" + idx + "-" + c.choice, value, "data-choice": c.choice });
      r.checked = value === chosen;
      return el("label", { class: "opt", "data-when": when }, r, el("span", { text: label }));
    });
    return el("fieldset", { class: "choice", "data-choice": c.choice, "data-when": c.when }, el("legend", { text: c.label }), el("div", { class: "opts" }, ...radios));
  }
  function buildForm(tab, idx, sc) {
    const main = el("div", { class: "fields" }), more = el("div", { class: "fields" });
    for (const it of tab.items) {
      const node = it.choice ? choiceItem(it, idx, tab.items, sc) : fieldItem(it, idx, sc);
      (it.more ? more : main).append(node);
    }
    const form = el("form", { "aria-label": tab.title + " inputs" + (state.compare ? " (scenario " + "AB"[idx] + ")" : "") }, main);
    if (more.children.length) {
      const open = tab.items.some(it => it.more && sc[it.name]);
      form.append(el("details", { class: "more", open }, el("summary", { text: "More inputs" }), more));
    }
    form.addEventListener("submit", e => e.preventDefault());
    return form;
  }

  // ---- which items show: a when condition holds while its choice is
  // shown and set to one of the listed values ----
  function choiceValue(form, name) {
    const fs = form.querySelector(`fieldset[data-choice="${name}"]`);
    const r = fs && !fs.hidden && fs.querySelector("input:checked");
    return r ? r.value : null;
  }
  function holds(form, cond) {
    return cond.split(";").every(part => {
      const [name, vals] = part.split("=");
      return vals.split("|").includes(choiceValue(form, name));
    });
  }
  function applyWhen(form) {
    for (const node of form.querySelectorAll("[data-when]")) node.hidden = !holds(form, node.dataset.when);
    // An option that just became unavailable hands over to the first shown one.
    for (const fs of form.querySelectorAll("fieldset.choice")) {
      const r = fs.querySelector("input:checked");
      if (r && r.closest("[hidden]") && !fs.hidden) {
        fs.querySelector("label.opt:not([hidden]) input").checked = true;
        return applyWhen(form);
      }
    }
  }
  // formState reads the shown, non-empty fields (what is sent), the
  // choices, and the fields with a page default the user emptied (kept in
  // the link as empty, so that it does not bring the default back).
  function formState(form) {
    const values = {}, choices = {}, cleared = {};
    for (const inp of form.querySelectorAll("input,select")) {
      if (inp.closest("[hidden]") || inp.type === "file") continue;
      if (inp.type === "radio") { if (inp.checked) choices[inp.dataset.choice] = inp.value; continue; }
      const val = inp.type === "checkbox" ? (inp.checked ? "true" : "") : inp.value.trim();
      if (val !== "") values[inp.name] = val;
      else if (inp.dataset.def) cleared[inp.name] = "";
    }
    return { values, choices, cleared };
  }

  // ---- panels: one form and its result; ctl holds the panel's state ----
  function buildPanel(idx) {
    const tab = TABS[state.tab];
    const form = buildForm(tab, idx, state.scenarios[idx]);
    const status = el("div", { class: "status", role: "status", "aria-live": "polite" });
    const out = el("div", { class: "result-box" });
    const panel = el("section", { class: "panel", "data-scenario": "ab"[idx], "aria-label": tab.title + (state.compare ? " scenario " + "AB"[idx] : "") },
      el("h2", { text: tab.title + (state.compare ? " · scenario " + "AB"[idx] : "") }), el("div", { class: "panel-body" }, form, el("div", { class: "output" }, status, out)));
    const ctl = { idx, tab, form, status, out, panel, file: null, seq: 0, timer: 0, abort: null };
    live.push(ctl);
    const edit = e => {
      if (e.target.type === "file") return; // the file input runs its own request, once
      save(ctl);
      clearTimeout(ctl.timer);
      ctl.timer = setTimeout(() => run(ctl), e.target.type === "radio" ? 0 : 250);
    };
    form.addEventListener("input", edit);
    form.addEventListener("change", edit);
    const fileInput = form.querySelector("input[type=file]");
    if (fileInput) fileInput.addEventListener("change", () => { ctl.file = fileInput.files[0] || null; clearTimeout(ctl.timer); run(ctl); });
    save(ctl);
    run(ctl);
    return panel;
  }
  function save(ctl) {
    applyWhen(ctl.form);
    const st = formState(ctl.form);
    ctl.values = st.values;
    ctl.choices = st.choices;
    state.scenarios[ctl.idx] = Object.assign({}, st.cleared, st.values, st.choices);
    writeURL();
  }
  function setStatus(ctl, text, error) {
    ctl.status.className = "status" + (error ? " error" : "");
    ctl.status.textContent = text;
    for (const i of ctl.form.querySelectorAll("[aria-invalid]")) i.removeAttribute("aria-invalid");
  }
  // run sends the panel's request; a request still in flight for the
  // panel is aborted first, so a stale answer never lands (the seq check
  // in request covers an answer already being read).
  function run(ctl) {
    const my = ++ctl.seq;
    abort(ctl);
    if (ctl.tab.upload && ctl.choices.source_by === "file") {
      if (ctl.file) return upload(ctl, my);
      ctl.out.replaceChildren();
      return setStatus(ctl, "Choose a file: a config.json, or a safetensors or GGUF file (only its header is sent).");
    }
    const q = new URLSearchParams(ctl.values).toString();
    return request(ctl, my, ctl.tab.endpoint(ctl.values, ctl.choices) + (q ? "?" + q : ""), { headers: { Accept: "application/json" } }, ctl.values, "");
  }
  // request fetches one result and shows it, unless a newer request of the
  // panel started meanwhile; an error stays until the next edit.
  async function request(ctl, my, url, init, sent, done) {
    setStatus(ctl, "computing…");
    abort(ctl);
    const ac = ctl.abort = new AbortController();
    try {
      const r = await fetch(url, Object.assign({}, init, { signal: ac.signal }));
      const body = await r.json();
      if (my !== ctl.seq) return;
      if (!r.ok) return showError(ctl, body);
      ctl.panel.dataset.request = url;
      setStatus(ctl, done);
      window.FLOPS_RESULT.render(ctl.out, body, ctl.tab, sent);
    } catch (e) {
      if (my === ctl.seq && !ac.signal.aborted) showError(ctl, { error: "request failed: " + e.message });
    } finally {
      if (ctl.abort === ac) ctl.abort = null;
    }
  }
  function abort(ctl) {
    if (ctl.abort) ctl.abort.abort();
    ctl.abort = null;
  }
  function showError(ctl, body) {
    setStatus(ctl, body.error || "error", true);
    ctl.out.replaceChildren();
    // The field is named by the API, or by the message ("--params "7X": ...").
    const name = (body.field || (/^--([a-z-]+)/.exec(body.error || "") || [])[1] || "").replace(/-/g, "_");
    const bad = name && [...ctl.form.querySelectorAll(`[name="${name}"]`)].find(i => !i.closest("[hidden]"));
    if (bad) bad.setAttribute("aria-invalid", "true");
  }

  // ---- model upload: only the first bytes (the header) leave the browser ----
  const UPLOAD_CAP = 16 << 20;
  async function headerSlice(file) {
    if (/\.safetensors$/i.test(file.name) && file.size >= 8) {
      const dv = new DataView(await file.slice(0, 8).arrayBuffer());
      const n = Number(dv.getBigUint64(0, true));
      if (n + 8 <= UPLOAD_CAP) return file.slice(0, 8 + n);
    }
    return file.slice(0, Math.min(file.size, UPLOAD_CAP));
  }
  async function upload(ctl, my) {
    const file = ctl.file, body = await headerSlice(file);
    if (my !== ctl.seq) return;
    const vals = Object.assign({}, ctl.values, { name: file.name });
    delete vals.model;
    const sent = body.size.toLocaleString("en-US") + " bytes";
    return request(ctl, my, "/api/model/upload?" + new URLSearchParams(vals), { method: "POST", body, headers: { "Content-Type": "application/octet-stream" } },
      vals, "From " + file.name + " (" + sent + " of it sent). Uploads are not part of the link.");
  }

  // ---- tabs ----
  function selectTab(key) {
    state.tab = key;
    state.scenarios = [{}, {}];
    writeURL();
    render();
    $("#tab-" + key).focus();
  }
  function render() {
    const keys = Object.keys(TABS);
    $("#tabs").replaceChildren(...keys.map(key => {
      const b = el("button", { role: "tab", id: "tab-" + key, type: "button", "aria-selected": String(key === state.tab), "aria-controls": "panels", tabindex: key === state.tab ? "0" : "-1", text: TABS[key].title });
      b.addEventListener("click", () => selectTab(key));
      b.addEventListener("keydown", e => {
        const i = keys.indexOf(state.tab), n = keys.length;
        if (e.key === "ArrowRight") selectTab(keys[(i + 1) % n]); else if (e.key === "ArrowLeft") selectTab(keys[(i + n - 1) % n]);
      });
      return b;
    }));
    const panels = $("#panels");
    panels.className = "panels" + (state.compare ? " two" : "");
    panels.setAttribute("role", "tabpanel");
    panels.setAttribute("aria-labelledby", "tab-" + state.tab);
    // The panels being replaced stop: their requests are aborted and
    // their pending edits dropped.
    for (const ctl of live.splice(0)) { clearTimeout(ctl.timer); ctl.seq++; abort(ctl); }
    panels.replaceChildren(buildPanel(0), ...(state.compare ? [buildPanel(1)] : []));
    $("#compare").checked = state.compare;
  }
  async function fillList(sel, url, key, name) {
    try {
      const body = await (await fetch(url)).json();
      $(sel).replaceChildren(...(body[key] || body).map(x => el("option", { value: x.id, text: x[name] || x.id })));
    } catch (e) { /* the pickers stay free text */ }
  }
  document.addEventListener("DOMContentLoaded", () => {
    readURL();
    $("#compare").addEventListener("change", e => {
      state.compare = e.target.checked;
      if (state.compare) state.scenarios[1] = Object.assign({}, state.scenarios[0]);
      writeURL();
      render();
    });
    $("#copy-link").addEventListener("click", () => navigator.clipboard && navigator.clipboard.writeText(location.href));
    render();
    fillList("#gpu-list", "/api/hardware", "accelerators", "name");
    fillList("#model-list", "/api/models", "models", "name");
  });
})();
