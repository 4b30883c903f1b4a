package perf

import (
	"fmt"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// Config is one training configuration to price.
type Config struct {
	Arch     *model.Arch
	Options  ShapeOptions
	Cluster  Cluster
	Training Training
	Layout   Layout
}

// Result is the priced configuration with its derivation. JSON field names
// are stable; units are SI base units (seconds, bytes, FLOP, US dollars).
type Result struct {
	Model     string `json:"model"`
	GPU       string `json:"gpu"`
	GPUs      int    `json:"gpus"`
	Seq       int    `json:"seq_len"`
	Global    int    `json:"global_batch"`
	Recompute string `json:"recompute"`
	Layout
	Estimate

	MemoryCapacityBytes   float64 `json:"memory_capacity_bytes"` // usable bytes per GPU
	HeadroomBytes         float64 `json:"headroom_bytes"`        // capacity − memory per GPU (negative: does not fit)
	ModelFLOPsPerToken    float64 `json:"model_flops_per_token"`
	HardwareFLOPsPerToken float64 `json:"hardware_flops_per_token"`
	AchievedFLOPsPerGPU   float64 `json:"achieved_flops_per_second_per_gpu"` // model FLOP/s per GPU
	TrainingTokens        float64 `json:"training_tokens,omitempty"`
	TimeToTrain           float64 `json:"time_to_train_seconds,omitempty"`
	GPUHours              float64 `json:"gpu_hours,omitempty"`
	CostUSD               float64 `json:"cost_usd,omitempty"`

	explain.Trace
}

// Run prices one configuration. A layout that cannot run is an error; one
// that runs but does not fit in memory is a Result with Fits false.
func Run(c Config) (*Result, error) {
	s, err := NewShape(c.Arch, c.Training.Seq, c.Options)
	if err != nil {
		return nil, err
	}
	m, err := Compile(s, c.Cluster, c.Training)
	if err != nil {
		return nil, err
	}
	return m.Result(c.Layout)
}

// Result prices l on a compiled model with its derivation.
func (m *Model) Result(l Layout) (*Result, error) {
	e := m.Evaluate(l)
	if e.Reject != RejectNone && e.Reject != RejectMemory {
		return nil, fmt.Errorf("perf: layout TP%d CP%d PP%d DP%d EP%d mbs%d v%d cannot run: %s", l.TP, l.cp(), l.PP, l.DP, l.EP, l.MicroBatch, l.VPP, e.Reject)
	}
	tr := m.Training
	r := &Result{Model: m.Shape.Name, GPU: m.Cluster.GPU.ID, GPUs: m.Cluster.GPUs, Seq: tr.Seq, Global: tr.GlobalBatch,
		Recompute: l.Recompute.String(), Layout: l, Estimate: e, MemoryCapacityBytes: m.capacity}
	r.HeadroomBytes = m.capacity - e.MemTotal
	r.ModelFLOPsPerToken, r.HardwareFLOPsPerToken = m.flopsPerToken(l.Recompute)
	r.AchievedFLOPsPerGPU = r.ModelFLOPsPerToken * e.TokensPerSecond / float64(m.Cluster.GPUs)
	if tr.Tokens > 0 {
		r.TrainingTokens = tr.Tokens
		r.TimeToTrain = tr.Tokens / e.TokensPerSecond
		r.GPUHours = r.TimeToTrain * float64(m.Cluster.GPUs) / 3600
		r.CostUSD = r.GPUHours * float64(m.Cluster.Price)
	}
	m.explain(r)
	return r, nil
}

// explain records the derivation and the assumptions behind r.
func (m *Model) explain(r *Result) {
	t, e, l := &r.Trace, &r.Estimate, r.Layout
	x := m.newLay(l)
	t.Add("micro-batches per step", "m = global_batch / (dp · micro_batch)",
		fmt.Sprintf("%d / (%d · %d)", r.Global, l.DP, l.MicroBatch), float64(e.MicroBatches), "", "")
	t.Add("compute (incl. recompute)", "m · Σ_layers/pp (GEMM roofline + attention + element-wise) + LM head",
		fmt.Sprintf("%d micro-batches on the slowest of %d stages", e.MicroBatches, l.PP), e.Compute, "s", sec(e.Compute))
	stageT := 0.0
	if l.PP > 1 {
		stageT = e.Bubble * float64(l.VPP) / float64(l.PP-1)
	}
	t.Add("pipeline bubble", "(pp − 1)/vpp · stage time per micro-batch (1F1B; interleaved when vpp > 1)",
		fmt.Sprintf("(%d − 1)/%d · %s", l.PP, l.VPP, sec(stageT)), e.Bubble, "s", sec(e.Bubble))
	t.Add("exposed communication", "TP + EP + CP + PP + DP(exposed)",
		fmt.Sprintf("%s + %s + %s + %s + %s", sec(e.TPComm), sec(e.EPComm), sec(e.CPComm), sec(e.PPComm), sec(e.DPComm)),
		e.TPComm+e.EPComm+e.CPComm+e.PPComm+e.DPComm, "s", "")
	t.Add("optimizer step", "traffic/param · params on this GPU / (η_mem · HBM bandwidth)",
		fmt.Sprintf("%g B · %s params", m.Training.OptimizerTraffic, units.Params(m.optimizerParams(&x))), e.Optimizer, "s", sec(e.Optimizer))
	t.Add("step time", "compute + bubble + exposed comm + optimizer",
		fmt.Sprintf("%s + %s + %s + %s", sec(e.Compute), sec(e.Bubble), sec(e.TPComm+e.EPComm+e.CPComm+e.PPComm+e.DPComm), sec(e.Optimizer)),
		e.StepTime, "s", sec(e.StepTime))
	t.Add("tokens per second", "global_batch · seq / step time",
		fmt.Sprintf("%d · %d / %.4g", r.Global, r.Seq, e.StepTime), e.TokensPerSecond, "token/s", "")
	t.Add("MFU", "model FLOPs per token · tokens/s / (gpus · peak)",
		fmt.Sprintf("%.4g · %.4g / (%d · %.4g)", r.ModelFLOPsPerToken, e.TokensPerSecond, r.GPUs, m.peak), e.MFU, "", pct(e.MFU))
	t.Add("HFU", "hardware FLOPs per token (incl. recompute) · tokens/s / (gpus · peak)",
		fmt.Sprintf("%.4g · %.4g / (%d · %.4g)", r.HardwareFLOPsPerToken, e.TokensPerSecond, r.GPUs, m.peak), e.HFU, "", pct(e.HFU))
	t.Add("memory per GPU", "weights + gradients + optimizer + activations",
		fmt.Sprintf("%s + %s + %s + %s", units.Bytes(e.MemWeights), units.Bytes(e.MemGrads), units.Bytes(e.MemOptimizer), units.Bytes(e.MemActivations)),
		e.MemTotal, "B", units.Bytes(e.MemTotal).String())
	if r.TrainingTokens > 0 {
		t.Add("time to train", "D / tokens per second", fmt.Sprintf("%.4g / %.4g", r.TrainingTokens, e.TokensPerSecond), r.TimeToTrain, "s", sec(r.TimeToTrain))
		t.Add("GPU-hours", "time to train · gpus / 3600", fmt.Sprintf("%.4g · %d / 3600", r.TimeToTrain, r.GPUs), r.GPUHours, "h", "")
		if m.Cluster.Price > 0 {
			t.Add("cost", "GPU-hours · price", fmt.Sprintf("%.4g · %g", r.GPUHours, float64(m.Cluster.Price)), r.CostUSD, "USD", "")
		}
	}
	m.assume(r)
}

// assume lists the constants the result rests on.
func (m *Model) assume(r *Result) {
	t, c, tr := &r.Trace, m.Cluster, m.Training
	t.Assumef("accelerator", c.GPU.Source, "%s: dense peak %s, %s at %s", c.GPU.ID, units.FLOPRate(c.Peak),
		units.Bytes(c.GPU.Memory), units.ByteRate(c.GPU.Bandwidth))
	t.Assumef("efficiency constants", c.Eff.Source, "matmul %.2f of the %s peak, HBM %.2f (element-wise %.2f), kernel %.0f µs, flash %.2f of %s, scale-up %.2f, scale-out %.2f",
		m.matmul, precisionName(c.Precision), c.Eff.Memory, c.Eff.elementwise(), c.Eff.Kernel*1e6, c.Eff.Flash, units.FLOPRate(m.attnPeak), c.Eff.ScaleUp, c.Eff.ScaleOut)
	t.Assumef("network", "scale-up: half the catalog's bidirectional figure; scale-out default 50 GB/s = one 400 Gb/s NIC per GPU; both overridable",
		"scale-up %s per GPU per direction in domains of %d; scale-out %s per GPU", units.ByteRate(c.ScaleUp), c.NodeSize, units.ByteRate(c.ScaleOut))
	t.Assumef("training state", "ZeRO §3.1 mixed-precision Adam (docs/formulas.md §3.1)", "%g + %g + %g bytes/param (weights, gradients, optimizer), ZeRO stage %d",
		tr.WeightBytes, tr.GradBytes, tr.OptimizerBytes, r.ZeRO)
	t.Assumef("usable memory", "CUDA context, NCCL buffers and fragmentation take the rest", "%.0f%% of %s", tr.UsableMemory*100, units.Bytes(c.GPU.Memory))
	conv := "PaLM App. B: attention without causal halving"
	if tr.CausalFLOPs {
		conv = "causal halving of attention (Megatron-LM current counter)"
	}
	t.Assume("MFU convention", conv, "docs/formulas.md §2.4, §2.8")
	st := tr.Stack
	t.Assumef("software stack", st.Source, "%s: TP overlap %s, DP overlap %s, PP overlap %s, EP overlap %s, schedule %s",
		st.Name, tpOverlapName(st.TPOverlap), onOff(st.DPOverlap), onOff(st.PPOverlap), onOff(st.EPOverlap), schedule(r.Layout, st))
	t.Assumef("kernels", "Korthikanti et al. 2022 ran without flash attention", "flash attention %s, dropout %s",
		onOff(m.Shape.Opts.FlashAttention), onOff(m.Shape.Opts.Dropout))
	t.Assume("overlap tax", fmt.Sprintf("%.0f%% of hidden communication still lengthens the step", 100*c.Eff.OverlapTax),
		"communication kernels take SMs: DeepSeek-V3 §3.2.2 dedicates 20 of 132 H800 SMs (15%); Calculon charges 15%")
	t.Assume("selective recompute HFU", "recomputed forward QKᵀ and A·V counted once (nanotron); Korthikanti's HFU formula counts 3×", "docs/formulas.md §2.6")
}

func precisionName(p hardware.Precision) string {
	if p == "" {
		return "dense"
	}
	return string(p)
}

func schedule(l Layout, st Stack) string {
	if st.Schedule == ScheduleDualPipe && l.PP > 1 {
		return "DualPipe"
	}
	if l.VPP > 1 {
		return fmt.Sprintf("interleaved 1F1B, %d chunks", l.VPP)
	}
	return "1F1B"
}

func tpOverlapName(o TPOverlap) string {
	if o == TPOverlapNone {
		return "off"
	}
	return string(o)
}

func sec(s float64) string { return units.Seconds(s).String() }
func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
