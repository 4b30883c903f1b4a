// Command benchcompare prints flops bench's figures beside those of C
// programs run on the same machine, as ratios. It is the back half of
// scripts/bench-compare, which builds and runs the C programs and flops
// bench and then calls it:
//
//	benchcompare -flops flops.json -c c.txt
//
// flops.json is the output of "flops bench --json"; c.txt has one figure per
// line, "TAG stream THREADS KERNEL BYTES_PER_SECOND" or "TAG gemm PRECISION
// N THREADS FLOP_PER_SECOND", TAG naming the program and its settings.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/flopsdev/flops/bench"
	"github.com/flopsdev/flops/units"
)

// cFigure is one line of c.txt.
type cFigure struct {
	tag, kind, name string // kind "stream" (name = kernel) or "gemm" (name = "fp64 n=2048")
	threads         int
	rate            float64
}

func main() {
	flopsPath := flag.String("flops", "", "flops bench --json output")
	cPath := flag.String("c", "", "figures of the C programs")
	flag.Parse()
	if err := run(*flopsPath, *cPath, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

func run(flopsPath, cPath string, w io.Writer) error {
	var res bench.Result
	b, err := os.ReadFile(flopsPath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return fmt.Errorf("%s: %w", flopsPath, err)
	}
	f, err := os.Open(cPath)
	if err != nil {
		return err
	}
	defer f.Close()
	cs, err := parseC(f)
	if err != nil {
		return fmt.Errorf("%s: %w", cPath, err)
	}
	return report(w, &res, cs)
}

// parseC reads the C figures.
func parseC(r io.Reader) ([]cFigure, error) {
	var out []cFigure
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		var c cFigure
		var err error
		switch {
		case len(f) == 5 && f[1] == "stream":
			c = cFigure{tag: f[0], kind: "stream", name: f[3]}
			c.threads, _ = strconv.Atoi(f[2])
			c.rate, err = strconv.ParseFloat(f[4], 64)
		case len(f) == 6 && f[1] == "gemm":
			c = cFigure{tag: f[0], kind: "gemm", name: f[2] + " n=" + f[3]}
			c.threads, _ = strconv.Atoi(f[4])
			c.rate, err = strconv.ParseFloat(f[5], 64)
		default:
			continue // compiler or library chatter
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// row is one line of the comparison.
type row struct {
	figure  string
	threads int
	flops   string
	other   string
	ratio   float64
	target  float64 // 0 = none
}

func report(w io.Writer, res *bench.Result, cs []cFigure) error {
	var rows []row
	for _, run := range res.Runs {
		rows = append(rows, peakRows(run)...)
		rows = append(rows, streamRows(run, cs)...)
		rows = append(rows, gemmRows(run, cs)...)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tthreads\tflops bench\tcompared with\tratio\ttarget")
	pass := true
	for _, r := range rows {
		verdict := ""
		if r.target > 0 {
			verdict = fmt.Sprintf("≥ %.2f ok", r.target)
			if r.ratio < r.target {
				verdict, pass = fmt.Sprintf("≥ %.2f MISSED", r.target), false
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%.2f\t%s\n", r.figure, r.threads, r.flops, r.other, r.ratio, verdict)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nmachine: %s; flops kernels: %s; all targets met: %v\n", res.Machine.ModelName, res.ISA, pass)
	for _, s := range res.Warnings {
		fmt.Fprintln(w, "flops warning:", s)
	}
	return nil
}

// peakRows: measured peak ÷ theoretical (target 0.90 on all threads).
func peakRows(run bench.ThreadRun) []row {
	var rows []row
	for _, p := range run.Peak {
		if p.Theoretical <= 0 {
			continue
		}
		rows = append(rows, row{figure: "peak FMA " + string(p.Precision), threads: run.Threads,
			flops: units.FLOPRate(p.FLOPPerSecond.Best).String(), other: p.Theoretical.String() + " theoretical",
			ratio: float64(p.Achieved), target: 0.90})
	}
	return rows
}

// streamRows: each kernel against every C STREAM variant (target 0.90 on
// the triad, against the faster C variant).
func streamRows(run bench.ThreadRun, cs []cFigure) []row {
	var rows []row
	for _, s := range run.Stream {
		best := bestOf(cs, "stream", s.Kernel, run.Threads)
		for _, c := range matching(cs, "stream", s.Kernel, run.Threads) {
			r := row{figure: "STREAM " + s.Kernel, threads: run.Threads,
				flops: units.ByteRate(s.BytesPerSecond.Best).String(), other: units.ByteRate(c.rate).String() + " " + c.tag,
				ratio: s.BytesPerSecond.Best / c.rate}
			if s.Kernel == "triad" && c.rate == best {
				r.target = 0.90
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// gemmRows: each GEMM against every OpenBLAS setting (target 0.60 at
// n = 2048, against the fastest setting).
func gemmRows(run bench.ThreadRun, cs []cFigure) []row {
	var rows []row
	for _, g := range run.Gemm {
		name := fmt.Sprintf("%s n=%d", g.Precision, g.N)
		best := bestOf(cs, "gemm", name, run.Threads)
		for _, c := range matching(cs, "gemm", name, run.Threads) {
			r := row{figure: "GEMM " + name, threads: run.Threads,
				flops: units.FLOPRate(g.FLOPPerSecond.Best).String(), other: units.FLOPRate(c.rate).String() + " " + c.tag,
				ratio: g.FLOPPerSecond.Best / c.rate}
			if g.N == 2048 && c.rate == best {
				r.target = 0.60
			}
			rows = append(rows, r)
		}
	}
	return rows
}

func matching(cs []cFigure, kind, name string, threads int) []cFigure {
	var out []cFigure
	for _, c := range cs {
		if c.kind == kind && c.name == name && c.threads == threads && c.rate > 0 {
			out = append(out, c)
		}
	}
	return out
}

func bestOf(cs []cFigure, kind, name string, threads int) float64 {
	best := 0.0
	for _, c := range matching(cs, kind, name, threads) {
		best = max(best, c.rate)
	}
	return best
}
