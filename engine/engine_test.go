package engine

import (
	"context"
	"errors"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/model"
)

func arch(t testing.TB, name string) *model.Arch {
	t.Helper()
	e, err := model.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return &e.Arch
}

func gpu(t testing.TB, name string) hardware.Accelerator {
	t.Helper()
	a, err := hardware.Default().Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func profile(t testing.TB, name string) Profile {
	t.Helper()
	p, err := LookupProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func estimate(t testing.TB, c Config) *Result {
	t.Helper()
	r, err := Estimate(c)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func near(got, want, tol float64) bool { return math.Abs(got/want-1) <= tol }

// TestPWLSums: the piecewise-linear sums equal brute force, for a model
// with sliding windows (gpt-oss: 128-token windows on every other layer)
// and one without.
func TestPWLSums(t *testing.T) {
	for _, name := range []string{"gpt-oss-120b", "llama-3.1-8b", "deepseek-v3", "glm-5"} {
		a := arch(t, name)
		s := shapeOf(a)
		for _, r := range [][2]int{{0, 100}, {100, 300}, {0, 5000}, {3000, 3001}} {
			want := 0.0
			for i := r[0]; i < r[1]; i++ {
				want += float64(a.AttentionFLOPs(float64(i + 1)))
			}
			if got := s.prefillAttn(float64(r[0]), float64(r[1])); !near(got, want, 1e-9) {
				t.Errorf("%s prefill attention %v: got %g, want %g", name, r, got, want)
			}
		}
		for _, c := range []int{1, 127, 128, 129, 2048, 9000} {
			if got, want := s.kvRead.at(float64(c)), float64(a.KVReadBytes(c, 1)); !near(got, want, 1e-9) {
				t.Errorf("%s KV read at %d: got %g, want %g", name, c, got, want)
			}
			if got, want := s.decAttn.at(float64(c)), float64(a.DecodeAttentionFLOPs(float64(c))); !near(got, want, 1e-9) {
				t.Errorf("%s decode attention at %d: got %g, want %g", name, c, got, want)
			}
		}
	}
}

// TestIdealMatchesRoofline: with the ideal profile (every kernel at peak,
// no fixed costs) one request alone decodes at the static roofline's
// time per output token, within 2 % (the engine reads the output head at
// bf16 and the embedding not at all, as infer does).
func TestIdealMatchesRoofline(t *testing.T) {
	a := arch(t, "llama-3.1-8b")
	h := gpu(t, "h100-sxm")
	r := estimate(t, Config{Model: a, Accelerator: h, Profile: profile(t, "ideal"), Prompt: 512, Output: 256, Load: Load{Concurrency: 1, Requests: 3}})
	s, err := infer.Estimate(infer.Config{Model: a, Accelerator: h, Prompt: 512, Output: 256, ComputeEff: 1, BandwidthEff: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !near(float64(r.TPOT), float64(s.SecondsPerOutputToken), 0.02) {
		t.Errorf("ideal TPOT %v, static roofline %v", r.TPOT, s.SecondsPerOutputToken)
	}
}

// TestClosedLoopLittle: in a closed loop the concurrency equals the
// request rate times the latency (Little's law), within the ramp-up and
// drain of a finite run. The run is finite (20 rounds of c requests)
// because only there is the rate measured on the simulated timeline
// (requests ÷ first arrival to last completion): the steady-state run
// defines its rate as c ÷ latency, which would make the check hold
// whatever the simulation did. The clients start spread over one
// request's latency, so 20 rounds span about 21 latencies and λ·W ≈
// 20/21·c; the 15 % tolerance covers that and the drain.
func TestClosedLoopLittle(t *testing.T) {
	for _, c := range []int{1, 16, 128} {
		r := estimate(t, Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h200-sxm"), Layout: Layout{TP: 8},
			Prompt: 1024, Output: 512, Load: Load{Concurrency: c, Requests: 20 * c}})
		if got := r.RequestsPerSecond * float64(r.Latency); !near(got, float64(c), 0.15) {
			t.Errorf("C=%d, %d requests: λ·latency = %.1f, want %d ± 15 %%", c, r.Requests, got, c)
		}
		if !(r.TTFTP50 <= r.TTFTP90 && r.TTFTP90 <= r.TTFTP99) {
			t.Errorf("C=%d: percentiles out of order %v %v %v", c, r.TTFTP50, r.TTFTP90, r.TTFTP99)
		}
	}
}

// TestLoadMonotone: more requests in flight never lower TPOT, and raise
// throughput until the KV cache is full.
func TestLoadMonotone(t *testing.T) {
	prev := &Result{}
	for _, c := range []int{1, 4, 16, 64, 256} {
		r := estimate(t, Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h100-sxm"), Layout: Layout{TP: 4},
			Weights: formats["fp8"], Prompt: 2048, Output: 256, Load: Load{Concurrency: c}})
		if r.TPOT < prev.TPOT*0.99 {
			t.Errorf("C=%d: TPOT %v below C's predecessor %v", c, r.TPOT, prev.TPOT)
		}
		if r.OutputTokensPerSecond < prev.OutputTokensPerSecond*0.99 {
			t.Errorf("C=%d: throughput %.0f below %.0f", c, r.OutputTokensPerSecond, prev.OutputTokensPerSecond)
		}
		prev = r
	}
}

// TestRateModes: a light rate sees the unloaded TTFT; a rate beyond
// capacity is flagged with the capacity, which max-throughput reports.
func TestRateModes(t *testing.T) {
	base := Config{Model: arch(t, "llama-3.1-8b"), Accelerator: gpu(t, "h100-sxm"), Prompt: 1024, Output: 256}
	light := base
	light.Load = Load{Rate: 0.2, Requests: 200}
	lr := estimate(t, light)
	alone := base
	alone.Load = Load{Concurrency: 1, Requests: 5}
	ar := estimate(t, alone)
	if !near(float64(lr.TTFTP50), float64(ar.TTFT), 0.3) {
		t.Errorf("light load TTFT p50 %v vs alone %v", lr.TTFTP50, ar.TTFT)
	}
	if lr.Overloaded {
		t.Errorf("0.2 requests/s flagged as overload")
	}
	max := base
	max.Load = Load{MaxThroughput: true}
	mr := estimate(t, max)
	heavy := base
	heavy.Load = Load{Rate: 3 * mr.RequestsPerSecond, Requests: 3000}
	hr := estimate(t, heavy)
	if !hr.Overloaded || hr.Capacity == nil || !near(*hr.Capacity, mr.RequestsPerSecond, 0.05) {
		t.Errorf("3× capacity: overloaded %v, capacity %v, max-throughput %.3g", hr.Overloaded, hr.Capacity, mr.RequestsPerSecond)
	}
	if mr.OutputTokensPerSecond < lr.OutputTokensPerSecond {
		t.Errorf("max throughput %.0f below a light load's %.0f", mr.OutputTokensPerSecond, lr.OutputTokensPerSecond)
	}
}

// TestOverloadIsCapacity: under --rate, overload means the offered rate
// exceeds the deployment's capacity (its --max-throughput requests/s for
// the same shape and layout), whatever a finite run served: 10 % above
// capacity is overloaded even in a run of 40 requests too short for the
// queue to show, 10 % below is not; the capacity is reported either way
// and equals the max-throughput run's (same simulation, 1e-9).
func TestOverloadIsCapacity(t *testing.T) {
	base := Config{Model: arch(t, "llama-3.1-8b"), Accelerator: gpu(t, "h100-sxm"), Prompt: 1024, Output: 256}
	mt := base
	mt.Load = Load{MaxThroughput: true}
	capacity := estimate(t, mt).RequestsPerSecond
	for _, tc := range []struct {
		factor float64
		want   bool
	}{{1.1, true}, {0.9, false}} {
		c := base
		c.Load = Load{Rate: tc.factor * capacity, Requests: 40}
		r := estimate(t, c)
		if r.Overloaded != tc.want || r.Capacity == nil || !near(*r.Capacity, capacity, 1e-9) {
			t.Errorf("%.1f× capacity: overloaded %v (want %v), capacity %v (want %.4g)", tc.factor, r.Overloaded, tc.want, r.Capacity, capacity)
		}
	}
}

// TestDisaggCapacity: a disaggregated deployment's max-throughput run
// serves at least what a rate run of it serves (3 % for a finite run's
// edges): Llama 3.1 70B on H100s, three tp 2 prefill workers (one prompt
// slot each) and one tp 8 decode worker; the offline run was sized by the
// prefill slots alone (24 requests, 5 requests/s against 19.5 served at
// --rate 20).
func TestDisaggCapacity(t *testing.T) {
	c := Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h100-sxm"),
		Disagg: &Disagg{Prefill: Layout{TP: 2}, PrefillWorkers: 3, Decode: Layout{TP: 8}, DecodeWorkers: 1}}
	c.Load = Load{Rate: 20, Requests: 2000}
	served := estimate(t, c).RequestsPerSecond
	c.Load = Load{MaxThroughput: true}
	if got := estimate(t, c).RequestsPerSecond; got < 0.97*served {
		t.Errorf("max-throughput %.3g requests/s, below the %.3g a rate run serves", got, served)
	}
}

// TestDisaggTransfer: a disaggregated TTFT includes the KV transfer: on a
// slow link the first token comes later by the transfer time.
func TestDisaggTransfer(t *testing.T) {
	c := Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h200-sxm"), Weights: formats["fp8"], Prompt: 4096, Output: 256,
		Load:   Load{Concurrency: 2, Requests: 6},
		Disagg: &Disagg{Prefill: Layout{TP: 4}, PrefillWorkers: 1, Decode: Layout{TP: 4}, DecodeWorkers: 1}}
	fast := estimate(t, c)
	d := *c.Disagg
	d.TransferBandwidth = 1e9 // 1 GB/s
	c.Disagg = &d
	slow := estimate(t, c)
	// 4,096 tokens × 320 KiB (80 layers · 8 KV heads · 128 · 2 · 2 B, bf16) = 1.34 GB over 4 senders
	// at 1 GB/s nominal × the link efficiency, less the same over NVLink.
	kv := float64(arch(t, "llama-3.1-70b").KVCacheBytes(4096, 2))
	eff := profile(t, DefaultProfile).LinkEff
	want := kv/(4*1e9*eff) - kv/(4*float64(gpu(t, "h200-sxm").ScaleUpBandwidth)/2*eff)
	if got := float64(slow.TTFT - fast.TTFT); !near(got, want, 0.25) {
		t.Errorf("slow link adds %.3f s to TTFT, want ≈ %.3f s", got, want)
	}
}

// TestBadInput: each bad setting is an error naming its flag.
func TestBadInput(t *testing.T) {
	ds := arch(t, "deepseek-v3")
	ok := Config{Model: ds, Accelerator: gpu(t, "b200"), Layout: Layout{TP: 8}, Load: Load{Concurrency: 8}}
	cases := []struct {
		name, flag string
		mut        func(*Config)
	}{
		{"no load", "concurrency", func(c *Config) { c.Load = Load{} }},
		{"negative concurrency", "concurrency", func(c *Config) { c.Load.Concurrency = -1 }},
		{"NaN rate", "rate", func(c *Config) { c.Load = Load{Rate: math.NaN()} }},
		{"two loads", "concurrency", func(c *Config) { c.Load.Rate = 2 }},
		{"tp not dividing heads", "tp", func(c *Config) { c.Layout.TP = 3 }},
		{"ep beyond experts", "ep", func(c *Config) { c.Layout = Layout{TP: 8, AttentionDP: 64, EP: 512} }},
		{"zero prefill workers", "prefill-workers", func(c *Config) {
			c.Disagg = &Disagg{Prefill: Layout{TP: 8}, Decode: Layout{TP: 8}, DecodeWorkers: 1}
		}},
		{"requests beyond the bound", "requests", func(c *Config) { c.Load.Requests = MaxRequests + 1 }},
		{"rate run beyond the bound", "requests", func(c *Config) { c.Load = Load{Rate: 5, Requests: MaxRequests + 1} }},
		{"ep on a dense model", "ep", func(c *Config) { c.Model = arch(t, "llama-3.1-8b"); c.Layout = Layout{TP: 8, EP: 2} }},
	}
	for _, tc := range cases {
		c := ok
		tc.mut(&c)
		_, err := Estimate(c)
		var fe *FlagError
		if !errors.As(err, &fe) || fe.Flag != tc.flag {
			t.Errorf("%s: got %v, want an error naming --%s", tc.name, err, tc.flag)
		}
	}
}

// TestContextStops: a simulation stops once its Config.Context is done
// and returns the context's error; a rate run of 10,000 requests takes
// far more than the 4,096 events between looks at the context.
func TestContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Estimate(Config{Model: arch(t, "llama-3.1-8b"), Accelerator: gpu(t, "h100-sxm"), Load: Load{Rate: 5, Requests: 10000}, Context: ctx})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v, want context.Canceled", err)
	}
}

