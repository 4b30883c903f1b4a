package api

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/pricing"
	"github.com/flopsdev/flops/scaling"
	"github.com/flopsdev/flops/units"
)

// DefaultScaleMFU is the model FLOPs utilization assumed for scaling-law
// budgets when --mfu is not given.
const DefaultScaleMFU = 0.4

// ScaleLaws are the law selection fields shared by the scale requests:
// Law is "all" (or empty), or a comma-separated list of law IDs (see
// scaling.IDs) and "custom"; Custom is a user law
// "E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28", added to the selection.
type ScaleLaws struct {
	Law    string `json:"law"`
	Custom string `json:"custom"`
}

// laws resolves the selection; def is used for an empty Law.
func (s ScaleLaws) laws(def func() []scaling.Law) ([]scaling.Law, error) {
	var out []scaling.Law
	name := strings.TrimSpace(s.Law)
	wantCustom := s.Custom != ""
	switch strings.ToLower(name) {
	case "":
		out = def()
	case "all":
		out = scaling.Laws()
	default:
		for _, id := range strings.Split(name, ",") {
			if strings.EqualFold(strings.TrimSpace(id), scaling.CustomID) {
				if !wantCustom {
					return nil, &InputError{Flag: "custom", Err: errors.New("missing: --law custom needs --custom E=..,A=..,B=..,alpha=..,beta=..")}
				}
				continue
			}
			l, err := scaling.Lookup(id)
			if err != nil {
				return nil, &InputError{Flag: "law", Value: s.Law, Err: err}
			}
			if !slices.ContainsFunc(out, func(o scaling.Law) bool { return o.ID == l.ID }) { // "epoch-2024,epoch-2024"
				out = append(out, l)
			}
		}
	}
	if wantCustom {
		p, err := scaling.ParseParametric(s.Custom)
		if err == nil {
			var l scaling.Law
			if l, err = scaling.Custom(p); err == nil {
				out = append(out, l)
			}
		}
		if err != nil {
			return nil, &InputError{Flag: "custom", Value: s.Custom, Err: err}
		}
	}
	return out, nil
}

// ScaleOptimalRequest is "flops scale optimal": the compute-optimal model
// for a budget given as FLOPs (--compute), dollars (--budget at --price,
// default the price catalog's, see catalogPrice), accelerator-hours (--gpu-hours) or days on --gpus accelerators (--days),
// on the accelerator of HW at MFU.
type ScaleOptimalRequest struct {
	Compute  string `json:"compute"`   // C, FLOPs, e.g. "5.76e23"
	Budget   string `json:"budget"`    // USD, e.g. "$10M" (at price)
	GPUHours string `json:"gpu_hours"` // accelerator-hours, e.g. "1M"
	Days     string `json:"days"`      // wall-clock days on GPUs accelerators
	GPUs     string `json:"gpus"`      // accelerators running at once
	MFU      string `json:"mfu"`       // default 0.4
	Price    string `json:"price"`     // USD per accelerator-hour
	ScaleLaws
	HW
}

// Run resolves the budget (and the accelerator, when one is involved) and
// allocates it under each selected law (default: all).
func (r ScaleOptimalRequest) Run(env Env) (*scaling.OptimalResult, error) {
	laws, err := r.laws(scaling.Laws)
	if err != nil {
		return nil, err
	}
	b, quote, err := r.budget(env)
	if err != nil {
		return nil, err
	}
	res, err := scaling.Optimal(scaling.OptimalConfig{Budget: b, Laws: laws})
	if err != nil {
		return nil, err
	}
	if b.Hardware != nil {
		r.assumeHardware(&res.Trace, *b.Hardware)
	}
	if quote != nil {
		res.Assume(priceAssumption(quote))
	}
	return res, nil
}

