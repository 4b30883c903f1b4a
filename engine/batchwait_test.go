package engine

import (
	"errors"
	"testing"
)

// batchWaitConfig is Llama 3.1 70B on one B200 under the TensorRT-LLM
// profile, four requests of 1,024 + 1,024 tokens in flight in the steady
// state: every measured prompt arrives while the other three decode.
func batchWaitConfig(t *testing.T, b BatchWait) Config {
	return Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "b200"), Layout: Layout{TP: 1},
		Profile: profile(t, "trtllm"), Weights: formats["fp8"], Prompt: 1024, Output: 1024,
		Load: Load{Concurrency: 4}, BatchWait: b}
}

// ttftGrowth estimates c without and with hold applied and returns how
// many TPOTs (of the run with it) the mean TTFT grew by, and that run.
func ttftGrowth(t *testing.T, c Config, hold func(*Config)) (float64, *Result) {
	t.Helper()
	off := estimate(t, c)
	hold(&c)
	on := estimate(t, c)
	return float64(on.TTFT-off.TTFT) / float64(on.TPOT), on
}

// TestBatchWaitHoldsPrompts: with batch waiting of 20 steps, a prompt that
// arrives alone beside running decodes waits 20 decode steps before it
// starts (TensorRT-LLM PyExecutor._waiting_requests), so the mean TTFT
// grows by 20 steps. A held step is a decode-only step, a little shorter
// than the mean TPOT (which averages in the steps that carry a prompt),
// and a prompt that arrives while another is held starts with it, a
// little earlier; so the growth is 20 TPOTs less a few: 15 … 20.5.
func TestBatchWaitHoldsPrompts(t *testing.T) {
	off := estimate(t, batchWaitConfig(t, BatchWait{}))
	grew, on := ttftGrowth(t, batchWaitConfig(t, BatchWait{}), func(c *Config) { c.BatchWait.Iters = 20 })
	if grew < 15 || grew > 20.5 {
		t.Errorf("TTFT grew by %.1f TPOTs (%v), want 15 … 20.5", grew, on.TPOT)
	}
	if on.TPOT > off.TPOT {
		t.Errorf("TPOT %v with batch waiting, %v without: holding prompts back must not slow decode", on.TPOT, off.TPOT)
	}
}

// TestBatchWaitTokensRelease: held prompts start as soon as the step
// would carry the token threshold; a threshold below one prompt's 1,024
// tokens never holds one, and the estimate is the same as without.
func TestBatchWaitTokensRelease(t *testing.T) {
	off := estimate(t, batchWaitConfig(t, BatchWait{}))
	low := estimate(t, batchWaitConfig(t, BatchWait{Iters: 20, Tokens: 512}))
	if low.TTFT != off.TTFT || low.TPOT != off.TPOT {
		t.Errorf("a 512-token threshold: TTFT %v, TPOT %v; without batch waiting %v, %v", low.TTFT, low.TPOT, off.TTFT, off.TPOT)
	}
}

// TestBatchWaitNotWithAttentionDP: TensorRT-LLM's batch waiting holds
// prompts only without attention data parallelism; with it the estimate
// is unchanged and the assumptions say so.
func TestBatchWaitNotWithAttentionDP(t *testing.T) {
	c := Config{Model: arch(t, "deepseek-v3"), Accelerator: gpu(t, "b200"), Layout: Layout{TP: 1, AttentionDP: 8, EP: 8},
		Profile: profile(t, "trtllm"), Weights: formats["fp8"], Prompt: 1024, Output: 256, Load: Load{Concurrency: 32}}
	off := estimate(t, c)
	c.BatchWait = BatchWait{Iters: 20}
	on := estimate(t, c)
	if on.TTFT != off.TTFT || on.TPOT != off.TPOT {
		t.Errorf("attention DP: TTFT %v → %v, TPOT %v → %v; want unchanged", off.TTFT, on.TTFT, off.TPOT, on.TPOT)
	}
	found := false
	for _, a := range on.Assumptions {
		found = found || a.Name == "prompts held" && a.Value == "no batch waiting: attention-dp 8"
	}
	if !found {
		t.Errorf("assumptions %+v: want prompts not held", on.Assumptions)
	}
}

