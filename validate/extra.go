package validate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
)

// extra lists the rows of data/extra_runs.csv and
// data/extra_tpu_amd_gaudi.csv: published throughput or MFU of one stated
// layout on NVIDIA, TPU and Gaudi clusters with modern software (flash
// attention, FSDP, interleaved pipelines), collected with their sources,
// a confidence grade, the software stack and the source family ("suite").
// Each row is priced the way "flops plan" prices a fixed layout from the
// command line: the catalog accelerator with its default network, the
// planner's default training setup (mixed-precision Adam, 90% usable
// memory) on the row's stack, and the dimensions the row leaves blank
// searched. A layout our memory model says does not fit is still priced
// (the run did fit), and the row says so.
func extra() ([]entry, error) {
	cat := hardware.Default()
	var out []entry
	for _, name := range extraTables {
		recs, err := records(name)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			e, err := extraEntry(cat, r)
			if err != nil {
				return nil, fmt.Errorf("validate: %s %s: %w", name, r["id"], err)
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// extraTables are the embedded extra-row files: NVIDIA A100/H100/Blackwell
// runs, then TPU, AMD Instinct and Intel Gaudi runs (same columns).
var extraTables = []string{"extra_runs.csv", "extra_tpu_amd_gaudi.csv"}

// extraEntry builds one row's planner request with every given dimension fixed.
func extraEntry(cat *hardware.Catalog, r map[string]string) (entry, error) {
	v, err := ints(r, "gpus", "tp", "pp", "dp", "micro_batch", "global_batch", "seq", "ep", "cp")
	if err != nil {
		return entry{}, err
	}
	arch, err := extraArch(r, v[6])
	if err != nil {
		return entry{}, err
	}
	acc, err := cat.Lookup(r["gpu"])
	if err != nil {
		return entry{}, err
	}
	c, err := perf.NewCluster(acc, hardware.Precision(r["precision"]), v[0])
	if err != nil {
		return entry{}, err
	}
	fixed, err := extraConstraints(r, v)
	if err != nil {
		return entry{}, err
	}
	tr := perf.DefaultTraining(v[5], v[6])
	tr.UsableMemory = 1 // the run ran: check it against the physical memory, not the planner's margin
	if tr.Stack, err = perf.LookupStack(r["stack"]); err != nil {
		return entry{}, err
	}
	metric, err := calibrate.ParseMetric(r["metric"])
	if err != nil {
		return entry{}, err
	}
	pub, err := strconv.ParseFloat(r["published"], 64)
	if err != nil || pub <= 0 {
		return entry{}, fmt.Errorf("column published %q: want a positive number", r["published"])
	}
	flash := tr.Stack.FlashAttention
	if f := r["flash_attention"]; f != "" {
		flash = f == "on"
	}
	req := plan.Request{Arch: arch, Cluster: c, Training: tr, Fixed: fixed, Options: perf.ShapeOptions{FlashAttention: flash}}
	table := "extra-" + accPrefix(r["gpu"])
	if p := r["precision"]; p != "bf16" {
		table += "-" + p
	}
	return entry{Case: calibrate.Case{ID: r["id"], Family: r["suite"], Request: req, Metric: metric, Measured: pub},
		table: table, metric: r["metric"], source: r["source"], confidence: r["confidence"], gpu: r["gpu"], memoryNote: r["memory_note"]}, nil
}

// accPrefix is the accelerator part of a catalog ID ("h100-sxm" → "h100").
func accPrefix(id string) string {
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