// budget parses the budget fields; hardware is resolved when the budget
// needs it or any hardware field is given. The quote is the catalog price
// of a --budget given without --price.
func (r ScaleOptimalRequest) budget(env Env) (scaling.Budget, *pricing.Quote, error) {
	var b scaling.Budget
	var given []string
	for _, f := range []struct {
		flag, text string
		set        func(string) error
	}{
		{"compute", r.Compute, func(s string) (err error) { b.FLOPs, err = scalePositive(s, units.ParseFLOPs); return }},
		{"budget", r.Budget, func(s string) (err error) { b.USD, err = scalePositive(s, units.ParseUSD); return }},
		{"gpu_hours", r.GPUHours, func(s string) (err error) { b.GPUHours, err = scalePositive(s, units.ParseCount); return }},
		{"days", r.Days, func(s string) (err error) { b.Days, err = scaleDays(s); return }},
	} {
		if f.text == "" {
			continue
		}
		given = append(given, "--"+strings.ReplaceAll(f.flag, "_", "-"))
		if err := f.set(f.text); err != nil {
			return b, nil, &InputError{Flag: strings.ReplaceAll(f.flag, "_", "-"), Value: f.text, Err: err}
		}
	}
	if len(given) != 1 {
		// Name the flags actually given (QA: "--budget 1M --gpu-hours 5"
		// was reported as a --compute error).
		flag, what := "compute", "missing"
		if len(given) > 1 {
			flag, what = strings.TrimPrefix(given[1], "--"), "conflicts with "+given[0]
		}
		return b, nil, &InputError{Flag: flag,
			Err: fmt.Errorf("%s: give exactly one budget: --compute C, --budget USD, --gpu-hours H, or --days T --gpus K", what)}
	}
	if r.GPU == "" && r.Peak == "" && r.GPUs == "" && r.Price == "" && r.MFU == "" && b.FLOPs != 0 {
		return b, nil, nil
	}
	h, quote, err := r.hardware(env)
	b.Hardware = h
	return b, quote, err
}

// hardware resolves the accelerator, MFU, price and GPU count; the quote
// is the catalog price of a --budget without --price (else nil).
func (r ScaleOptimalRequest) hardware(env Env) (*scaling.Hardware, *pricing.Quote, error) {
	acc, prec, err := r.HW.Resolve(env)
	if err != nil {
		return nil, nil, err
	}
	peak, err := acc.Peak(prec)
	if err != nil {
		return nil, nil, err
	}
	h := &scaling.Hardware{Name: acc.ID + " " + string(prec), Peak: peak, MFU: DefaultScaleMFU}
	if r.MFU != "" {
		if h.MFU, err = scalePositive(r.MFU, units.ParseFraction); err == nil && h.MFU > 1 {
			err = errors.New("must be at most 1 (100%)")
		}
		if err != nil {
			return nil, nil, &InputError{Flag: "mfu", Value: r.MFU, Err: err}
		}
	}
	if r.Price != "" {
		if h.Price, err = scalePositive(r.Price, units.ParseUSDPerHour); err != nil {
			return nil, nil, &InputError{Flag: "price", Value: r.Price, Err: err}
		}
	}
	var quote *pricing.Quote
	if r.Budget != "" && r.Price == "" {
		if quote, err = catalogPrice(acc); err != nil {
			return nil, nil, err
		}
		h.Price = quote.USDPerGPUHour
	}
	if r.GPUs != "" {
		n, err := scalePositive(r.GPUs, units.ParseCount)
		if err != nil || n != math.Trunc(n) || n > 1e9 {
			return nil, nil, &InputError{Flag: "gpus", Value: r.GPUs, Err: errors.New("must be a whole number of accelerators from 1 to 1e9")}
		}
		h.GPUs = int(n)
	}
	if r.Days != "" && h.GPUs == 0 {
		return nil, nil, &InputError{Flag: "gpus", Err: errors.New("missing: --days needs --gpus K, the accelerators running at once")}
	}
	return h, quote, nil
}

func (r ScaleOptimalRequest) assumeHardware(t interface {
	Assume(name, value, source string)
}, h scaling.Hardware) {
	if r.GPU == "" && r.Peak == "" {
		t.Assume("accelerator", h.Name, "default (no --gpu given)")
	}
	if r.MFU == "" {
		t.Assume("MFU", fmt.Sprint(DefaultScaleMFU), "typical of large runs: Llama 2 39%, Llama 3.1 405B 35% (docs/formulas.md §7)")
	}
}

// scalePositive parses s with parse and requires a finite value > 0.
func scalePositive[T ~float64](s string, parse func(string) (T, error)) (T, error) {
	v, err := parse(s)
	if err != nil {
		return 0, err
	}
	if !(v > 0) || math.IsInf(float64(v), 0) {
		return 0, errors.New("must be a finite number greater than 0")
	}
	return v, nil
}

// scaleDays parses --days: a plain number of days, or a duration ("36h").
func scaleDays(s string) (float64, error) {
	if v, err := units.ParseCount(s); err == nil {
		if !(v > 0) || math.IsInf(v, 0) {
			return 0, errors.New("must be a finite number of days greater than 0")
		}
		return v, nil
	}
	d, err := scalePositive(s, units.ParseSeconds)
	return float64(d) / 86400, err
}

