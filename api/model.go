package api

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/model"
)

// Defaults of the model request, recorded as assumptions when used.
const (
	DefaultModelDtype   = "bf16" // weights as released by most labs
	DefaultKVDtype      = "bf16" // 16-bit KV cache, the serving default of vLLM/llama.cpp
	DefaultModelContext = 8192   // cap for the default context (the model's max_context)
	maxContext          = 1 << 27
)

// ModelRequest asks for the exact accounting of one model (flops model).
// Text fields are as typed on the command line.
type ModelRequest struct {
	Model      string `json:"model"`      // catalog name, or (CLI only) a config.json / safetensors / GGUF path
	Context    string `json:"context"`    // sequence length: "8192", "8k" (= 8192), "128k"; default the model's max_context capped at 8192
	Layers     bool   `json:"layers"`     // include the per-layer table
	Convention string `json:"convention"` // attention charging: causal (default) or full (PaLM)
	Recompute  string `json:"recompute"`  // none (default), selective, full: for the hardware training FLOPs
	Dtype      string `json:"dtype"`      // weight storage dtype or bits per parameter; default bf16
	KVDtype    string `json:"kv_dtype"`   // KV-cache dtype; default bf16
}

// ModelsListRequest asks for the model catalog (flops model list).
type ModelsListRequest struct{}

// ModelList is the catalog listing.
type ModelList struct {
	Models []model.ListItem `json:"models"`
}

// Run lists the embedded catalog.
func (ModelsListRequest) Run(env Env) (*ModelList, error) {
	return &ModelList{Models: model.List()}, nil
}

// Run resolves the model, parses the options (recording every default
// as an assumption) and returns the model's Summary.
// Weight files without an architecture (a bare .safetensors file) give a
// weights-only Summary: the exact count and bytes, no FLOPs.
func (r ModelRequest) Run(env Env) (*model.Summary, error) {
	m, err := loadModel(env, r.Model)
	if err != nil {
		return nil, err
	}
	if !m.HasArch && m.FileParams <= 0 {
		return nil, fmt.Errorf("model %q: the weight files hold no tensors and there is no config.json beside them", r.Model)
	}
	if !m.HasArch {
		return weightsOnly(m), nil
	}
	res, err := fromLoaded(m)
	if err != nil {
		return nil, err
	}
	return r.summarize(&res, fmt.Sprintf("%q", r.Model))
}

// summarize parses the options (recording every default as an assumption)
// and accounts the resolved model; label names it in errors.
func (r ModelRequest) summarize(res *resolvedModel, label string) (*model.Summary, error) {
	var tr explain.Trace
	opts, err := r.options(res, &tr)
	if err != nil {
		return nil, err
	}
	s, err := model.Summarize(&res.arch, opts)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", label, err)
	}
	s.Assumptions = append(tr.Assumptions, s.Assumptions...)
	s.SetSource(res.source, res.tokens)
	return s, nil
}

// options parses the request's text fields into model.Options.
func (r ModelRequest) options(res *resolvedModel, tr *explain.Trace) (model.Options, error) {
	var o model.Options
	var err error
	if o.Context, err = r.context(&res.arch, tr); err != nil {
		return o, err
	}
	if o.Convention, err = model.ParseConvention(r.Convention); err != nil {
		return o, fmt.Errorf("--convention: %w", err)
	}
	if strings.TrimSpace(r.Convention) == "" {
		tr.Assume("convention", "causal", "attention QKᵀ/AV halved by the causal mask (Megatron-LM, FlashAttention); use full for PaLM-style MFU (docs/formulas.md §2.8)")
	}
	if o.Recompute, err = model.ParseRecompute(r.Recompute); err != nil {
		return o, fmt.Errorf("--recompute: %w", err)
	}
	if o.WeightBits, err = r.weightBits(res, tr); err != nil {
		return o, err
	}
	kvBits, err := dtypeOrDefault(r.KVDtype, DefaultKVDtype, "kv_dtype", tr)
	if err != nil {
		return o, err
	}
	o.KVBytesPerElt = kvBits / 8
	o.Layers = r.Layers
	return o, nil
}

// weightBits is --dtype, else the bits per weight measured in the weight
// files, else bf16.
func (r ModelRequest) weightBits(res *resolvedModel, tr *explain.Trace) (float64, error) {
	if strings.TrimSpace(r.Dtype) == "" && res.fileBits > 0 {
		src := "measured in the weight files: tensor bytes × 8 / parameters"
		if res.fileFormat != "" {
			src += " (" + res.fileFormat + ")"
		}
		tr.Assume("dtype", strconv.FormatFloat(res.fileBits, 'g', 4, 64)+" bits/param", src)
		return res.fileBits, nil
	}
	return dtypeOrDefault(r.Dtype, DefaultModelDtype, "dtype", tr)
}

func dtypeOrDefault(s, def, field string, tr *explain.Trace) (float64, error) {
	if strings.TrimSpace(s) == "" {
		s = def
		tr.Assume(field, def, "16-bit storage, the usual release and serving format")
	}
	// infer.ParseDtype is the one dtype table of flops (every GGUF type and
	// the llama.cpp mixes), so 'flops model --dtype X' and 'flops infer
	// --weights X' give the same bytes.
	d, err := infer.ParseDtype(s)
	if err != nil {
		return 0, fmt.Errorf("--%s: %w", strings.ReplaceAll(field, "_", "-"), err)
	}
	return d.Bits, nil
}

// context parses --context or picks the default.
func (r ModelRequest) context(a *model.Arch, tr *explain.Trace) (int, error) {
	if strings.TrimSpace(r.Context) == "" {
		c := DefaultModelContext
		src := fmt.Sprintf("the model's max_context %d capped at %d", a.MaxContext, DefaultModelContext)
		if a.MaxContext > 0 && a.MaxContext < c {
			c = a.MaxContext
		} else if a.MaxContext <= 0 {
			src = "max_context unknown; default"
		}
		tr.Assume("context", strconv.Itoa(c), src)
		return c, nil
	}
	return ParseContext(r.Context)
}

// ParseContext parses a context length in tokens: a plain integer
// ("8192", "1e5") or a number with k (×1024) or m (×1024²) as people
// write context windows ("8k" = 8192, "128k" = 131072). It must be
// between 1 and 2^27.
func ParseContext(s string) (int, error) {
	v, err := ParseTokenLength(s, maxContext)
	if err != nil {
		return 0, fmt.Errorf("--context %q: %w", s, err)
	}
	return v, nil
}

// ParseTokenLength parses a sequence length in tokens as people write
// context windows and prompt lengths: a plain integer ("8192", "1e5") or a
// number with k (×1024) or m (×1024²): "8k" = 8192, "128k" = 131072. It
// must be a whole number from 1 to max. flops model --context and flops
// infer --prompt/--output share it, so "8k" means the same everywhere.
func ParseTokenLength(s string, max int) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "k"):
		mult, t = 1024, strings.TrimSuffix(t, "k")
	case strings.HasSuffix(t, "m"):
		mult, t = 1<<20, strings.TrimSuffix(t, "m")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	v *= mult
	if err != nil || math.IsNaN(v) || v < 1 || v > float64(max) || v != math.Trunc(v) {
		return 0, fmt.Errorf("want a whole number of tokens between 1 and %d, e.g. 8192 or 8k (= 8192)", max)
	}
	return int(v), nil
}
