package form

// entry documents one request field name for every request that uses it.
type entry struct {
	kind    Kind
	doc     string
	example string
}

// catalog is every field name the api requests use, keyed by JSON name:
// its kind and a one-line description in the CLI's words (the flag of the
// same name, '_' for '-'). A field of a new request that shares a name
// shares its entry; a new name needs an entry here (TestCatalogCoversEndpoints).
var catalog = map[string]entry{
	// what is trained or served
	"model":     {Text, "catalog model name (see /api/models); gives N and the exact FLOPs per token", "llama-3-8b"},
	"params":    {Number, "parameters N (active parameters for MoE), e.g. 7B, 70e9", "7B"},
	"tokens":    {Number, "training tokens D, e.g. 1T, 1.4e12", "1T"},
	"flops":     {Number, "total training compute C in FLOPs instead of N and D, e.g. 4.2e22", "4.2e22"},
	"compute":   {Number, "compute budget C in FLOPs, e.g. 5.76e23", "5.76e23"},
	"seq":       {Number, "sequence length in tokens, 4096 or 4k (default min(model context, 4096))", "4096"},
	"context":   {Number, "sequence length in tokens, 8192 or 8k (default the model's context, at most 8192)", "8192"},
	"prompt":    {Number, "prompt tokens per sequence, 2048 or 2k (default 1024)", "1024"},
	"output":    {Number, "output tokens per sequence (default 256)", "128"},
	"batch":     {List, "concurrent sequences: 8, a list 1,2,4,8 or a power-of-two range 1-512; more than one size is a sweep (at most 256)", "8"},
	"loss":      {Number, "target loss in the law's nats/token, e.g. 2.0", "2.0"},
	"budgets":   {List, "compute budgets in FLOPs, a list, e.g. 1e19,1e20,1e21", "1e19,1e20,1e21"},
	"points":    {Number, "points per iso-FLOP curve (default 41)", "41"},
	"span":      {Number, "curves span N_opt/span .. N_opt·span (default 10)", "10"},
	"gpu_hours": {Number, "budget in accelerator-hours, e.g. 1M", "1M"},

	// hardware
	"gpu":           {Text, "accelerator ID or alias (see /api/hardware; default h100-sxm)", "h100-sxm"},
	"gpus":          {Number, "number of accelerators (infer: the tensor-parallel degree)", "8"},
	"precision":     {Text, "number format of the peak: fp64, fp32, tf32, bf16, fp16, fp8, int8, fp4 (default bf16)", "bf16"},
	"peak":          {Number, "dense peak FLOP/s at the precision, overriding the catalog, e.g. 500TFLOP/s", "989TFLOP/s"},
	"bandwidth":     {Number, "memory bandwidth, overriding the catalog, e.g. 3.35TB/s", "3.35TB/s"},
	"memory":        {Number, "memory capacity, overriding the catalog, e.g. 80GB or 80GiB", "80GB"},
	"vendor":        {Text, "only this vendor's entries: NVIDIA, AMD, Google, Intel, AWS (any case)", "nvidia"},
	"id":            {Text, "accelerator ID or alias", "h100"},
	"ids":           {List, "accelerator IDs or aliases to compare (at most 16)", "h100,mi300x"},
	"gpus_per_node": {Number, "GPUs per scale-up (NVLink) domain (default from the catalog, else 8)", "8"},
	"scale_up":      {Number, "scale-up bandwidth per GPU per direction (default half the catalog's bidirectional figure)", "450GB/s"},
	"scale_out":     {Number, "scale-out (NIC) bandwidth per GPU (default 50 GB/s = 400 Gb/s)", "50GB/s"},

	// efficiency, cost, energy
	"mfu":         {Number, "model FLOPs utilization, 0.4 or 40% (default 0.4)", "0.4"},
	"price":       {Number, "USD per accelerator-hour, 2 or $2/h (no price: no cost)", "2"},
	"budget":      {Number, "budget in USD, e.g. $10M or 1e7", "$10M"},
	"days":        {Number, "wall-clock days, 30, or a duration with a unit, 36h, 2w", "30"},
	"power":       {Number, "average power per accelerator, e.g. 700W (default the TDP)", "700W"},
	"pue":         {Number, "facility power usage effectiveness, a ratio ≥ 1 (default 1.2)", "1.2"},
	"grid":        {Number, "grid carbon intensity in kg CO2e per kWh (default 0.4)", "0.4"},
	"infer_mfu":   {Number, "serving MFU (default mfu)", "0.3"},
	"infer_price": {Number, "serving USD per accelerator-hour (default price)", "2"},

	// inference
	"inference_tokens":  {Number, "lifetime tokens served, e.g. 2T", "2T"},
	"weights":           {Number, "weight format: bf16, fp8, int8, int4, nf4, a GGUF type (q4_k_m) or bits per weight (4.25)", "bf16"},
	"dtype":             {Number, "weight dtype: bf16 (default), fp16, fp32, fp8, int8, int4, q4_k_m, ... or bits per parameter", "bf16"},
	"kv_dtype":          {Number, "KV-cache format: bf16 (default), fp16, fp8, int8, q8_0, ... or bits", "bf16"},
	"compute_eff":       {Number, "achievable fraction of peak FLOP/s (default 0.5; 1.0 with params)", "0.5"},
	"bandwidth_eff":     {Number, "achievable fraction of memory bandwidth (default 0.7; 1.0 with params)", "0.7"},
	"allreduce_latency": {Number, "fixed time per all-reduce (default 8us)", "8us"},
	"link_bandwidth":    {Number, "per-GPU per-direction all-reduce bandwidth (default catalog scale-up ÷ 2)", "450GB/s"},
	"attention":         {Text, "prefill attention FLOPs convention: causal (default) or full", "causal"},
	"prefill_chunk":     {Number, "prefill tokens per forward step (default 8192)", "8192"},

	// model accounting
	"layers":     {Bool, "include the per-layer table", "true"},
	"convention": {Text, "attention FLOPs: causal (T/2 keys per query) or full (T keys, PaLM)", "causal"},
	"recompute":  {List, "activation recompute: none, selective or full (plan: a list, default all)", "selective"},

	// scaling laws
	"law":    {List, "scaling-law IDs, a list, or all (see flops scale -h)", "chinchilla-3"},
	"custom": {Text, "your own law L = E + A/N^alpha + B/D^beta as E=..,A=..,B=..,alpha=..,beta=..", "E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28"},

	// parallel layout search
	"global_batch":      {Number, "sequences per optimizer step (plan: held fixed; default 4M tokens / seq)", "1024"},
	"tp":                {Number, "fix the tensor-parallel degree", "8"},
	"cp":                {Number, "context-parallel degree (ring attention; default 1)", "1"},
	"pp":                {Number, "fix the pipeline-parallel degree", "4"},
	"dp":                {Number, "fix the data-parallel degree", "16"},
	"ep":                {Number, "fix the expert-parallel degree (MoE)", "8"},
	"micro_batch":       {Number, "fix the micro-batch size, sequences", "1"},
	"vpp":               {Number, "fix the virtual pipeline stages per rank", "2"},
	"zero":              {List, "ZeRO stage 0-3, fsdp, or a list (default all)", "1"},
	"sequence_parallel": {Switch, "sequence parallelism: on or off (default both)", "on"},
	"flash_attention":   {Switch, "flash attention: on (default) or off", "on"},
	"dropout":           {Switch, "dropout: on or off (default off)", "off"},
	"overlap":           {Switch, "overlap gradient reduction with backward: on (default) or off", "on"},
	"top":               {Number, "how many of the fastest layouts to list (default 10, at most 1000)", "10"},
	"max_micro_batch":   {Number, "largest micro-batch searched (default 16)", "16"},
	"usable_memory":     {Number, "fraction of device memory a job may fill (default 0.9)", "0.9"},

	// measured throughput (mfu)
	"tokens_per_second":         {Number, "measured tokens/s of the whole job (per GPU with per_gpu)", "1.2e6"},
	"tokens_per_second_per_gpu": {Number, "measured tokens/s per GPU", "3000"},
	"per_gpu":                   {Switch, "tokens_per_second is per GPU: on or off (default off)", "on"},
	"step_time":                 {Number, "seconds per optimizer step (with global_batch and seq)", "10"},

	// validation
	"table": {Text, "rows to compare: all (default), korthikanti, narayanan, extra or runs", "all"},
}
