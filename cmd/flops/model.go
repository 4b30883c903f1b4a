package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

const modelHelp = `
NAME is a catalog model (names are matched leniently: llama-3.1-405b,
Llama-3.1-405B, llama3.1-405b and meta-llama/Llama-3.1-405B are the same);
'flops model list' prints the catalog. PATH is a config.json, a model
directory, a safetensors file or index, or a GGUF file.

Counts are exact sums of the weight shapes. FLOPs count every matmul
(2 FLOPs per multiply-accumulate) plus the attention QKᵀ and A·V products;
softmax, norms and activations are not counted. --convention causal (the
default) charges attention for T/2 keys per query on average; full charges
T keys (PaLM Appendix B, nanoGPT, Megatron 2021: use it to reproduce
published MFU). Training = 3 × forward; --recompute adds the recomputed
FLOPs to the hardware count only. Bytes: weights = params × dtype bits / 8;
KV cache per token = Σ layers 2·kv_heads·head_dim·bytes (MLA: latent +
RoPE key), per sequence capped by sliding windows. GB = 1e9 B, GiB = 2^30 B.

Output fields (--json): model, family, context, convention, recompute,
params_total, params_active (per token, incl. embeddings), params_embedding,
params_non_embedding, params_mtp (DeepSeek-V3 MTP, not in totals),
matmul_params_active, components[] {name, total, active},
flops_per_token_forward, flops_per_token_training (model FLOPs),
flops_per_token_training_hardware (with recompute),
flops_per_token_attention, flops_per_token_decode (one token at the full
context), six_n {seq_len, convention, n, six_n, palm, exact, diff_percent,
palm_diff_pct}, weight_bits_per_param, weight_bytes, kv_bytes_per_element,
kv_cache_bytes_per_token, kv_cache_bytes (one sequence, with the fixed
state of linear-attention layers), recurrent_state_bytes, layers[] (with
--layers: index, num_heads, num_kv_heads, head_dim, moe, ffn, window, linear,
key_cap, params, params_active, flops_forward, kv_elems_per_token,
kv_cache_bytes_per_token), warnings[], source {kind, id, path, config_source, paper,
notes, checkpoint_format, published_params, published_active, published_training_flops,
file_params, file_bytes, warnings}, training_tokens and
training_flops_total (when published), steps[], assumptions[].

Examples:
  flops model llama-3.1-405b
  flops model mixtral-8x7b --context 32k --layers
  flops model gpt2 --context 1024 --convention full --explain
  flops model deepseek-v3 --dtype fp8 --json
  flops model --model Qwen/Qwen3.5-397B-A17B --context 8k
  flops model ./Meta-Llama-3-8B/config.json
  flops model list
`

// runModel runs 'flops model NAME|PATH' or 'flops model list'.
func runModel(env *cliEnv, args []string) error {
	if len(args) > 0 && args[0] == "list" {
		return runModelList(env, args[1:])
	}
	var req api.ModelRequest
	fs := newFlagSet(env, "model", "model NAME|PATH [--context L] [--layers] [--convention causal|full] [--dtype bf16] [--json] [--explain]\n       flops model list [--json]", modelHelp)
	fs.StringVar(&req.Context, "context", "", "sequence length in tokens: 8192, 8k (= 8192), 128k (default: the model's max context, at most 8192)")
	fs.BoolVar(&req.Layers, "layers", false, "print the per-layer table")
	fs.StringVar(&req.Convention, "convention", "", "attention FLOPs: causal (T/2 keys per query, default) or full (T keys, PaLM)")
	fs.StringVar(&req.Recompute, "recompute", "", "activation recompute for hardware FLOPs: none (default), selective, full")
	fs.StringVar(&req.Dtype, "dtype", "", "weight dtype: bf16 (default), fp16, fp32, fp8, int8, int4, q8_0, q4_k_m, ... or bits per parameter")
	fs.StringVar(&req.KVDtype, "kv-dtype", "", "KV-cache dtype (default bf16)")
	asJSON := fs.Bool("json", false, "print JSON (fields below)")
	explainFlag := fs.Bool("explain", false, "show the derivation: each formula with its numbers")
	modelFlag := fs.String("model", "", "model name or path, instead of the positional NAME|PATH (as in flops infer)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *modelFlag != "" {
		pos = append(pos, *modelFlag)
	}
	if len(pos) != 1 {
		return &usageError{msg: fmt.Sprintf("model takes one model name or path, got %d", len(pos)),
			hint: "e.g. flops model llama-3.1-405b; 'flops model list' prints the catalog"}
	}
	req.Model = pos[0]
	res, err := req.Run(api.Env{AllowPaths: true})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.stderr, "flops: warning: %s\n", w)
	}
	if *asJSON {
		return writeJSON(env.stdout, res)
	}
	return writeModel(env.stdout, res, *explainFlag)
}

