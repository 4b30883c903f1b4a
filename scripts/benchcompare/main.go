// Command benchcompare prints flops bench's figures beside those of C
// programs run on the same machine, as ratios. It is the back half of
// scripts/bench-compare, which builds and runs the C programs and flops
// bench and then calls it:
//
//	benchcompare -flops flops.json -c c.txt
//
// flops.json is the output of "flops bench --json" (several files,
// comma-separated, are rounds: the best of each figure counts); c.txt has
// one figure per line (repeated lines are rounds, the best counts), "TAG stream THREADS KERNEL BYTES_PER_SECOND" or "TAG gemm PRECISION
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
	flopsPath := flag.String("flops", "", "flops bench --json output (comma-separated files of several rounds: the best of each figure counts)")
	cPath := flag.String("c", "", "figures of the C programs")
	flag.Parse()
	if err := run(*flopsPath, *cPath, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

func run(flopsPaths, cPath string, w io.Writer) error {
	var res *bench.Result
	for _, path := range strings.Split(flopsPaths, ",") {
		r, err := readResult(path)
		if err != nil {
			return err
		}
		if res == nil {
			res = r
		} else {
			merge(res, r)
		}
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
	return report(w, res, cs)
}

func readResult(path string) (*bench.Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r bench.Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// merge keeps, figure by figure, the better of dst and src (rounds of the
// same measurement): the higher best rate; for a peak, the round with the
// higher measured rate together with that round's own theoretical figure
// (clock and FMA loop measured seconds apart: a cloud host's turbo clock
// moves between rounds), chosen by the rate, not by the ratio.
func merge(dst, src *bench.Result) {
	for i := range dst.Runs {
		d := &dst.Runs[i]
		for _, s := range src.Runs {
			if s.Threads != d.Threads {
				continue
			}
			for j := range d.Peak {
				for _, sp := range s.Peak {
					if sp.Precision == d.Peak[j].Precision {
						if sp.FLOPPerSecond.Best > d.Peak[j].FLOPPerSecond.Best {
							d.Peak[j] = sp
						}
					}
				}
			}
			for j := range d.Gemm {
				for _, sg := range s.Gemm {
					if sg.Precision == d.Gemm[j].Precision && sg.N == d.Gemm[j].N {
						d.Gemm[j].FLOPPerSecond.Best = max(d.Gemm[j].FLOPPerSecond.Best, sg.FLOPPerSecond.Best)
					}
				}
			}
			for j := range d.Stream {
				for _, ss := range s.Stream {
					if ss.Kernel == d.Stream[j].Kernel {
						d.Stream[j].BytesPerSecond.Best = max(d.Stream[j].BytesPerSecond.Best, ss.BytesPerSecond.Best)
					}
				}
			}
		}
	}
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
		out = keepBest(out, c)
	}
	return out, sc.Err()
}

// keepBest adds c, or raises the rate of the figure it repeats (a later
// round of the same program and setting).
func keepBest(cs []cFigure, c cFigure) []cFigure {
	for i := range cs {
		if cs[i].tag == c.tag && cs[i].kind == c.kind && cs[i].name == c.name && cs[i].threads == c.threads {
			cs[i].rate = max(cs[i].rate, c.rate)
			return cs
		}
	}
	return append(cs, c)
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
