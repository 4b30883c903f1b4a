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

// TestDeployParetoInfeasible: a TTFT target nothing meets leaves no
// Pareto point (the fronts keep points within the TTFT target) but is a
// result: the figure draws the TPOT target and the closest point, and
// names no winner.
func TestDeployParetoInfeasible(t *testing.T) {
	e, err := model.Lookup("llama-3.1-8b")
	if err != nil {
		t.Fatal(err)
	}
	h100, _ := hardware.Default().Lookup("h100-sxm")
	r, err := deploy.Search(deploy.Config{Model: &e.Arch, GPUs: []deploy.GPU{{Accelerator: h100}}, TotalGPUs: 2,
		Targets: deploy.Targets{TTFT: 0.001, TPOT: 0.015}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Feasible || len(r.Pareto) != 0 || r.Closest == nil {
		t.Fatalf("feasible %v, %d Pareto points, closest %v: want a 1 ms TTFT out of reach, no front, a closest point", r.Feasible, len(r.Pareto), r.Closest)
	}
	p, err := DeployPareto(r)
	if err != nil {
		t.Fatalf("an infeasible target: %v, want a figure", err)
	}
	b, err := Render(p, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"TPOT target", "closest to the targets", "nothing meets the targets"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("svg lacks %q", want)
		}
	}
	if bytes.Contains(b, []byte("best: ")) {
		t.Error("svg names a winner where there is none")
	}
}
