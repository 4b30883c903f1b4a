package form

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/report"
)

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
	"model":   {Text, "catalog model name (see /api/models); gives N and the exact FLOPs per token", "llama-3-8b"},
	"params":  {Number, "parameters N (active parameters for MoE), e.g. 7B, 70e9", "7B"},
	"tokens":  {Number, "training tokens D, e.g. 1T, 1.4e12", "1T"},
	"flops":   {Number, "total training compute C in FLOPs instead of N and D, e.g. 4.2e22", "4.2e22"},
	"compute": {Number, "compute budget C in FLOPs, e.g. 5.76e23", "5.76e23"},
	"seq": {Number, "sequence length in tokens, 4096 or 4k (default the model's pretraining context; if none is recorded, " +
		strconv.Itoa(api.DefaultTrainSeq) + " or the model's context if shorter)", "4096"},
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
	"price":       {Number, "USD per accelerator-hour, 2 or $2/h (default none: no cost; a dollar budget is priced at the price catalog's median for the accelerator)", "2"},
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
	"flash_attention":   {Switch, "flash attention: on or off (default on; plan: the stack's, " + stacksWith(func(s perf.Stack) bool { return s.FlashAttention }) + ")", "on"},
	"dropout":           {Switch, "dropout: on or off (default off)", "off"},
	"overlap":           {Switch, "overlap gradient reduction with backward: on or off (default the stack's, " + stacksWith(func(s perf.Stack) bool { return s.DPOverlap }) + ")", "on"},
	"top":               {Number, "how many of the fastest layouts to list (default 10, at most 1000)", "10"},
	"max_micro_batch":   {Number, "largest micro-batch searched (default 16)", "16"},
	"usable_memory":     {Number, "fraction of device memory a job may fill (default 0.9)", "0.9"},

	// measured throughput (mfu)
	"tokens_per_second":         {Number, "measured tokens/s of the whole job (per GPU with per_gpu)", "1.2e6"},
	"tokens_per_second_per_gpu": {Number, "measured tokens/s per GPU", "3000"},
	"per_gpu":                   {Switch, "tokens_per_second is per GPU: on or off (default off)", "on"},
	"step_time":                 {Number, "seconds per optimizer step (with global_batch and seq)", "10"},

	// validation
	"table": {Text, "rows to compare: " + strings.Join(servedTables(), ", ") + " (default all)", "all"},

	// training software stack (plan)
	"stack": {Text, "software stack: " + stackNames(), "megatron-core"},

	// failures at scale (train, plan)
	"gpu_mtbf": {Number, "mean time between failures per accelerator, e.g. 50000h or 5.8y (default " + report.Grouped(goodput.DefaultGPUMTBF.Hours()) +
		" h: Llama 3 405B's 419 unexpected interruptions in 54 days on 16,384 H100s, arXiv:2407.21783 §3.3.4)", "50000h"},
	"checkpoint_bandwidth":  {Number, "aggregate checkpoint write bandwidth, e.g. 2TB/s (default " + goodput.DefaultBandwidthPerGPU.String() + " per accelerator)", "2TB/s"},
	"checkpoint_write_time": {Number, "time to write one checkpoint, replacing the computed one, e.g. 30s", "30s"},
	"restart_time":          {Number, "interruption to training again, e.g. 10m (default " + goodput.DefaultRestart.String() + " + loading the checkpoint)", "10m"},
	"checkpoint_interval":   {Text, "compute between checkpoints, e.g. 30m, or optimal (default, Daly 2006)", "optimal"},
	"async_checkpoint":      {Switch, "overlap checkpoint writes with training: on or off (default off)", "on"},
	"in_memory_checkpoint":  {Switch, "checkpoints in peers' host memory: on or off (default off)", "on"},

	// deployment planner (deploy)
	"ttft":        {Number, "time-to-first-token target, e.g. 500ms", "500ms"},
	"tpot":        {Number, "time-per-output-token target, e.g. 30ms", "30ms"},
	"percentile":  {Text, "the statistic the targets apply to: mean (default), p90 or p99", "mean"},
	"mode":        {Text, "deploy: agg, disagg or both (default)", "both"},
	"compare_api": {Bool, "deploy: list the model's published API prices per million tokens (dated, sourced) beside the best layout's cost, with the ratio of each API output price to it", "true"},

	// serving under load (infer --concurrency/--rate/--max-throughput)
	"concurrency":          {Number, "closed loop: requests kept in flight (serving under load)", "64"},
	"rate":                 {Number, "open loop: Poisson arrivals, requests per second, e.g. 2.5 or 150/min", "2"},
	"max_throughput":       {Switch, "offline: every request queued at once: on or off", "on"},
	"requests":             {Number, "requests the run completes (default: the steady state; 10,000 with rate)", "640"},
	"burst":                {Switch, "with concurrency and requests: every client starts at once: on or off", "on"},
	"seed":                 {Number, "arrival-time and length seed (default 1)", "1"},
	"random_range_ratio":   {Number, "each request's lengths drawn uniformly from this fraction to 100 % of prompt and output (0.8, as InferenceMAX runs vLLM's benchmark client); default: fixed lengths", "0.8"},
	"batch_wait_iters":     {Number, "TensorRT-LLM batch waiting: new prompts held up to this many engine steps beside running decodes (default 0, off)", "20"},
	"batch_wait_tokens":    {Number, "with batch_wait_iters: held prompts start once a step would carry this many tokens", "14746"},
	"attention_dp_balance": {Number, "TensorRT-LLM attention-DP balancing: a prompt held until every attention-DP rank has one, up to this many engine steps (default 0, off)", "60"},
	"recv_interval":        {Number, "while decoding, new requests taken in every this many decode steps (SGLang --scheduler-recv-interval; default every step)", "30"},
	"max_running":          {Number, "most requests running at once per replica; the rest wait (default: what the KV cache holds)", "128"},
	"framework":            {Text, "serving framework profile: trtllm, vllm, sglang, llamacpp, generic (default), ideal", "trtllm"},
	"attention_dp":         {Number, "attention data-parallel ranks (GPUs per replica = tp × attention_dp × pp)", "1"},
	"replicas":             {Number, "identical replicas sharing the load (default 1)", "1"},
	"disagg":               {Switch, "disaggregated prefill and decode pools: on or off", "on"},
	"prefill_tp":           {Number, "prefill worker tensor-parallel degree", "4"},
	"prefill_pp":           {Number, "prefill worker pipeline stages", "1"},
	"prefill_ep":           {Number, "prefill worker expert-parallel degree", "1"},
	"prefill_attention_dp": {Number, "prefill worker attention data-parallel ranks", "1"},
	"prefill_workers":      {Number, "prefill workers", "1"},
	"decode_tp":            {Number, "decode worker tensor-parallel degree", "4"},
	"decode_pp":            {Number, "decode worker pipeline stages", "1"},
	"decode_ep":            {Number, "decode worker expert-parallel degree", "1"},
	"decode_attention_dp":  {Number, "decode worker attention data-parallel ranks", "1"},
	"decode_workers":       {Number, "decode workers", "1"},
	"transfer_bandwidth":   {Number, "KV transfer rate per sending GPU (default NVLink within one domain, else 50GB/s)", "50GB/s"},
	"scale_out_bandwidth":  {Number, "between scale-up domains, per GPU per direction (default 50GB/s)", "50GB/s"},
}

