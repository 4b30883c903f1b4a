package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/plot"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

const hwHelp = `
Subcommands:
  list      the catalog as a table (filter with --vendor)
  show      one entry: every precision's dense and sparse peak, ridge point, source
  compare   entries side by side, including ridge points per precision
  prices    on-demand GPU-hour list prices by provider, with dates and sources

All peaks are dense (no 2:4 structured sparsity); sparse figures are shown
apart and never used by other commands. Memory sizes are decimal (1 GB =
1e9 bytes) unless marked GiB. The ridge point is dense peak FLOP/s divided
by memory bandwidth B/s, in FLOP per byte.

User entries (--hw-file FILE or $FLOPS_HW_FILE): a JSON array of entries,
or {"accelerators": [...]}, in the format of 'flops hw show ID --json'
(base units: FLOP/s, bytes, bytes/s, W). An entry whose id matches an
existing ID or alias replaces it; others are added. For example:
  [{"id": "my-asic", "vendor": "Acme", "name": "Acme 1",
    "dense_flops": {"bf16": 500e12}, "memory_bytes": 96e9,
    "memory_bandwidth_bytes_per_second": 2e12, "tdp_watts": 600,
    "source": "Acme datasheet rev 3"}]

Examples:
  flops hw list
  flops hw list --vendor amd
  flops hw show h100
  flops hw compare h100 mi300x tpu-v5p --precision bf16
  flops hw list --hw-file my-chips.json --json
  flops hw prices h100 mi300x
`

// runHW dispatches flops hw subcommands.
func runHW(env *cliEnv, args []string) error {
	usage := func() { fmt.Fprintf(env.stderr, "Usage: flops hw <list|show|compare|prices> [flags]\n%s", hwHelp) }
	if len(args) == 0 {
		return &usageError{msg: "hw needs a subcommand: list, show, compare or prices", hint: "e.g. flops hw list; run 'flops hw -h' for the help"}
	}
	switch args[0] {
	case "list":
		return runHWList(env, args[1:])
	case "show":
		return runHWShow(env, args[1:])
	case "compare":
		return runHWCompare(env, args[1:])
	case "prices":
		return runHWPrices(env, args[1:])
	case "-h", "-help", "--help", "help":
		usage()
		return errHelp
	}
	return &usageError{msg: fmt.Sprintf("unknown hw subcommand %q", args[0]), hint: "want list, show, compare or prices; run 'flops hw -h'"}
}

// parseInterspersed parses flags that may come before, between or after
// positional arguments ("compare h100 a100 --json"), returning the latter.
// The flag package calls fs.Usage itself on every parse error and on -h;
// it is silenced here so that -h prints the help once and a bad flag gives
// the one-line error and hint only.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		rest, err := parseFlags(fs, args)
		if err != nil {
			return nil, err
		}
		if len(rest) == 0 {
			return pos, nil
		}
		if len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

const hwListHelp = `
Output fields (--json): accelerators[]: id, aliases, vendor, name,
form_factor, release_year, dense_flops {precision: FLOP/s}, sparse_flops,
fp64_vector_flops, memory_bytes, memory_type,
memory_bandwidth_bytes_per_second, tdp_watts (0 = not published),
scaleup_interconnect, scaleup_bandwidth_bytes_per_second (aggregate
bidirectional per accelerator), scaleup_domain, source, notes, confidence,
ridge_flop_per_byte {precision: FLOP/byte}.

Examples:
  flops hw list
  flops hw list --vendor nvidia
  flops hw list --json
`

func runHWList(env *cliEnv, args []string) error {
	var req api.HWListRequest
	fs := newFlagSet(env, "hw list", "hw list [--vendor NAME] [--json]", hwListHelp)
	fs.StringVar(&req.Vendor, "vendor", "", "only this vendor's entries: NVIDIA, AMD, Google, Intel, AWS (any case)")
	asJSON := fs.Bool("json", false, "print JSON (fields below)")
	hwFile := bindHWFile(fs)
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("hw list takes no arguments, got %q", pos[0])
	}
	res, err := runRequest(env, *hwFile, "hw list", req.Run)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, res)
	}
	return writeHWList(env.stdout, res)
}

