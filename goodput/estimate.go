package goodput

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Config is one reliability question: the user's Options plus what the
// run supplies. Either Work (the failure-free time of a run) or Window (a
// stretch of wall-clock time, as in a published snapshot) may be given;
// with neither, only the rates are computed.
type Config struct {
	Options
	// Accelerators K in the job (every one of them can interrupt it).
	Accelerators int
	// Work T_s is the run's failure-free wall-clock time, seconds (train's
	// ideal wall-clock, plan's time to train).
	Work units.Seconds
	// Window is a wall-clock span to count interruptions and useful time
	// over, seconds.
	Window units.Seconds
	// CheckpointBytes is the size of one checkpoint (all ranks), bytes;
	// see CheckpointBytes. Unknown (0) needs Options.WriteTime.
	CheckpointBytes units.Bytes
	// Writers is the number of ranks writing shards in parallel; 0 means K.
	Writers int
	// WriterBandwidth bounds one rank's shard transfer (its NIC), bytes/s;
	// 0 means DefaultNICBandwidth.
	WriterBandwidth units.ByteRate
	// Step is one training step, seconds: checkpoints fall on step
	// boundaries, so the interval is a whole number of steps (0: any).
	Step units.Seconds
	// Price per accelerator-hour for the cost with failures (0: none).
	Price units.USDPerHour
}

// Result is the reliability estimate. JSON fields are SI base units;
// pointers are null when the figure does not apply (no run length given,
// or the run cannot make progress).
type Result struct {
	GPUMTBF     units.Seconds `json:"gpu_mtbf_seconds"`     // per accelerator
	ClusterMTBF units.Seconds `json:"cluster_mtbf_seconds"` // M = m/K
	// InterruptionsPerDay is 86,400 s / M.
	InterruptionsPerDay float64 `json:"interruptions_per_day"`

	CheckpointBytes     units.Bytes    `json:"checkpoint_bytes,omitempty"`
	CheckpointBandwidth units.ByteRate `json:"checkpoint_bandwidth_bytes_per_second,omitempty"` // storage write, aggregate
	// CheckpointWrite is the time to persist one checkpoint, δ; with
	// Async or InMemory CheckpointStall (the time training pauses) is
	// shorter.
	CheckpointWrite units.Seconds `json:"checkpoint_write_seconds"`
	CheckpointStall units.Seconds `json:"checkpoint_stall_seconds"`
	// Restart R: from an interruption to training again, incl. the load.
	Restart units.Seconds `json:"restart_seconds"`

	YoungInterval units.Seconds `json:"young_interval_seconds"` // √(2δM)
	DalyInterval  units.Seconds `json:"daly_interval_seconds"`  // Daly 2006 eq. 37
	// Interval τ is the compute time between checkpoints used: Daly's, or
	// as given, rounded to whole steps when the step time is known.
	Interval      units.Seconds `json:"checkpoint_interval_seconds"`
	IntervalSteps int           `json:"checkpoint_interval_steps,omitempty"`

	// Goodput G is the expected fraction of wall-clock time that is useful
	// training, in [0, 1].
	Goodput float64 `json:"goodput"`
	// LostPerInterruption is the expected rework plus restart per
	// interruption, ≈ τ/2 + R to first order (null without progress).
	LostPerInterruption *units.Seconds `json:"lost_seconds_per_interruption"`

	// ExpectedInterruptions over the run (Work) or the window.
	ExpectedInterruptions *float64 `json:"expected_interruptions"`
	// WallClockWithFailures is T_s / G with Work given.
	WallClockWithFailures *units.Seconds `json:"wall_clock_seconds_with_failures"`
	// GPUHoursWithFailures is T_w·K / 3600; CostWithFailures that times
	// the price (null without one). Every accelerator is billed for the
	// whole wall-clock, restarts included.
	GPUHoursWithFailures *float64   `json:"gpu_hours_with_failures"`
	CostWithFailures     *units.USD `json:"cost_usd_with_failures"`
	// Useful is G × Window with a window given.
	Useful *units.Seconds `json:"useful_seconds,omitempty"`

	// CanProgress is false when interruptions come faster than a restart
	// and one checkpoint (M ≤ R + δ) or goodput is below 0.1 %; NoProgress
	// then says why.
	CanProgress bool   `json:"can_make_progress"`
	NoProgress  string `json:"no_progress,omitempty"`
}

// minGoodput is the goodput below which a run is said to make no progress
// (it would take more than 1,000× its failure-free time).
const minGoodput = 1e-3

