package api

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestUploadLoneSafetensors: an uploaded safetensors header with no
// config.json gives the same weights-only Summary and the same single
// warning as "flops model FILE" (Run with a path), not an error (issue 15).
// The file holds one F16 tensor of 4×4: 16 parameters, 32 bytes.
func TestUploadLoneSafetensors(t *testing.T) {
	path := writeBareSafetensors(t, false)
	cli, err := ModelRequest{Model: path}.Run(Env{AllowPaths: true})
	if err != nil {
		t.Fatal(err)
	}
	up, err := ModelRequest{}.RunUpload(Env{}, "w.safetensors", mustRead(t, path))
	if err != nil {
		t.Fatalf("upload of a lone safetensors file: %v", err)
	}
	if !up.WeightsOnly || up.ParamsTotal != 16 || up.WeightBytes != 32 {
		t.Errorf("upload gives weights_only %v, params %v, bytes %v; want true, 16, 32", up.WeightsOnly, up.ParamsTotal, up.WeightBytes)
	}
	if !reflect.DeepEqual(up.Warnings, cli.Warnings) || len(up.Warnings) != 1 {
		t.Errorf("upload warnings %q, CLI warnings %q; want the same single warning", up.Warnings, cli.Warnings)
	}
	for _, w := range up.Source.Warnings {
		if strings.Contains(w, "config.json") {
			t.Errorf("source repeats the missing config.json: %q", w)
		}
	}
	if _, err := (ModelRequest{}).RunUpload(Env{}, "e.safetensors", mustRead(t, writeBareSafetensors(t, true))); err == nil {
		t.Error("upload of a safetensors file with no tensors: nil error, want one")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