// perRequest documents the fields one request reads differently from the
// others, by request type: deploy takes lists of accelerators, of prices
// and of the degrees it searches, where the other requests take one value.
var perRequest = map[reflect.Type]map[string]entry{
	reflect.TypeFor[api.DeployRequest](): {
		"gpu":          {List, "accelerator IDs or aliases to compare, a list (see /api/hardware; default " + api.DefaultGPU + ")", "h100-sxm,b200"},
		"price":        {List, "USD per GPU-hour, 2 or $2/h: one for every accelerator, or a list of one per gpu, in order (default the price catalog's median)", "2"},
		"tp":           {List, "only these tensor-parallel degrees, a list, e.g. 1,2,4,8 (default every one that fits)", "1,2,4,8"},
		"pp":           {List, "only these pipeline-parallel degrees, a list (default every one that fits)", "1,2"},
		"ep":           {List, "only these expert-parallel degrees (MoE), a list (default every one that fits)", "1,8"},
		"attention_dp": {List, "only these attention data-parallel ranks, a list (default every one that fits)", "1,8"},
		"concurrency":  {List, "only these requests in flight per replica or prefill/decode unit, a list (default searched)", "16,64,256"},
		"gpus":         {Number, "GPU budget per accelerator type (default " + strconv.Itoa(deploy.DefaultGPUs) + "); or give rate, for the fewest GPUs that serve it", "8"},
		"top":          {Number, "layouts listed per accelerator (default " + strconv.Itoa(deploy.DefaultTop) + ", at most 1000)", "5"},
	},
}

// servedTables lists the validate tables the server answers: not
// "profile", which needs a profile file (the CLI's --profile).
func servedTables() []string {
	return slices.DeleteFunc(api.ValidateTables(), func(t string) bool { return t == "profile" })
}

// stacksWith says for which plan stacks a switch defaults to on: "on for
// all but megatron-lm-2021".
func stacksWith(on func(perf.Stack) bool) string {
	var yes, no []string
	for _, st := range perf.Stacks() {
		if on(st) {
			yes = append(yes, st.Name)
		} else {
			no = append(no, st.Name)
		}
	}
	switch {
	case len(no) == 0:
		return "on for every stack"
	case len(yes) == 0:
		return "off for every stack"
	case len(no) <= len(yes):
		return "on for all but " + strings.Join(no, ", ")
	}
	return "on for " + strings.Join(yes, ", ") + " only"
}

// stackNames lists the plan stacks, the default first and marked.
func stackNames() string {
	var names []string
	for _, st := range perf.Stacks() {
		if st.Name == perf.DefaultStack().Name {
			names = append(names, st.Name+" (default)")
		} else {
			names = append(names, st.Name)
		}
	}
	return strings.Join(names, ", ")
}
