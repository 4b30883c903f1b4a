package api

import (
	"errors"
	"testing"
)

// TestSweepRejectsLoad: the static roofline (Sweep, and the charts drawn
// from it) names the load field it does not take instead of dropping it.
func TestSweepRejectsLoad(t *testing.T) {
	base := InferRequest{Model: "llama-3-8b", Batch: "1,8"}
	for flag, set := range map[string]func(*ServingFields){
		"concurrency":    func(s *ServingFields) { s.Concurrency = "8" },
		"rate":           func(s *ServingFields) { s.Rate = "2" },
		"max-throughput": func(s *ServingFields) { s.MaxThroughput = "true" },
	} {
		r := base
		set(&r.ServingFields)
		_, err := r.Sweep(Env{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Flag != flag || !errors.Is(err, ErrLoadNotStatic) {
			t.Errorf("%s: error %v, want an *InputError on --%s wrapping ErrLoadNotStatic", flag, err, flag)
		}
	}
	off := base
	off.MaxThroughput = "false" // not a load
	if _, err := off.Sweep(Env{}); err != nil {
		t.Errorf("max_throughput=false: %v, want the sweep", err)
	}
}