// writeModel prints the summary as aligned sections.
func writeModel(w io.Writer, s *model.Summary, showSteps bool) error {
	if s.WeightsOnly {
		return writeWeightsOnly(w, s, showSteps)
	}
	fmt.Fprintf(w, "%s\n\n", modelTitle(s))
	if err := writeModelParams(w, s); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFLOPs per token at context %d (%s attention):\n", s.Context, s.Convention)
	if err := report.KV(w, modelFLOPsRows(s)); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nMemory:")
	if err := report.KV(w, modelMemoryRows(s)); err != nil {
		return err
	}
	if s.TrainingTokens > 0 {
		fmt.Fprintf(w, "\nTraining (published tokens %s):\n", s.TrainingTokens)
		if err := report.KV(w, modelTrainingRows(s)); err != nil {
			return err
		}
	}
	if len(s.LayerRows) > 0 {
		fmt.Fprintln(w)
		if err := modelLayerTable(s).Write(w); err != nil {
			return err
		}
	}
	writeModelSource(w, s.Source)
	return report.Derivation(w, s.Assumptions, s.Steps, showSteps)
}

func modelTitle(s *model.Summary) string {
	t := s.Model
	if src := s.Source; src != nil {
		switch {
		case src.ID != "":
			t += " (catalog: " + src.ID + ")"
		case src.Path != "":
			t += " (" + src.Kind + ": " + src.Path + ")"
		}
	}
	return t
}

// writeModelParams prints the totals and the component breakdown.
func writeModelParams(w io.Writer, s *model.Summary) error {
	rows := [][2]string{
		{"  parameters (total)", paramsText(float64(s.ParamsTotal))},
		{"  active per token", paramsText(float64(s.ParamsActive))},
		{"  embedding", paramsText(float64(s.ParamsEmbedding))},
		{"  non-embedding", paramsText(float64(s.ParamsNonEmbedding))},
	}
	if s.ParamsMTP > 0 {
		rows = append(rows, [2]string{"  MTP modules (not in total)", paramsText(float64(s.ParamsMTP))})
	}
	fmt.Fprintln(w, "Parameters:")
	if err := report.KV(w, rows); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t := report.Table{Headers: []string{"  COMPONENT", "TOTAL", "ACTIVE", "SHARE"}}
	for _, c := range s.Components {
		t.AddRow("  "+c.Name, grouped(float64(c.Total)), grouped(float64(c.Active)),
			fmt.Sprintf("%.1f%%", 100*float64(c.Total)/float64(s.ParamsTotal)))
	}
	return t.Write(w)
}

func modelFLOPsRows(s *model.Summary) [][2]string {
	rows := [][2]string{
		{"  forward", s.FLOPsForward.String()},
		{"  training (model FLOPs)", s.FLOPsTraining.String()},
	}
	if s.Recompute != model.RecomputeNone && s.Recompute != "" {
		rows = append(rows, [2]string{"  training (hardware, " + string(s.Recompute) + " recompute)", s.FLOPsTrainingHW.String()})
	}
	return append(rows,
		[2]string{"  6N rule of thumb", fmt.Sprintf("%s  (exact is %+.1f%%)", s.SixN.SixN, s.SixN.DiffPct)},
		[2]string{"  PaLM 6N + 12·L·H·h_d·T", fmt.Sprintf("%s  (exact is %+.1f%%)", s.SixN.PaLM, s.SixN.PaLMDiffPct)},
		[2]string{"  attention core (forward)", s.FLOPsAttention.String()},
		[2]string{"  decode, one token at full context", s.FLOPsDecode.String()},
	)
}

func modelMemoryRows(s *model.Summary) [][2]string {
	return [][2]string{
		{fmt.Sprintf("  weights (%s bits/param)", bitsText(s.WeightBits)), s.WeightBytes.String() + " (" + s.WeightBytes.IEC() + ")"},
		{fmt.Sprintf("  KV cache per token (%g B/elem)", s.KVBytesPerElt), grouped(float64(s.KVBytesPerToken)) + " B (" + s.KVBytesPerToken.IEC() + ")"},
		{fmt.Sprintf("  KV cache, one %d-token sequence", s.Context), s.KVCacheBytes.IEC() + " (" + s.KVCacheBytes.String() + ")" + stateText(s.StateBytes)},
	}
}

// stateText notes the part of a sequence's cache that is a fixed
// linear-attention state.
func stateText(b units.Bytes) string {
	if b <= 0 {
		return ""
	}
	return ", of which " + b.IEC() + " fixed linear-attention state"
}

func modelTrainingRows(s *model.Summary) [][2]string {
	rows := [][2]string{
		{"  exact (model FLOPs × tokens)", flopsText(s.TrainingFLOPsTotal)},
		{"  6ND", flopsText(s.SixN.SixN * units.FLOPs(s.TrainingTokens))},
	}
	if s.Source != nil && s.Source.PublishedFLOPs > 0 {
		rows = append(rows, [2]string{"  published", flopsText(s.Source.PublishedFLOPs)})
	}
	return rows
}

