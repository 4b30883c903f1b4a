package infer

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// setup is a Config with every default applied, as plain numbers.
type setup struct {
	s    shape
	name string

	t, b, p, g int // GPUs, batch, prompt, output

	peak, bw   float64 // per GPU, dense FLOP/s and bytes/s at 100 %
	uc, um     float64 // efficiencies
	f, w       float64 // effective per-GPU FLOP/s and bytes/s
	mem        float64 // per-GPU memory, bytes
	wB, kvB    float64 // bytes per weight, per KV element
	actB       float64 // bytes per activation element
	alpha      float64 // s per all-reduce
	beta       float64 // bytes/s per GPU per direction; +Inf when unknown
	noLink     bool    // no link bandwidth known: the β term is not charged
	price      float64 // $ per GPU-hour
	conv       model.Convention
	prec       hardware.Precision
	weights    Dtype
	kv         Dtype
	weightFile float64 // exact weight bytes from a file, 0 if unknown
	chunk      int     // prefill tokens per forward step
}

// resolve applies the defaults of c, recording each as an assumption.
func resolve(c Config, tr *explain.Trace) (setup, error) {
	if err := c.validate(); err != nil {
		return setup{}, err
	}
	st := setup{t: orInt(c.GPUs, 1), b: orInt(c.Batch, 1), p: c.Prompt, g: c.Output,
		price: float64(c.Price), conv: c.Attention, prec: c.Precision, weights: c.Weights, kv: c.KV}
	if c.Model != nil {
		st.s, st.name = shapeFromArch(c.Model), c.Model.Name
	} else {
		st.s, st.name = shapeFromParams(float64(c.Params)), c.Params.String()+" params"
	}
	if err := st.resolveHardware(c, tr); err != nil {
		return setup{}, err
	}
	st.resolveWorkload(c, tr)
	st.resolveDtypes(tr)
	if c.ActivationBytes > 0 {
		st.actB = c.ActivationBytes
	}
	st.resolveEfficiency(c, tr)
	st.resolveLinks(c, tr)
	return st, nil
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// resolveHardware takes peak FLOP/s at the precision, bandwidth and memory.
func (st *setup) resolveHardware(c Config, tr *explain.Trace) error {
	a := c.Accelerator
	if st.prec == "" {
		st.prec = hardware.BF16
		if _, err := a.Peak(hardware.BF16); err != nil && a.Dense[hardware.FP16] > 0 {
			st.prec = hardware.FP16
		}
		tr.Assume("precision", string(st.prec), "default compute precision (fp16 on chips without bf16); int8/int4 weights are dequantized to it (W4A16/W8A16)")
	}
	peak, err := a.Peak(st.prec)
	if err != nil {
		return fmt.Errorf("%w; pick one with --precision or give --peak", err)
	}
	if !(a.Bandwidth > 0) || math.IsInf(float64(a.Bandwidth), 0) {
		return fmt.Errorf("accelerator %q has no memory bandwidth: give --bandwidth (e.g. 3.35TB/s)", a.ID)
	}
	st.peak, st.bw, st.mem = float64(peak), float64(a.Bandwidth), float64(a.Memory)
	if !(st.mem > 0) {
		st.mem = math.Inf(1)
		tr.Assume("memory capacity", "unknown (not checked)", "the accelerator lists no memory; give --memory to check the fit")
	}
	return nil
}

// resolveWorkload defaults the prompt, output and attention convention.
func (st *setup) resolveWorkload(c Config, tr *explain.Trace) {
	if st.p == 0 {
		st.p = DefaultPrompt
		tr.Assumef("prompt", "default request shape (a chat turn); give --prompt", "%d tokens", st.p)
	}
	if st.g == 0 {
		st.g = DefaultOutput
		tr.Assumef("output", "default request shape (a chat turn); give --output", "%d tokens", st.g)
	}
	if st.b > 1 {
		tr.Assume("batching", "static batch", "all B prompts are prefilled together (TTFT covers the whole batch), then B sequences decode in lockstep at the same context")
	}
	st.chunk = c.PrefillChunk
	if st.chunk == 0 {
		st.chunk = DefaultPrefillChunk
		if st.b*st.p > st.chunk {
			tr.Assume("prefill chunk", "8192 tokens", "chunked prefill: weights re-read and workspace sized per chunk of B·P tokens [assumption]")
		}
	}
	if st.conv == "" {
		st.conv = model.Causal
		tr.Assume("attention FLOPs convention", "causal", "prompt token i attends to i keys (docs/formulas.md §2.8, §2.10)")
	}
	if st.s.arch == nil {
		tr.Assume("model", "parameter count only", "FLOPs/token = 2·N; no KV cache, attention or all-reduce terms; give --model for those (docs/formulas.md §2.10)")
	}
}

// resolveDtypes defaults the weight and KV formats.
func (st *setup) resolveDtypes(tr *explain.Trace) {
	if st.weights.Bits == 0 {
		st.weights = dtypes["bf16"]
		tr.Assume("weights", "bf16 (16 bits)", "default: unquantized checkpoint")
	} else {
		tr.Assumef("weights", st.weights.Source, "%s (%.4g bits/weight)", st.weights.Name, st.weights.Bits)
	}
	if st.kv.Bits == 0 {
		st.kv = dtypes["bf16"]
		if st.s.arch != nil {
			tr.Assume("KV cache dtype", "bf16 (2 bytes/element)", "default of vLLM and Hugging Face (kv_cache_dtype auto = model dtype)")
		}
	}
	st.wB, st.kvB, st.actB = st.weights.Bytes(), st.kv.Bytes(), 2
}

// resolveEfficiency applies DefaultBandwidthEff/DefaultComputeEff (or
// DefaultParamsEff for the parameter-count path).
func (st *setup) resolveEfficiency(c Config, tr *explain.Trace) {
	st.uc, st.um = float64(c.ComputeEff), float64(c.BandwidthEff)
	if st.s.arch == nil {
		if st.uc == 0 {
			st.uc = DefaultParamsEff
			tr.Assume("compute efficiency", "1.0", "the pure roofline, no efficiency loss (docs/formulas.md §4.3); give --compute-eff for a measured MFU")
		}
		if st.um == 0 {
			st.um = DefaultParamsEff
			tr.Assume("bandwidth efficiency", "1.0", "the pure roofline (docs/formulas.md §4.3): 140 GB / 3.35 TB/s = 41.8 ms for 70B on H100")
		}
	}
	if st.uc == 0 {
		st.uc = DefaultComputeEff
		tr.Assume("compute efficiency", "0.5", "achievable fraction of dense peak FLOP/s: docs/formulas.md §4.3 range 0.4–0.7, §4.5 prefill at 50 %")
	}
	if st.um == 0 {
		st.um = DefaultBandwidthEff
		tr.Assume("bandwidth efficiency", "0.7", "achievable fraction of HBM bandwidth (MBU): docs/formulas.md §4.3 range 0.5–0.8; set 1 for the pure roofline")
	}
	st.f, st.w = st.peak*st.uc, st.bw*st.um
}

// resolveLinks sets the all-reduce latency and per-direction bandwidth.
func (st *setup) resolveLinks(c Config, tr *explain.Trace) {
	st.alpha, st.beta = float64(c.AllReduceLatency), float64(c.LinkBandwidth)
	if st.t == 1 {
		return
	}
	if st.alpha == 0 {
		st.alpha = float64(DefaultAllReduceLatency)
		tr.Assume("all-reduce latency α", "8 µs", "per small all-reduce on NVLink-class links, docs/formulas.md §4.6 [assumption; measure with nccl-tests]")
	}
	if st.beta == 0 && c.Accelerator.ScaleUpBandwidth > 0 {
		st.beta = float64(c.Accelerator.ScaleUpBandwidth) / 2
		tr.Assumef("all-reduce bandwidth β", "catalog scale-up bandwidth is bidirectional per GPU; NCCL's bus bandwidth is per direction (docs/formulas.md §5.1)",
			"%s per direction (half of the catalog's %s)", units.ByteRate(st.beta), c.Accelerator.ScaleUpBandwidth)
	}
	if !(st.beta > 0) {
		// No figure to charge: only α counts, and the result says so.
		st.beta = math.Inf(1)
		st.noLink = true
		tr.Assume("all-reduce bandwidth β", "unknown: bandwidth term dropped", "the accelerator lists no scale-up bandwidth; only α is charged (give --link-bandwidth)")
	}
}