// TestDoesNotFit: a model too large for the layout is a result, not an
// error.
func TestDoesNotFit(t *testing.T) {
	r := estimate(t, Config{Model: arch(t, "deepseek-v3"), Accelerator: gpu(t, "h100-sxm"), Layout: Layout{TP: 1}, Load: Load{Concurrency: 1}})
	if r.Memory.Fits || r.TPOT != 0 || len(r.Warnings) == 0 {
		t.Errorf("DeepSeek-V3 on one H100: fits %v, TPOT %v, warnings %v", r.Memory.Fits, r.TPOT, r.Warnings)
	}
}

// TestDisaggDoesNotFit: a disaggregated pool whose worker cannot hold the
// model is a not-fitting result like an aggregated one (Memory.Fits
// false, a hint naming the pool, no latency figures): Llama 3.1 70B in
// bf16 is 141 GB of weights, more than one H100's 80 GB.
func TestDisaggDoesNotFit(t *testing.T) {
	big, small := Layout{TP: 8}, Layout{TP: 1}
	for _, tc := range []struct {
		pool            string
		prefill, decode Layout
	}{{"prefill", small, big}, {"decode", big, small}} {
		r := estimate(t, Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h100-sxm"), Load: Load{Concurrency: 8},
			Disagg: &Disagg{Prefill: tc.prefill, PrefillWorkers: 1, Decode: tc.decode, DecodeWorkers: 1}})
		if r.Memory.Fits || !strings.HasPrefix(r.Memory.Hint, tc.pool+" worker: ") || r.TPOT != 0 || r.Requests != 0 {
			t.Errorf("%s pool on one H100: fits %v, hint %q, TPOT %v, requests %d; want not fitting, naming the pool",
				tc.pool, r.Memory.Fits, r.Memory.Hint, r.TPOT, r.Requests)
		}
	}
}

