package engine

import (
	"testing"
)

// TestLengthsDraw: --random-range-ratio r draws lengths uniformly from
// ⌊r·L⌋ … L, as vLLM's benchmark_serving.py does (np.random.randint(
// int(L·r), L + 1)); 0 and 1 mean fixed lengths.
func TestLengthsDraw(t *testing.T) {
	for _, r := range []float64{0, 1} {
		l := newLengths(1024, 256, r, 1)
		if p, g := l.draw(); p != 1024 || g != 256 || l.rng != nil {
			t.Errorf("ratio %g: drew %d + %d, want the fixed 1024 + 256", r, p, g)
		}
	}
	l := newLengths(1024, 8192, 0.8, 7)
	var sumP, sumG float64
	const n = 20000
	for range n {
		p, g := l.draw()
		if p < 819 || p > 1024 || g < 6553 || g > 8192 {
			t.Fatalf("drew %d + %d, want 819 … 1024 and 6553 … 8192 (⌊0.8·L⌋ … L)", p, g)
		}
		sumP, sumG = sumP+float64(p), sumG+float64(g)
	}
	// Uniform integers a … b have mean (a + b)/2: 921.5 and 7372.5; the
	// standard error of 20,000 draws is ~0.4 and ~3.4 tokens.
	if mp, mg := sumP/n, sumG/n; !near(mp, 921.5, 0.002) || !near(mg, 7372.5, 0.002) {
		t.Errorf("mean lengths %.1f and %.1f, want 921.5 and 7372.5 within 0.2 %%", mp, mg)
	}
}

// TestRangeRatioDesynchronises: a closed loop whose clients all start at
// once and whose requests are all one length stays in lock step (every
// client finishes in the same step and sends its next prompt with all the
// others), so every round's prompts queue behind each other; lengths drawn
// from 80–100 % spread the finishes and later rounds' prompts arrive one
// by one. Ten rounds of 32 clients on Llama 3.1 70B, eight H100s: the
// mean TTFT drops to less than half; the mean TPOT rises, but by less
// than 15 % (the prompts a lock step prefills before anyone decodes now
// land among the others' decode steps, counted in their TPOT, over a
// shorter mean context: 15.6 → 17.3 ms under the profiles of
// 2026-12-05), and the output
// throughput counts the tokens the drawn requests produce (mean 0.9 × 512).
func TestRangeRatioDesynchronises(t *testing.T) {
	base := Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h100-sxm"), Profile: profile(t, "trtllm"),
		Layout: Layout{TP: 8}, Prompt: 2048, Output: 512, Load: Load{Concurrency: 32, Requests: 320, Burst: true}}
	fixed := estimate(t, base)
	spread := base
	spread.Load.RangeRatio = 0.8
	drawn := estimate(t, spread)
	t.Logf("TTFT %v → %v, TPOT %v → %v, output %.0f → %.0f tokens/s", fixed.TTFT, drawn.TTFT, fixed.TPOT, drawn.TPOT, fixed.OutputTokensPerSecond, drawn.OutputTokensPerSecond)
	if !(drawn.TTFT < fixed.TTFT/2) {
		t.Errorf("mean TTFT %v with drawn lengths, %v fixed: want less than half", drawn.TTFT, fixed.TTFT)
	}
	if r := float64(drawn.TPOT) / float64(fixed.TPOT); r < 1 || r > 1.15 {
		t.Errorf("mean TPOT %v with drawn lengths, %v fixed: want 0–15 %% higher", drawn.TPOT, fixed.TPOT)
	}
	perReq := drawn.OutputTokensPerSecond / drawn.RequestsPerSecond
	if perReq < 0.8*512 || perReq > 512 || near(perReq, 512, 0.01) {
		t.Errorf("output tokens per request %.1f, want the drawn mean, between 409.6 and 512 and not 512", perReq)
	}
}
