package api

import (
	"errors"
	"strings"
	"testing"
)

func TestDeployRequest(t *testing.T) {
	r := DeployRequest{Model: "llama-3.1-8b", GPU: "h100-sxm,rtx-4090", GPUs: "2", TTFT: "300ms", TPOT: "20ms", Mode: "agg", TP: "2,1,2"}
	res, err := r.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accelerators) != 2 || res.Accelerators[0].PricePerGPUHour == nil {
		t.Fatalf("accelerators %d, h100 price %v: want two, the H100 priced from the table", len(res.Accelerators), res.Accelerators[0].PricePerGPUHour)
	}
	if res.Accelerators[1].PricePerGPUHour != nil || !strings.Contains(strings.Join(res.Warnings, "\n"), "rtx-4090: ") {
		t.Errorf("rtx-4090 price %v, warnings %q: the catalog has no RTX 4090 price, so no cost and a warning", res.Accelerators[1].PricePerGPUHour, res.Warnings)
	}
	if res.Best == nil || res.Best.TP > 2 {
		t.Errorf("best %+v: want a layout within --tp 1,2", res.Best)
	}
}

func TestDeployRequestBadInput(t *testing.T) {
	ok := DeployRequest{Model: "llama-3.1-8b", GPU: "h100-sxm"}
	for _, tc := range []struct {
		flag string
		edit func(*DeployRequest)
	}{
		{"model", func(r *DeployRequest) { r.Model = "" }},
		{"gpu", func(r *DeployRequest) { r.GPU = "nosuch" }},
		{"gpu", func(r *DeployRequest) { r.GPU = "h100-sxm,h100" }},
		{"price", func(r *DeployRequest) { r.Price = "-2" }},
		{"price", func(r *DeployRequest) { r.GPU, r.Price = "h100-sxm,b200,h200-sxm", "1,2" }},
		{"ttft", func(r *DeployRequest) { r.TTFT = "0" }},
		{"tpot", func(r *DeployRequest) { r.TPOT = "inf" }},
		{"tpot", func(r *DeployRequest) { r.TPOT = "25" }},
		{"rate", func(r *DeployRequest) { r.Rate = "NaN" }},
		{"rate", func(r *DeployRequest) { r.GPUs, r.Rate = "8", "2" }},
		{"rate", func(r *DeployRequest) { r.Rate = "2e6" }},
		{"gpus", func(r *DeployRequest) { r.GPUs = "0" }},
		{"ep", func(r *DeployRequest) { r.EP = "1,x" }},
		{"framework", func(r *DeployRequest) { r.Framework = "tgi" }},
		{"weights", func(r *DeployRequest) { r.Weights = "int3" }},
		{"tp", func(r *DeployRequest) { r.TP = "3" }},
	} {
		r := ok
		tc.edit(&r)
		_, err := r.Run(Env{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Flag != tc.flag {
			t.Errorf("%+v: got %v, want an input error naming --%s", r, err, tc.flag)
		}
	}
}

// TestDeployRequestDefaultGPU: without --gpu the search runs on DefaultGPU
// and says so among the assumptions.
func TestDeployRequestDefaultGPU(t *testing.T) {
	r := DeployRequest{Model: "llama-3.1-8b", GPUs: "1", Mode: "agg", TP: "1", Concurrency: "8"}
	res, err := r.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range res.Assumptions {
		found = found || (a.Name == "accelerator" && a.Value == DefaultGPU)
	}
	if len(res.Accelerators) != 1 || res.Accelerators[0].Accelerator != DefaultGPU || !found {
		t.Errorf("accelerators %d, assumptions %+v: want %s, stated as the default", len(res.Accelerators), res.Assumptions, DefaultGPU)
	}
}

// TestDeployKVDtypeInCommands: the commands carry the KV-cache format as
// named; int8 and fp8 are both 8 bits, and int8 used to come back as fp8.
func TestDeployKVDtypeInCommands(t *testing.T) {
	r := DeployRequest{Model: "llama-3.1-8b", GPU: "h100-sxm", GPUs: "1", Mode: "agg", TP: "1", Concurrency: "8", KVDtype: "int8"}
	res, err := r.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best == nil || !strings.Contains(res.Best.Command, "--kv-dtype int8") {
		t.Fatalf("best %+v: want its command with --kv-dtype int8", res.Best)
	}
}
