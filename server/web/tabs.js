// The calculators of the page: each tab's endpoint, form fields and charts.
// Field names are the API's JSON fields, which are the CLI's flag names.
"use strict";
(function () {
  const gpu = (def) => ({ name: "gpu", label: "Accelerator", def: def || "h100-sxm", list: "gpu-list", help: "catalog ID; dense peak used" });
  const precision = { name: "precision", label: "Precision", options: ["", "bf16", "fp16", "fp8", "int8", "fp4", "tf32", "fp32", "fp64"] };
  const model = (def) => ({ name: "model", label: "Model (catalog)", def: def || "", list: "model-list" });
  const laws = { name: "law", label: "Law", options: ["", "chinchilla-1", "chinchilla-2", "chinchilla-3", "chinchilla-3-precise", "epoch-2024", "kaplan-2020", "deepseek-llm", "llama3"] };
  const q = (vals) => new URLSearchParams(vals).toString();
  window.FLOPS_TABS = {
    train: {
      title: "Train", endpoint: () => "/api/train",
      fields: [
        { name: "params", label: "Parameters N", def: "7B", placeholder: "7B" },
        { name: "tokens", label: "Training tokens D", def: "1T", placeholder: "1T" },
        model(), { name: "seq", label: "Sequence length (with model)", placeholder: "4096" },
        gpu(), { name: "gpus", label: "GPUs", def: "1" },
        { name: "mfu", label: "MFU", def: "0.5", placeholder: "0.4 or 40%" },
        { name: "price", label: "Price $/GPU-hour", def: "2" },
        { name: "days", label: "Deadline (days) → GPUs needed", placeholder: "30" },
        { name: "budget", label: "Budget $ → tokens affordable", placeholder: "$100k" },
        { name: "power", label: "Power per GPU", placeholder: "TDP" },
        { name: "pue", label: "PUE", placeholder: "default" },
        { name: "grid", label: "Grid kgCO2e/kWh", placeholder: "default" },
        precision,
      ],
    },
    infer: {
      title: "Inference", endpoint: () => "/api/infer",
      fields: [
        model("llama-3-8b"), { name: "params", label: "…or parameters N", placeholder: "70B" },
        gpu(), { name: "gpus", label: "GPUs (tensor parallel)", def: "1" },
        { name: "batch", label: "Batch (or list 1,8,64)", def: "1" },
        { name: "prompt", label: "Prompt tokens", def: "2048" },
        { name: "output", label: "Output tokens", def: "256" },
        { name: "weights", label: "Weights", options: ["", "bf16", "fp8", "int8", "int4", "q8_0", "q4_k_m", "q4_0"] },
        { name: "kv_dtype", label: "KV cache", options: ["", "bf16", "fp8", "int8", "q8_0"] },
        { name: "price", label: "Price $/GPU-hour", placeholder: "2" },
        { name: "compute_eff", label: "Compute efficiency", placeholder: "default" },
        { name: "bandwidth_eff", label: "Bandwidth efficiency", placeholder: "default" },
      ],
      charts: [{ alt: "Roofline with prefill and decode points, and latency against throughput", src: (v) => "/api/plot/infer?" + q(v) }],
    },
    model: {
      title: "Model", endpoint: () => "/api/model", upload: true,
      fields: [
        model("llama-3.1-405b"), { name: "context", label: "Context", def: "8192" },
        { name: "convention", label: "Attention", options: ["", "causal", "full"] },
        { name: "recompute", label: "Recompute", options: ["", "none", "selective", "full"] },
        { name: "dtype", label: "Weights dtype", options: ["", "bf16", "fp8", "int8", "int4", "fp32"] },
        { name: "kv_dtype", label: "KV dtype", options: ["", "bf16", "fp8", "int8"] },
        { name: "layers", label: "Per-layer table", type: "checkbox" },
      ],
    },
    scale: {
      title: "Scale", endpoint: (v) => "/api/scale/" + (v.mode || "optimal"),
      fields: [
        { name: "mode", label: "Question", options: ["optimal", "loss", "inference", "isoflop"], def: "optimal" },
        { name: "compute", label: "Compute C (FLOPs)", def: "5.76e23", modes: ["optimal"] },
        { name: "budget", label: "…or budget $", placeholder: "$1M", modes: ["optimal"] },
        { name: "gpu_hours", label: "…or GPU-hours", placeholder: "100k", modes: ["optimal"] },
        { name: "days", label: "…or days", placeholder: "30", modes: ["optimal"] },
        { name: "gpus", label: "GPUs (with days)", placeholder: "1024", modes: ["optimal"] },
        { name: "params", label: "Parameters N", def: "70B", modes: ["loss", "inference"] },
        { name: "tokens", label: "Training tokens D", def: "1.4T", modes: ["loss", "inference"] },
        { name: "model", label: "…or a catalog model", list: "model-list", modes: ["loss", "inference"] },
        { name: "loss", label: "…or target loss", placeholder: "1.95", modes: ["inference"] },
        { name: "inference_tokens", label: "Lifetime inference tokens", def: "2T", modes: ["inference"] },
        { name: "budgets", label: "Budgets (FLOPs, comma-separated)", def: "1e21,1e22,1e23", modes: ["isoflop"] },
        Object.assign({}, gpu(), { modes: ["optimal", "inference"] }),
        { name: "mfu", label: "MFU", placeholder: "0.4", modes: ["optimal", "inference"] },
        { name: "price", label: "Price $/GPU-hour", placeholder: "2", modes: ["optimal", "inference"] },
        Object.assign({}, laws, { modes: ["optimal", "loss", "inference", "isoflop"] }),
      ],
      charts: [{ alt: "Iso-FLOP curves", src: (v) => v.compute ? "/api/plot/isoflop?" + q({ budgets: v.compute }) : (v.budgets ? "/api/plot/isoflop?" + q({ budgets: v.budgets }) : "") }],
    },
    plan: {
      title: "Plan", endpoint: () => "/api/plan",
      fields: [
        model("llama-3-70b"), gpu(), { name: "gpus", label: "GPUs", def: "64" },
        { name: "global_batch", label: "Global batch (sequences)", placeholder: "default 4M tokens" },
        { name: "seq", label: "Sequence length", placeholder: "4096" },
        { name: "tp", label: "Fix TP" }, { name: "pp", label: "Fix PP" },
        { name: "recompute", label: "Recompute", options: ["", "none", "selective", "full"] },
        { name: "zero", label: "ZeRO stage", options: ["", "0", "1", "2", "3"] },
        { name: "price", label: "Price $/GPU-hour", placeholder: "2" },
        { name: "top", label: "Top N", def: "5" },
      ],
    },
    hardware: {
      title: "Hardware", endpoint: () => "/api/hardware/compare",
      fields: [
        { name: "ids", label: "Accelerators (comma-separated)", def: "h100-sxm,a100-80gb,mi300x,b200", list: "gpu-list" },
        precision,
      ],
      charts: [{ alt: "Rooflines of the compared accelerators", src: (v) => "/api/plot/hardware?" + q(v) }],
    },
  };
})();