// TestPipelineMicroBatches: with pp stages a round (every sequence one
// token) is never faster than pp stages splitting the unpipelined step
// T₁(B) perfectly (T₁(B)/pp), nor slower than T₁(B) plus the pp − 1
// hand-offs or the host running its m micro-batch steps back to back; at
// one sequence there is nothing to overlap and the round is T₁(1) plus
// the hand-offs. Pure roofline (ideal profile, no costs but the GPU's)
// and the fitted generic profile, Llama 3.1 70B on H100s, TP 2.
func TestPipelineMicroBatches(t *testing.T) {
	for _, name := range []string{"ideal", DefaultProfile} {
		prof := profile(t, name)
		cfg := Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h100-sxm"), Profile: prof, Prompt: 1024, Output: 256,
			Load: Load{Concurrency: 1}}
		st, err := resolve(cfg, &explain.Trace{})
		if err != nil {
			t.Fatal(err)
		}
		one := st.costFor(Layout{TP: 2, PP: 1, EP: 1, AttentionDP: 1})
		for _, pp := range []int{2, 4} {
			piped := st.costFor(Layout{TP: 2, PP: pp, EP: 1, AttentionDP: 1})
			hops := float64(pp-1) * prof.CollectiveLatency
			for _, n := range []float64{1, 8, 64, 512} {
				b := batch{decode: n, ctx: n * 4096, moeTokens: n, logits: n}
				t1, tp := one.time(b), piped.time(b)
				host := min(float64(pp), n)*prof.StepOverhead + n*prof.SeqOverhead
				if n == 1 && !near(tp, t1+hops, 1e-9) {
					t.Errorf("%s pp %d, one sequence: round %.4g s, want T₁ + hops %.4g s", name, pp, tp, t1+hops)
				}
				if hi := max(t1+hops, host); tp > hi*(1+1e-9) || tp < t1/float64(pp)*(1-1e-9) {
					t.Errorf("%s pp %d, %g sequences: round %.4g s outside [T₁/pp, max(T₁ + hops, host)] = [%.4g, %.4g]", name, pp, n, tp, t1/float64(pp), hi)
				}
				if run := piped.decodeRun(n, n*4096, n, 1); !near(run, tp, 1e-9) {
					t.Errorf("%s pp %d, %g sequences: decodeRun of one step %.6g s, time %.6g s", name, pp, n, run, tp)
				}
			}
		}
	}
	// At 512 sequences of 4k context the KV read dominates and pipelining
	// must pay off: more than 1.5× at pp 2.
	st, err := resolve(Config{Model: arch(t, "llama-3.1-70b"), Accelerator: gpu(t, "h100-sxm"), Profile: profile(t, "ideal"),
		Load: Load{Concurrency: 1}}, &explain.Trace{})
	if err != nil {
		t.Fatal(err)
	}
	b := batch{decode: 512, ctx: 512 * 4096, moeTokens: 512, logits: 512}
	if g := st.costFor(Layout{TP: 2, PP: 1, EP: 1, AttentionDP: 1}).time(b) / st.costFor(Layout{TP: 2, PP: 2, EP: 1, AttentionDP: 1}).time(b); g < 1.5 {
		t.Errorf("pp 2 at 512 sequences: round %.2f× faster than T₁, want > 1.5×", g)
	}
}