// TestBatchWaitBadInput: out-of-range scheduler settings name their flag.
func TestBatchWaitBadInput(t *testing.T) {
	for _, tc := range []struct {
		b    BatchWait
		flag string
	}{
		{BatchWait{Iters: -1}, "batch-wait-iters"},
		{BatchWait{Iters: MaxSchedulerSteps + 1}, "batch-wait-iters"},
		{BatchWait{Iters: 20, Tokens: -5}, "batch-wait-tokens"},
		{BatchWait{Tokens: 1000}, "batch-wait-tokens"},
		{BatchWait{BalanceIters: -2}, "attention-dp-balance"},
	} {
		_, err := Estimate(batchWaitConfig(t, tc.b))
		var fe *FlagError
		if !errors.As(err, &fe) || fe.Flag != tc.flag {
			t.Errorf("%+v: got %v, want an error naming --%s", tc.b, err, tc.flag)
		}
	}
	for _, tc := range []struct {
		flag string
		mut  func(*Config)
	}{
		{"recv-interval", func(c *Config) { c.RecvInterval = -1 }},
		{"max-running", func(c *Config) { c.MaxRunning = MaxConcurrency + 1 }},
	} {
		c := batchWaitConfig(t, BatchWait{})
		tc.mut(&c)
		_, err := Estimate(c)
		var fe *FlagError
		if !errors.As(err, &fe) || fe.Flag != tc.flag {
			t.Errorf("--%s out of range: got %v, want an error naming it", tc.flag, err)
		}
	}
}

// TestAttentionDPBalance: with attention DP balancing of 60 steps, a
// prompt waits until each of the 8 ranks has one, or 60 steps. At 64
// requests of 1,024 + 1,024 tokens in flight about 64/1,024 of a request
// finishes per step, so 60 steps bring about 4 new prompts, fewer than
// the 8 ranks: nearly every prompt waits the full 60 steps, and the mean
// TTFT grows by close to 60 decode steps. A held step is a decode-only
// step, a little shorter than the mean TPOT, and a prompt that arrives
// while another is held starts with it, earlier: 45 … 61 TPOTs.
func TestAttentionDPBalance(t *testing.T) {
	c := Config{Model: arch(t, "deepseek-v3"), Accelerator: gpu(t, "b200"), Layout: Layout{TP: 1, AttentionDP: 8, EP: 8},
		Profile: profile(t, "trtllm"), Weights: formats["fp8"], Prompt: 1024, Output: 1024, Load: Load{Concurrency: 64}}
	grew, on := ttftGrowth(t, c, func(c *Config) { c.BatchWait.BalanceIters = 60 })
	if grew < 45 || grew > 61 {
		t.Errorf("TTFT grew by %.1f TPOTs (%v), want 45 … 61", grew, on.TPOT)
	}
}

// TestRecvInterval: a scheduler that takes in new requests every 30
// decode steps (SGLang --scheduler-recv-interval 30) makes a request that
// arrives during a decode run wait for the next take-in: 0 to 29 steps,
// (30 − 1)/2 = 14.5 on average when requests arrive at any step alike,
// as they do with lengths drawn from a range (fixed lengths lock the
// arrivals to the take-ins). Allowed 12.5 … 17 TPOTs: a held step is a
// decode-only step, a little shorter than the mean TPOT.
func TestRecvInterval(t *testing.T) {
	c := batchWaitConfig(t, BatchWait{})
	c.Load.RangeRatio = 0.8
	grew, on := ttftGrowth(t, c, func(c *Config) { c.RecvInterval = 30 })
	if grew < 12.5 || grew > 17 {
		t.Errorf("TTFT grew by %.1f TPOTs (%v), want 12.5 … 17", grew, on.TPOT)
	}
}

// TestMaxRunning: with 8 clients and at most 4 requests running, the other
// 4 wait in line; a slot frees every 1,024/4 = 256 decode steps, so a new
// request waits about 4 × 256 = 1,024 steps for one: TTFT ≈ 1,024 TPOTs,
// allowed 700 … 1,100 (the tail of the run's drawn lengths).
func TestMaxRunning(t *testing.T) {
	c := batchWaitConfig(t, BatchWait{})
	c.Load.Concurrency, c.MaxRunning = 8, 4
	r := estimate(t, c)
	if r.Memory.Slots != 4 || r.Limit != "running-request cap" {
		t.Errorf("slots %d, limited by %q: want 4, the running-request cap", r.Memory.Slots, r.Limit)
	}
	if q := float64(r.TTFT) / float64(r.TPOT); q < 700 || q > 1100 {
		t.Errorf("TTFT %v = %.0f TPOTs (%v), want 700 … 1,100", r.TTFT, q, r.TPOT)
	}
}
