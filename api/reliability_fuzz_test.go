package api

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// FuzzReliability feeds arbitrary text to the reliability fields of a
// training run and to the goodput command's --gpus: every request ends in
// an error or in a result that encodes as JSON with no negative goodput,
// and never panics or hangs. An error about a reliability field is an
// *InputError (exit 2 in the CLI). Seeds: good values, the bounds
// (MTBF down to 1 s, K up to 1e7) and bad inputs.
func FuzzReliability(f *testing.F) {
	seeds := [][7]string{
		{"50000h", "2TB/s", "", "10m", "optimal", "16384", "64-1M"},
		{"1s", "", "", "", "", "10000000", "1-1e9"},
		{"", "1GB/s", "30s", "0", "1h", "64", "64"},
		{"0", "-1TB/s", "NaN", "-1m", "best", "0", "1M-64"},
		{"1e400h", "1e400B/s", "1e-320s", "1e300y", "Inf", "1e9", "-"},
		{" ", "2TB", "1h30m", "1m,2m", "30", "1.5", "64--128"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
	}
	f.Fuzz(func(t *testing.T, mtbf, bw, write, restart, interval, gpus, sweep string) {
		rel := Reliability{GPUMTBF: mtbf, CheckpointBandwidth: bw, CheckpointWriteTime: write, RestartTime: restart, CheckpointInterval: interval}
		req := TrainRequest{Params: "405B", Tokens: "15T", GPUs: gpus, Price: "2", HW: HW{GPU: "h100-sxm"}, Reliability: rel}
		res, err := req.Run(Env{})
		if err == nil {
			checkEncodes(t, res)
			if res.Reliability != nil && (math.IsNaN(res.Goodput) || res.Goodput < 0 || res.Goodput > 1) {
				t.Fatalf("%+v: goodput %v", rel, res.Goodput)
			}
		} else if _, perr := rel.options(); perr != nil {
			var ie *InputError
			if !errors.As(perr, &ie) {
				t.Fatalf("%+v: a bad reliability field gave %T %v, want an *InputError", rel, perr, perr)
			}
		}
		g := GoodputRequest{Params: "70B", GPUs: sweep, Reliability: Reliability{GPUMTBF: mtbf, RestartTime: restart}}
		if sw, err := g.Sweep(Env{}); err == nil {
			checkEncodes(t, sw)
		}
	})
}

// checkEncodes fails when v does not encode as JSON (NaN or ±Inf inside).
func checkEncodes(t *testing.T, v any) {
	t.Helper()
	if _, err := json.Marshal(v); err != nil {
		t.Fatalf("result does not encode: %v", err)
	}
}