// TestPipelineOverheads: the framework's fixed costs enter a pipelined
// round once on the critical path, o_step + (B/m)·o_seq + L·o_layer on
// top of the GPU work of one micro-batch, and the host's m steps bound it
// from below: round = max(T₀ + o_step + (B/m)·o_seq + L·o_layer,
// m·o_step + B·o_seq), T₀ the same round with o_step, o_seq and o_layer
// zero (GPU work and hand-offs). With pp = 1 it is T₀ + o_step + B·o_seq
// + L·o_layer. Generic profile as fitted, and with o_step ×20, where the
// host bounds the round; Llama 3.1 70B, H100, TP 2.
func TestPipelineOverheads(t *testing.T) {
	a := arch(t, "llama-3.1-70b")
	for _, scale := range []float64{1, 20} {
		prof := profile(t, DefaultProfile)
		prof.StepOverhead *= scale
		bare := prof
		bare.StepOverhead, bare.SeqOverhead, bare.LayerOverhead = 0, 0, 0
		cost := func(p Profile, pp int) *stepCost {
			st, err := resolve(Config{Model: a, Accelerator: gpu(t, "h100-sxm"), Profile: p, Load: Load{Concurrency: 1}}, &explain.Trace{})
			if err != nil {
				t.Fatal(err)
			}
			return st.costFor(Layout{TP: 2, PP: pp, EP: 1, AttentionDP: 1})
		}
		for _, pp := range []int{1, 4} {
			full, zero := cost(prof, pp), cost(bare, pp)
			for _, n := range []float64{1, 4, 64} {
				b := batch{decode: n, ctx: n * 2048, moeTokens: n, logits: n}
				m := min(float64(pp), n)
				want := max(zero.time(b)+prof.StepOverhead+n/m*prof.SeqOverhead+float64(a.Layers)*prof.LayerOverhead,
					m*prof.StepOverhead+n*prof.SeqOverhead)
				if got := full.time(b); !near(got, want, 1e-9) {
					t.Errorf("o_step ×%g, pp %d, %g sequences: round %.6g s, want %.6g s", scale, pp, n, got, want)
				}
			}
		}
	}
}