// ScaleLossRequest is "flops scale loss": the loss each law predicts for
// N parameters trained on D tokens (or a catalog model with its published
// training tokens), and how far that is from compute-optimal.
type ScaleLossRequest struct {
	Params string `json:"params"`
	Tokens string `json:"tokens"`
	Model  string `json:"model"` // catalog name; its total parameters and training tokens
	ScaleLaws
}

// Run evaluates the pair under each selected law (default: all).
func (r ScaleLossRequest) Run(env Env) (*scaling.LossResult, error) {
	laws, err := r.laws(scaling.Laws)
	if err != nil {
		return nil, err
	}
	ref, notes, err := referenceModel(r.Model, r.Params, r.Tokens)
	if err != nil {
		return nil, err
	}
	res, err := scaling.Loss(scaling.LossConfig{Params: ref.Params, Tokens: ref.Tokens, Laws: laws})
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		res.Assume(n[0], n[1], n[2])
	}
	return res, nil
}

// referenceModel returns (N, D) from --params/--tokens or a catalog
// --model (whose published tokens --tokens may override), with
// assumptions as {name, value, source}.
func referenceModel(name, params, tokens string) (scaling.Plan, [][3]string, error) {
	var p scaling.Plan
	var notes [][3]string
	var err error
	if tokens != "" {
		if p.Tokens, err = scalePositive(tokens, units.ParseTokens); err != nil {
			return p, nil, &InputError{Flag: "tokens", Value: tokens, Err: err}
		}
	}
	switch {
	case name != "" && params != "":
		return p, nil, &InputError{Flag: "params", Value: params, Err: errors.New("give either --params or --model, not both")}
	case params != "":
		if p.Params, err = scalePositive(params, units.ParseParams); err != nil {
			return p, nil, &InputError{Flag: "params", Value: params, Err: err}
		}
	case name != "":
		e, err := model.Lookup(name)
		if err != nil {
			return p, nil, &InputError{Flag: "model", Value: name, Err: err}
		}
		p.Params, notes = modelParams(e)
		if p.Tokens == 0 {
			if p.Tokens = e.TrainingTokens; p.Tokens == 0 {
				return p, nil, &InputError{Flag: "tokens", Err: fmt.Errorf("missing: the catalog has no training tokens for %s; give --tokens", e.ID)}
			}
			notes = append(notes, [3]string{"D", p.Tokens.String() + " training tokens", e.ID + ": " + e.Paper})
		}
	default:
		return p, nil, &InputError{Flag: "params", Err: errors.New("missing: give --params N --tokens D, or --model NAME")}
	}
	if p.Tokens == 0 {
		return p, nil, &InputError{Flag: "tokens", Err: errors.New("missing: give the training tokens, e.g. --tokens 1.4T")}
	}
	return p, notes, nil
}

// modelParams counts a catalog model's parameters: all of them (Chinchilla
// counts embeddings), or the active ones for a mixture of experts.
func modelParams(e model.Entry) (units.Params, [][3]string) {
	c := e.Arch.Count()
	if e.Arch.MoE != nil {
		return c.Active, [][3]string{{"N", c.Active.String() + " active parameters", e.ID +
			" is a mixture of experts; the laws were fitted on dense models, so this is a rough reading"}}
	}
	return c.Total, [][3]string{{"N", c.Total.String() + " parameters incl. embeddings", "counted from " + e.ID + "'s architecture"}}
}

// DefaultInferenceLaw is the law inference-aware sizing uses when none is
// named: Hoffmann et al.'s Approach 3 with the TeX-precise constants, which
// reproduces the paper's own 40B projection and Sardana et al.'s Fig. 1
// example.
const DefaultInferenceLaw = scaling.ChinchillaApproach3TeX

// ScaleInferenceRequest is "flops scale inference": the model that reaches
// a target loss (--loss, or the loss of a reference --model or
// --params/--tokens) at the least lifetime compute given the tokens it will
// serve (--inference-tokens), and at the least cost when --price is given
// (inference priced by --infer-price and --infer-mfu, default the training
// ones). One law (default chinchilla-3-precise; it must define a loss).
type ScaleInferenceRequest struct {
	Loss            string `json:"loss"` // target loss, nats/token
	Params          string `json:"params"`
	Tokens          string `json:"tokens"`
	Model           string `json:"model"`
	InferenceTokens string `json:"inference_tokens"` // lifetime tokens served, e.g. "2T"
	MFU             string `json:"mfu"`              // training MFU, default 0.4
	Price           string `json:"price"`            // training USD per accelerator-hour
	InferMFU        string `json:"infer_mfu"`        // serving MFU, default = mfu
	InferPrice      string `json:"infer_price"`      // serving USD per accelerator-hour, default = price
	ScaleLaws
	HW
}

