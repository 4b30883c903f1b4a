package plot

import (
	"bytes"
	"testing"

	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
)

func TestDeployPareto(t *testing.T) {
	e, err := model.Lookup("llama-3.1-8b")
	if err != nil {
		t.Fatal(err)
	}
	h100, _ := hardware.Default().Lookup("h100-sxm")
	r, err := deploy.Search(deploy.Config{Model: &e.Arch, GPUs: []deploy.GPU{{Accelerator: h100}}, TotalGPUs: 2,
		Targets: deploy.Targets{TPOT: 0.015}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := DeployPareto(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats() {
		b, err := Render(p, f)
		if err != nil || len(b) < 1000 {
			t.Fatalf("%s: %d bytes, %v", f, len(b), err)
		}
		if f == "svg" && (!bytes.Contains(b, []byte("TPOT target")) || !bytes.Contains(b, []byte("h100-sxm aggregated"))) {
			t.Error("svg: want the TPOT target line and the h100-sxm aggregated front in the legend")
		}
	}
	if _, err := DeployPareto(&deploy.Result{}); err == nil {
		t.Error("an empty result: want an error, not an empty figure")
	}
}
