package validate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
)

// Extra runs the rows of data/extra_runs.csv and
// data/extra_tpu_amd_gaudi.csv: published throughput or MFU of one stated
// layout on NVIDIA, TPU and Gaudi clusters with modern software (flash
// attention, FSDP, interleaved pipelines), collected with their sources
// and a confidence grade. Each row is priced the way "flops plan"
// prices a fixed layout from the command line: the catalog accelerator
// with its default network and efficiency constants, the planner's
// default training setup (mixed-precision Adam, overlapped gradient
// reduction, 90% usable memory), and the dimensions the row leaves blank
// (virtual stages) searched. A layout our memory model says does not fit
// is still priced (the run did fit), and the row says so.
func Extra() ([]Row, error) { return extra(perf.DefaultEfficiency) }

func extra(eff effFor) ([]Row, error) { return extraOn(eff, func(string) bool { return true }) }

// extraOn prices the extra rows whose accelerator ID keep accepts.
func extraOn(eff effFor, keep func(gpu string) bool) ([]Row, error) {
	cat := hardware.Default()
	var rows []Row
	for _, name := range extraTables {
		recs, err := records(name)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if !keep(r["gpu"]) {
				continue
			}
			row, err := extraRow(cat, r, eff)
			if err != nil {
				return nil, fmt.Errorf("validate: %s %s: %w", name, r["id"], err)
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// extraTables are the embedded extra-row files: NVIDIA A100/H100/Blackwell
// runs, then TPU, AMD Instinct and Intel Gaudi runs (same columns).
var extraTables = []string{"extra_runs.csv", "extra_tpu_amd_gaudi.csv"}

// extraRow prices one row through the planner with every given dimension fixed.
func extraRow(cat *hardware.Catalog, r map[string]string, eff effFor) (Row, error) {
	v, err := ints(r, "gpus", "tp", "pp", "dp", "micro_batch", "global_batch", "seq", "ep", "cp")
	if err != nil {
		return Row{}, err
	}
	arch, err := extraArch(r, v[6])
	if err != nil {
		return Row{}, err
	}
	acc, err := cat.Lookup(r["gpu"])
	if err != nil {
		return Row{}, err
	}
	prec := hardware.Precision(r["precision"])
	c, err := perf.NewCluster(acc, prec, v[0])
	if err != nil {
		return Row{}, err
	}
	c.Eff = eff(acc.ID)
	fixed, err := extraConstraints(r, v)
	if err != nil {
		return Row{}, err
	}
	res, err := plan.Run(plan.Request{Arch: arch, Cluster: c, Training: perf.DefaultTraining(v[5], v[6]), Fixed: fixed, Top: 1,
		Options: perf.ShapeOptions{FlashAttention: r["flash_attention"] != "off"}})
	if err != nil {
		return Row{}, err
	}
	if res.Candidate == nil {
		return Row{}, fmt.Errorf("no layout priced: %s", res.Infeasible)
	}
	return extraResult(r, res.Candidate, float64(c.Peak), v[0])
}

// extraResult compares the winner with the published figure.
func extraResult(r map[string]string, c *plan.Candidate, peak float64, gpus int) (Row, error) {
	pub, err := strconv.ParseFloat(r["published"], 64)
	if err != nil || pub <= 0 {
		return Row{}, fmt.Errorf("column published %q: want a positive number", r["published"])
	}
	var pred float64
	switch r["metric"] {
	case "mfu":
		pred = c.MFU
	case "tokens_per_second_per_gpu":
		pred = c.TokensPerSecond / float64(gpus)
	case "tflops_hfu":
		pred = c.HFU * peak / 1e12
	default:
		return Row{}, fmt.Errorf("metric %q: want mfu, tokens_per_second_per_gpu or tflops_hfu", r["metric"])
	}
	l := c.Layout
	layout := fmt.Sprintf("%s ×%d %s", r["gpu"], gpus, layoutString(l, c.MicroBatches*l.DP*l.MicroBatch))
	if !c.Fits {
		layout += " (over memory)"
	}
	table := "extra-" + family(r["gpu"])
	if p := r["precision"]; p != "bf16" {
		table += "-" + p
	}
	return Row{Table: table, ID: r["id"], Layout: layout, Metric: r["metric"], Published: pub,
		Predicted: pred, ErrorPct: 100 * (pred - pub) / pub, MFU: c.MFU, HFU: c.HFU, Source: r["source"],
		Confidence: r["confidence"], Fits: c.Fits}, nil
}

// family is the accelerator family of a catalog ID ("h100-sxm" → "h100").
func family(id string) string {
	f, _, _ := strings.Cut(id, "-")
	return f
}

// extraConstraints fixes the row's dimensions; blank cells stay searched.
func extraConstraints(r map[string]string, v []int) (plan.Constraints, error) {
	f := plan.Constraints{TP: v[1], CP: v[8], PP: v[2], DP: v[3], EP: v[7], MicroBatch: v[4], MaxMicroBatch: max(16, v[4])}
	if s := r["vpp"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return f, fmt.Errorf("column vpp %q: want a positive integer or blank", s)
		}
		f.VPP = n
	}
	if s := r["recompute"]; s != "" {
		rc, err := perf.ParseRecompute(s)
		if err != nil {
			return f, err
		}
		f.Recompute = []perf.Recompute{rc}
	}
	if s := r["zero"]; s != "" {
		z, err := strconv.Atoi(s)
		if err != nil || z < 0 || z > 3 {
			return f, fmt.Errorf("column zero %q: want 0-3 or blank", s)
		}
		f.ZeRO = []int{z}
	}
	if s := r["sequence_parallel"]; s != "" {
		f.SeqParallel = []bool{s == "on"}
	}
	return f, nil
}

// extraArch is the catalog model named by the row, or an MPT built from
// its hidden/layers/heads columns.
func extraArch(r map[string]string, seq int) (*model.Arch, error) {
	name := r["model"]
	if strings.HasPrefix(name, "maxtext-") {
		return maxtextArch(name, seq)
	}
	if !strings.HasPrefix(name, "mpt-") {
		e, err := model.Lookup(name)
		if err != nil {
			return nil, err
		}
		a := e.Arch
		return &a, nil
	}
	v, err := ints(r, "hidden", "layers", "heads")
	if err != nil {
		return nil, err
	}
	return mptArch(name, v[0], v[1], v[2], seq), nil
}

// mptArch is MosaicML's MPT as benchmarked in llm-foundry's
// scripts/train/benchmarking yamls: vocab 50,368, MLP expansion 4 with
// GeLU, no biases, LayerNorm, learned positions of the sequence length
// (the README's parameter counts grow by seq·d), tied embeddings.
func mptArch(name string, hidden, layers, heads, seq int) *model.Arch {
	return &model.Arch{Name: name, Family: "mpt", Vocab: 50368, Hidden: hidden, Layers: layers, Heads: heads,
		KVHeads: heads, HeadDim: hidden / heads, FFN: 4 * hidden, Norm: model.LayerNormNoBias, NormsPerLayer: 2,
		TiedEmbeddings: true, PositionTable: seq, MaxContext: seq}
}
