package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scaleRun runs "flops scale args..." in process with no user catalog.
func scaleRun(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(env, append([]string{"scale"}, args...))
	return out.String(), errb.String(), code
}

// scaleJSON runs a scale subcommand with --json and decodes the output.
func scaleJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out, errs, code := scaleRun(append(args, "--json")...)
	if code != 0 {
		t.Fatalf("flops scale %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	return m
}

// lawRows indexes the "laws" array of a result by law ID.
func lawRows(t *testing.T, m map[string]any) map[string]map[string]any {
	t.Helper()
	rows := map[string]map[string]any{}
	list, _ := m["laws"].([]any)
	for _, r := range list {
		row := r.(map[string]any)
		rows[row["law"].(string)] = row
	}
	return rows
}

// TestScaleOptimalGopherJSON is the issue's check: "flops scale optimal
// --compute 5.76e23 --json" matches formulas.md §6 within 2% per law.
// Sources: Table 3 (chinchilla-1: 67B, 1.5T); §6.3 table (chinchilla-3
// 32B/3.0T, precise 40B/2.4T, Epoch 72B/1.33T); §6.4 (tokens-20: 69.3B,
// 1.39T); hand arithmetic from §6.1, §6.6, §6.7 constants: Kaplan
// 1.3e9·(5.76e23/8.64e19)^0.73 = 8.05e11, 2e10·6666.7^0.27 = 2.155e11;
// DeepSeek 0.1715·(5.76e23)^0.5243/6 = 8.20e10, 5.8316·(5.76e23)^0.4757 =
// 1.171e12; Llama 3 D = 0.29·(5.76e23)^0.53 = 1.136e12, N = C/(6D) = 8.45e10.
// Approach 2 is not in formulas.md; its row is checked by its own tests.
func TestScaleOptimalGopherJSON(t *testing.T) {
	m := scaleJSON(t, "optimal", "--compute", "5.76e23")
	if c := m["compute_flops"].(float64); c != 5.76e23 {
		t.Errorf("compute_flops = %g, want 5.76e23", c)
	}
	rows := lawRows(t, m)
	want := map[string][2]float64{
		"chinchilla-1": {67e9, 1.5e12}, "chinchilla-3": {32e9, 3.0e12}, "chinchilla-3-precise": {40e9, 2.4e12},
		"epoch-2024": {72e9, 1.33e12}, "tokens-20": {69.3e9, 1.39e12}, "kaplan-2020": {8.05e11, 2.155e11},
		"deepseek-llm": {8.20e10, 1.171e12}, "llama3": {8.45e10, 1.136e12},
	}
	for id, w := range want {
		r, ok := rows[id]
		if !ok {
			t.Errorf("law %s missing from the output", id)
			continue
		}
		n, d := r["params_optimal"].(float64), r["tokens_optimal"].(float64)
		if math.Abs(n/w[0]-1) > 0.02 || math.Abs(d/w[1]-1) > 0.02 {
			t.Errorf("%s: N=%.4g D=%.4g, want %.4g, %.4g ±2%%", id, n, d, w[0], w[1])
		}
		for _, f := range []string{"law", "params_optimal", "tokens_optimal", "tokens_per_param", "predicted_loss", "compute_flops", "source"} {
			if _, ok := r[f]; !ok {
				t.Errorf("%s: field %q missing", id, f)
			}
		}
	}
	if _, ok := rows["chinchilla-2"]; !ok || len(rows) != 9 {
		t.Errorf("got %d laws, want all 9 built-in laws", len(rows))
	}
	d, _ := m["disagreement"].(map[string]any)
	if s, _ := d["statement"].(string); !strings.Contains(s, "kaplan-2020") || d["params_ratio"].(float64) < 20 {
		t.Errorf("disagreement = %v, want Kaplan at the top of a >20× spread (804B / 32.2B = 25×)", d)
	}
}

// TestScaleOptimalBudgets checks the budget forms against formulas.md §8:
// $47,166 at $2/h on an H100 SXM (989.4 TFLOP/s) at 50% MFU is 23,583
// GPU-hours = 4.2e22 FLOPs, as is 23,583/512/24 = 1.919 days on 512 GPUs.
func TestScaleOptimalBudgets(t *testing.T) {
	for name, args := range map[string][]string{
		"dollars": {"--budget", "$47166", "--price", "2"},
		"hours":   {"--gpu-hours", "23583"},
		"days":    {"--days", "1.91919", "--gpus", "512"},
	} {
		full := append([]string{"optimal", "--gpu", "h100-sxm", "--mfu", "0.5", "--law", "epoch"}, args...)
		m := scaleJSON(t, full...)
		if c := m["compute_flops"].(float64); math.Abs(c/4.2e22-1) > 1e-3 {
			t.Errorf("%s: compute_flops = %.5g, want 4.2e22 ±0.1%%", name, c)
		}
		cost := m["cost"].(map[string]any)
		if h := cost["gpu_hours"].(float64); math.Abs(h/23583-1) > 1e-3 {
			t.Errorf("%s: gpu_hours = %.6g, want 23,583", name, h)
		}
	}
}

// TestScaleDefaultPrice: a dollar budget without --price (the issue's
// "--budget $X --gpu ID" form) is priced at the price catalog's median for
// the chip, $4.245/GPU-hour for h100-sxm (pricing/catalog.json), and says
// so: $1M buys 1e6 / 4.245 = 235,571 H100-hours = 235,571 × 3600 × 989.4e12
// × 0.4 = 3.3563e23 FLOPs.
func TestScaleDefaultPrice(t *testing.T) {
	m := scaleJSON(t, "optimal", "--budget", "$1M", "--gpu", "h100-sxm", "--law", "epoch")
	if c := m["compute_flops"].(float64); math.Abs(c/3.3563e23-1) > 1e-3 {
		t.Errorf("compute_flops = %.5g, want 3.3563e23", c)
	}
	found := false
	for _, a := range m["assumptions"].([]any) {
		found = found || a.(map[string]any)["name"] == "price per GPU-hour"
	}
	if !found {
		t.Errorf("assumptions %v do not record the default price", m["assumptions"])
	}
}

func TestScaleHuman(t *testing.T) {
	out, _, code := scaleRun("optimal", "--compute", "5.76e23")
	for _, want := range []string{"chinchilla-3-precise", "40.4B", "Disagreement: N_opt ranges from 32.2B (chinchilla-3) to 804B (kaplan-2020)", "16.55T"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("optimal output lacks %q (exit %d):\n%s", want, code, out)
		}
	}
	out, _, code = scaleRun("laws")
	if code != 0 || !strings.Contains(out, "arXiv:2404.10102") {
		t.Errorf("laws output (exit %d) lacks the Epoch source:\n%s", code, out)
	}
}

