package hardware

import (
	"os"
	"strings"
	"testing"
)

func TestReadJSONAndWith(t *testing.T) {
	f, err := os.Open("testdata/user.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Default().With(entries...)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Lookup("ASIC1")
	if err != nil || a.Dense[BF16] != 500e12 {
		t.Errorf("Lookup(ASIC1): got %+v, %v; want the user entry with bf16 500e12 (testdata/user.json)", a.Dense, err)
	}
	// "h100" is an alias of h100-sxm: the user entry replaces it and keeps
	// its names, so "h100-sxm" finds the override too.
	h, err := c.Lookup("h100-sxm")
	if err != nil || h.Dense[BF16] != 800e12 {
		t.Errorf("Lookup(h100-sxm) after override: got %g, %v; want 800e12 (testdata/user.json)", float64(h.Dense[BF16]), err)
	}
	if got, want := len(c.All()), len(Default().All())+1; got != want {
		t.Errorf("got %d entries, want %d (one added, one replaced)", got, want)
	}
	if d, _ := Default().Lookup("h100"); d.Dense[BF16] != 989.4e12 {
		t.Errorf("With modified the default catalog: got %g", float64(d.Dense[BF16]))
	}
}

func TestReadJSONArrayAndDefaultSource(t *testing.T) {
	in := `[{"id":"x1","vendor":"V","name":"X","dense_flops":{"bf16":1e14},"memory_bytes":1e10,"memory_bandwidth_bytes_per_second":1e12}]`
	got, err := ReadJSON(strings.NewReader(in))
	if err != nil || len(got) != 1 || got[0].Source != "user file" {
		t.Errorf("got %+v, %v; want one entry with source \"user file\"", got, err)
	}
}

func TestReadJSONErrors(t *testing.T) {
	valid := `"vendor":"V","name":"X","memory_bytes":1e10,"memory_bandwidth_bytes_per_second":1e12`
	cases := []struct{ name, in, want string }{
		{"empty", ``, "decode JSON"},
		{"no entries", `[]`, "no entries"},
		{"unknown field", `[{"id":"x","tdp":5,` + valid + `,"dense_flops":{"bf16":1e14}}]`, `unknown field "tdp"`},
		{"TFLOP/s not FLOP/s", `[{"id":"x",` + valid + `,"dense_flops":{"bf16":989}}]`, "dense_flops.bf16 = 989 is outside"},
		{"bad precision", `[{"id":"x",` + valid + `,"dense_flops":{"bf17":1e14}}]`, `unknown precision "bf17"`},
		{"sparse below dense", `[{"id":"x",` + valid + `,"dense_flops":{"bf16":1e14},"sparse_flops":{"bf16":1e13}}]`, "sparse_flops.bf16"},
		{"upper-case id", `[{"id":"X",` + valid + `,"dense_flops":{"bf16":1e14}}]`, "id has"},
		{"negative memory", `[{"id":"x","vendor":"V","name":"X","memory_bytes":-1,"memory_bandwidth_bytes_per_second":1e12,"dense_flops":{"bf16":1e14}}]`, "memory_bytes = -1"},
		{"trailing data", `[] []`, "after the first value"},
		{"too big", `[` + strings.Repeat(" ", MaxFileBytes) + `]`, "larger than"},
		{"duplicate in file", `[{"id":"x",` + valid + `,"dense_flops":{"bf16":1e14}},{"id":"x",` + valid + `,"dense_flops":{"bf16":1e14}}]`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			entries, err := ReadJSON(strings.NewReader(c.in))
			if err == nil && c.want == "" {
				_, err = Default().With(entries...) // duplicates surface when merged
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestWithAliasConflict(t *testing.T) {
	a, _ := Default().Lookup("a100")
	a.ID, a.Aliases = "my-chip", []string{"h200"} // h200 already names h200-sxm
	if _, err := Default().With(a); err == nil || !strings.Contains(err.Error(), "already names h200-sxm") {
		t.Errorf("got %v, want an alias conflict error", err)
	}
}

// FuzzReadJSON: arbitrary bytes never panic, and anything accepted merges
// into the default catalog or fails with an error (never a panic).
func FuzzReadJSON(f *testing.F) {
	seed, err := os.ReadFile("testdata/user.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add(`[{"id":"x1","vendor":"V","name":"X","dense_flops":{"bf16":1e14},"memory_bytes":1e10,"memory_bandwidth_bytes_per_second":1e12}]`)
	f.Add(`{"accelerators":[]}`)
	f.Add(`[{"id":"","dense_flops":{"bf16":1e400}}]`)
	f.Fuzz(func(t *testing.T, s string) {
		entries, err := ReadJSON(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, a := range entries {
			if err := a.Validate(); err != nil {
				t.Fatalf("ReadJSON returned an invalid entry: %v", err)
			}
		}
		_, _ = Default().With(entries...)
	})
}

// TestReadJSONPlainErrors: type errors are reported in the file's terms,
// never with Go type names (QA: "cannot unmarshal string into Go struct
// field Accelerator.dense_flops of type units.FLOPRate").
func TestReadJSONPlainErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`5`, "the top level holds a JSON number, want an array"},
		{`[{"id":"x","dense_flops":{"bf16":"fast"}}]`, "dense_flops holds a JSON string, want a number"},
		{`[{"id":"x","memory_bytes":"96GB"}]`, "memory_bytes holds a JSON string, want a number"},
		{``, "the file is empty"},
		{`[{"id":"x"`, "ends early"},
	}
	for _, tt := range tests {
		_, err := ReadJSON(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "Go ") {
			t.Errorf("ReadJSON(%q) = %v, want an error containing %q and no Go type names", tt.in, err, tt.want)
		}
	}
}