// writeHWList prints the catalog as a table in fixed units per column.
func writeHWList(w io.Writer, res *api.HWListResult) error {
	t := report.Table{Headers: []string{"ID", "VENDOR", "NAME", "YEAR", "BF16 TFLOP/s", "FP8 TFLOP/s",
		"MEMORY GB", "BANDWIDTH TB/s", "TDP W", "RIDGE BF16 FLOP/B"}}
	for _, e := range res.Accelerators {
		t.AddRow(e.ID, e.Vendor, e.Name, strconv.Itoa(e.Year),
			hwScaled(float64(e.Dense[hardware.BF16]), 1e12), hwScaled(float64(e.Dense[hardware.FP8]), 1e12),
			hwScaled(float64(e.Memory), 1e9), hwScaled(float64(e.Bandwidth), 1e12),
			hwScaled(float64(e.TDP), 1), hwScaled(e.Ridge[hardware.BF16], 1))
	}
	if err := t.Write(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d accelerators. Dense peaks (no sparsity); GB = 1e9 bytes; \"-\" = not published.\nRun 'flops hw show ID' for every precision and the sources.\n", len(res.Accelerators))
	return err
}

// hwScaled prints v/unit with up to 4 significant digits, or "-" for 0.
func hwScaled(v, unit float64) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatFloat(v/unit, 'g', 4, 64)
}

const hwShowHelp = `
Output fields (--json): as one entry of 'flops hw list --json'.

Examples:
  flops hw show h100
  flops hw show "TPU v5e"
  flops hw show mi300x --json
`

func runHWShow(env *cliEnv, args []string) error {
	fs := newFlagSet(env, "hw show", "hw show ID [--json]", hwShowHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	hwFile := bindHWFile(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{msg: fmt.Sprintf("hw show takes one accelerator ID, got %d", len(pos)), hint: "e.g. flops hw show h100; 'flops hw list' lists the IDs"}
	}
	e, err := runRequest(env, *hwFile, "hw show", api.HWShowRequest{ID: pos[0]}.Run)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, e)
	}
	return writeHWShow(env.stdout, e)
}