// TestLayoutString: the layout text the CLI and deploy print.
func TestLayoutString(t *testing.T) {
	for _, tc := range []struct {
		l    Layout
		want string
	}{
		{Layout{TP: 4, PP: 1, EP: 1, AttentionDP: 1}, "tp 4"},
		{Layout{TP: 1, PP: 1, EP: 8, AttentionDP: 8}, "tp 1 × attention-dp 8, ep 8"},
		{Layout{TP: 4, PP: 2, EP: 1, AttentionDP: 1}, "tp 4 × pp 2"},
	} {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.l, got, tc.want)
		}
	}
}

// TestKernelsFrom: llama.cpp has no measured rows, so its kernel constants
// are the generic profile's (kernels_from), never a copy that can drift.
func TestKernelsFrom(t *testing.T) {
	l, err := LookupProfile("llamacpp")
	if err != nil {
		t.Fatal(err)
	}
	g, err := LookupProfile("generic")
	if err != nil {
		t.Fatal(err)
	}
	if l.KernelsFrom != "generic" {
		t.Fatalf("llamacpp kernels_from %q, want generic", l.KernelsFrom)
	}
	if l.BandwidthEff != g.BandwidthEff || l.AttentionEff != g.AttentionEff || l.LinkEff != g.LinkEff ||
		l.CollectiveLatency != g.CollectiveLatency || !maps.Equal(l.ComputeEff, g.ComputeEff) {
		t.Errorf("llamacpp kernels %v %v %v differ from generic's %v %v %v", l.BandwidthEff, l.AttentionEff, l.ComputeEff, g.BandwidthEff, g.AttentionEff, g.ComputeEff)
	}
	if l.StepOverhead == 0 {
		t.Error("llamacpp lost its own host cost")
	}
}