// Estimate answers cfg, appending its derivation steps and the defaults it
// used to t. Formulas (seconds; K accelerators, m per-accelerator MTBF):
//
//	M  = m / K
//	δ  = checkpoint bytes / min(storage bandwidth, writers · NIC)
//	R  = restart + checkpoint bytes / the same bandwidth (load)
//	τ  = Daly(δ, M)  (or given)
//	G  = τ / (M·e^{R/M}·(e^{(τ+δ)/M} − 1))
//	T_w = T_s / G,  interruptions = T_w / M
func Estimate(cfg Config, t *explain.Trace) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if t == nil {
		t = &explain.Trace{}
	}
	e := &estimator{cfg: cfg, t: t, r: &Result{}}
	e.mtbf()
	e.checkpoint()
	e.restart()
	e.interval()
	e.goodput()
	e.totals()
	t.Assume("failures", "Poisson, whole job restarts", srcPoisson)
	return e.r, nil
}

// estimator carries one estimate through its steps.
type estimator struct {
	cfg Config
	t   *explain.Trace
	r   *Result
	// shard is the bytes one writer holds; wbw the write bandwidth used;
	// lossExtra the per-interruption loss beyond R (an async write in flight).
	shard, wbw, lossExtra float64
}

// mtbf records the per-accelerator and cluster MTBF.
func (e *estimator) mtbf() {
	m := e.cfg.GPUMTBF
	if m == 0 {
		m = DefaultGPUMTBF
		e.t.Assume("accelerator MTBF", fmt.Sprintf("%.0f h (%s)", m.Hours(), m), srcGPUMTBF)
	}
	e.r.GPUMTBF = m
	k := e.cfg.Accelerators
	cm := e.t.Add("cluster MTBF", "M = m / K (Poisson: K accelerators fail K× as often)",
		fmt.Sprintf("%.4g s / %d", float64(m), k), ClusterMTBF(float64(m), k), "s", "")
	e.r.ClusterMTBF = units.Seconds(cm)
	e.display(e.r.ClusterMTBF.String())
	e.r.InterruptionsPerDay = 86400 / cm
}

// display sets the last step's display text.
func (e *estimator) display(s string) {
	if n := len(e.t.Steps); n > 0 {
		e.t.Steps[n-1].Display = s
	}
}

// writers is the number of ranks writing in parallel.
func (e *estimator) writers() int {
	if e.cfg.Writers > 0 {
		return e.cfg.Writers
	}
	return e.cfg.Accelerators
}

// nic is one rank's transfer bandwidth.
func (e *estimator) nic() float64 {
	if e.cfg.WriterBandwidth > 0 {
		return float64(e.cfg.WriterBandwidth)
	}
	return float64(DefaultNICBandwidth)
}

// checkpoint records the write time δ and the training stall per
// checkpoint (δ itself, or the host copy when asynchronous).
func (e *estimator) checkpoint() {
	c, r := e.cfg, e.r
	if c.CheckpointBytes > 0 {
		r.CheckpointBytes = c.CheckpointBytes
		e.shard = float64(c.CheckpointBytes) / float64(e.writers())
	}
	if c.CheckpointBytes > 0 && c.WriteTime == 0 {
		e.writeTime()
	} else {
		r.CheckpointWrite = c.WriteTime
		e.t.Add("checkpoint write time", "δ (given)", fmt.Sprintf("%.4g s", float64(c.WriteTime)),
			float64(c.WriteTime), "s", c.WriteTime.String())
	}
	r.CheckpointStall = r.CheckpointWrite
	if c.Async {
		stall := e.t.Add("checkpoint stall (asynchronous)", "δ_stall = shard / host-copy bandwidth",
			fmt.Sprintf("%s / %s", units.Bytes(e.shard), DefaultHostCopyBandwidth), e.shard/float64(DefaultHostCopyBandwidth), "s", "")
		r.CheckpointStall = units.Seconds(stall)
		e.display(r.CheckpointStall.String())
		e.lossExtra = float64(r.CheckpointWrite)
		e.t.Assume("asynchronous checkpoint", "training pauses only for the host copy",
			fmt.Sprintf("host copy at %s (PCIe 4.0 x16); a failure during the background write also loses the previous interval (+δ per interruption)", DefaultHostCopyBandwidth))
	}
}

