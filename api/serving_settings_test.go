package api

import (
	"errors"
	"testing"
)

// TestServerSettingsParse: the scheduler settings of a deployment reach
// the engine's configuration as given.
func TestServerSettingsParse(t *testing.T) {
	r := InferRequest{Model: "llama-3.1-70b", HW: HW{GPU: "b200"}, ServingFields: ServingFields{Concurrency: "4",
		BatchWaitIters: "20", BatchWaitTokens: "14746", AttentionDPBalance: "60", RecvInterval: "30", MaxRunning: "128"}}
	c, _, err := r.LoadConfig(Env{})
	if err != nil {
		t.Fatal(err)
	}
	b := c.BatchWait
	if b.Iters != 20 || b.Tokens != 14746 || b.BalanceIters != 60 || c.RecvInterval != 30 || c.MaxRunning != 128 {
		t.Errorf("batch wait %+v, recv interval %d, max running %d; want 20, 14746, 60, 30, 128", b, c.RecvInterval, c.MaxRunning)
	}
}

// TestServerSettingsErrors: a bad setting is an input error naming its
// flag.
func TestServerSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		flag string
		set  func(*ServingFields)
	}{
		{"batch-wait-iters", func(s *ServingFields) { s.BatchWaitIters = "-3" }},
		{"batch-wait-tokens", func(s *ServingFields) { s.BatchWaitTokens = "1000" }}, // without --batch-wait-iters
		{"attention-dp-balance", func(s *ServingFields) { s.AttentionDPBalance = "1e9" }},
		{"recv-interval", func(s *ServingFields) { s.RecvInterval = "NaN" }},
		{"max-running", func(s *ServingFields) { s.MaxRunning = "2.5" }},
	} {
		r := InferRequest{Model: "llama-3.1-70b", HW: HW{GPU: "b200"}, ServingFields: ServingFields{Concurrency: "4"}}
		tc.set(&r.ServingFields)
		_, err := r.RunLoad(Env{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Flag != tc.flag {
			t.Errorf("--%s: got %v, want an input error naming it", tc.flag, err)
		}
	}
}
