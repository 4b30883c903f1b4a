package hardware

import (
	"math"
	"strings"
	"testing"
)

func TestCatalogSize(t *testing.T) {
	if got, want := len(Default().All()), 35; got < want {
		t.Errorf("got %d entries, want at least %d (issue 2)", got, want)
	}
}

// TestEveryEntry validates each embedded entry (ranges, source, precision
// keys, sparse ≥ dense) and that names are unique after Normalize.
func TestEveryEntry(t *testing.T) {
	seen := map[string]string{}
	for _, a := range Default().All() {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
		if a.Year == 0 || a.Confidence == "" {
			t.Errorf("%s: release year %d, confidence %q: want both set in the embedded catalog", a.ID, a.Year, a.Confidence)
		}
		for _, n := range append([]string{a.ID}, a.Aliases...) {
			if prev, dup := seen[Normalize(n)]; dup {
				t.Errorf("name %q of %s already names %s", n, a.ID, prev)
			}
			seen[Normalize(n)] = a.ID
		}
		for p, s := range a.Sparse {
			if d := a.Dense[p]; !(s >= d) {
				t.Errorf("%s: sparse %s %g below dense %g", a.ID, p, float64(s), float64(d))
			}
		}
	}
}

// TestPeakNeverSparse: for every entry and precision, Peak returns the dense
// figure, never the sparse one.
func TestPeakNeverSparse(t *testing.T) {
	for _, a := range Default().All() {
		for _, p := range AllPrecisions() {
			got, err := a.Peak(p)
			if err != nil {
				if a.Dense[p] != 0 {
					t.Errorf("%s %s: got error %v with a dense figure present", a.ID, p, err)
				}
				continue
			}
			if got != a.Dense[p] {
				t.Errorf("%s %s: got %g, want dense %g", a.ID, p, float64(got), float64(a.Dense[p]))
			}
			if s, ok := a.Sparse[p]; ok && s > a.Dense[p] && got == s {
				t.Errorf("%s %s: Peak returned the sparse figure %g", a.ID, p, float64(s))
			}
		}
	}
}

// TestRequiredAliases: the names issue 2 requires resolve, to the SKU the
// issue names (h100 → SXM, a100 → 80GB SXM).
func TestRequiredAliases(t *testing.T) {
	want := map[string]string{
		"h100": "h100-sxm", "h100-sxm": "h100-sxm", "h100-pcie": "h100-pcie", "h200": "h200-sxm",
		"a100": "a100-sxm4-80gb", "a100-40gb": "a100-sxm4-40gb", "a100-80gb": "a100-sxm4-80gb",
		"b200": "b200", "gb200": "gb200", "mi300x": "mi300x", "mi325x": "mi325x",
		"tpu-v5p": "tpu-v5p", "tpu-v5e": "tpu-v5e", "tpu-v6e": "tpu-v6e", "gaudi3": "gaudi3",
		"trainium2": "trainium2", "l40s": "l40s", "rtx-4090": "rtx-4090", "v100": "v100-sxm2-32gb",
		"H100_SXM": "h100-sxm", "h100sxm": "h100-sxm", "TPU v5e": "tpu-v5e", "RTX 4090": "rtx-4090",
	}
	for name, id := range want {
		a, err := Default().Lookup(name)
		if err != nil || a.ID != id {
			t.Errorf("Lookup(%q): got %q, %v; want %q", name, a.ID, err, id)
		}
	}
}

// close reports |got-want| ≤ tol·|want|.
func close(got, want, tol float64) bool { return math.Abs(got-want) <= tol*math.Abs(want) }