// writeTime records δ from the checkpoint's bytes: to peer memory over
// each rank's NIC (in-memory), or to storage at min(B, writers · NIC).
func (e *estimator) writeTime() {
	c, r := e.cfg, e.r
	if c.InMemory {
		e.wbw = e.nic() * float64(e.writers())
		w := e.t.Add("checkpoint write time (in memory)", "δ = shard / NIC (each rank copies its shard to a peer's host memory)",
			fmt.Sprintf("%s / %s", units.Bytes(e.shard), units.ByteRate(e.nic())), e.shard/e.nic(), "s", "")
		r.CheckpointWrite = units.Seconds(w)
		e.display(r.CheckpointWrite.String())
		e.t.Assume("in-memory checkpoint", "replicated in peers' host memory", "Gemini (Wang et al., SOSP 2023); Epoch AI, 'Hardware failures won't limit AI scaling'; storage copies for whole-cluster outages are not counted")
		return
	}
	b := float64(c.Bandwidth)
	if b == 0 {
		b = float64(DefaultBandwidthPerGPU) * float64(c.Accelerators)
		e.t.Assume("storage write bandwidth", fmt.Sprintf("%s per accelerator × %d = %s", DefaultBandwidthPerGPU, c.Accelerators, units.ByteRate(b)), srcBandwidth)
	}
	r.CheckpointBandwidth = units.ByteRate(b)
	n := float64(e.writers())
	e.wbw = math.Min(b, n*e.nic())
	if c.Writers == 0 {
		e.t.Assume("checkpoint writers", fmt.Sprintf("all %d ranks", c.Accelerators), srcWriters)
	}
	w := e.t.Add("checkpoint write time", "δ = bytes / min(storage bandwidth, writers · NIC)",
		fmt.Sprintf("%s / min(%s, %.0f × %s)", c.CheckpointBytes, units.ByteRate(b), n, units.ByteRate(e.nic())),
		float64(c.CheckpointBytes)/e.wbw, "s", "")
	r.CheckpointWrite = units.Seconds(w)
	e.display(r.CheckpointWrite.String())
}

// restart records R: given, or the default plus loading the checkpoint.
func (e *estimator) restart() {
	c, r := e.cfg, e.r
	if c.Restart != nil {
		r.Restart = *c.Restart
		e.t.Add("restart time", "R (given)", fmt.Sprintf("%.4g s", float64(r.Restart)), float64(r.Restart), "s", r.Restart.String())
		return
	}
	e.t.Assume("restart (detect, reschedule, start)", DefaultRestart.String(), srcRestart)
	load, how := float64(r.CheckpointWrite), "δ"
	if c.CheckpointBytes > 0 && c.WriteTime == 0 {
		load, how = float64(c.CheckpointBytes)/e.wbw, units.Bytes(c.CheckpointBytes).String()+" / "+units.ByteRate(e.wbw).String()
		if c.InMemory {
			load, how = e.shard/e.nic(), units.Bytes(e.shard).String()+" / "+units.ByteRate(e.nic()).String()
		}
	}
	v := e.t.Add("restart time", "R = detect + reschedule + start + load the checkpoint",
		fmt.Sprintf("%.4g s + %s", float64(DefaultRestart), how), float64(DefaultRestart)+load, "s", "")
	r.Restart = units.Seconds(v)
	e.display(r.Restart.String())
}

// interval records Young's and Daly's optima and the interval used.
func (e *estimator) interval() {
	c, r := e.cfg, e.r
	d, m := float64(r.CheckpointStall), float64(r.ClusterMTBF)
	r.YoungInterval = units.Seconds(e.t.Add("Young interval", "τ_Y = √(2·δ·M)", fmt.Sprintf("√(2 × %.4g × %.4g)", d, m), YoungInterval(d, m), "s", ""))
	e.display(r.YoungInterval.String())
	r.DalyInterval = units.Seconds(e.t.Add("Daly interval", "τ_D = √(2δM)·[1 + ⅓√(δ/2M) + ⅑·δ/2M] − δ (τ_D = M when δ ≥ 2M)",
		fmt.Sprintf("δ = %.4g s, M = %.4g s", d, m), DalyInterval(d, m), "s", ""))
	e.display(r.DalyInterval.String())
	tau, how := float64(r.DalyInterval), "Daly's optimum"
	if c.Interval > 0 {
		tau, how = float64(c.Interval), "given"
	} else {
		e.t.Assume("checkpoint interval", "optimal", srcInterval)
	}
	tau, how = e.feasible(tau, how)
	r.Interval = units.Seconds(e.t.Add("checkpoint interval", "τ ("+how+")", fmt.Sprintf("%.4g s", tau), tau, "s", units.Seconds(tau).String()))
}