// TestScaleLossModel: Chinchilla from the catalog (70.1B counted, 1.4T
// tokens) under the precise constants: 1.921 (formulas.md §6.3, for 70B;
// the 0.1B difference moves the loss by < 1e-4).
func TestScaleLossModel(t *testing.T) {
	m := scaleJSON(t, "loss", "--model", "chinchilla-70b", "--law", "chinchilla-3-precise")
	r := lawRows(t, m)["chinchilla-3-precise"]
	if l := r["predicted_loss"].(float64); math.Abs(l-1.921) > 0.001 {
		t.Errorf("predicted_loss = %.4f, want 1.921 ±0.001", l)
	}
	if s := r["saved_fraction"].(float64); s <= 0 || s > 0.2 {
		t.Errorf("saved_fraction = %.3f, want in (0, 0.2]: Chinchilla's 20 tokens/param is near but not at this law's 59", s)
	}
}

// TestScaleInference: the Sardana et al. example (formulas.md §6.5,
// [secondary]): a 13B-quality model with 2T tokens of inference is cheaper
// as a ~7B model, saving ~17%. The reference is the compute-optimal 13B
// under the precise constants, which trains on 617B tokens (eq. 4; see
// scaling.TestSardanaFigure1). Loose tolerances as there.
func TestScaleInference(t *testing.T) {
	m := scaleJSON(t, "inference", "--params", "13B", "--tokens", "617B", "--inference-tokens", "2T")
	ia := m["inference_optimal"].(map[string]any)
	if n := ia["params"].(float64); n < 6.5e9 || n > 7.5e9 {
		t.Errorf("inference-aware params = %.4g, want ≈7B", n)
	}
	if f := m["saved_fraction"].(float64); f < 0.14 || f > 0.2 {
		t.Errorf("saved_fraction = %.3f, want ≈0.17", f)
	}
	m = scaleJSON(t, "inference", "--loss", "2.0", "--inference-tokens", "10T", "--gpu", "h100", "--price", "2", "--infer-mfu", "0.15")
	if _, ok := m["cost_optimal"].(map[string]any); !ok || m["saved_usd"].(float64) <= 0 {
		t.Errorf("priced inference: cost_optimal %v, saved_usd %v", m["cost_optimal"], m["saved_usd"])
	}
}

