package api_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/flopsdev/flops/api"
)

// TestIsoFLOPSizeIsBounded: a request over the curve-point cap is an
// input error naming the field and the cap (QA: 100 budgets × 1,000 points
// returned 24.9 MB).
func TestIsoFLOPSizeIsBounded(t *testing.T) {
	budgets := strings.TrimSuffix(strings.Repeat("1e21,", 100), ",")
	tests := []struct {
		req        api.ScaleIsoFLOPRequest
		flag, want string
	}{
		{api.ScaleIsoFLOPRequest{Budgets: budgets, Points: "1000"}, "points", "300000 curve points, more than the cap of 20000"},
		{api.ScaleIsoFLOPRequest{Budgets: budgets + ",1e22"}, "budgets", "more than 100 budgets"},
	}
	for _, tt := range tests {
		_, err := tt.req.Run(api.Env{})
		var ie *api.InputError
		if !errors.As(err, &ie) || ie.Flag != tt.flag || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("points %q: error %v, want --%s ... %q", tt.req.Points, err, tt.flag, tt.want)
		}
	}
	for _, ok := range []api.ScaleIsoFLOPRequest{{Budgets: "1e20,1e21", Points: "1000"}, {Budgets: budgets}} {
		if _, err := ok.Run(api.Env{}); err != nil {
			t.Errorf("%.20s... × %q points: %v, want a result", ok.Budgets, ok.Points, err)
		}
	}
}

// TestPlanBounds: --max-micro-batch is capped (the search tries every
// micro-batch up to it for every split), and a done context stops the
// search with the context's error.
func TestPlanBounds(t *testing.T) {
	_, err := api.PlanRequest{Model: "llama-3-8b", GPUs: "16", MaxMicro: "4194304"}.Run(api.Env{})
	var ie *api.InputError
	if !errors.As(err, &ie) || ie.Flag != "max-micro-batch" || !strings.Contains(err.Error(), "1 to 1024") {
		t.Errorf("max-micro-batch 4194304: error %v, want --max-micro-batch ... 1 to 1024", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (api.PlanRequest{Model: "llama-3-8b", GPUs: "16"}).Run(api.Env{Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error %v, want context.Canceled", err)
	}
}