// Run solves the sizing problem with scaling.Inference.
func (r ScaleInferenceRequest) Run(env Env) (*scaling.InferenceResult, error) {
	laws, err := r.laws(func() []scaling.Law { l, _ := scaling.Lookup(DefaultInferenceLaw); return []scaling.Law{l} })
	if err != nil {
		return nil, err
	}
	if len(laws) != 1 {
		return nil, &InputError{Flag: "law", Value: r.Law, Err: errors.New("inference-aware sizing takes one law")}
	}
	cfg := scaling.InferenceConfig{Law: laws[0]}
	var notes [][3]string
	if r.Loss != "" {
		if r.Model != "" || r.Params != "" {
			return nil, &InputError{Flag: "loss", Value: r.Loss, Err: errors.New("give either --loss or a reference model, not both")}
		}
		if cfg.TargetLoss, err = scalePositive(r.Loss, units.ParseCount); err != nil {
			return nil, &InputError{Flag: "loss", Value: r.Loss, Err: err}
		}
	} else {
		ref, n, err := referenceModel(r.Model, r.Params, r.Tokens)
		if err != nil {
			return nil, err
		}
		cfg.Reference, notes = &ref, n
	}
	if r.InferenceTokens == "" {
		return nil, &InputError{Flag: "inference-tokens", Err: errors.New("missing: give the lifetime tokens served, e.g. --inference-tokens 2T")}
	}
	if cfg.InferenceTokens, err = scalePositive(r.InferenceTokens, units.ParseTokens); err != nil {
		return nil, &InputError{Flag: "inference-tokens", Value: r.InferenceTokens, Err: err}
	}
	if err := r.prices(env, &cfg, &notes); err != nil {
		return nil, err
	}
	res, err := scaling.Inference(cfg)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		res.Assume(n[0], n[1], n[2])
	}
	return res, nil
}

// prices sets the per-FLOP prices when --price is given:
// USD/FLOP = (USD/h) / (3600 · peak · MFU).
func (r ScaleInferenceRequest) prices(env Env, cfg *scaling.InferenceConfig, notes *[][3]string) error {
	if r.Price == "" {
		if r.InferPrice != "" || r.InferMFU != "" {
			return &InputError{Flag: "price", Err: errors.New("missing: --infer-price/--infer-mfu need the training --price")}
		}
		return nil
	}
	o := ScaleOptimalRequest{Compute: "1", MFU: r.MFU, Price: r.Price, HW: r.HW}
	tr, _, err := o.hardware(env)
	if err != nil {
		return err
	}
	inf := *tr
	if r.InferMFU != "" {
		o.MFU = r.InferMFU
	}
	if r.InferPrice != "" {
		o.Price = r.InferPrice
	}
	if r.InferMFU != "" || r.InferPrice != "" {
		h, _, err := o.hardware(env)
		if err != nil {
			return err
		}
		inf = *h
	}
	cfg.TrainUSDPerFLOP = float64(tr.Price) / (3600 * float64(tr.Rate()))
	cfg.InferUSDPerFLOP = float64(inf.Price) / (3600 * float64(inf.Rate()))
	*notes = append(*notes,
		[3]string{"training price", fmt.Sprintf("%.4g USD/FLOP", cfg.TrainUSDPerFLOP), fmt.Sprintf("%s / (3600 × %s × %g)", tr.Price, tr.Peak, float64(tr.MFU))},
		[3]string{"inference price", fmt.Sprintf("%.4g USD/FLOP", cfg.InferUSDPerFLOP), fmt.Sprintf("%s / (3600 × %s × %g)", inf.Price, inf.Peak, float64(inf.MFU))})
	return nil
}

// ScaleIsoFLOPRequest is "flops scale isoflop": loss against N at fixed
// compute for each budget in Budgets ("1e19,1e20,1e21"), under the laws
// that define a loss (default: Approach 3 rounded and precise, Epoch).
type ScaleIsoFLOPRequest struct {
	Budgets string `json:"budgets"` // comma-separated FLOPs
	Points  string `json:"points"`  // per curve, default 41
	Span    string `json:"span"`    // N from N_opt/span to N_opt·span, default 10
	ScaleLaws
}

// Run computes the curves with scaling.IsoFLOP.
func (r ScaleIsoFLOPRequest) Run(env Env) (*scaling.IsoFLOPResult, error) {
	cfg, err := r.Config()
	if err != nil {
		return nil, err
	}
	return scaling.IsoFLOP(cfg)
}

