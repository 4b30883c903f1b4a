// How each tab's Result reads, answer first. A view has:
//   headline(res, sent) → {line, figures: [{path, label, kind?, text?, missing?}]}
//     the few figures a person came for, by JSON path, and one sentence;
//   sections(res, sent) → [DOM nodes]: the tab's own tables and bars;
//   consumes: result paths the sections show (left out of the details),
//     or a function of the result giving them;
//   charts: [{alt, panels, src(sent, res) → URL}]; focus(res) → [obj, base].
// Every other field is listed under Details by format.js's label table.
"use strict";
(function () {
  const F = window.FLOPS_FORMAT, R = window.FLOPS_RENDER;
  const get = R.get;
  const s = (res, path, kind) => { const v = get(res, path); return F.show(kind || F.describe(path, v).kind, v); };
  const q = (vals) => new URLSearchParams(vals).toString();
  const pick = (obj, keys) => Object.fromEntries(keys.filter(k => obj[k]).map(k => [k, obj[k]]));
  const join = (...xs) => xs.filter(Boolean).join(" · ");
  const exact = (n) => n.toLocaleString("en-US");
  const gpusText = (n) => n.toLocaleString("en-US") + (n === 1 ? " GPU" : " GPUs");

  const train = {
    headline(res) {
      const what = (res.model ? res.model + ", " : "") + F.count(res.params) + " params × " + F.count(res.tokens) + " tokens on " + res.accelerator;
      const cost = res.cost_usd ? s(res, "cost_usd") : null;
      const figures = [
        { path: "gpu_hours", label: "accelerator time: compute ÷ (peak × MFU)" },
        { path: "cost_usd", label: "cost at " + s(res, "price_usd_per_gpu_hour", "usd") + " per GPU-hour", missing: "cost: give a price per GPU-hour", missingBig: "no price" },
        { path: "wall_clock_seconds", label: "wall-clock on " + gpusText(res.gpus) + (res.gpus_needed ? ", the fewest that meet the deadline" : "") },
        { path: "training_flops", label: res.training_flops_per_token ? "training compute, exact FLOPs per token × D" : "training compute, 6·N·D" },
        { path: "co2_kg", label: "CO2e from " + s(res, "energy_kwh") + " of energy" },
      ];
      // The answer to a budget or deadline question comes first; five figures at most.
      if (res.tokens_affordable) figures.unshift({ path: "tokens_affordable", label: "tokens the " + s(res, "budget_usd") + " budget buys" });
      if (res.gpus_needed) figures.unshift({ path: "gpus_needed", label: "GPUs to finish within " + s(res, "deadline_seconds") });
      let line = what + ": " + join(s(res, "gpu_hours"), cost, s(res, "wall_clock_seconds") + " on " + gpusText(res.gpus));
      // At scale failures stretch the run: show the figures with them beside the ideal ones.
      if (res.can_make_progress === false) {
        figures.splice(1, 0, { path: "goodput", label: "cannot make progress: interruptions come sooner than a restart plus a checkpoint", text: "no progress" });
        line += " · with failures the run cannot make progress";
      } else if (res.goodput != null) {
        figures.splice(1, 0, { path: "wall_clock_seconds_with_failures", label: "wall-clock with failures: goodput " + s(res, "goodput", "fraction") + ", " +
          Math.round(res.expected_interruptions).toLocaleString("en-US") + " interruptions, a checkpoint every " + s(res, "checkpoint_interval_seconds", "seconds") });
        line += " · with failures " + s(res, "wall_clock_seconds_with_failures", "seconds") + " (goodput " + s(res, "goodput", "fraction") + ")";
      }
      return { line, figures: figures.slice(0, 5) };
    },
  };

  // ---- inference ----
  const inferFigures = (r, b) => [
    { path: b + "ttft_seconds", label: "time to first token: prefill of " + r.prompt_tokens.toLocaleString("en-US") + " tokens, " + r.prefill_bound + "-bound" },
    { path: b + "seconds_per_output_token", label: "per output token (TPOT), " + r.decode_bound + "-bound" },
    { path: b + "tokens_per_second", label: "output tokens/s for the batch of " + r.batch + " (" + s(r, "tokens_per_second_per_sequence") + " per user)" },
    { path: b + "fits", kind: "fits", label: r.fits ? "needs " + s(r, "memory.total_bytes_per_gpu") + " of " + s(r, "memory.capacity_bytes_per_gpu") + " per GPU" : (r.memory.hint || "does not fit in memory") },
    { path: b + "cost_per_million_output_tokens_usd", label: "per million output tokens", missing: "cost per million tokens: give a price", missingBig: "no price" },
  ];
  const inferRow = (res) => {
    if (!res.sweep) return [res, ""];
    let i = 0;
    res.sweep.forEach((r, j) => { if (r.fits) i = j; });
    return [res.sweep[i], "sweep." + i + "."];
  };
  const phaseRows = [["tokens", "Tokens", "int"], ["context", "Keys attended (context)", "int"], ["flops", "FLOPs", "flops"],
    ["weight_bytes_read", "Weight bytes read", "bytes"], ["kv_bytes", "KV bytes written / read", "bytes"],
    ["arithmetic_intensity", "Arithmetic intensity", "intensity"], ["compute_seconds", "Compute time", "seconds"],
    ["memory_seconds", "Memory time", "seconds"], ["allreduce_seconds", "All-reduce time", "seconds"],
    ["seconds", "Time (max + all-reduce)", "seconds"], ["bound", "Bound by", "text"]].map(([path, label, kind]) => ({ path, label, kind }));
  // A load result (concurrency or rate: the serving engine) has
  // tpot_seconds; the static roofline has seconds_per_output_token.
  const isLoad = (res) => res.tpot_seconds !== undefined;
  const loadHeadline = (r) => ({
    line: r.model + " on " + r.gpus + "× " + r.accelerator + " (" + srvLayout(r.layout) + "), " + r.framework + " profile, " +
      (r.mode === "rate" ? s(r, "requests_per_second") + " requests/s served" : r.concurrency.toLocaleString("en-US") + " requests in flight") + ", " +
      r.prompt_tokens.toLocaleString("en-US") + " prompt + " + r.output_tokens.toLocaleString("en-US") + " output tokens: first token after " +
      s(r, "ttft_seconds") + ", then " + s(r, "tpot_seconds") + " per token" + (r.overloaded ? "; the rate exceeds capacity, so the queue grows without bound." : "."),
    figures: [
      { path: "ttft_seconds", label: "time to first token, mean" + (r.mode === "rate" ? " (p90 " + s(r, "ttft_p90_seconds") + ")" : "") },
      { path: "tpot_seconds", label: "time per output token, mean (" + s(r, "output_tokens_per_second_per_user") + " per user)" },
      { path: "output_tokens_per_second_per_gpu", label: "output tokens/s per GPU, limited by " + r.limited_by },
      { path: "cost_per_million_output_tokens_usd", label: "per million output tokens", missing: "cost per million tokens: give a price", missingBig: "no price" },
    ],
  });
  const infer = {
    consumes: (res) => isLoad(res) ? [] : ["prefill", "decode", "sweep"],
    focus: (res) => isLoad(res) ? [res, ""] : inferRow(res),
    charts: [{ alt: "Roofline with the prefill and decode points; latency against throughput", panels: 2, src: (v, res) => res && isLoad(res) ? "" : "/api/plot/infer?" + q(v) }],
    headline(res) {
      if (isLoad(res)) return loadHeadline(res);
      const [r, b] = inferRow(res);
      const list = res.sweep ? res.sweep.map(x => x.batch).join(", ") : "";
      const batches = !res.sweep ? "" : r.fits ? " (the largest of " + list + " that fits)" : " (none of " + list + " fits)";
      const line = r.model + " on " + r.gpus + "× " + r.accelerator + ", batch " + r.batch + batches + ", " + r.prompt_tokens.toLocaleString("en-US") +
        " prompt + " + r.output_tokens.toLocaleString("en-US") + " output tokens: first token after " + s(r, "ttft_seconds") + ", then " +
        s(r, "seconds_per_output_token") + " per token; " + (r.fits ? "it fits." : "it does not fit.");
      return { line, figures: inferFigures(r, b) };
    },
    sections(res) {
      if (isLoad(res)) return [];
      const [r, b] = inferRow(res);
      const m = r.memory, mb = b + "memory.";
      const out = [R.compare("Prefill and decode", [{ title: "prefill (whole prompt)", obj: r.prefill, base: b + "prefill" }, { title: "decode (per step, mean)", obj: r.decode, base: b + "decode" }], phaseRows),
        R.bar("Memory per GPU", [{ label: "weights", path: mb + "weights_bytes_per_gpu", value: m.weights_bytes_per_gpu, kind: "bytes" },
          { label: "KV cache", path: mb + "kv_cache_bytes_per_gpu", value: m.kv_cache_bytes_per_gpu, kind: "bytes" },
          { label: "workspace", path: mb + "activation_bytes_per_gpu", value: m.activation_bytes_per_gpu, kind: "bytes" }],
          { label: "capacity", path: mb + "capacity_bytes_per_gpu", value: m.capacity_bytes_per_gpu, kind: "bytes" })];
      if (res.sweep) out.unshift(R.table("Batch sweep", "sweep", res.sweep, [["batch", "batch"], ["ttft_seconds", "TTFT"], ["seconds_per_output_token", "TPOT"],
        ["tokens_per_second", "tokens/s"], ["tokens_per_second_per_sequence", "per user"], ["latency_seconds", "latency"],
        ["memory.total_bytes_per_gpu", "memory/GPU"], ["fits", "fits"], ["cost_per_million_output_tokens_usd", "$ per M output"]].map(([path, label]) => ({ path, label }))));
      return out;
    },
  };

  // ---- model ----
  // A weights-only result (a lone safetensors file) knows the count and
  // bytes; its architecture fields are zeros, left out.
  const weightsOnlyKeeps = new Set(["model", "params_total", "weight_bytes", "weight_bits_per_param", "source"]);
  const model = {
    consumes: (res) => res.weights_only ? Object.keys(res).filter(k => !weightsOnlyKeeps.has(k)).concat(["source.config_source"]) : ["components", "layers"],
    headline(res) {
      if (res.weights_only) {
        return { line: res.model + ": the file's header gives the parameter count and bytes; FLOPs, active parameters and the KV cache need the model's config.json.",
          figures: [{ path: "params_total", label: exact(res.params_total) + " parameters, counted from the tensor shapes" }, { path: "weight_bytes", label: "tensor bytes" },
            { path: "weight_bits_per_param", label: "bits per parameter (bytes × 8 ÷ parameters)" }] };
      }
      const moe = res.params_active && res.params_active !== res.params_total;
      const figures = [{ path: "params_total", label: exact(res.params_total) + " parameters" + (moe ? " (all experts)" : "") },
        moe ? { path: "params_active", label: exact(res.params_active) + " active per token" } : null,
        { path: "weight_bytes", label: "weights at " + res.weight_bits_per_param + " bits per parameter" },
        { path: "kv_cache_bytes_per_token", label: "KV cache per token (" + s(res, "kv_cache_bytes") + " for one " + res.context.toLocaleString("en-US") + "-token sequence)" },
        { path: "flops_per_token_training", label: "training FLOPs per token at context " + res.context.toLocaleString("en-US") + " (6N says " + s(res, "six_n.six_n", "flops") + ")" },
        res.training_flops_total ? { path: "training_flops_total", label: "to train on the published " + F.count(res.training_tokens) + " tokens" } : null].filter(Boolean);
      const line = res.model + ": " + join(s(res, "params_total") + " parameters", s(res, "weight_bytes") + " of weights", s(res, "kv_cache_bytes_per_token") + " of KV cache per token",
        s(res, "flops_per_token_forward") + " forward per token");
      return { line, figures };
    },
    sections(res) {
      if (!res.components) return [];
      const items = res.components.map((c, i) => ({ label: c.name, path: "components." + i + ".total", value: c.total, kind: "count" }));
      const out = [R.bar("Where the parameters are", items), R.table("Parameters by component", "components", res.components,
        [{ path: "name", label: "component" }, { path: "total", label: "total", kind: "count" }, { path: "active", label: "active per token", kind: "count" }])];
      if (res.layers) out.push(R.table("Per layer", "layers", res.layers, ["index", "num_heads", "num_kv_heads", "head_dim", "moe", "ffn", "window",
        "params", "params_active", "flops_forward", "kv_cache_bytes_per_token"].map(path => ({ path, kind: /params/.test(path) ? "count" : undefined }))));
      return out;
    },
  };

  // ---- scale: one Result shape per question ----
  // featured is the law the headline quotes: the one asked for, else the
  // first the API lists that has the value.
  const featured = (laws, has) => Math.max(0, laws.findIndex(l => get(l, has) !== null && get(l, has) !== undefined));
  const lawName = (l) => l.name ? l.name.replace(/ \(.*\)$/, "") : l.law;
  const isoSrc = (v, budgets) => budgets ? "/api/plot/isoflop?" + q(Object.assign(pick(v, ["law"]), { budgets })) : "";
  const scaleKind = (res) => res.curves ? "isoflop" : res.inference_optimal ? "inference" : res.disagreement ? "optimal" : "loss";
  const lawNotes = (laws) => R.notes("Notes on the laws", laws.flatMap(l => (l.notes || []).map(n => l.law + ": " + n)), true);
  const lossCol = (path, label) => ({ path, label: label + " (nats/token)", kind: "loss", bare: true });
  const optimalCols = (res) => [{ path: "law" }, { path: "params_optimal", label: "N_opt" }, { path: "tokens_optimal", label: "D_opt" },
    { path: "tokens_per_param", label: "D/N" }, lossCol("predicted_loss", "loss"), { path: "training_flops_6nd", label: "6·N·D" }]
    .concat(res.cost ? [{ path: "cost.gpu_hours" }, { path: "cost.wall_clock_seconds", label: "Wall-clock" }, { path: "cost.cost_usd", label: "Cost" }] : []);
  const scaleViews = {
    optimal(res, sent) {
      const i = featured(res.laws, "params_optimal"), l = res.laws[i], b = "laws." + i + ".";
      const figures = [{ path: b + "params_optimal", label: "compute-optimal parameters N (" + lawName(l) + ")" },
        { path: b + "tokens_optimal", label: "training tokens D, " + s(l, "tokens_per_param", "plain") + " per parameter" },
        { path: "compute_flops", label: "compute C" + (res.hardware ? " on " + res.hardware.name : "") }];
      if (res.cost) figures.push({ path: "cost.gpu_hours", label: "accelerator time" }, { path: "cost.cost_usd", label: "at " + s(res, "hardware.price_usd_per_hour", "usd_rate") });
      const spread = res.laws.length > 1 ? "; the " + res.laws.length + " laws disagree (table below)" : "";
      return { line: "For C = " + s(res, "compute_flops") + ", " + lawName(l) + " trains " + s(l, "params_optimal", "count") + " parameters on " + s(l, "tokens_optimal", "count") + " tokens" + spread + ".", figures };
    },
    loss(res) {
      const i = featured(res.laws, "predicted_loss"), l = res.laws[i], b = "laws." + i + ".";
      return { line: F.count(res.params) + " parameters on " + F.count(res.tokens) + " tokens spend C = " + s(res, "compute_flops") + "; " + lawName(l) + " predicts a loss of " + s(l, "predicted_loss", "loss") + ".",
        figures: [{ path: b + "predicted_loss", label: "predicted loss (" + lawName(l) + "; not comparable across data sets)" },
          { path: "compute_flops", label: "compute 6·N·D" }, { path: "tokens_per_param", label: "tokens per parameter" },
          { path: b + "params_optimal", label: "compute-optimal N for the same compute (" + lawName(l) + ")" }] };
    },
    inference(res) {
      const io = res.inference_optimal;
      return { line: "To reach a loss of " + s(res, "target_loss", "loss") + " (" + res.law + ") and serve " + F.count(res.inference_tokens) + " tokens, train " +
        F.count(io.params) + " parameters on " + F.count(io.tokens) + " tokens: " + s(res, "saved_fraction") + " less lifetime compute than the compute-optimal " + F.count(res.compute_optimal.params) + ".",
        figures: [{ path: "inference_optimal.params", label: "parameters, inference-aware", kind: "count" }, { path: "inference_optimal.tokens", label: "training tokens", kind: "count" },
          { path: "saved_fraction", label: "of lifetime compute saved against the compute-optimal model" }, { path: "saved_usd", label: "saved", missing: "money saved: give a price", missingBig: "no price" }] };
    },
    isoflop(res) {
      const first = res.curves.filter(c => c.law === res.curves[0].law).slice(0, 4);
      return { line: "Iso-FLOP curves: the loss of each N when D = C ÷ (6·N); minima under " + res.curves[0].law + " below.",
        figures: first.map(c => ({ path: "curves." + res.curves.indexOf(c) + ".optimal.params", kind: "count", label: "N_opt at C = " + s(c, "compute_flops") + ", loss " + s(c, "optimal.loss", "loss") })) };
    },
  };
  const scaleSections = {
    optimal: (res) => [R.table("Compute-optimal N and D by law", "laws", res.laws, optimalCols(res)), R.notes("The laws disagree", [res.disagreement.statement]), lawNotes(res.laws)],
    loss: (res) => [R.table("Predicted loss, and the compute-optimal model for the same compute, by law", "laws", res.laws, [{ path: "law" }, lossCol("predicted_loss", "loss"),
      { path: "params_optimal", label: "N_opt" }, { path: "tokens_optimal", label: "D_opt" }, { path: "tokens_per_param", label: "D/N" },
      lossCol("loss_at_optimal", "loss at N_opt"), { path: "compute_for_same_loss", label: "C for the same loss" }, { path: "saved_fraction", label: "saved" }])],
    inference: (res) => [R.compare("Lifetime compute of each choice", ["reference", "compute_optimal", "inference_optimal", "cost_optimal"].filter(k => res[k]).map(k =>
      ({ title: k === "reference" ? "Your model" : F.words(k), obj: res[k], base: k })), ["params", "tokens", "tokens_per_param", "training_flops", "inference_flops", "total_flops", "cost_usd"]
      .map(path => ({ path, kind: /^(params|tokens)$/.test(path) ? "count" : undefined, label: { params: "Parameters", tokens: "Training tokens" }[path] })))],
    isoflop: (res) => {
      const f = (res.curves[0].off_optimum || []).map((o, j) => ({ path: "off_optimum." + j + ".loss", label: "at N×" + o.factor, kind: "loss", bare: true }));
      return [R.table("Minima of the iso-FLOP curves", "curves", res.curves, [{ path: "law" }, { path: "compute_flops", label: "C" },
        { path: "optimal.params", label: "N_opt", kind: "count" }, { path: "optimal.tokens", label: "D_opt", kind: "count" }, lossCol("optimal.loss", "loss")].concat(f))];
    },
  };
  const scale = {
    consumes: ["laws", "disagreement", "curves", "reference", "compute_optimal", "inference_optimal", "cost_optimal"],
    charts: [{ alt: "Iso-FLOP curves: loss against parameters at fixed compute", src: (v, res) => {
      const k = scaleKind(res);
      return k === "inference" ? "" : isoSrc(v, k === "isoflop" ? v.budgets : String(res.compute_flops));
    } }],
    headline: (res, sent) => scaleViews[scaleKind(res)](res, sent),
    sections: (res, sent) => scaleSections[scaleKind(res)](res, sent),
  };

  // ---- plan ----
  const layoutText = (c) => join("TP " + c.tensor_parallel, c.context_parallel > 1 ? "CP " + c.context_parallel : "", "PP " + c.pipeline_parallel,
    "DP " + c.data_parallel, c.expert_parallel > 1 ? "EP " + c.expert_parallel : "");
  const layoutNote = (c) => "micro-batch " + c.micro_batch + ", ZeRO " + c.zero_stage + ", " + c.recompute + " recompute, sequence parallel " +
    (c.sequence_parallel ? "on" : "off") + (c.virtual_stages > 1 ? ", " + c.virtual_stages + " virtual stages" : "");
  const planCols = [{ label: "layout", text: layoutText }].concat([["step_time_seconds", "step"], ["tokens_per_second", "tokens/s"], ["mfu", "MFU"],
    ["memory_per_gpu_bytes", "memory/GPU"], ["bubble_seconds", "bubble"], ["micro_batch", "mbs"], ["virtual_stages", "vpp"], ["sequence_parallel", "SP"],
    ["zero_stage", "ZeRO"], ["recompute", "recompute"], ["cost_usd", "cost"]].map(([path, label]) => ({ path, label })));
  const plan = {
    consumes: ["top", "pareto"],
    headline(res, sent) {
      const b = res.best || res;
      const price = /^[\d.]/.test(sent.price || "") ? "$" + sent.price : sent.price;
      const cost = { path: "best.cost_usd", label: "to train, at " + price + " per GPU-hour", missing: "cost: give a price per GPU-hour", missingBig: "no price" };
      return { line: "Best of " + res.feasible.toLocaleString("en-US") + " layouts that fit " + res.model + " on " + res.gpus + " × " + res.gpu + ": " +
          layoutText(b) + ", " + s(res, "step_time_seconds") + " per step at " + s(res, "mfu") + " MFU.",
        figures: [{ text: layoutText(b), label: layoutNote(b), wide: true }, { path: "step_time_seconds", label: "per step of " + res.global_batch.toLocaleString("en-US") + " × " + res.seq_len.toLocaleString("en-US") + " tokens" },
          { path: "mfu", label: "model FLOPs utilization (HFU " + s(res, "hfu") + ")" }, { path: "tokens_per_second", label: "training throughput" },
          { path: "time_to_train_seconds", label: "to train on " + F.count(b.training_tokens || 0) + " tokens, " + s(res, "gpu_hours") }, cost] };
    },
    sections(res) {
      const t = (path, label) => ({ path, label, value: res[path], kind: "seconds" });
      const m = (path, label) => ({ path, label, value: res[path], kind: "bytes" });
      const best = res.best || {};
      return [R.bar("Where a step's time goes (" + s(res, "step_time_seconds") + ")", [t("compute_seconds", "compute (incl. recompute)"), t("bubble_seconds", "pipeline bubble"),
        t("tp_comm_seconds", "TP comm"), t("pp_comm_seconds", "PP comm"), t("dp_comm_seconds", "DP comm"), t("ep_comm_seconds", "EP comm"),
        t("cp_comm_seconds", "CP comm"), t("optimizer_seconds", "optimizer")]),
      R.bar("Memory per GPU", [m("memory_weights_bytes", "weights"), m("memory_gradients_bytes", "gradients"), m("memory_optimizer_bytes", "optimizer state"),
        m("memory_activations_bytes", "activations")], best.memory_capacity_bytes ? { label: "usable", path: "best.memory_capacity_bytes", value: best.memory_capacity_bytes, kind: "bytes" } : null),
      R.table("Fastest layouts", "top", res.top || [], planCols)];
    },
  };

  // ---- deploy ----
  const deployLayout = (b) => !b ? "" : b.mode === "disaggregated" && b.prefill ?
    b.prefill.workers + " prefill (" + srvLayout(b.prefill) + ") + " + b.decode.workers + " decode (" + srvLayout(b.decode) + ") workers" + (b.replicas > 1 ? " × " + b.replicas + " units" : "") :
    srvLayout(b) + (b.replicas > 1 ? " × " + b.replicas + " replicas" : "");
  // srvLayout is engine.Layout.String's text, so the tables read as the "why" prose and the CLI do.
  const srvLayout = (l) => !l ? "" : ["tp " + l.tp, l.attention_dp > 1 ? "attention-dp " + l.attention_dp : "", l.pp > 1 ? "pp " + l.pp : ""]
    .filter(Boolean).join(" × ") + (l.ep > 1 ? ", ep " + l.ep : "");
  const deployCols = [{ label: "accelerator", text: (p) => p.accelerator }, { label: "layout", text: deployLayout }].concat(
    [["concurrency", "in flight"], ["gpus", "GPUs"], ["ttft_seconds", "TTFT"], ["tpot_seconds", "TPOT"], ["output_tokens_per_second_per_gpu", "tokens/s per GPU"],
      ["output_tokens_per_second_per_user", "tokens/s per user"], ["usd_per_hour", "$/h"], ["cost_per_million_output_tokens_usd", "$ per M output"], ["limited_by", "limited by"]]
      .map(([path, label]) => ({ path, label, bare: /tokens_per_second/.test(path) }))); // the head has the unit
  // apiSections shows the published API prices beside the self-hosted
  // cost, or says there are none.
  const apiSections = (a) => {
    if (!a) return [];
    if (!a.prices.length) return [R.notes("API list prices", [a.note || "no published API prices for " + a.model])];
    const own = a.self_hosted_cost_per_million_output_tokens_usd;
    const cols = [{ label: "provider", text: (p) => p.provider }, { label: "model as the provider names it", text: (p) => p.product },
      { label: "$ per M input", text: (p) => "$" + p.usd_per_million_input_tokens.toFixed(2) }, { label: "$ per M output", text: (p) => "$" + p.usd_per_million_output_tokens.toFixed(2) },
      { label: own ? "÷ self-hosted " + F.show("usd", own) : "÷ self-hosted", text: (p) => p.output_ratio == null ? "—" : p.output_ratio.toFixed(2) + "×" },
      { label: "seen", text: (p) => p.seen }, { label: "source", text: (p) => p.source.replace(/^https?:\/\/(www\.)?/, "") }];
    return [R.table("API list prices", "api_comparison.prices", a.prices, cols),
      R.notes("Not compared", ["Published per-token list prices of " + a.model + " (catalog of " + a.catalog_compiled + "); the ratio is each output price over self-hosting's cost per million output tokens.", a.excludes, a.note])];
  };
  const deploy = {
    consumes: ["best", "pareto", "accelerators", "why", "closest", "api_comparison"],
    charts: [{ alt: "Pareto front: output tokens/s per GPU against tokens/s per user, with the TPOT target", src: (v) => "/api/plot/deploy?" + q(v) }],
    headline(res) {
      if (!res.feasible) {
        const c = (res.closest || {}).point || {};
        const misses = ((res.closest || {}).misses || []).map(m => m.target.toUpperCase() + " " + F.show("seconds", m.value_seconds) + " against " +
          F.show("seconds", m.target_seconds) + " (+" + Math.round(100 * m.over_fraction) + " %)").join(", ");
        return { line: "Nothing meets the targets for " + res.model + ". The closest: " + (c.accelerator || "") + " " + deployLayout(c) + (misses ? ", which misses " + misses : "") + ((res.closest || {}).over_limit ? ", beyond the search's limits: " + res.closest.over_limit : "") + ".",
          figures: [{ text: "no layout", label: "meets " + join(res.targets.ttft_seconds ? "TTFT ≤ " + s(res, "targets.ttft_seconds", "seconds") : "", res.targets.tpot_seconds ? "TPOT ≤ " + s(res, "targets.tpot_seconds", "seconds") : "") },
            { path: "closest.point.ttft_seconds", kind: "seconds", label: "TTFT of the closest" }, { path: "closest.point.tpot_seconds", kind: "seconds", label: "TPOT of the closest" }] };
      }
      const b = res.best;
      return { line: "Serve " + res.model + " on " + b.gpus + " × " + b.accelerator + ", " + b.mode + ": " + deployLayout(b) + ", " +
          b.concurrency.toLocaleString("en-US") + " requests in flight per " + (b.mode === "disaggregated" ? "prefill/decode unit" : "replica") + (b.usd_per_hour ? " · " + s(res, "best.usd_per_hour", "usd") + " per hour" : "") + ".",
        figures: [{ text: b.accelerator + " · " + deployLayout(b), label: b.mode + ", limited by " + b.limited_by, wide: true },
          { path: "best.gpus", kind: "int", label: res.gpu_budget ? (b.gpus < res.gpu_budget ? "GPUs used, of the " + res.gpu_budget + " per type allowed" : "GPUs, the whole budget") :
            res.rate_requests_per_second ? "GPUs, the fewest that serve " + F.show("plain", res.rate_requests_per_second) + " requests/s" : "GPUs" },
          { path: "best.cost_per_million_output_tokens_usd", kind: "usd", label: "per million output tokens (" + s(res, "best.cost_per_million_input_tokens_usd", "usd") + " per million input) at " + s(res, "best.price_usd_per_gpu_hour", "usd_rate"), missing: "cost: give a price", missingBig: "no price" },
          { path: "best.ttft_seconds", kind: "seconds", label: "time to first token, target " + s(res, "targets.ttft_seconds", "seconds") },
          { path: "best.tpot_seconds", kind: "seconds", label: "time per output token, target " + s(res, "targets.tpot_seconds", "seconds") },
          { path: "best.output_tokens_per_second_per_gpu", kind: "tok_rate", label: "output tokens/s per GPU (" + s(res, "best.output_tokens_per_second_per_user", "tok_rate") + " per user)" }] };
    },
    sections(res) {
      const out = [];
      if (res.why && res.why.summary) out.push(R.notes("Why it wins", [res.why.summary].concat(res.why.modes ? [res.why.modes] : [], res.why.accelerators ? [res.why.accelerators] : [])));
      if (res.best && res.best.command) out.push(R.command("Reproduce it", res.best.command));
      out.push(...apiSections(res.api_comparison)); // asked for beside the cost: before the long tables
      // The accelerator is in the title; the column is left to the Pareto front.
      (res.accelerators || []).forEach((a, i) => out.push(R.table("Best layouts on " + a.accelerator, "accelerators." + i + ".top", a.top || [], deployCols.slice(1))));
      out.push(R.table("Pareto front", "pareto", res.pareto || [], deployCols));
      return out;
    },
  };

  // ---- hardware ----
  const hwRows = (res) => [["vendor"], ["form_factor"], ["release_year"]].concat(res.precisions.map(p => ["dense_flops." + p, "Dense " + p, "flop_rate"]),
    [["fp64_vector_flops"], ["memory_bytes"], ["memory_type"], ["memory_bandwidth_bytes_per_second", "Memory bandwidth"]],
    res.precisions.map(p => ["ridge_flop_per_byte." + p, "Ridge point " + p, "intensity"]),
    [["tdp_watts"], ["scaleup_interconnect"], ["scaleup_bandwidth_bytes_per_second"], ["scaleup_domain"], ["confidence"]]).map(([path, label, kind]) => ({ path, label, kind }));
  const hardware = {
    consumes: ["accelerators", "precisions"],
    charts: [{ alt: "Rooflines of the compared accelerators", src: (v) => "/api/plot/hardware?" + q(v) }],
    headline(res, sent) {
      const p = sent.precision || "bf16";
      return { line: "Dense " + p + " peak of each accelerator; below it, memory bandwidth, capacity and the ridge point (the FLOP per byte where a kernel turns compute-bound).",
        figures: res.accelerators.slice(0, 8).map((a, i) => ({ path: "accelerators." + i + ".dense_flops." + p, kind: "flop_rate", missing: a.name + ": no dense " + p, missingBig: "no " + p,
          label: a.name + " · " + s(a, "memory_bandwidth_bytes_per_second") + " · " + F.show("bytes", a.memory_bytes).replace(/ \(.*/, "") })) };
    },
    sections(res) {
      return [R.compare("Side by side", res.accelerators.map((a, i) => ({ title: a.name, obj: a, base: "accelerators." + i })), hwRows(res)),
        R.notes("Sources", res.accelerators.map(a => a.name + ": " + a.source + (a.notes ? " " + a.notes : "")), true)];
    },
  };

  window.FLOPS_VIEWS = { train, infer, model, scale, plan, deploy, hardware };
})();
