package plan

import (
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/perf"
)

// TestSearchInvariants checks the bookkeeping and ordering of a full
// search: every visited layout is a duplicate, pruned or priced; the top
// list is sorted; no Pareto point dominates another.
func TestSearchInvariants(t *testing.T) {
	r := request(gpt("gpt3-175b", 12288, 96, 96), 1024, 1536)
	r.Workers = 2
	res, err := Run(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Duplicates + res.Pruned + res.Evaluated; got != res.Space {
		t.Errorf("duplicates + pruned + evaluated = %d, want the space %d", got, res.Space)
	}
	if res.Feasible == 0 || len(res.Top) != 5 || res.Best == nil {
		t.Fatalf("feasible %d, top %d, best %v: want a result", res.Feasible, len(res.Top), res.Best != nil)
	}
	for i := 1; i < len(res.Top); i++ {
		if res.Top[i].StepTime < res.Top[i-1].StepTime {
			t.Errorf("top[%d] %.3f s faster than top[%d] %.3f s", i, res.Top[i].StepTime, i-1, res.Top[i-1].StepTime)
		}
	}
	for i, a := range res.Pareto {
		for j, b := range res.Pareto {
			if i != j && a.StepTime <= b.StepTime && a.MemTotal <= b.MemTotal {
				t.Errorf("pareto[%d] dominates pareto[%d]", i, j)
			}
		}
	}
	if res.Best.StepTime != res.Top[0].StepTime || res.Best.Global != 1536 {
		t.Errorf("best %.3f s (batch %d), want top[0] %.3f s, batch 1536", res.Best.StepTime, res.Best.Global, res.Top[0].StepTime)
	}
}

// TestSearchMatchesBruteForce prices every layout of a small space with
// perf directly and checks the planner finds the same fastest step time
// (pruning and duplicate skipping lose nothing).
func TestSearchMatchesBruteForce(t *testing.T) {
	r := request(gpt("gpt-13b", 5120, 40, 40), 64, 256)
	r.Options.FlashAttention = false
	res, err := Run(r)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := perf.NewShape(r.Arch, 2048, r.Options)
	m, _ := perf.Compile(s, r.Cluster, r.Training)
	best := math.Inf(1)
	for _, tp := range []int{1, 2, 4, 8, 16, 32, 64} {
		for _, pp := range []int{1, 2, 4, 8, 16, 32, 64} {
			if tp*pp > 64 {
				continue
			}
			for _, l := range allInner(tp, pp, 64/(tp*pp)) {
				if e := m.Evaluate(l); e.Reject == "" {
					best = math.Min(best, e.StepTime)
				}
			}
		}
	}
	if got := res.Top[0].StepTime; got != best {
		t.Errorf("planner best %.6f s, brute force %.6f s", got, best)
	}
}

// allInner lists the inner layouts the planner searches by default.
func allInner(tp, pp, dp int) []perf.Layout {
	var out []perf.Layout
	for z := 0; z <= 3; z++ {
		for _, sp := range []bool{false, true} {
			for _, rc := range []perf.Recompute{perf.RecomputeNone, perf.RecomputeSelective, perf.RecomputeFull} {
				for mb := 1; mb <= 16; mb++ {
					for v := 1; v <= 8; v++ {
						out = append(out, perf.Layout{TP: tp, PP: pp, DP: dp, EP: 1, ZeRO: z, SeqParallel: sp, Recompute: rc, MicroBatch: mb, VPP: v})
					}
				}
			}
		}
	}
	return out
}

// TestConstraints: fixed dimensions are respected.
func TestConstraints(t *testing.T) {
	r := request(gpt("gpt3-175b", 12288, 96, 96), 1024, 1536)
	r.Fixed = Constraints{TP: 8, PP: 8, Recompute: []perf.Recompute{perf.RecomputeFull}, ZeRO: []int{1}}
	res, err := Run(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(res.Top, res.Pareto...) {
		if c.TP != 8 || c.PP != 8 || c.DP != 16 || c.Recompute != "full" || c.ZeRO != 1 {
			t.Errorf("layout TP%d PP%d DP%d %s ZeRO%d violates the constraints", c.TP, c.PP, c.DP, c.Recompute, c.ZeRO)
		}
	}
}

// TestInfeasible: requests with no answer explain why instead of failing.
func TestInfeasible(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		want string
	}{
		// 1T parameters need 16 TB of weights and Adam state; 8 × 80 GB cannot hold them.
		{"fits nowhere", request(gpt("megatron-1t", 25600, 160, 128), 8, 8), "fits nowhere"},
		// 7 GPUs: TP 7 does not divide 4 heads, PP 7 exceeds 2 layers, DP 7 does not divide the batch of 4.
		{"no layout", request(gpt("tiny", 256, 4, 2), 7, 4), "no layout can run"},
		// --tp 3 on 8 GPUs: 8 mod 3 = 2.
		{"tp does not divide", fixed(request(gpt("gpt3-175b", 12288, 96, 96), 8, 8), Constraints{TP: 3}), "--tp 3 does not divide the 8 GPUs"},
		// TP 2 · PP 2 · DP 4 = 16, not 8.
		{"product", fixed(request(gpt("gpt3-175b", 12288, 96, 96), 8, 8), Constraints{TP: 2, PP: 2, DP: 4}), "tp·cp·pp·dp must equal"},
	}
	for _, tt := range tests {
		res, err := Run(tt.req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(res.Top) != 0 || !strings.Contains(res.Infeasible, tt.want) {
			t.Errorf("%s: top %d, infeasible %q; want none and %q", tt.name, len(res.Top), res.Infeasible, tt.want)
		}
		if res.Candidate != nil && res.Candidate.Fits {
			t.Errorf("%s: reported layout fits, want fits=false or none", tt.name)
		}
	}
}

func fixed(r Request, c Constraints) Request {
	r.Fixed = c
	return r
}

// TestFixedLayout: fixing every dimension prices exactly that layout, even
// when it is a "duplicate" of a canonical one (selective recompute under
// flash attention) or does not fit in memory (reported with fits=false).
func TestFixedLayout(t *testing.T) {
	tests := []struct {
		name string
		gpus int
		fix  Constraints
		fits bool
	}{
		// GPT-3 175B on 64 A100s, TP8 PP8: 175e9/64 · 16 B ≈ 44 GB of state, fits.
		{"selective under flash", 64, Constraints{TP: 8, PP: 8, DP: 1, MicroBatch: 1, VPP: 1, ZeRO: []int{0},
			Recompute: []perf.Recompute{perf.RecomputeSelective}, SeqParallel: []bool{true}}, true},
		// 175e9 · 16 B / 8 GPUs = 350 GB per GPU: cannot fit in 80 GB.
		{"does not fit", 8, Constraints{TP: 8, PP: 1, DP: 1, MicroBatch: 1, VPP: 1, ZeRO: []int{0},
			Recompute: []perf.Recompute{perf.RecomputeFull}, SeqParallel: []bool{true}}, false},
	}
	for _, tt := range tests {
		r := request(gpt("gpt3-175b", 12288, 96, 96), tt.gpus, 64)
		r.Fixed = tt.fix
		res, err := Run(r)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if res.Candidate == nil || res.Best == nil {
			t.Fatalf("%s: no layout reported (infeasible %q)", tt.name, res.Infeasible)
		}
		c := res.Candidate
		if c.TP != tt.fix.TP || c.PP != tt.fix.PP || c.Recompute != tt.fix.Recompute[0].String() || c.Fits != tt.fits {
			t.Errorf("%s: got TP%d PP%d %s fits=%v, want TP%d PP%d %s fits=%v", tt.name, c.TP, c.PP, c.Recompute, c.Fits,
				tt.fix.TP, tt.fix.PP, tt.fix.Recompute[0], tt.fits)
		}
	}
}

func TestDivisors(t *testing.T) {
	got := divisors(36)
	want := []int{1, 2, 3, 4, 6, 9, 12, 18, 36}
	if len(got) != len(want) {
		t.Fatalf("divisors(36) = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("divisors(36) = %v, want %v", got, want)
		}
	}
}

// TestProgress: the reporter is called at least once with done == total.
func TestProgress(t *testing.T) {
	r := request(gpt("gpt-13b", 5120, 40, 40), 64, 256)
	var last, total int64
	r.Progress = func(d, n int64) { last, total = d, n }
	if _, err := Run(r); err != nil {
		t.Fatal(err)
	}
	if last != total || total == 0 {
		t.Errorf("last progress %d/%d, want done == total > 0", last, total)
	}
}

// TestSpaceBound: a request whose space exceeds the bound is refused with
// advice instead of running for minutes.
func TestSpaceBound(t *testing.T) {
	r := request(gpt("gpt3-175b", 12288, 96, 96), 1024, 1536)
	r.MaxSpace = 1000
	_, err := Run(r)
	if err == nil || !strings.Contains(err.Error(), "fix some dimensions") {
		t.Errorf("got %v, want a too-large-space error", err)
	}
}