// Config parses the request into the curves to compute, within
// MaxIsoFLOPBudgets and MaxIsoFLOPPoints.
func (r ScaleIsoFLOPRequest) Config() (scaling.IsoFLOPConfig, error) {
	var none scaling.IsoFLOPConfig
	laws, err := r.laws(scaling.DefaultIsoFLOPLaws)
	if err != nil {
		return none, err
	}
	cfg := scaling.IsoFLOPConfig{Laws: laws}
	if strings.EqualFold(strings.TrimSpace(r.Law), "all") {
		cfg.Laws = nil
		for _, l := range laws {
			if l.HasLoss() {
				cfg.Laws = append(cfg.Laws, l)
			}
		}
	}
	for _, s := range strings.Split(r.Budgets, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		c, err := scalePositive(s, units.ParseFLOPs)
		if err != nil {
			return none, &InputError{Flag: "budgets", Value: s, Err: err}
		}
		cfg.Budgets = append(cfg.Budgets, c)
		if len(cfg.Budgets) > MaxIsoFLOPBudgets {
			return none, &InputError{Flag: "budgets", Err: fmt.Errorf("more than %d budgets; give at most %d", MaxIsoFLOPBudgets, MaxIsoFLOPBudgets)}
		}
	}
	if len(cfg.Budgets) == 0 {
		return none, &InputError{Flag: "budgets", Err: errors.New("missing: give compute budgets, e.g. --budgets 1e19,1e20,1e21")}
	}
	if r.Points != "" {
		v, err := units.ParseCount(r.Points)
		if err != nil || v != math.Trunc(v) || v < 3 || v > 1000 {
			return none, &InputError{Flag: "points", Value: r.Points, Err: errors.New("must be a whole number from 3 to 1000")}
		}
		cfg.Points = int(v)
	}
	if r.Span != "" {
		if cfg.Span, err = units.ParseCount(r.Span); err != nil || !(cfg.Span > 1) || cfg.Span > 1e6 {
			return none, &InputError{Flag: "span", Value: r.Span, Err: errors.New("must be a number in (1, 1e6], e.g. 10")}
		}
	}
	return cfg, r.checkSize(cfg)
}

// MaxIsoFLOPBudgets and MaxIsoFLOPPoints cap one iso-FLOP request: its
// budgets, and its curve points (budgets × points per curve × laws), which
// set the size of the result and of its chart. 20,000 points are about
// 2 MB of JSON (QA: 100 budgets × 1,000 points × 3 laws gave 24.9 MB, and
// 50 such requests at once took the server to 5.9 GB).
const (
	MaxIsoFLOPBudgets = 100
	MaxIsoFLOPPoints  = 20_000
)

// checkSize refuses a request over MaxIsoFLOPPoints, naming --points when
// it was given (41 per curve otherwise, scaling.IsoFLOP's default).
func (r ScaleIsoFLOPRequest) checkSize(cfg scaling.IsoFLOPConfig) error {
	points := cfg.Points
	if points == 0 {
		points = 41
	}
	n := len(cfg.Budgets) * points * len(cfg.Laws)
	if n <= MaxIsoFLOPPoints {
		return nil
	}
	flag := "points"
	if r.Points == "" {
		flag = "budgets"
	}
	return &InputError{Flag: flag, Err: fmt.Errorf("%d budgets × %d points × %d laws = %d curve points, more than the cap of %d: give fewer budgets, points or laws",
		len(cfg.Budgets), points, len(cfg.Laws), n, MaxIsoFLOPPoints)}
}

// FrontierModels returns the published models to mark on a frontier plot:
// the catalog's entries for GPT-3, Gopher, Chinchilla, PaLM, LLaMA and
// Llama 2/3 with their training tokens and total parameters, or
// scaling.PublishedModels when the catalog has none of them.
func FrontierModels() []scaling.PublishedModel {
	var out []scaling.PublishedModel
	for _, id := range []string{"gpt3-175b", "gopher-280b", "chinchilla-70b", "palm-540b", "llama-65b",
		"llama-2-7b", "llama-2-70b", "llama-3-8b", "llama-3-70b", "llama-3.1-405b"} {
		e, err := model.Lookup(id)
		if err != nil || e.TrainingTokens <= 0 || e.Arch.MoE != nil {
			continue
		}
		n, _ := modelParams(e)
		out = append(out, scaling.PublishedModel{Name: e.ID, Params: n, Tokens: e.TrainingTokens, Source: e.Paper})
	}
	if len(out) == 0 {
		return scaling.PublishedModels()
	}
	return out
}