// TestDatasheetValues pins key figures to their datasheets (tolerance 0.1 %).
func TestDatasheetValues(t *testing.T) {
	cases := []struct {
		id, field string
		get       func(Accelerator) float64
		want      float64
		cite      string
	}{
		{"h100-sxm", "bf16", dense(BF16), 989.4e12, "NVIDIA H100 datasheet 1,979 TFLOPS BF16 with sparsity ÷ 2 (whitepaper 989.4 dense)"},
		{"h100-sxm", "bandwidth", bw, 3.35e12, "NVIDIA H100 datasheet: 3.35 TB/s (SXM)"},
		{"h100-sxm", "tdp", tdp, 700, "NVIDIA H100 datasheet: up to 700 W (SXM)"},
		{"h100-sxm", "memory", mem, 80e9, "NVIDIA H100 datasheet: 80 GB"},
		{"h100-sxm", "fp8", dense(FP8), 1978.9e12, "NVIDIA H100 datasheet 3,958 TFLOPS FP8 sparse ÷ 2"},
		{"h100-pcie", "bf16", dense(BF16), 756.5e12, "NVIDIA H100 datasheet PCIe: 1,513 TFLOPS BF16 sparse ÷ 2"},
		{"h100-pcie", "bandwidth", bw, 2.0e12, "NVIDIA H100 datasheet PCIe: 2 TB/s"},
		{"a100-sxm4-80gb", "bf16", dense(BF16), 312e12, "NVIDIA A100 datasheet: 312 TFLOPS BF16 dense (624 sparse)"},
		{"a100-sxm4-80gb", "bandwidth", bw, 2.039e12, "NVIDIA A100 datasheet: 2,039 GB/s (80GB SXM)"},
		{"a100-sxm4-40gb", "bandwidth", bw, 1.555e12, "NVIDIA A100 datasheet: 1,555 GB/s (40GB)"},
		{"a100-sxm4-80gb", "tf32", dense(TF32), 156e12, "NVIDIA A100 datasheet: 156 TFLOPS TF32 dense"},
		{"h200-sxm", "memory", mem, 141e9, "NVIDIA H200 datasheet: 141 GB HBM3e"},
		{"h200-sxm", "bandwidth", bw, 4.8e12, "NVIDIA H200 datasheet: 4.8 TB/s"},
		{"v100-sxm2-32gb", "fp16", dense(FP16), 125e12, "NVIDIA V100 datasheet: 125 TFLOPS tensor (SXM2)"},
		{"mi300x", "bf16", dense(BF16), 1307.4e12, "AMD MI300X page: 1307.4 TFLOPS BF16 dense"},
		{"mi300x", "memory", mem, 192e9, "AMD MI300X page: 192 GB HBM3"},
		{"tpu-v5p", "bf16", dense(BF16), 459e12, "Google Cloud TPU v5p docs: 459 TFLOPs BF16"},
		{"tpu-v5p", "memory", mem, 95 * (1 << 30), "Google Cloud TPU v5p docs: 95 GiB HBM"},
		{"tpu-v5e", "bf16", dense(BF16), 197e12, "Google Cloud TPU v5e docs: 197 TFLOPs BF16"},
		{"tpu-v6e", "bf16", dense(BF16), 918e12, "Google Cloud TPU v6e docs: 918 TFLOPs BF16"},
		{"trainium2", "bf16", dense(BF16), 667e12, "AWS Neuron docs Trainium2: 667 TFLOPS BF16"},
		{"b200", "bf16", dense(BF16), 2250e12, "NVIDIA HGX B200: 4.5 PFLOPS BF16 with sparsity ÷ 2"},
		{"l40s", "bf16", dense(BF16), 362.05e12, "NVIDIA L40S datasheet: 362.05 TFLOPS BF16 dense (733 sparse)"},
	}
	for _, c := range cases {
		a, err := Default().Lookup(c.id)
		if err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		if got := c.get(a); !close(got, c.want, 1e-3) {
			t.Errorf("%s %s: got %g, want %g ±0.1%% (%s)", c.id, c.field, got, c.want, c.cite)
		}
	}
}

func dense(p Precision) func(Accelerator) float64 {
	return func(a Accelerator) float64 { return float64(a.Dense[p]) }
}
func bw(a Accelerator) float64  { return float64(a.Bandwidth) }
func tdp(a Accelerator) float64 { return float64(a.TDP) }
func mem(a Accelerator) float64 { return float64(a.Memory) }

