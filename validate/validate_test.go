package validate

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
)

// runs holds one validation per Options, computed by the first test that
// asks for it and shared (read-only) by the rest: a run with the
// held-out refits takes about two seconds, one without under one.
var runs struct {
	sync.Mutex
	res map[Options]*Result
	err map[Options]error
}

// run returns the shared validation for o.
func run(t *testing.T, o Options) *Result {
	t.Helper()
	runs.Lock()
	defer runs.Unlock()
	if runs.res == nil {
		runs.res, runs.err = map[Options]*Result{}, map[Options]error{}
	}
	if _, done := runs.err[o]; !done {
		runs.res[o], runs.err[o] = Run(o)
	}
	if err := runs.err[o]; err != nil {
		t.Fatal(err)
	}
	return runs.res[o]
}

// heldOut is the shared validation with the held-out refits.
func heldOut(t *testing.T) *Result {
	t.Helper()
	return run(t, Options{HeldOut: true})
}

// inSample is the shared validation without them.
func inSample(t *testing.T) *Result {
	t.Helper()
	return run(t, Options{})
}

// rowsOf keeps the rows of one table.
func rowsOf(rows []Row, prefix string) []Row {
	var out []Row
	for _, r := range rows {
		if strings.HasPrefix(r.Table, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// TestKorthikanti holds every Korthikanti et al. 2022 Table 5 step time
// within 6% and the mean absolute error within 3% (issue 14; Calculon's
// own validation on the same rows: mean 3.65%, max 8.87%).
func TestKorthikanti(t *testing.T) {
	res := inSample(t)
	rows := rowsOf(res.Rows, "korthikanti")
	if len(rows) != 8 {
		t.Fatalf("got %d rows, want Table 5's 8", len(rows))
	}
	for _, r := range rows {
		if math.Abs(r.ErrorPct) > 6 {
			t.Errorf("%s: predicted %.2f s, published %.2f s: error %+.1f%%, want within 6%%", r.ID, r.Predicted, r.Published, r.ErrorPct)
		}
	}
	if s := summarize("k", rows); s.MeanAbsPct > 3 {
		t.Errorf("mean |error| %.2f%%, want ≤ 3%%", s.MeanAbsPct)
	}
}

// TestNarayanan holds each Narayanan et al. 2021 Table 1 throughput within
// 15% (issue 6).
func TestNarayanan(t *testing.T) {
	res := inSample(t)
	rows := rowsOf(res.Rows, "narayanan")
	if len(rows) != 10 {
		t.Fatalf("got %d rows, want Table 1's 10", len(rows))
	}
	for _, r := range rows {
		if math.Abs(r.ErrorPct) > 15 {
			t.Errorf("%s: predicted %.1f TFLOP/s, published %.1f: error %+.1f%%, want within 15%%", r.ID, r.Predicted, r.Published, r.ErrorPct)
		}
	}
}

// TestHeldOut holds the issue-14 target on the held-out errors: the mean
// |error| over all rows when each row's source family is left out of the
// fit at most 10%; and checks that every row carries both held-out errors.
func TestHeldOut(t *testing.T) {
	res := heldOut(t)
	for _, r := range res.Rows {
		if r.LeaveOneOut == nil || r.LeaveOneFamilyOut == nil {
			t.Fatalf("%s: held-out errors missing", r.ID)
		}
	}
	if res.LeaveOneFamilyOutMeanAbs == nil || *res.LeaveOneFamilyOutMeanAbs > 10 {
		t.Errorf("leave-one-family-out mean |error| %v%%, want ≤ 10%%", res.LeaveOneFamilyOutMeanAbs)
	}
	all := res.Summaries[len(res.Summaries)-1]
	if all.Table != "all" || all.Rows != len(res.Rows) {
		t.Errorf("last summary %q over %d rows, want all over %d", all.Table, all.Rows, len(res.Rows))
	}
}

// TestCalculonSanity reproduces a published Calculon run: megatron-1T on
// 3,072 A100s, TP4 PP64 DP12, micro-batch 4, full recompute, global batch
// 3,072, sequence parallel (rs_ag), optimizer sharding — Calculon: 131.9 s
// per step of which 65.1 s (49%) is pipeline bubble. m = 3072/(12·4) = 64,
// so the bubble is (p−1)/(m+p−1) = 63/127 = 49.6% of the step by 1F1B alone.
func TestCalculonSanity(t *testing.T) {
	arch := gptArch("megatron-1t", 25600, 102400, 160, 128, 51200, 2048)
	l := perf.Layout{TP: 4, PP: 64, DP: 12, EP: 1, VPP: 1, MicroBatch: 4, Recompute: perf.RecomputeFull, SeqParallel: true, ZeRO: 1}
	req := megatronRequest(arch, 2048, 3072, l, seleneA100(3072))
	req.Fixed.ZeRO = []int{1}
	res, err := plan.Run(req)
	if err != nil || res.Candidate == nil {
		t.Fatalf("plan: %v", err)
	}
	e := res.Candidate.Estimate
	if share := e.Bubble / e.StepTime; math.Abs(share-0.49) > 0.03 {
		t.Errorf("bubble share got %.3f, want 0.49 ± 0.03 (Calculon 65.1/131.9)", share)
	}
	// Calculon is a model, not a measurement: 25% allows for its different
	// constants (its matmul efficiency and no element-wise term); the
	// measured 1T row of Narayanan Table 1 is held to 15% by TestNarayanan.
	if math.Abs(e.StepTime-131.9)/131.9 > 0.25 {
		t.Errorf("step time got %.1f s, want within 25%% of Calculon's 131.9 s", e.StepTime)
	}
}

// TestRuns checks the implied MFU of Llama-2-7B: 6·6.738e9·2e12 FLOPs in
// 184,320 A100-hours at 312 TFLOP/s = 39.1% (formulas.md §7: 39%).
func TestRuns(t *testing.T) {
	runs, err := Runs()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range runs {
		if r.ID == "llama2-7b" {
			found = true
			if math.Abs(r.ImpliedMFU-0.391) > 0.002 {
				t.Errorf("llama2-7b implied MFU got %.4f, want 0.391", r.ImpliedMFU)
			}
		}
		if r.ImpliedMFU <= 0 || r.ImpliedMFU > 1 {
			t.Errorf("%s: implied MFU %.3f outside (0, 1]", r.ID, r.ImpliedMFU)
		}
	}
	if !found {
		t.Error("llama2-7b row missing")
	}
}

func TestHiddenLayers(t *testing.T) {
	h, l, err := hiddenLayers("hidden=2304, layers=24, vocab 51,200.")
	if err != nil || h != 2304 || l != 24 {
		t.Errorf("got %d, %d, %v; want 2304, 24, nil", h, l, err)
	}
	if _, _, err := hiddenLayers("no shape here"); err == nil {
		t.Error("no error for notes without a shape")
	}
}

// TestRun counts the rows and tables: 8 Korthikanti + 10 Narayanan + 47
// extra rows (data/extra_runs.csv) + 15 (data/extra_tpu_amd_gaudi.csv: 11
// TPU, 4 Gaudi 2); summaries: the two papers, the extra rows per
// accelerator family and precision (h100, a100, h100-fp8, gb200-fp8,
// b200-fp8, tpu, gaudi2-fp8) and all rows.
func TestRun(t *testing.T) {
	res := inSample(t)
	if len(res.Rows) != 80 || len(res.Summaries) != 10 || len(res.Runs) == 0 || len(res.Fits) != 5 {
		t.Errorf("got %d rows, %d summaries, %d runs, %d fits; want 80, 10, >0, 5", len(res.Rows), len(res.Summaries), len(res.Runs), len(res.Fits))
	}
	for _, r := range res.Rows {
		if r.LeaveOneOut != nil {
			t.Fatalf("%s: held-out error computed without Options.HeldOut", r.ID)
		}
	}
}

// TestExtra holds the modern-stack rows of the extra tables: the Llama 3
// 405B rows (Llama 3 paper Table 4: 43% and 41% BF16 MFU on 8,192 and
// 16,384 H100s) and PaLM 540B (PaLM paper Table 3: 46.2% MFU on 6,144 TPU
// v4) within 10% each, and each table's mean |error| (in-sample) within
// 12% (measured: 3.3-11.1%).
func TestExtra(t *testing.T) {
	res := inSample(t)
	for _, r := range rowsOf(res.Rows, "extra") {
		if (strings.HasPrefix(r.ID, "llama3-") || strings.HasPrefix(r.ID, "palm-")) && math.Abs(r.ErrorPct) > 10 {
			t.Errorf("%s: predicted MFU %.3f, published %.3f: error %+.1f%%, want within 10%%", r.ID, r.Predicted, r.Published, r.ErrorPct)
		}
	}
	for _, s := range res.Summaries {
		if strings.HasPrefix(s.Table, "extra") && s.MeanAbsPct > 12 {
			t.Errorf("%s: mean |error| %.1f%% over %d rows, want ≤ 12%%", s.Table, s.MeanAbsPct, s.Rows)
		}
	}
}

// TestExtraData checks every row of the extra tables: a unique id, a
// source, a confidence grade, a positive published figure, a known stack
// and a source family.
func TestExtraData(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range extraTables {
		checkExtraData(t, name, seen)
	}
}

// checkExtraData checks the rows of one extra table; ids are unique across tables.
func checkExtraData(t *testing.T, name string, seen map[string]bool) {
	t.Helper()
	recs, err := records(name)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		id := r["id"]
		_, stackErr := perf.LookupStack(r["stack"])
		switch {
		case id == "" || seen[id]:
			t.Errorf("%s row %d: id %q empty or duplicate", name, i+2, id)
		case strings.TrimSpace(r["source"]) == "":
			t.Errorf("%s: no source", id)
		case r["confidence"] != "high" && r["confidence"] != "medium" && r["confidence"] != "low":
			t.Errorf("%s: confidence %q, want high, medium or low", id, r["confidence"])
		case num(r["published"]) <= 0:
			t.Errorf("%s: published %q, want a positive number", id, r["published"])
		case stackErr != nil:
			t.Errorf("%s: %v", id, stackErr)
		case r["suite"] == "":
			t.Errorf("%s: no source family (suite)", id)
		}
		seen[id] = true
	}
}

// TestMemoryNotes: every published row our memory model flags as over
// memory (it ran) says why, and no fitting row carries a note.
func TestMemoryNotes(t *testing.T) {
	res := inSample(t)
	for _, r := range res.Rows {
		if r.Fits != (r.MemoryNote == "") {
			t.Errorf("%s: fits %v with memory note %q: flagged rows need a note, fitting rows none", r.ID, r.Fits, r.MemoryNote)
		}
	}
}
