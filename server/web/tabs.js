// The calculators' inputs: each tab's endpoint and form. Field names are
// the API's JSON fields, which are the CLI's flag names. How a tab's result
// reads (headline, sections) is in views.js.
//
// A form is a list of items:
//   field:  {name, label, def?, placeholder?, list?, options?, dflt?, type?, when?, more?, wide?, id?}
//           (def: the page's value, shown and sent; placeholder: the API's
//           default, sent as nothing; options: values, or [value, label]
//           pairs, "" being the API's default, named by dflt)
//   choice: {choice, label, options: [[value, label, when?], ...], def?, when?}
// A choice is an either/or of the API ("--params or --model, not both"):
// one radio group; the fields of the options not chosen are hidden and not
// sent, so the page never sends a contradictory request. when ("size_by=model",
// "mode=optimal|inference") shows an item only while that choice has one of
// those values; more: true puts a field under "More inputs".
//
// A new tab (say Deploy, for a deployment planner at /api/deploy) is one
// entry here with its endpoint and items, and one view in views.js with
// its headline figures by JSON path; its other fields appear under Details
// with labels and units from format.js's rules (add a FIELDS line only for
// a name the rules do not read well).
"use strict";
(function () {
  const gpu = (extra) => Object.assign({ name: "gpu", label: "Accelerator", def: "h100-sxm", list: "gpu-list" }, extra);
  const precision = (extra) => Object.assign({ name: "precision", label: "Precision", dflt: "bf16", options: ["", "bf16", "fp16", "fp8", "int8", "fp4", "tf32", "fp32", "fp64"] }, extra);
  const model = (def, extra) => Object.assign({ name: "model", label: "Model", def: def || "", list: "model-list", placeholder: "llama-3-8b" }, extra);
  const price = (extra) => Object.assign({ name: "price", label: "Price $/GPU-hour", placeholder: "2 (optional)" }, extra);
  const laws = { name: "law", label: "Scaling law", options: ["", "chinchilla-1", "chinchilla-2", "chinchilla-3", "chinchilla-3-precise", "epoch-2024", "kaplan-2020", "deepseek-llm", "llama3"] };
  const TABS = {
    train: {
      title: "Train", endpoint: () => "/api/train",
      items: [
        { choice: "size_by", label: "Model size", options: [["params", "Parameter count"], ["model", "Catalog model"]] },
        { name: "params", label: "Parameters N", def: "7B", placeholder: "7B", when: "size_by=params" },
        model("", { when: "size_by=model" }), { name: "seq", label: "Sequence length", placeholder: "4096", when: "size_by=model" },
        { choice: "length_by", label: "Train on", options: [["tokens", "Tokens"], ["budget", "What a budget buys"]] },
        { name: "tokens", label: "Training tokens D", def: "1T", placeholder: "1T", when: "length_by=tokens" },
        { name: "budget", label: "Budget $", placeholder: "$100k", when: "length_by=budget" },
        { choice: "cluster_by", label: "Cluster", options: [["gpus", "GPU count"], ["days", "Deadline → GPUs needed"]] },
        { name: "gpus", label: "GPUs", def: "1", when: "cluster_by=gpus" },
        { name: "days", label: "Deadline (days)", placeholder: "30", when: "cluster_by=days" },
        gpu(), { name: "mfu", label: "MFU", def: "0.5", placeholder: "0.4 or 40%" }, price({ def: "2" }),
        { name: "power", label: "Power per GPU", placeholder: "TDP", more: true }, { name: "pue", label: "PUE", placeholder: "1.2", more: true },
        { name: "grid", label: "Grid kg CO2e/kWh", placeholder: "0.4", more: true }, precision({ more: true }),
        // Failures at scale (shown from 64 GPUs, or when one of these is given).
        { name: "gpu_mtbf", label: "MTBF per GPU", placeholder: "50677h", more: true },
        { name: "checkpoint_bandwidth", label: "Checkpoint write bandwidth", placeholder: "122MB/s per GPU", more: true },
        { name: "restart_time", label: "Restart time", placeholder: "10m", more: true },
        { name: "checkpoint_interval", label: "Checkpoint interval", placeholder: "optimal", more: true },
        { name: "async_checkpoint", label: "Asynchronous checkpoints", options: ["", "on", "off"], more: true },
      ],
    },
    infer: {
      title: "Inference", endpoint: () => "/api/infer",
      items: [
        { choice: "size_by", label: "Model", options: [["model", "Catalog model"], ["params", "Parameter count only"]] },
        model("llama-3-8b", { when: "size_by=model" }), { name: "params", label: "Parameters N", placeholder: "70B", when: "size_by=params" },
        gpu(), { name: "gpus", label: "GPUs (tensor parallel)", def: "1" },
        { choice: "load_by", label: "Load", options: [["static", "One batch (roofline)"], ["concurrency", "Requests in flight"], ["rate", "Request rate"]] },
        { name: "batch", label: "Batch (or list 1,8,64)", def: "1", when: "load_by=static" },
        { name: "concurrency", label: "Requests in flight", def: "32", when: "load_by=concurrency" },
        { name: "rate", label: "Requests per second", def: "5", when: "load_by=rate" },
        { name: "framework", label: "Framework", dflt: "generic", options: ["", "trtllm", "vllm", "sglang", "llamacpp", "ideal"], when: "load_by=concurrency|rate" },
        { name: "prompt", label: "Prompt tokens", def: "2048" }, { name: "output", label: "Output tokens", def: "256" }, price(),
        { name: "weights", label: "Weights", options: ["", "bf16", "fp8", "int8", "int4", "q8_0", "q4_k_m", "q4_0"], more: true, when: "load_by=static" },
        { name: "weights", id: "weights-load", label: "Weights", options: ["", "bf16", "fp8", "fp8-block", "int8", "nvfp4", "mxfp4", "int4-awq"], more: true, when: "load_by=concurrency|rate" },
        { name: "kv_dtype", label: "KV cache", options: ["", "bf16", "fp8", "int8", "q8_0"], more: true, when: "load_by=static" },
        { name: "kv_dtype", id: "kv-load", label: "KV cache", options: ["", "bf16", "fp8"], more: true, when: "load_by=concurrency|rate" },
        { name: "compute_eff", label: "Compute efficiency", placeholder: "0.5", more: true, when: "load_by=static" },
        { name: "bandwidth_eff", label: "Bandwidth efficiency", placeholder: "0.7", more: true, when: "load_by=static" }, precision({ more: true, when: "load_by=static" }),
      ],
    },
    model: {
      title: "Model", endpoint: () => "/api/model", upload: true,
      items: [
        { choice: "source_by", label: "Model from", options: [["catalog", "Catalog"], ["file", "Your file"]] },
        model("llama-3.1-405b", { when: "source_by=catalog" }),
        { name: "file", type: "file", label: "config.json, or a safetensors or GGUF file (only its header is sent)", when: "source_by=file" },
        { name: "context", label: "Context (tokens)", placeholder: "model max, ≤ 8192" },
        { name: "dtype", label: "Weights dtype", dflt: "bf16", options: ["", "bf16", "fp8", "int8", "int4", "fp32"] },
        { name: "kv_dtype", label: "KV dtype", dflt: "bf16", options: ["", "bf16", "fp8", "int8"] },
        { name: "convention", label: "Attention FLOPs", options: ["", "causal", "full"], more: true },
        { name: "recompute", label: "Recompute", options: ["", "none", "selective", "full"], more: true },
        { name: "layers", label: "Per-layer table", type: "checkbox", more: true },
      ],
    },
    scale: {
      title: "Scale", endpoint: (v, c) => "/api/scale/" + (c.mode || "optimal"),
      items: [
        { choice: "mode", label: "Question", options: [["optimal", "Best N, D for a budget"], ["loss", "Loss of a model"], ["inference", "Size for inference"], ["isoflop", "Iso-FLOP curves"]] },
        { choice: "budget_by", label: "Budget as", when: "mode=optimal", options: [["compute", "FLOPs"], ["budget", "Dollars"], ["gpu_hours", "GPU-hours"], ["days", "Days on K GPUs"]] },
        { name: "compute", label: "Compute C (FLOPs)", def: "5.76e23", when: "budget_by=compute" },
        { name: "budget", label: "Budget $", placeholder: "$1M", when: "budget_by=budget" },
        { name: "gpu_hours", label: "GPU-hours", placeholder: "100k", when: "budget_by=gpu_hours" },
        { name: "days", label: "Days", placeholder: "30", when: "budget_by=days" },
        { name: "gpus", label: "GPUs", placeholder: "1024", when: "budget_by=days" },
        { choice: "reference_by", label: "Model", when: "mode=loss|inference", options: [["params", "N and D"], ["model", "Catalog model"], ["loss", "Target loss", "mode=inference"]] },
        { name: "params", label: "Parameters N", def: "70B", when: "reference_by=params" },
        { name: "tokens", label: "Training tokens D", def: "1.4T", when: "reference_by=params" },
        model("chinchilla-70b", { when: "reference_by=model" }),
        { name: "tokens", id: "tokens-model", label: "Training tokens D", placeholder: "published", when: "reference_by=model" },
        { name: "loss", label: "Target loss (nats/token)", placeholder: "1.95", when: "reference_by=loss" },
        { name: "inference_tokens", label: "Lifetime inference tokens", def: "2T", when: "mode=inference" },
        { name: "budgets", label: "Budgets (FLOPs, comma-separated)", def: "1e21,1e22,1e23", when: "mode=isoflop" },
        laws,
        gpu({ def: "", placeholder: "h100-sxm", when: "mode=optimal|inference" }),
        { name: "mfu", label: "MFU", placeholder: "0.4", when: "mode=optimal|inference" }, price({ when: "mode=optimal|inference" }),
      ],
    },
    plan: {
      title: "Plan", endpoint: () => "/api/plan",
      items: [
        model("llama-3-70b"), gpu(), { name: "gpus", label: "GPUs", def: "64" }, price(),
        { name: "global_batch", label: "Global batch (sequences)", placeholder: "4M tokens ÷ seq" },
        { name: "seq", label: "Sequence length", placeholder: "4096" },
        { name: "tokens", label: "Training tokens", placeholder: "published", more: true },
        { name: "tp", label: "Fix TP", more: true }, { name: "pp", label: "Fix PP", more: true },
        { name: "recompute", label: "Recompute", options: ["", "none", "selective", "full"], more: true },
        { name: "zero", label: "ZeRO stage", options: ["", "0", "1", "2", "3"], more: true },
        { name: "top", label: "Layouts listed", def: "5", more: true },
      ],
    },
    deploy: {
      title: "Deploy", endpoint: () => "/api/deploy",
      items: [
        model("llama-3.1-70b"),
        { name: "gpu", label: "Accelerators (comma-separated)", def: "h100-sxm,h200-sxm,b200", wide: true },
        { name: "prompt", label: "Prompt tokens", def: "1024" }, { name: "output", label: "Output tokens", def: "256" },
        { name: "ttft", label: "TTFT target", def: "500ms", placeholder: "500ms" }, { name: "tpot", label: "TPOT target", def: "30ms", placeholder: "30ms" },
        { choice: "size_by", label: "Size by", options: [["gpus", "GPU budget"], ["rate", "Request rate"]] },
        { name: "gpus", label: "GPUs per type", def: "8", when: "size_by=gpus" },
        { name: "rate", label: "Requests per second", def: "20", when: "size_by=rate" },
        { name: "framework", label: "Framework", dflt: "generic", options: ["", "trtllm", "vllm", "sglang", "generic"] },
        { name: "weights", label: "Weights", dflt: "bf16", options: ["", "bf16", "fp8", "nvfp4", "mxfp4", "int4-awq"] },
        { name: "percentile", label: "Targets apply to", dflt: "mean", options: ["", "mean", "p90", "p99"], more: true },
        { name: "mode", label: "Serving", dflt: "both", options: ["", "both", "agg", "disagg"], more: true },
        price({ more: true, placeholder: "catalog median per GPU" }),
        { name: "tp", label: "Only TP (list)", placeholder: "1,2,4,8", more: true },
        { name: "concurrency", label: "Only concurrency (list)", placeholder: "16,64,256", more: true },
        { name: "top", label: "Layouts listed per accelerator", placeholder: "5", more: true },
        { name: "compare_api", label: "Compare with API prices", type: "checkbox", more: true },
      ],
    },
    hardware: {
      title: "Hardware", endpoint: () => "/api/hardware/compare",
      items: [
        { name: "ids", label: "Accelerators (comma-separated)", def: "h100-sxm,a100-80gb,mi300x,b200", wide: true },
        precision(),
      ],
    },
  };
  for (const [k, t] of Object.entries(TABS)) Object.assign(t, window.FLOPS_VIEWS[k]);
  window.FLOPS_TABS = TABS;
})();
