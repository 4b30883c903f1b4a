package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/flopsdev/flops/bench"
	"github.com/flopsdev/flops/bench/benchplot"
	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/plot"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

const benchHelp = `
Measures this machine's roofline, on one thread and on all threads, in fp64
and fp32: peak FMA throughput (independent FMA chains kept in registers),
GEMM C = A·B on square n×n matrices, and STREAM copy/scale/add/triad memory
bandwidth (fp64 arrays, 1.2 GB in all unless --stream-memory says otherwise;
bandwidth does not depend on the element type). Each figure repeats until
its last samples agree within 2% or --duration is spent; the best sample is
reported with the spread (relative standard deviation) of all samples.
The theoretical peak is cores × clock × 2 × lanes × FMA units: the clock is
measured with a chain of dependent adds (under AVX-512 load where the
kernels use it), the lanes come from the vector width, the FMA units from a
table of cores (or inferred from the measurement, which the output says).
Progress goes to stderr. Default run: about 20-30 s on 2 cores.

Output fields (--json): date, machine{model_name, vendor, family, model,
logical_cpus, physical_cores, reported_mhz, max_mhz, memory_bytes,
available_bytes, llc_bytes}, isa, vector_bits, core, fma_units,
fma_units_source, runs[]{threads, cores, clock_hz{...}, clock_method,
peak[]{precision, flop_per_second{best, median, min, rel_stddev, reps,
stable}, flop_per_cycle_per_core, theoretical_flop_per_second, achieved,
ridge_flop_per_byte}, gemm[]{precision, n, flop_per_second{...}, of_peak,
of_theoretical}, stream[]{kernel, array_elements, bytes_per_second{...}}},
warnings, steps, assumptions. Rates in FLOP/s and bytes/s, clock in Hz.

--save FILE writes the all-threads figures as a catalog entry with id
"local" (JSON array in the hardware catalog's format), for
flops infer/train/plan --hw-file FILE --gpu local.

Examples:
  flops bench
  flops bench --quick
  flops bench --threads 2 --duration 2s --sizes 512,2048,4096 --json
  flops bench --save local.json --plot roofline.svg
  flops infer --hw-file local.json --gpu local --model llama-3-8b
`

// benchFlags are the command line of flops bench.
type benchFlags struct {
	threads             int
	duration            time.Duration
	sizes, isa, memory  string
	save, plotFile      string
	asJSON, quick, expl bool
	noGemm, noStream    bool
}

func runBench(env *cliEnv, args []string) error {
	var f benchFlags
	fs := newFlagSet(env, "bench", "bench [flags]", benchHelp)
	fs.IntVar(&f.threads, "threads", 0, "threads of the all-threads run (0 = all CPUs)")
	fs.DurationVar(&f.duration, "duration", bench.DefaultDuration, "time budget per figure, e.g. 500ms, 2s")
	fs.StringVar(&f.sizes, "sizes", "", "comma-separated square GEMM sizes (default 256,512,1024,2048; --quick: 256,1024)")
	fs.StringVar(&f.memory, "stream-memory", "", "memory for the three STREAM arrays, e.g. 1.2GB, 600MiB (default 1.2GB, at most a quarter of available memory)")
	fs.StringVar(&f.isa, "isa", "", "force the kernels' instruction set: generic, avx2 or avx512 (default: best available)")
	fs.StringVar(&f.save, "save", "", "write the measured figures as a hardware entry (id \"local\") to `FILE`")
	fs.StringVar(&f.plotFile, "plot", "", "draw the roofline to `FILE`.svg or FILE.png")
	fs.BoolVar(&f.asJSON, "json", false, "print the result as JSON")
	fs.BoolVar(&f.quick, "quick", false, "short run: 0.25 s per figure, GEMM sizes 256 and 1024")
	fs.BoolVar(&f.expl, "explain", false, "show the derivation of the theoretical peaks and ridge points")
	fs.BoolVar(&f.noGemm, "no-gemm", false, "skip the GEMM figures")
	fs.BoolVar(&f.noStream, "no-stream", false, "skip STREAM (no bandwidth, no ridge point, no --save)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := f.config(env)
	if err != nil {
		return err
	}
	if f.plotFile != "" {
		if _, err := plot.FormatOf(f.plotFile); err != nil {
			return usagef("--plot %s: %v", f.plotFile, err)
		}
	}
	res, err := bench.Run(cfg)
	if errors.Is(err, bench.ErrWrongResult) {
		return failure(err)
	}
	if err != nil {
		return err
	}
	if err := f.outputs(res); err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(env.stdout, res)
	}
	return writeBench(env.stdout, res, f.expl)
}

// config turns the flags into a bench.Config.
func (f benchFlags) config(env *cliEnv) (bench.Config, error) {
	cfg := bench.Config{Threads: f.threads, Duration: f.duration, ISA: f.isa,
		SkipGemm: f.noGemm, SkipStream: f.noStream, Progress: env.stderr}
	if f.threads < 0 {
		return cfg, usagef("--threads %d: want 0 (all CPUs) or a positive count", f.threads)
	}
	if f.duration <= 0 {
		return cfg, usagef("--duration %v: want a positive duration such as 1s or 500ms", f.duration)
	}
	if f.quick {
		cfg.Duration, cfg.GemmSizes = min(f.duration, 250*time.Millisecond), []int{256, 1024}
	}
	if f.sizes != "" {
		sizes, err := parseSizes(f.sizes)
		if err != nil {
			return cfg, usagef("--sizes %q: %v", f.sizes, err)
		}
		cfg.GemmSizes = sizes
	}
	if f.memory != "" {
		b, err := units.ParseBytes(f.memory)
		if err != nil || b < 1e5 {
			return cfg, usagef("--stream-memory %q: want a size of at least 100 kB such as 1.2GB or 600MiB", f.memory)
		}
		cfg.StreamBytes = b
	}
	if f.isa != "" {
		if _, err := kernels.ParseISA(f.isa); err != nil {
			return cfg, usagef("--isa: %v", err)
		}
	}
	if f.save != "" && f.noStream {
		return cfg, usagef("--save needs the STREAM bandwidth: drop --no-stream")
	}
	for _, out := range []string{f.save, f.plotFile} {
		if d := filepath.Dir(out); out != "" {
			if st, err := os.Stat(d); err != nil || !st.IsDir() {
				return cfg, usagef("cannot write %s: directory %s does not exist", out, d)
			}
		}
	}
	return cfg, nil
}