// writeHWShow prints one entry: facts, a per-precision table, sources.
func writeHWShow(w io.Writer, e *api.HWEntry) error {
	mem := e.Memory.String() + " (" + e.Memory.IEC() + ")"
	if e.MemoryType != "" {
		mem += " " + e.MemoryType
	}
	pairs := [][2]string{{"ID", e.ID}, {"Name", e.Name}, {"Vendor", e.Vendor},
		{"Aliases", hwDash(strings.Join(e.Aliases, ", "))}, {"Form factor", hwDash(e.FormFactor)},
		{"Release year", strconv.Itoa(e.Year)}, {"Memory", mem},
		{"Memory bandwidth", e.Bandwidth.String()}, {"TDP", hwWatts(e.TDP)},
		{"Scale-up", hwScaleUp(e.Accelerator)}, {"Confidence", hwDash(e.Confidence)}}
	if err := report.KV(w, pairs); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t := report.Table{Headers: []string{"PRECISION", "DENSE PEAK", "SPARSE (2:4, not used)", "RIDGE FLOP/B"}}
	for _, p := range e.Precisions() {
		t.AddRow(string(p), e.Dense[p].String(), hwRate(e.Sparse[p]), hwRidge(e.Ridge, p))
	}
	if e.FP64Vector > 0 {
		t.AddRow("fp64 vector", e.FP64Vector.String(), "-", "-")
	}
	if err := t.Write(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nSource: %s\n", e.Source)
	if err == nil && e.Notes != "" {
		_, err = fmt.Fprintf(w, "Notes: %s\n", e.Notes)
	}
	return err
}

// hwScaleUp describes the scale-up interconnect in one line.
func hwScaleUp(a hardware.Accelerator) string {
	s := hwDash(a.ScaleUp)
	if a.ScaleUpBandwidth > 0 {
		s += ", " + a.ScaleUpBandwidth.String() + " per accelerator (bidirectional)"
	}
	if a.ScaleUpDomain > 0 {
		s += fmt.Sprintf(", domain of %d", a.ScaleUpDomain)
	}
	return s
}

func hwDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func hwWatts(w units.Watts) string {
	if w == 0 {
		return "- (not published)"
	}
	return w.String()
}

func hwRate(r units.FLOPRate) string {
	if r == 0 {
		return "-"
	}
	return r.String()
}

// hwRidge prints a ridge point to 3 significant digits (whole numbers
// from 100 up), or "-" when unknown.
func hwRidge(ridge map[hardware.Precision]float64, p hardware.Precision) string {
	r, ok := ridge[p]
	switch {
	case !ok:
		return "-"
	case r >= 100:
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	return strconv.FormatFloat(r, 'g', 3, 64)
}

const hwCompareHelp = `
Output fields (--json): precisions (the precisions shown), accelerators[]
(each as in 'flops hw list --json', in the order given).

Examples:
  flops hw compare h100 h200 b200
  flops hw compare h100 mi300x tpu-v5p gaudi3 --precision bf16
  flops hw compare a100 h100 --json
  flops hw compare h100 h200 b200 mi300x --plot rooflines.svg
`

func runHWCompare(env *cliEnv, args []string) error {
	var req api.HWCompareRequest
	fs := newFlagSet(env, "hw compare", "hw compare ID ID ... [--precision P] [--json]", hwCompareHelp)
	fs.StringVar(&req.Precision, "precision", "", "show only this precision's peak and ridge rows (default: every precision any entry has)")
	asJSON := fs.Bool("json", false, "print JSON")
	plotFile := fs.String("plot", "", "also draw the rooflines to `FILE` (.svg or .png) at --precision (default bf16)")
	hwFile := bindHWFile(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return &usageError{msg: "hw compare needs accelerator IDs", hint: "e.g. flops hw compare h100 mi300x"}
	}
	if *plotFile != "" {
		if _, err := plot.FormatOf(*plotFile); err != nil {
			return usagef("--plot: %v", err)
		}
	}
	req.IDs = pos
	res, err := runRequest(env, *hwFile, "hw compare", req.Run)
	if err != nil {
		return err
	}
	if *plotFile != "" {
		p, err := res.Plot()
		if err != nil {
			return err
		}
		if err := savePlot(env, p, *plotFile); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(env.stdout, res)
	}
	return writeHWCompare(env.stdout, res)
}

// writeHWCompare prints one column per accelerator and one row per fact.
func writeHWCompare(w io.Writer, res *api.HWCompareResult) error {
	t := report.Table{Headers: []string{""}}
	rows := map[string][]string{}
	var order []string
	add := func(name, v string) {
		if _, ok := rows[name]; !ok {
			order = append(order, name)
		}
		rows[name] = append(rows[name], v)
	}
	for _, e := range res.Accelerators {
		t.Headers = append(t.Headers, e.ID)
		add("name", e.Name)
		add("vendor", e.Vendor)
		add("release year", strconv.Itoa(e.Year))
		add("memory", e.Memory.String())
		add("memory bandwidth", e.Bandwidth.String())
		add("TDP", hwWatts(e.TDP))
		add("scale-up bandwidth", hwByteRate(e.ScaleUpBandwidth))
		add("scale-up domain", hwInt(e.ScaleUpDomain))
		for _, p := range res.Precisions {
			add(string(p)+" dense peak", hwRate(e.Dense[p]))
			add(string(p)+" ridge FLOP/B", hwRidge(e.Ridge, p))
		}
	}
	for _, name := range order {
		t.AddRow(append([]string{name}, rows[name]...)...)
	}
	if err := t.Write(w); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nDense peaks (no sparsity). Ridge = dense peak ÷ memory bandwidth; kernels below it are memory-bound.")
	return err
}

func hwByteRate(r units.ByteRate) string {
	if r == 0 {
		return "-"
	}
	return r.String()
}

func hwInt(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}