// TestMoELayerOverhead: o_moe is paid once per routed-expert layer per
// step, by MoE models only. DeepSeek-V3 has 58 MoE layers of 61 (its
// config.json: first_k_dense_replace 3); Llama 3.1 70B has none.
func TestMoELayerOverhead(t *testing.T) {
	b := batch{decode: 8, ctx: 8 * 2048, moeTokens: 8, logits: 8}
	for _, c := range []struct {
		model string
		moe   float64
	}{{"deepseek-v3", 58}, {"llama-3.1-70b", 0}} {
		step := func(o float64) float64 {
			p := profile(t, "ideal")
			p.MoELayerOverhead = o
			st, err := resolve(Config{Model: arch(t, c.model), Accelerator: gpu(t, "h200-sxm"), Profile: p, Load: Load{Concurrency: 8}}, &explain.Trace{})
			if err != nil {
				t.Fatal(err)
			}
			return st.costFor(Layout{TP: 8, PP: 1, EP: 1, AttentionDP: 1}).time(b)
		}
		if got, want := step(40e-6)-step(0), c.moe*40e-6; !near(got, want, 1e-9) && math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: o_moe 40 µs adds %.4g s per step, want %g × 40 µs = %.4g s", c.model, got, c.moe, want)
		}
	}
}
