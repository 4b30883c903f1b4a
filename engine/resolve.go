package engine

import (
	"fmt"
	"math"
	"strings"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// setup is a Config with every default applied.
type setup struct {
	cfg      Config
	s        shape
	prof     Profile
	p, g     int // prompt, output tokens
	mlpFmt   Format
	attnFmt  Format
	kvBytes  float64 // per KV element
	mlpPrec  hardware.Precision
	attnPrec hardware.Precision
	upBeta   float64 // scale-up bytes/s per direction
	outBeta  float64 // scale-out bytes/s per direction
}

// resolve applies the defaults of c, recording each in tr.
func resolve(c Config, tr *explain.Trace) (*setup, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	st := &setup{cfg: c, s: shapeOf(c.Model), prof: c.Profile, p: c.Prompt, g: c.Output}
	if st.prof.Name == "" {
		p, err := LookupProfile(DefaultProfile)
		if err != nil {
			return nil, err
		}
		st.prof = p
	}
	tr.Assumef("framework", profileSource(st.prof), "%s profile", st.prof.Title)
	tr.Assume("memory", st.prof.memoryText(), memorySource[st.prof.MemoryUseOf])
	if st.p == 0 {
		st.p = DefaultPrompt
		tr.Assumef("prompt", "default request shape; give --prompt", "%d tokens", st.p)
	}
	if st.g == 0 {
		st.g = DefaultOutput
		tr.Assumef("output", "default request shape; give --output", "%d tokens", st.g)
	}
	if err := st.resolveFormats(tr); err != nil {
		return nil, err
	}
	st.resolveLinks(tr)
	return st, nil
}

// profileSource summarises a profile's provenance for its assumption line.
func profileSource(p Profile) string {
	if p.Fit == nil {
		if p.Note != "" {
			return p.Note
		}
		return "scheduler defaults from the framework; constants not fitted"
	}
	s := fmt.Sprintf("constants fitted on %d measured deployments (%s); leave-one-model-out TPOT error %.0f %%, TTFT %.0f %%",
		p.Fit.Rows, p.Fit.Data, 100*p.Fit.LeaveOneModelOut.TPOTMAPE, 100*p.Fit.LeaveOneModelOut.TTFTMAPE)
	if f := p.Fit.LeaveOneFamilyOut; f.Rows > 0 {
		s += fmt.Sprintf("; leave-one-family-out TPOT %.0f %%, TTFT %.0f %%", 100*f.TPOTMAPE, 100*f.TTFTMAPE)
	}
	return s
}

// resolveFormats sets the weight, attention and KV formats and the compute
// precision each runs at on this accelerator.
func (st *setup) resolveFormats(tr *explain.Trace) error {
	c := st.cfg
	st.mlpFmt = c.Weights
	if st.mlpFmt.Name == "" {
		st.mlpFmt = formats["bf16"]
		tr.Assume("weights", "bf16", "default: the unquantized checkpoint")
	}
	switch {
	case c.AttentionWeights != nil:
		st.attnFmt = *c.AttentionWeights
	case st.mlpFmt.Bits < 8:
		st.attnFmt = formats["bf16"]
		tr.Assume("attention weights", "bf16", "NVFP4/MXFP4 checkpoints quantize the MLP and expert weights and keep attention in bf16 (NVIDIA ModelOpt releases; gpt-oss model card)")
	default:
		st.attnFmt = st.mlpFmt
	}
	var note string
	st.mlpPrec, note = computeOn(st.mlpFmt, c.Accelerator)
	if note != "" {
		tr.Assume("matmul precision", string(st.mlpPrec), note)
	}
	st.attnPrec, _ = computeOn(st.attnFmt, c.Accelerator)
	if _, err := c.Accelerator.Peak(st.mlpPrec); err != nil {
		return fmt.Errorf("%w; give --peak", err)
	}
	if !(c.Accelerator.Bandwidth > 0) {
		return fmt.Errorf("accelerator %q has no memory bandwidth: give --bandwidth (e.g. 3.35TB/s)", c.Accelerator.ID)
	}
	switch {
	case c.KVBits > 0:
		st.kvBytes = c.KVBits / 8
	case st.prof.KVFP8 && st.mlpFmt.Bits <= 8.01:
		st.kvBytes = 1
		tr.Assume("KV cache", "fp8", st.prof.Title+" stores the KV cache in fp8 for quantized checkpoints")
	default:
		st.kvBytes = 2
		tr.Assume("KV cache", "bf16", "the default of vLLM and SGLang (kv_cache_dtype auto: the model dtype); give --kv-dtype fp8")
	}
	return nil
}

// resolveLinks sets the scale-up and scale-out β.
func (st *setup) resolveLinks(tr *explain.Trace) {
	c := st.cfg
	st.upBeta = float64(c.LinkBandwidth)
	if st.upBeta == 0 {
		st.upBeta = float64(c.Accelerator.ScaleUpBandwidth) / 2
	}
	if !(st.upBeta > 0) {
		st.upBeta = float64(DefaultScaleOut)
		tr.Assume("GPU-to-GPU bandwidth", units.ByteRate(st.upBeta).String(), c.Accelerator.ID+" lists no scale-up link: collectives use the scale-out figure")
	}
	st.outBeta = float64(c.ScaleOutBandwidth)
	if st.outBeta == 0 {
		st.outBeta = float64(DefaultScaleOut)
	}
	if st.multiGPU() {
		st.assumeLinks(tr)
	}
}

// multiGPU reports whether any worker spans more than one GPU, so that
// collectives run.
func (st *setup) multiGPU() bool {
	c := st.cfg
	if c.Disagg != nil {
		return c.Disagg.Prefill.withDefaults().GPUs() > 1 || c.Disagg.Decode.withDefaults().GPUs() > 1
	}
	return c.Layout.withDefaults().GPUs() > 1
}

// assumeLinks states the links the collectives (tensor-parallel
// all-reduce, expert-parallel all-to-all, attention-DP gathers) use and the
// fraction of them they reach.
func (st *setup) assumeLinks(tr *explain.Trace) {
	a := st.cfg.Accelerator
	up := a.ScaleUp
	if up == "" {
		up = "scale-up link"
	}
	text := fmt.Sprintf("%s per direction (%s)", units.ByteRate(st.upBeta), up)
	if a.ScaleUpDomain > 0 {
		text = fmt.Sprintf("%s per direction up to %d GPUs (%s), %s beyond", units.ByteRate(st.upBeta), a.ScaleUpDomain, up, units.ByteRate(st.outBeta))
	}
	text += fmt.Sprintf(", at %.0f %%", 100*st.prof.LinkEff)
	src := "collectives (TP all-reduce, EP all-to-all, attention-DP gathers) at the profile's link efficiency; per direction = half the catalog's bidirectional scale-up figure; --link-bandwidth, --scale-out-bandwidth override"
	if st.nvls(a.ScaleUpDomain) {
		src += "; NVLS: all-reduces reduce in the NVSwitch"
	}
	tr.Assume("links", text, src)
}

// beta is the per-direction bandwidth of a collective over g GPUs: the
// scale-up link while g fits one scale-up domain, else the scale-out link.
func (st *setup) beta(g int) float64 {
	d := st.cfg.Accelerator.ScaleUpDomain
	if d <= 0 || g <= d {
		return st.upBeta
	}
	return st.outBeta
}

// costFor builds the step model of one worker in layout l.
func (st *setup) costFor(l Layout) *stepCost {
	a, prof, s := st.cfg.Accelerator, &st.prof, &st.s
	t := float64(l.TP)
	bw := float64(a.Bandwidth) * prof.BandwidthEff
	rate := func(p hardware.Precision) float64 {
		peak, _ := a.Peak(p)
		return float64(peak) * prof.computeEff(p)
	}
	mlpRate, attnRate := rate(st.mlpPrec), rate(st.attnPrec)
	bf16Rate := rate(hardware.BF16)
	if bf16Rate == 0 {
		bf16Rate = rate(hardware.FP16)
	}
	class := func(params, bytesPer, r float64, logits bool) weightClass {
		return weightClass{bytes: params * bytesPer / t, perTok: 2 * params / t / r, logitsy: logits}
	}
	c := &stepCost{s: s, lay: l, bw: bw, hidden: float64(s.hidden), collectiveLat: prof.CollectiveLatency,
		kvPerElem: st.kvBytes, kvShare: s.kvShare(l.TP), headsSplit: t,
		attnRate: peakOf(a, hardware.BF16) * prof.AttentionEff,
		tpBeta:   st.beta(l.TP) * prof.LinkEff, moeBeta: st.beta(l.TP*l.AttentionDP) * prof.LinkEff}
	c.nvls = st.nvls(l.TP)
	c.dense = []weightClass{
		class(s.attnParams, st.attnFmt.Bytes(), attnRate, false),
		class(s.denseParams+s.sharedParams, st.mlpFmt.Bytes(), mlpRate, false),
		class(s.routerParams, 2, bf16Rate, false),
		class(s.headParams, 2, bf16Rate, true),
	}
	if s.moeLayers > 0 {
		mtp := float64(l.MoETP())
		c.moeLayers = float64(s.moeLayers)
		c.expertsLocal = float64(s.experts) / float64(l.EP)
		c.expertBytes = float64(s.moeLayers) * s.expertParams * st.mlpFmt.Bytes() / mtp
		c.expertPerTok = float64(s.moeLayers) * 2 * s.expertParams / mtp / mlpRate
	}
	c.overhead = float64(s.layers)*prof.LayerOverhead + float64(s.moeLayers)*prof.MoELayerOverhead + float64(l.PP-1)*prof.CollectiveLatency
	c.perStep, c.perSeq = prof.StepOverhead, prof.SeqOverhead
	if c.attnRate == 0 {
		c.attnRate = math.Inf(1)
	}
	return c
}

// nvls reports whether an all-reduce over g GPUs reduces in the switch:
// NVLink 4 or later behind NVSwitch (a scale-up domain of 8 or more) and
// a group within one domain.
func (st *setup) nvls(g int) bool {
	a := st.cfg.Accelerator
	link := strings.ToLower(a.ScaleUp)
	gen := strings.Contains(link, "nvlink 4") || strings.Contains(link, "nvlink 5") || strings.Contains(link, "nvlink5") || strings.Contains(link, "nvlink4")
	return gen && a.ScaleUpDomain >= 8 && g <= a.ScaleUpDomain
}

// peakOf is a's dense peak at p (bf16 falling back to fp16), FLOP/s.
func peakOf(a hardware.Accelerator, p hardware.Precision) float64 {
	if r, err := a.Peak(p); err == nil {
		return float64(r)
	}
	if r, err := a.Peak(hardware.FP16); err == nil {
		return float64(r)
	}
	return 0
}