func TestScaleIsoFLOPPlot(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args  []string
		file  string
		magic string
	}{
		{[]string{"isoflop", "--budgets", "1e19,1e21", "--law", "epoch"}, "iso.svg", "<?xml"},
		{[]string{"optimal", "--compute", "1e24"}, "frontier.png", "\x89PNG"},
	} {
		path := filepath.Join(dir, tc.file)
		_, errs, code := scaleRun(append(tc.args, "--plot", path)...)
		b, err := os.ReadFile(path)
		if code != 0 || err != nil || !bytes.HasPrefix(b, []byte(tc.magic)) {
			t.Errorf("%v: exit %d, %v, stderr %s", tc.args, code, err, errs)
		}
	}
	m := scaleJSON(t, "isoflop", "--budgets", "1e21", "--law", "all", "--points", "5")
	if c := m["curves"].([]any); len(c) != 4 || len(c[0].(map[string]any)["points"].([]any)) != 5 {
		t.Errorf("isoflop --law all: %d curves, want 4 (the laws with a loss), 5 points each", len(c))
	}
}

func TestScaleErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, 2, "flops: scale: missing subcommand"},
		{[]string{"bogus"}, 2, "unknown subcommand"},
		{[]string{"optimal"}, 2, "exactly one budget"},
		{[]string{"optimal", "--compute", "1e23", "--gpu-hours", "5"}, 2, "exactly one budget"},
		{[]string{"optimal", "--compute", "-1"}, 2, "negative"},
		{[]string{"optimal", "--compute", "0"}, 2, "greater than 0"},
		{[]string{"optimal", "--compute", "1e23", "--law", "chinchila"}, 2, "chinchilla-3-precise"},
		{[]string{"optimal", "--days", "3", "--gpu", "h100"}, 2, "--gpus"},
		{[]string{"optimal", "--compute", "1e23", "--custom", "E=1,A=2"}, 2, "five values"},
		{[]string{"optimal", "--compute", "1e23", "--gpu", "nosuchgpu"}, 2, "nosuchgpu"},
		{[]string{"loss", "--params", "7B"}, 2, "tokens"},
		{[]string{"loss", "--model", "nosuchmodel"}, 2, "nosuchmodel"},
		{[]string{"inference", "--loss", "1.5", "--inference-tokens", "1T", "--law", "epoch"}, 2, "irreducible"},
		{[]string{"inference", "--loss", "2"}, 2, "inference-tokens"},
		{[]string{"isoflop"}, 2, "budgets"},
		{[]string{"isoflop", "--budgets", "1e21", "--law", "llama3"}, 2, "defines no loss"},
		{[]string{"optimal", "--compute", "1e23", "--plot", "x.gif"}, 2, "svg"},
	} {
		_, errs, code := scaleRun(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "flops: ") {
			t.Errorf("scale %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

// TestScaleHelp: each subcommand's -h exits 0 with an Examples block and
// documents the required JSON fields.
func TestScaleHelp(t *testing.T) {
	// "" is 'flops scale -h' itself (QA: it had no Examples block).
	for _, sub := range []string{"", "optimal", "loss", "inference", "isoflop", "laws"} {
		args := []string{"-h"}
		if sub != "" {
			args = []string{sub, "-h"}
		}
		_, errs, code := scaleRun(args...)
		if code != 0 || !strings.Contains(errs, "Examples:") {
			t.Errorf("scale %s -h: exit %d, help:\n%s", sub, code, errs)
		}
	}
	_, errs, _ := scaleRun("optimal", "-h")
	for _, f := range []string{"law", "params_optimal", "tokens_optimal", "tokens_per_param", "predicted_loss", "compute_flops", "disagreement"} {
		if !strings.Contains(errs, f) {
			t.Errorf("optimal -h does not document %q", f)
		}
	}
}

// scaleGolden are in-process runs compared with testdata/<name>.golden
// (rewrite with: go test ./cmd/flops -run TestScaleGolden -update).
var scaleGolden = []struct {
	name string
	args []string
}{
	{"scale_optimal_gopher", []string{"optimal", "--compute", "5.76e23"}},
	{"scale_optimal_gopher_json", []string{"optimal", "--compute", "5.76e23", "--json"}},
	{"scale_optimal_budget", []string{"optimal", "--budget", "$10M", "--price", "2", "--gpu", "h100-sxm", "--gpus", "4096", "--law", "chinchilla-3-precise,epoch-2024,llama3"}},
	{"scale_loss_chinchilla", []string{"loss", "--model", "chinchilla-70b"}},
	{"scale_inference_explain", []string{"inference", "--model", "chinchilla-70b", "--inference-tokens", "10T", "--explain"}},
	{"scale_isoflop", []string{"isoflop", "--budgets", "6e18,1e21,5.76e23"}},
}

func TestScaleGolden(t *testing.T) {
	for _, tc := range scaleGolden {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := scaleRun(tc.args...)
			if code != 0 {
				t.Fatalf("flops scale %s: exit %d\n%s", strings.Join(tc.args, " "), code, errs)
			}
			checkGolden(t, tc.name, "flops scale "+strings.Join(tc.args, " "), out)
		})
	}
}

// TestRatioText: tokens per parameter above 1000 print as whole numbers
// (QA: "1.26e+03" in the scale inference table and "1.87e+03 tokens/param"
// in scale loss).
func TestRatioText(t *testing.T) {
	for in, want := range map[float64]string{1263.4: "1,263", 1868.4: "1,868", 54.73: "54.7", 0.2679: "0.268", 20: "20"} {
		if got := ratioText(in); got != want {
			t.Errorf("ratioText(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestScaleLossCaveatOnlyWhenComparing: the "not comparable across
// families" line appears only when two or more losses are shown (QA: it
// was printed under a single law's row).
func TestScaleLossCaveatOnlyWhenComparing(t *testing.T) {
	const caveat = "not comparable across families"
	one, _, _ := scaleRun("optimal", "--compute", "1e23", "--law", "epoch-2024")
	two, _, _ := scaleRun("optimal", "--compute", "1e23", "--law", "epoch-2024,kaplan-2020")
	if strings.Contains(one, caveat) || !strings.Contains(two, caveat) {
		t.Errorf("caveat with one law: %v (want false); with two: %v (want true)", strings.Contains(one, caveat), strings.Contains(two, caveat))
	}
}