// parseSizes reads "256,1024,2048".
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 || n > 16384 {
			return nil, fmt.Errorf("size %q: want whole numbers from 1 to 16384, comma-separated", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// outputs writes --save and --plot files.
func (f benchFlags) outputs(res *bench.Result) error {
	if f.save != "" {
		a, err := res.Accelerator()
		if err != nil {
			return err
		}
		if err := writeFile(f.save, func(w io.Writer) error { return bench.WriteAccelerator(w, a) }); err != nil {
			return fmt.Errorf("save hardware entry: %w", err)
		}
	}
	if f.plotFile != "" {
		rl, err := benchplot.Roofline(res)
		if err != nil {
			return err
		}
		p, err := plot.NewRoofline(rl)
		if err != nil {
			return err
		}
		if err := plot.Save(p, f.plotFile); err != nil {
			return fmt.Errorf("plot roofline: %w", err)
		}
	}
	return nil
}

// writeFile creates path and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeBench prints the human tables.
func writeBench(w io.Writer, r *bench.Result, explain bool) error {
	m := r.Machine
	core := r.Core
	if core == "" {
		core = "core not in table"
	}
	fmt.Fprintf(w, "Machine: %s, %d cores / %d threads (%s), %s kernels, %d-bit vectors, %d FMA units/core, %s RAM\n\n",
		m.ModelName, m.PhysicalCores, m.LogicalCPUs, core, r.ISA, r.VectorBits, r.FMAUnits, m.MemTotal.IEC())
	tables := []*report.Table{peakTable(r), gemmTable(r), streamTable(r)}
	for _, t := range tables {
		if len(t.Rows) == 0 {
			continue
		}
		if err := t.Write(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	writeRidge(w, r)
	if err := report.Assumptions(w, r.Assumptions); err != nil {
		return err
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(w, "\nWarnings:")
		for _, s := range r.Warnings {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	if explain {
		return report.Steps(w, r.Steps)
	}
	return nil
}

func peakTable(r *bench.Result) *report.Table {
	t := &report.Table{Title: "Peak FMA throughput", Headers: []string{"precision", "threads", "clock", "measured", "theoretical", "achieved", "spread", "reps"}}
	for _, run := range r.Runs {
		for _, p := range run.Peak {
			t.AddRow(string(p.Precision), fmt.Sprint(run.Threads), ghz(run.TheoryClockHz), units.FLOPRate(p.FLOPPerSecond.Best).String(),
				orDash(p.Theoretical > 0, p.Theoretical.String()), orDash(p.Achieved > 0, pct(float64(p.Achieved))),
				pct(p.FLOPPerSecond.RelStddev), fmt.Sprint(p.FLOPPerSecond.Reps))
		}
	}
	return t
}

func gemmTable(r *bench.Result) *report.Table {
	t := &report.Table{Title: "GEMM C = A·B, n×n (2n³ FLOP)", Headers: []string{"precision", "n", "threads", "measured", "of peak FMA", "of theoretical", "spread", "reps"}}
	for _, run := range r.Runs {
		for _, g := range run.Gemm {
			t.AddRow(string(g.Precision), fmt.Sprint(g.N), fmt.Sprint(run.Threads), units.FLOPRate(g.FLOPPerSecond.Best).String(),
				pct(float64(g.OfPeak)), orDash(g.OfTheoretical > 0, pct(float64(g.OfTheoretical))),
				pct(g.FLOPPerSecond.RelStddev), fmt.Sprint(g.FLOPPerSecond.Reps))
		}
	}
	return t
}

func streamTable(r *bench.Result) *report.Table {
	t := &report.Table{Headers: []string{"kernel", "threads", "bandwidth", "spread", "reps"}}
	for _, run := range r.Runs {
		for _, s := range run.Stream {
			t.Title = fmt.Sprintf("STREAM, 3 arrays of %s float64 (%s)", report.Grouped(float64(s.ArrayElements)), units.Bytes(24*s.ArrayElements))
			t.AddRow(s.Kernel, fmt.Sprint(run.Threads), units.ByteRate(s.BytesPerSecond.Best).String(),
				pct(s.BytesPerSecond.RelStddev), fmt.Sprint(s.BytesPerSecond.Reps))
		}
	}
	return t
}

// writeRidge prints the all-threads ridge points.
func writeRidge(w io.Writer, r *bench.Result) {
	run := r.AllThreads()
	if run == nil {
		return
	}
	for _, p := range run.Peak {
		if p.Ridge > 0 {
			fmt.Fprintf(w, "Ridge point %s, %d threads: %.2f FLOP/byte (peak FMA ÷ STREAM triad)\n", p.Precision, run.Threads, p.Ridge)
		}
	}
}

func ghz(hz float64) string {
	if hz <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f GHz", hz/1e9)
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

func orDash(ok bool, s string) string {
	if !ok {
		return "-"
	}
	return s
}
