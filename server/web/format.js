// Human labels and units for result fields, and number formatting.
//
// Every number the API returns is in SI base units, with the unit in its
// JSON name (…_seconds, …_bytes, …_usd, …_flops_per_second, …_kwh). A field
// becomes a labelled, formatted row through three small tables, first match
// wins:
//
//  1. FIELDS: explicit entries, by dotted path ("memory.fits") or by name
//     ("ttft_seconds"): [label, kind, group]. Needed only where the name's
//     words are not what a person says (mfu → "MFU"), or to hide a field
//     that repeats another in other units (memory.headroom_gib_per_gpu).
//  2. KIND_RULES: name pattern → kind (the unit and its format). A new field
//     that follows the naming convention gets its unit with no entry:
//     ttft_p90_seconds → a duration, output_tokens_per_second_per_gpu →
//     tokens/s, wall_clock_seconds_with_failures → a duration, goodput →
//     a percentage.
//  3. GROUP_RULES: path pattern → the details group (compute, time,
//     memory, cost, energy, ...).
// Without an entry the label is the name in words, its unit words dropped
// (the value carries the unit) and WORDS applied: ttft_p90_seconds →
// "TTFT p90", expected_interruptions → "Expected interruptions".
"use strict";
(function () {
  // ---- numbers ----
  function sig(x) {
    const a = Math.abs(x);
    if (Number.isInteger(x) && a < 1e5) return x.toLocaleString("en-US");
    if (a >= 1000) return Math.round(x).toLocaleString("en-US");
    if (a >= 100) return x.toFixed(0);
    if (a >= 10) return x.toFixed(1);
    if (a >= 0.001) return String(+x.toPrecision(3));
    return x.toExponential(2);
  }
  const SI = [[1e24, "Y"], [1e21, "Z"], [1e18, "E"], [1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
  // si splits x into a number and a unit with a decimal prefix: 4.2e22 FLOP → ["42.0", "ZFLOP"].
  function si(x, unit) {
    const a = Math.abs(x);
    for (const [f, p] of SI) if (a >= f) return [fixed3(x / f), p + unit];
    if (a !== 0 && a < 1e-3) return [fixed3(x * 1e6), "µ" + unit];
    if (a !== 0 && a < 1) return [fixed3(x * 1e3), "m" + unit];
    return [Number.isInteger(x) ? String(x) : fixed3(x), unit];
  }
  // fixed3 writes three significant digits, keeping trailing zeros (7.00).
  function fixed3(x) {
    const a = Math.abs(x);
    return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
  }
  // count writes parameter and token counts as the CLI does: 7.00B, 1.00T, 2,048.
  function count(x) {
    const a = Math.abs(x);
    if (Number.isInteger(x) && a < 1e5) return x.toLocaleString("en-US");
    for (const [f, p] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]]) if (a >= f) return fixed3(x / f) + p;
    return sig(x);
  }
  function iec(x) {
    for (const [e, p] of [[40, "TiB"], [30, "GiB"], [20, "MiB"], [10, "KiB"]]) if (Math.abs(x) >= 2 ** e) return fixed3(x / 2 ** e) + " " + p;
    return x + " B";
  }
  function duration(s) {
    const a = Math.abs(s);
    if (a === 0) return ["0", "s"];
    if (a >= 2 * 365.25 * 86400) return [fixed3(s / (365.25 * 86400)), "years"];
    if (a >= 2 * 86400) return [fixed3(s / 86400), "days"];
    if (a >= 7200) return [fixed3(s / 3600), "h"];
    if (a >= 120) return [fixed3(s / 60), "min"];
    return si(s, "s");
  }
  function money(v) {
    const a = Math.abs(v);
    const n = a >= 100 ? Math.round(a).toLocaleString("en-US") : a >= 1 ? a.toFixed(2) : String(+a.toPrecision(3));
    return (v < 0 ? "−$" : "$") + n;
  }

  // KINDS: how each kind of quantity is written, as [number, unit].
  const KINDS = {
    count: v => [count(v), ""],
    int: v => [Math.round(v).toLocaleString("en-US"), ""],
    plain: v => [sig(v), ""],
    flops: v => Math.abs(v) >= 1e18 ? [v.toExponential(2).replace("+", ""), "FLOP (" + si(v, "FLOP").join(" ") + ")"] : si(v, "FLOP"),
    flop_rate: v => si(v, "FLOP/s"),
    bytes: v => { const [n, u] = si(v, "B"); return [n, u + (Math.abs(v) >= 1024 ? " (" + iec(v) + ")" : "")]; },
    gib: v => [fixed3(v), "GiB"],
    byte_rate: v => si(v, "B/s"),
    seconds: duration,
    gpu_seconds: v => [count(v), "GPU-seconds"],
    gpu_hours: v => [v >= 1e9 ? count(v) : Math.round(v).toLocaleString("en-US"), "GPU-hours"],
    usd: v => [money(v), ""],
    usd_rate: v => [money(v), "per GPU-hour"],
    fraction: v => Math.abs(v) <= 1.5 ? [String(+(v * 100).toPrecision(3)), "%"] : [sig(v), ""],
    percent: v => [String(+v.toPrecision(3)), "%"],
    ratio: v => [sig(v), "×"],
    watts: v => [sig(v), "W"],
    kwh: v => si(v * 1000, "Wh"),
    co2: v => Math.abs(v) >= 1000 ? [fixed3(v / 1000), "t CO2e"] : [fixed3(v), "kg CO2e"],
    co2_rate: v => [sig(v), "kg CO2e/kWh"],
    intensity: v => [sig(v), "FLOP/B"],
    tok_rate: v => [count(v), "tokens/s"],
    loss: v => [v.toFixed(4), "nats/token"],
    bits: v => [sig(v), "bits"],
    year: v => [String(v), ""],
  };

  // FIELDS: explicit labels; kind and group are optional (rules decide).
  // "hide" drops a field that repeats another one.
  const FIELDS = {
    params: ["Parameters", "count", "setup"], tokens: ["Training tokens", "count", "setup"],
    model: ["Model"], accelerator: ["Accelerator"], gpu: ["Accelerator"], precision: ["Precision"],
    gpus: ["GPUs", "int", "setup"], batch: ["Batch (sequences)", "int", "setup"],
    training_flops: ["Training compute"], training_flops_per_token: ["Training FLOPs per token"],
    six_nd_flops: ["6·N·D rule of thumb"], peak_flops_per_second: ["Peak per GPU (dense)"],
    effective_flops_per_second: ["Delivered per GPU (peak × MFU)"],
    cluster_effective_flops_per_second: ["Delivered by the whole cluster"],
    gpu_seconds: ["GPU time", "gpu_seconds", "time"], gpu_hours: ["GPU-hours", "gpu_hours", "time"],
    wall_clock_seconds: ["Wall-clock time"], price_usd_per_gpu_hour: ["Price"], cost_usd: ["Cost"],
    power_watts: ["Power per GPU"], pue: ["PUE (data-centre overhead)", "plain", "energy"],
    grid_kg_co2_per_kwh: ["Grid carbon intensity"], energy_kwh: ["Energy"], co2_kg: ["CO2e emitted"],
    deadline_seconds: ["Deadline"], gpus_needed: ["GPUs needed", "int", "time"], budget_usd: ["Budget"],
    flops_affordable: ["Compute the budget buys", "flops", "cost"], tokens_affordable: ["Tokens the budget buys", "count", "cost"],
    active_params: ["Active parameters per token", "count"], prompt_tokens: ["Prompt tokens", "int"], output_tokens: ["Output tokens", "int"],
    "weights.name": ["Weight format", "text", "setup"], "weights.bits_per_element": ["Bits per weight", "bits", "setup"],
    "kv_dtype.name": ["KV-cache format", "text", "setup"], "kv_dtype.bits_per_element": ["Bits per KV element", "bits", "setup"],
    "weights.source": ["", "hide"], "kv_dtype.source": ["", "hide"],
    compute_efficiency: ["Compute efficiency (of peak)", "fraction"], bandwidth_efficiency: ["Bandwidth efficiency (of peak)", "fraction"],
    memory_bandwidth_bytes_per_second: ["Memory bandwidth per GPU"], flops_per_token: ["FLOPs per output token"],
    seconds_per_token: ["", "hide"], tokens_per_second: ["Throughput"],
    bound: ["", "hide"], arithmetic_intensity: ["Decode arithmetic intensity"],
    ridge_point: ["Ridge point (peak ÷ bandwidth)"], critical_batch: ["Batch where decode turns compute-bound", "plain", "compute"],
    critical_batch_note: ["Critical batch", "text", "compute"], ttft_seconds: ["Time to first token (TTFT)"],
    seconds_per_output_token: ["Time per output token (TPOT)"],
    roofline_seconds_per_output_token: ["TPOT at 100 % efficiency (pure roofline)"],
    tokens_per_second_per_sequence: ["Speed seen by one user"], latency_seconds: ["End-to-end latency"],
    prefill_tokens_per_second: ["Prefill speed"], decode_bound: ["Decode bound by", "text", "compute"],
    prefill_bound: ["Prefill bound by", "text", "compute"], weight_bytes: ["Weights (total)"],
    kv_cache_bytes: ["KV cache (total)"], kv_bytes_per_token: ["KV cache per token"],
    experts_touched_per_layer: ["Experts read per layer per step", "plain", "memory"],
    "memory.weights_bytes_per_gpu": ["Weights per GPU"], "memory.kv_cache_bytes_per_gpu": ["KV cache per GPU"],
    "memory.activation_bytes_per_gpu": ["Workspace per GPU"], "memory.total_bytes_per_gpu": ["Needed per GPU"],
    "memory.capacity_bytes_per_gpu": ["Memory per GPU"], "memory.headroom_bytes_per_gpu": ["Headroom per GPU"],
    "memory.headroom_gib_per_gpu": ["", "hide"], "memory.fits": ["", "hide"], "memory.hint": ["How to make it fit", "text", "memory"],
    "memory.note": ["Not counted", "text", "memory"],
    fits: ["Fits in memory", "fits", "memory"], max_batch: ["Largest batch that fits", "int", "memory"],
    max_context: ["Longest context that fits", "int", "memory"], max_context_limit: ["Context limited by", "text", "memory"],
    cost_per_million_output_tokens_usd: ["Per million output tokens"], cost_per_million_input_tokens_usd: ["Per million prompt tokens"],
    // model
    family: ["Family"], context: ["Context (tokens)", "int", "setup"], convention: ["Attention FLOPs convention", "text", "setup"],
    recompute: ["Activation recompute", "text", "setup"], params_total: ["Parameters (total)", "count", "setup"],
    params_active: ["Active per token", "count", "setup"], params_embedding: ["Embedding", "count", "setup"],
    params_non_embedding: ["Non-embedding", "count", "setup"], params_mtp: ["Multi-token-prediction head", "count", "setup"],
    matmul_params_active: ["Matmul parameters per token", "count", "setup"],
    flops_per_token_forward: ["Forward FLOPs per token"], flops_per_token_training: ["Training FLOPs per token (model)"],
    flops_per_token_training_hardware: ["Training FLOPs per token (hardware, with recompute)"],
    flops_per_token_attention: ["Attention core FLOPs per token (forward)"],
    flops_per_token_decode: ["Decode FLOPs, one token at full context"],
    "six_n.seq_len": ["", "hide"], "six_n.convention": ["", "hide"], "six_n.n": ["", "hide"], "six_n.exact": ["", "hide"],
    "six_n.six_n": ["6N rule of thumb per token", "flops", "compute"], "six_n.palm": ["PaLM 6N + 12·L·H·h_d·T per token", "flops", "compute"],
    "six_n.diff_percent": ["Exact count vs 6N", "percent", "compute"], "six_n.palm_diff_pct": ["Exact count vs PaLM formula", "percent", "compute"],
    weight_bits_per_param: ["Bits per weight", "bits", "memory"], kv_bytes_per_element: ["KV bytes per element", "plain", "memory"],
    kv_cache_bytes_per_token: ["KV cache per token"], training_tokens: ["Published training tokens", "count", "setup"],
    training_flops_total: ["Training compute on those tokens", "flops", "compute"], weights_only: ["", "hide"],
    "source.kind": ["Read from"], "source.id": ["Catalog ID"], "source.config_source": ["Architecture from"],
    "source.path": ["File"], "source.paper": ["Published in"], "source.notes": ["Notes"],
    "source.published_params": ["Published parameter count", "count"], "source.published_active": ["Published active parameters", "count"],
    "source.published_training_flops": ["Published training compute", "flops"], "source.file_params": ["Parameters in the file", "count"],
    "source.file_bytes": ["Tensor bytes in the file", "bytes"],
    file_dtype_params: ["Parameters by dtype", "count"], file_dtype_bytes: ["Tensor bytes by dtype", "bytes"], "source.config_params": ["Parameters from config.json", "count"],
    // scale
    compute_flops: ["Compute C"], tokens_per_param: ["Tokens per parameter", "plain"], law: ["Law"],
    target_loss: ["Target loss", "loss"], inference_tokens: ["Lifetime inference tokens", "count", "setup"],
    saved_flops: ["Lifetime compute saved", "flops", "compute"], saved_fraction: ["Share of lifetime compute saved", "fraction", "compute"],
    saved_usd: ["Money saved", "usd", "cost"], "hardware.name": ["Accelerator"], "hardware.price_usd_per_hour": ["Price", "usd_rate"],
    // plan
    global_batch: ["Global batch (sequences)", "int", "setup"], seq_len: ["Sequence length", "int", "setup"],
    search_space: ["Layouts in the search space", "int", "search"], evaluated: ["Layouts evaluated", "int", "search"],
    feasible: ["Layouts that fit", "int", "search"], duplicates: ["Symmetric duplicates skipped", "int", "search"],
    pruned: ["Pruned early", "int", "search"], elapsed_seconds: ["Search time", "seconds", "search"],
    tensor_parallel: ["Tensor parallel (TP)", "int", "layout"], context_parallel: ["Context parallel (CP)", "int", "layout"],
    pipeline_parallel: ["Pipeline parallel (PP)", "int", "layout"], data_parallel: ["Data parallel (DP)", "int", "layout"],
    expert_parallel: ["Expert parallel (EP)", "int", "layout"], micro_batch: ["Micro-batch (sequences)", "int", "layout"],
    virtual_stages: ["Virtual pipeline stages", "int", "layout"], sequence_parallel: ["Sequence parallel", "bool", "layout"],
    zero_stage: ["ZeRO stage", "int", "layout"], micro_batches_per_step: ["Micro-batches per step", "int", "layout"],
    step_time_seconds: ["Step time"], compute_seconds: ["Compute (incl. recompute)"], recompute_seconds: ["of which recompute"],
    tp_comm_seconds: ["TP communication (exposed)"], ep_comm_seconds: ["EP communication (exposed)"],
    cp_comm_seconds: ["CP communication (exposed)"], pp_comm_seconds: ["PP communication (exposed)"],
    bubble_seconds: ["Pipeline bubble"], dp_comm_seconds: ["DP communication (exposed)"],
    dp_overlapped_seconds: ["DP communication hidden behind compute"], optimizer_seconds: ["Optimizer step"],
    memory_weights_bytes: ["Weights per GPU"], memory_gradients_bytes: ["Gradients per GPU"],
    memory_optimizer_bytes: ["Optimizer state per GPU"], memory_activations_bytes: ["Activations per GPU"],
    memory_per_gpu_bytes: ["Needed per GPU"], memory_capacity_bytes: ["Usable per GPU"], headroom_bytes: ["Headroom per GPU"],
    time_to_train_seconds: ["Time to train"], best: ["Best layout"], rejected: ["Rejected"], step_cost_usd: ["Cost per step"],
    model_flops_per_token: ["Model FLOPs per token"], hardware_flops_per_token: ["Hardware FLOPs per token (with recompute)"],
    achieved_flops_per_second_per_gpu: ["Achieved per GPU"],
    // hardware
    index: ["Layer", "int"], num_heads: ["Query heads", "int"], num_kv_heads: ["KV heads", "int"], head_dim: ["Head dim", "int"],
    moe: ["MoE"], ffn: ["FFN width", "int"], window: ["Sliding window", "int"], flops_forward: ["Forward FLOPs per token"],
    kv_elems_per_token: ["KV elements per token", "int"],
    id: ["ID"], vendor: ["Vendor"], name: ["Name"], form_factor: ["Form factor"], release_year: ["Released", "year"],
    memory_bytes: ["Memory"], memory_type: ["Memory type"], tdp_watts: ["Board power (TDP)"],
    scaleup_interconnect: ["Scale-up link"], scaleup_bandwidth_bytes_per_second: ["Scale-up bandwidth (both directions)"],
    scaleup_domain: ["Scale-up domain (GPUs)", "int"], fp64_vector_flops: ["FP64 vector", "flop_rate"], confidence: ["Confidence"],
    can_make_progress: ["Run can make progress", "bool", "failures"], checkpoint_bytes: ["Checkpoint size", "bytes", "failures"],
    checkpoint_bandwidth_bytes_per_second: ["Checkpoint write bandwidth", "byte_rate", "failures"],
    expected_interruptions: ["Expected interruptions", "plain", "failures"], goodput: ["Goodput (useful ÷ wall-clock)", "fraction", "failures"],
  };

  // KIND_RULES: the unit of a field from its name (last path segment).
  const KIND_RULES = [
    [/_usd_per_(gpu_)?hour$|^price/, "usd_rate"], [/(^|_)usd($|_)|^cost($|_)/, "usd"],
    [/gpu_hours/, "gpu_hours"], [/gpu_seconds/, "gpu_seconds"], [/(^|_)gib($|_)/, "gib"],
    [/(^|_)(mfu|hfu|fraction|efficiency|eff|utilization|goodput|share)($|_)/, "fraction"],
    [/bytes_per_second|bandwidth/, "byte_rate"], [/bytes/, "bytes"],
    [/flops_per_second|flop_s$|^peak/, "flop_rate"], [/flop_per_byte|ridge|intensity/, "intensity"], [/flops/, "flops"],
    [/tokens_per_second/, "tok_rate"], [/seconds|latency|ttft|tpot/, "seconds"],
    [/_percent$|_pct$/, "percent"],
    [/_ratio$|speedup/, "ratio"], [/watts/, "watts"], [/per_kwh/, "co2_rate"], [/kwh/, "kwh"], [/co2_kg|(^|_)co2$/, "co2"],
    [/loss/, "loss"], [/bits/, "bits"], [/year/, "year"],
    [/(^|_)(params|tokens)($|_)|_optimal$|_affordable$/, "count"],
  ];
  // GROUP_RULES: the details group of a field from its dotted path.
  const GROUP_RULES = [
    [/goodput|interruption|checkpoint|restart|mtbf|young|daly|with_failures|lost_seconds|progress/, "failures"],
    [/^source\./, "source"], [/^rejected\./, "search"], [/usd|cost|price|budget/, "cost"],
    [/kwh|co2|watts|pue|grid|energy|power/, "energy"],
    [/bytes|memory|(^|_)kv_|fits|headroom|capacity|gib|max_batch|max_context/, "memory"],
    [/seconds|hours|latency|ttft|tpot|time|deadline|interruption|goodput|wall_clock|failure|tokens_per_second/, "time"],
    [/flops|mfu|hfu|peak|efficiency|intensity|ridge|bound|critical|utilization/, "compute"],
  ];
  const GROUPS = [["setup", "Run and model"], ["layout", "Layout"], ["compute", "Compute"], ["time", "Time and speed"],
    ["failures", "Failures and checkpoints"], ["memory", "Memory"], ["cost", "Cost"], ["energy", "Energy and CO2"], ["search", "Search"], ["source", "Source"], ["other", "Other"]];
  // WORDS: how abbreviations are written in labels.
  const WORDS = { gpu: "GPU", gpus: "GPUs", ttft: "TTFT", tpot: "TPOT", mfu: "MFU", hfu: "HFU", kv: "KV", pue: "PUE",
    co2: "CO2e", tp: "TP", pp: "PP", dp: "DP", ep: "EP", cp: "CP", moe: "MoE", id: "ID", flops: "FLOPs", mtp: "MTP",
    slo: "SLO", p50: "p50", p90: "p90", p95: "p95", p99: "p99", sla: "SLA", mtbf: "MTBF", hbm: "HBM" };
  // Unit words a value already carries, dropped from generated labels.
  const UNIT_WORDS = new Set(["seconds", "usd", "bytes", "kwh", "kg", "watts", "gib"]);

  function words(name) {
    const ws = name.replace(/_per_second/g, "/s").split("_").filter((w, i) => !(i > 0 && UNIT_WORDS.has(w)));
    const s = ws.map(w => WORDS[w] || w).join(" ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
  // describe returns {label, kind, group, exact} for a dotted result path;
  // exact tells that the label was written for this very path.
  function describe(path, value) {
    const segs = path.split("."), name = segs.pop();
    const byPath = FIELDS[path.replace(/^(.*\.)?\d+\./, "")];
    const e = byPath || FIELDS[name] || [];
    // A member of a map (file_dtype_bytes.BF16) takes its parent's unit.
    const parent = FIELDS[segs[segs.length - 1]] || [];
    let kind = e[1];
    if (!kind) {
      if (typeof value === "string") kind = "text";
      else if (typeof value === "boolean") kind = "bool";
      else kind = (KIND_RULES.find(([re]) => re.test(name)) || [null, parent[1] || (Number.isInteger(value) ? "int" : "plain")])[1];
    }
    const group = e[2] || (GROUP_RULES.find(([re]) => re.test(path)) || [null, "setup"])[1];
    return { label: e[0] || words(name), kind, group, exact: !!byPath };
  }
  // parts formats a value of a kind as [number, unit].
  function parts(kind, v) {
    if (v === null || v === undefined) return ["—", ""];
    if (kind === "fits") return [v ? "fits" : "does not fit", ""];
    if (typeof v === "boolean") return [v ? "yes" : "no", ""];
    if (typeof v !== "number") return [Array.isArray(v) ? v.join(", ") : String(v), ""];
    return (KINDS[kind] || KINDS.plain)(v);
  }
  function show(kind, v) { return parts(kind, v).filter(Boolean).join(" "); }
  window.FLOPS_FORMAT = { describe, parts, show, count, money, GROUPS, words };
})();
