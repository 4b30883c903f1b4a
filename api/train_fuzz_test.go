package api

import (
	"encoding/json"
	"testing"
)

// FuzzTrainRequest feeds arbitrary text to the numeric train fields: Run must
// return an error or a result that encodes as JSON (no NaN or ±Inf), and never
// panic or hang. Seeds: the worked example, inverse questions, bad inputs
// from issue 2's list.
func FuzzTrainRequest(f *testing.F) {
	seeds := [][6]string{
		{"7B", "1T", "0.5", "", "", "2"},
		{"7B", "", "40%", "", "", "$10k"},
		{"7B", "1T", "", "1024", "30", ""},
		{"7X", "-3B", "40%%", "0", "1ms", "NaN"},
		{"1e300", "1e300", "1e-320", "1e9", "1e-9", "1e300"},
		{"", "", "", "", "", ""},
		{" ", "1e400", "100%", "2.5", "soon", "$"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5])
	}
	f.Fuzz(func(t *testing.T, params, tokens, mfu, gpus, days, budget string) {
		req := TrainRequest{Params: params, Tokens: tokens, MFU: mfu, GPUs: gpus, Days: days, Budget: budget,
			Price: "2", HW: HW{GPU: "h100-sxm"}}
		res, err := req.Run(Env{})
		if err != nil {
			return
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("%+v: result does not encode: %v", req, err)
		}
	})
}