// flopsText prints a whole-run FLOP count as people quote it, with the SI
// form beside it: "3.8e25 FLOP (38.0 YFLOP)".
func flopsText(f units.FLOPs) string {
	return report.Sci(float64(f)) + " FLOP (" + f.String() + ")"
}

// modelLayerTable is the per-layer table (--layers).
func modelLayerTable(s *model.Summary) *report.Table {
	t := &report.Table{Title: "Per layer:", Headers: []string{"LAYER", "MLP", "HEADS", "KV", "WINDOW", "PARAMS", "ACTIVE", "FWD FLOP/TOKEN", "KV B/TOKEN"}}
	for _, r := range s.LayerRows {
		mlp := "dense " + strconv.Itoa(r.FFN)
		if r.MoE {
			mlp = "moe"
		}
		t.AddRow(strconv.Itoa(r.Index), mlp, strconv.Itoa(r.Heads), strconv.Itoa(r.KVHeads), attnText(r.Layer),
			grouped(float64(r.Params)), grouped(float64(r.ActiveParams)), r.ForwardFLOPs.String(), grouped(float64(r.KVBytesPerToken)))
	}
	return t
}

// attnText is the attention column: "full", the sliding window, "top-k"
// for sparse attention, or "linear" for a Gated DeltaNet layer.
func attnText(l model.Layer) string {
	switch {
	case l.Linear:
		return "linear"
	case l.Window > 0:
		return strconv.Itoa(l.Window)
	case l.KeyCap > 0:
		return "top-" + strconv.Itoa(l.KeyCap)
	}
	return "full"
}

// writeModelSource prints where the architecture and facts come from.
func writeModelSource(w io.Writer, src *model.SourceInfo) {
	if src == nil {
		return
	}
	fmt.Fprintln(w, "\nSource:")
	rows := [][2]string{}
	add := func(k, v string) {
		if v != "" {
			rows = append(rows, [2]string{"  " + k, v})
		}
	}
	add("config", src.ConfigSource)
	add("paper", src.Paper)
	add("checkpoint format", src.Format)
	if src.PublishedParams > 0 {
		add("published params", paramsText(float64(src.PublishedParams)))
	}
	if src.PublishedActive > 0 {
		add("published active", paramsText(float64(src.PublishedActive)))
	}
	if src.FileParams > 0 {
		add("params in files", paramsText(float64(src.FileParams)))
		add("bytes in files", src.FileBytes.String()+" ("+src.FileBytes.IEC()+")")
	}
	add("notes", src.Notes)
	report.KV(w, rows)
	if len(src.FileDtypeParams) > 1 {
		fmt.Fprintln(w)
		modelDtypeTable(src).Write(w)
	}
	for _, warn := range src.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
}

// paramsText is "405.85B (405,853,388,800)".
func paramsText(v float64) string {
	return fmt.Sprintf("%s (%s)", strings.TrimSpace(shortCount(v)), grouped(v))
}

// shortCount prints v with a K/M/B/T suffix and 2 decimals.
func shortCount(v float64) string {
	for _, p := range []struct {
		s string
		f float64
	}{{"T", 1e12}, {"B", 1e9}, {"M", 1e6}, {"K", 1e3}} {
		if v >= p.f {
			return strconv.FormatFloat(v/p.f, 'f', 2, 64) + p.s
		}
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// grouped prints a whole number with thousands separators: 6,738,415,616.
func grouped(v float64) string {
	s := strconv.FormatFloat(v, 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

const modelListHelp = `
Output fields (--json): models[]: id, name, family, params_total,
params_active, num_layers, hidden_size, max_context, training_tokens (when
published), aliases.

Examples:
  flops model list
  flops model list --json
`

// runModelList prints the catalog.
func runModelList(env *cliEnv, args []string) error {
	fs := newFlagSet(env, "model list", "model list [--json]", modelListHelp)
	asJSON := fs.Bool("json", false, "print JSON (fields below)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("model list takes no arguments, got %q", pos[0])
	}
	res, err := api.ModelsListRequest{}.Run(api.Env{})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, res)
	}
	t := report.Table{Headers: []string{"ID", "NAME", "FAMILY", "PARAMS", "ACTIVE", "LAYERS", "HIDDEN", "CONTEXT", "TOKENS"}}
	for _, m := range res.Models {
		tok := "-"
		if m.TrainingTokens > 0 {
			tok = shortCount(float64(m.TrainingTokens))
		}
		t.AddRow(m.ID, m.Name, m.Family, shortCount(float64(m.ParamsTotal)), shortCount(float64(m.ParamsActive)),
			strconv.Itoa(m.Layers), strconv.Itoa(m.Hidden), strconv.Itoa(m.MaxContext), tok)
	}
	if err := t.Write(env.stdout); err != nil {
		return err
	}
	_, err = fmt.Fprintf(env.stdout, "\n%d models. PARAMS and ACTIVE are exact counts from the architecture; TOKENS are published pre-training tokens.\nRun 'flops model ID' for the breakdown and sources.\n", len(res.Models))
	return err
}