// feasible bounds τ: an asynchronous write must finish before the next
// checkpoint, and checkpoints fall on whole steps.
func (e *estimator) feasible(tau float64, how string) (float64, string) {
	c, r := e.cfg, e.r
	lo := 0.0
	if c.Async {
		lo = float64(r.CheckpointWrite)
	}
	if tau < lo {
		tau, how = lo, how+", raised to one background write"
	}
	if s := float64(c.Step); s > 0 {
		n := math.Max(1, math.Round(tau/s))
		if n*s < lo {
			n = math.Ceil(lo / s)
		}
		r.IntervalSteps = int(math.Min(n, math.MaxInt32))
		tau, how = n*s, fmt.Sprintf("%s, %.0f steps of %s", how, n, units.Seconds(s))
	}
	return tau, how
}

// goodput records G and whether the run can progress.
func (e *estimator) goodput() {
	r := e.r
	tau, d, m := float64(r.Interval), float64(r.CheckpointStall), float64(r.ClusterMTBF)
	rr := float64(r.Restart) + e.lossExtra
	sub := fmt.Sprintf("%.4g / (%.4g × e^(%.4g/%.4g) × (e^((%.4g + %.4g)/%.4g) − 1))", tau, m, rr, m, tau, d, m)
	formula := "G = τ / (M·e^{R/M}·(e^{(τ+δ)/M} − 1)) ≈ 1 − δ/τ − (τ/2 + R)/M"
	if e.lossExtra > 0 {
		formula = "G = τ / (M·e^{(R+δ)/M}·(e^{(τ+δ_stall)/M} − 1)): the write in flight is lost too"
	}
	g := e.t.Add("goodput", formula, sub, Goodput(tau, d, rr, m), "", "")
	r.Goodput = g
	e.display(fmt.Sprintf("%.1f%%", 100*g))
	switch {
	case m <= rr+d:
		r.NoProgress = fmt.Sprintf("the run cannot make progress: interruptions come every %s on average, "+
			"sooner than a restart plus one checkpoint (%s)", r.ClusterMTBF, units.Seconds(rr+d))
	case g < minGoodput:
		r.NoProgress = fmt.Sprintf("the run cannot make progress: goodput %.2g%% (below %.1f%%)", 100*g, 100*minGoodput)
	default:
		r.CanProgress = true
		lost := units.Seconds(m * (1/g - 1 - d/tau))
		r.LostPerInterruption = &lost
	}
}

// totals records the wall-clock time and interruptions of the run or the
// window.
func (e *estimator) totals() {
	c, r := e.cfg, e.r
	m := float64(r.ClusterMTBF)
	switch {
	case c.Window > 0:
		n := e.t.Add("expected interruptions", "N = window / M", fmt.Sprintf("%.4g / %.4g", float64(c.Window), m), float64(c.Window)/m, "", "")
		e.display(fmt.Sprintf("%.4g interruptions", n))
		r.ExpectedInterruptions = &n
		u := units.Seconds(e.t.Add("useful training time", "G × window", fmt.Sprintf("%.4g × %.4g s", r.Goodput, float64(c.Window)),
			r.Goodput*float64(c.Window), "s", ""))
		r.Useful = &u
		e.display(u.String())
	case c.Work > 0 && r.CanProgress:
		w := units.Seconds(e.t.Add("wall-clock with failures", "T_w = T_s / G", fmt.Sprintf("%.4g / %.4g", float64(c.Work), r.Goodput),
			float64(c.Work)/r.Goodput, "s", ""))
		r.WallClockWithFailures = &w
		e.display(w.String())
		n := e.t.Add("expected interruptions", "N = T_w / M", fmt.Sprintf("%.4g / %.4g", float64(w), m), float64(w)/m, "", "")
		e.display(fmt.Sprintf("%.4g interruptions", n))
		r.ExpectedInterruptions = &n
		e.bill(w)
	}
}

// bill records the accelerator-hours and cost of the wall-clock time w.
func (e *estimator) bill(w units.Seconds) {
	k, price := e.cfg.Accelerators, e.cfg.Price
	h := e.t.Add("accelerator-hours with failures", "GPU-h_w = T_w · K / 3600", fmt.Sprintf("%.4g × %d / 3600", float64(w), k),
		float64(w)*float64(k)/3600, "h", "")
	e.display(units.FormatCount(h) + " GPU-h")
	e.r.GPUHoursWithFailures = &h
	if price > 0 {
		c := units.USD(e.t.Add("cost with failures", "$_w = GPU-h_w · price", fmt.Sprintf("%.4g × %.4g", h, float64(price)), h*float64(price), "USD", ""))
		e.r.CostWithFailures = &c
		e.display(c.String())
	}
}