func TestRidge(t *testing.T) {
	a, _ := Default().Lookup("h100")
	got, err := a.Ridge(BF16)
	// 989.4e12 FLOP/s ÷ 3.35e12 B/s = 295.34 FLOP/byte (hand arithmetic).
	if err != nil || !close(got, 295.34, 1e-3) {
		t.Errorf("H100 bf16 ridge: got %g, %v; want 295.34", got, err)
	}
}

func TestPrecisionError(t *testing.T) {
	a, _ := Default().Lookup("v100")
	_, err := a.Peak(BF16)
	pe, ok := err.(*PrecisionError)
	if !ok {
		t.Fatalf("got %v, want *PrecisionError (V100 has no bf16: NVIDIA V100 datasheet)", err)
	}
	if got, want := pe.Hint(), "use --precision fp16, or give the peak yourself with --peak"; got != want {
		t.Errorf("hint: got %q, want %q", got, want)
	}
}

func TestLookupUnknown(t *testing.T) {
	cases := []struct{ name, first string }{
		{"h10", "h100-pcie"},  // prefix of h100* beats a10 (distance 1); catalog order puts PCIe first
		{"mi300", "mi300x"},   // prefix
		{"tpu v6", "tpu-v6e"}, // prefix after normalization
		{"gaudi4", "gaudi2"},  // distance 1, first in catalog order
	}
	for _, c := range cases {
		_, err := Default().Lookup(c.name)
		nf, ok := err.(*NotFoundError)
		if !ok || len(nf.Nearest) == 0 || nf.Nearest[0] != c.first {
			t.Errorf("Lookup(%q): got %v, want NotFoundError with nearest %s first", c.name, err, c.first)
		}
	}
}

func TestCloneIsolation(t *testing.T) {
	a, _ := Default().Lookup("h100")
	a.Dense[BF16] = 1
	b, _ := Default().Lookup("h100")
	if b.Dense[BF16] != 989.4e12 {
		t.Errorf("catalog changed through a Lookup copy: got %g", float64(b.Dense[BF16]))
	}
}

func TestParsePrecision(t *testing.T) {
	for in, want := range map[string]Precision{"bf16": BF16, "BF16": BF16, "bfloat16": BF16, "half": FP16, " fp8 ": FP8, "INT8": INT8} {
		if got, err := ParsePrecision(in); err != nil || got != want {
			t.Errorf("ParsePrecision(%q): got %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParsePrecision("fp12"); err == nil {
		t.Error("ParsePrecision(fp12): got no error")
	}
}

// TestLookupVendorPrefix: names as people write them with the vendor
// first resolve (QA: "NVIDIA H100" was unknown); a vendor alone does not.
func TestLookupVendorPrefix(t *testing.T) {
	c := Default()
	for in, want := range map[string]string{"NVIDIA H100": "h100-sxm", "amd mi300x": "mi300x", "Google TPU v5e": "tpu-v5e"} {
		a, err := c.Lookup(in)
		if err != nil || a.ID != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", in, a.ID, err, want)
		}
	}
	if _, err := c.Lookup("nvidia"); err == nil {
		t.Error(`Lookup("nvidia") succeeded, want an error`)
	}
}

// TestLookupLongNameShortError: a 100 kB name gives a short message (QA:
// the whole name was echoed on one line).
func TestLookupLongNameShortError(t *testing.T) {
	_, err := Default().Lookup(strings.Repeat("é", 50000))
	if err == nil || len(err.Error()) > 300 || !strings.Contains(err.Error(), "…") {
		t.Errorf("error length %d, want ≤ 300 with the name cut (…)", len(err.Error()))
	}
}

// TestServingSystems: every system of the serving measurements
// (AIConfigurator silicon sample, ai-dynamo/aiconfigurator, Apache-2.0)
// resolves; Blackwell parts list a dense FP4 peak, Hopper parts list none
// (Hopper has no FP4 tensor cores: FP4 weights run through FP8 or BF16).
func TestServingSystems(t *testing.T) {
	want := map[string]string{"h100_sxm": "h100-sxm", "h200_sxm": "h200-sxm", "b200_sxm": "b200",
		"b300_sxm": "b300", "gb200": "gb200", "gb300": "gb300"}
	for name, id := range want {
		a, err := Default().Lookup(name)
		if err != nil || a.ID != id {
			t.Errorf("Lookup(%q): got %q, %v; want %q", name, a.ID, err, id)
		}
	}
	for _, a := range Default().All() {
		hopper := strings.HasPrefix(a.ID, "h100") || strings.HasPrefix(a.ID, "h200") || a.ID == "h800-sxm" || a.ID == "h20"
		blackwell := a.Vendor == "NVIDIA" && (strings.HasPrefix(a.ID, "b") || strings.HasPrefix(a.ID, "gb"))
		if hopper && a.Dense[FP4] > 0 {
			t.Errorf("%s lists an fp4 peak; Hopper has no FP4 tensor cores", a.ID)
		}
		if blackwell && a.Dense[FP4] <= 0 {
			t.Errorf("%s lists no dense fp4 peak", a.ID)
		}
	}
}

// TestBlackwellUltra pins B300 and GB300 to their sources (see each entry's
// source field), and checks the Blackwell Ultra trade: more dense FP4,
// far less INT8 and FP64 than Blackwell.
func TestBlackwellUltra(t *testing.T) {
	cases := []struct {
		id, field string
		get       func(Accelerator) float64
		want      float64
		cite      string
	}{
		{"b300", "fp4", dense(FP4), 14e15, "Verda per-GPU table, AIConfigurator b300_sxm.yaml: 14 PF dense"},
		{"b300", "fp8", dense(FP8), 4.5e15, "HGX B300: 72 PF FP8 sparse / 8 / 2"},
		{"b300", "bf16", dense(BF16), 2.25e15, "HGX B300: 36 PF BF16 sparse / 8 / 2"},
		{"b300", "fp64", dense(FP64), 1.25e12, "HGX B300: 10 TF FP64 / 8"},
		{"b300", "memory", mem, 288e9, "Blackwell Ultra: 288 GB HBM3e"},
		{"b300", "tdp", tdp, 1100, "Verda, AIConfigurator b300_sxm.yaml: 1,100 W (HGX)"},
		{"gb300", "fp4", dense(FP4), 15e15, "GB300 NVL72: 1,080 PF dense / 72; NVIDIA blog: 15 PF dense NVFP4"},
		{"gb300", "fp8", dense(FP8), 5e15, "GB300 NVL72: 720 PF FP8 sparse / 72 / 2"},
		{"gb300", "bf16", dense(BF16), 2.5e15, "GB300 NVL72: 360 PF sparse / 72 / 2"},
		{"gb300", "bandwidth", bw, 8e12, "GB300 NVL72: 576 TB/s / 72"},
		{"gb300", "tdp", tdp, 1400, "Hot Chips 2025 Blackwell Ultra table: 1,400 W"},
		{"gb300", "nvlink", func(a Accelerator) float64 { return float64(a.ScaleUpBandwidth) }, 1.8e12, "NVLink 5: 130 TB/s / 72"},
	}
	for _, c := range cases {
		a, err := Default().Lookup(c.id)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.get(a); !close(got, c.want, 1e-3) {
			t.Errorf("%s %s: got %g, want %g ±0.1%% (%s)", c.id, c.field, got, c.want, c.cite)
		}
	}
	for _, pair := range [][2]string{{"b300", "b200"}, {"gb300", "gb200"}} {
		u, _ := Default().Lookup(pair[0])
		b, _ := Default().Lookup(pair[1])
		if u.Dense[FP4] <= b.Dense[FP4] || u.Dense[INT8] >= b.Dense[INT8]/10 || u.Dense[FP64] >= b.Dense[FP64]/10 {
			t.Errorf("%s vs %s: fp4 %g/%g, int8 %g/%g, fp64 %g/%g: want more fp4 and a tenth or less of the int8 and fp64",
				pair[0], pair[1], float64(u.Dense[FP4]), float64(b.Dense[FP4]), float64(u.Dense[INT8]), float64(b.Dense[INT8]),
				float64(u.Dense[FP64]), float64(b.Dense[FP64]))
		}
	}
}
