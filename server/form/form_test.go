package form

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/perf"
)

// testRequest has one field of each shape the api requests use.
type testRequest struct {
	Params  string   `json:"params"`
	MFU     string   `json:"mfu"`
	Budgets string   `json:"budgets"`
	Flash   string   `json:"flash_attention"`
	TPSGPU  string   `json:"tokens_per_second_per_gpu"`
	IDs     []string `json:"ids"`
	Layers  bool     `json:"layers"`
	Top     int      `json:"top"`
	Skip    string   `json:"-"`
	api.HW
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, body string
		want       testRequest
		field, err string // expected error: field and message substring
	}{
		{"strings", `{"params":"7B","mfu":"40%"}`, testRequest{Params: "7B", MFU: "40%"}, "", ""},
		{"numbers as text", `{"params":7e9,"mfu":0.5,"top":3}`, testRequest{Params: "7e9", MFU: "0.5", Top: 3}, "", ""},
		{"booleans", `{"flash_attention":false,"layers":true}`, testRequest{Flash: "false", Layers: true}, "", ""},
		{"bool as text", `{"layers":"on"}`, testRequest{Layers: true}, "", ""},
		{"bool as number", `{"layers":0}`, testRequest{}, "", ""},
		{"list as array", `{"budgets":[1e19,"1e20"],"ids":["h100","a100"]}`, testRequest{Budgets: "1e19,1e20", IDs: []string{"h100", "a100"}}, "", ""},
		{"list as string", `{"budgets":"1e19,1e20","ids":"h100, a100"}`, testRequest{Budgets: "1e19,1e20", IDs: []string{"h100", "a100"}}, "", ""},
		{"list as number", `{"budgets":1e21}`, testRequest{Budgets: "1e21"}, "", ""},
		{"hyphens and case", `{"Tokens-Per-Second-Per-GPU":3000,"GPU":"h100"}`, testRequest{TPSGPU: "3000", HW: api.HW{GPU: "h100"}}, "", ""},
		{"null is not given", `{"params":null,"ids":null}`, testRequest{}, "", ""},
		{"white space", " \n{ \"params\" : \"7B\" }\n", testRequest{Params: "7B"}, "", ""},
		{"unknown field", `{"parms":"7B"}`, testRequest{}, "parms", `unknown field "parms" (did you mean "params"?)`},
		{"go name is not a key", `{"TPSGPU":"1"}`, testRequest{}, "TPSGPU", "unknown field"},
		{"dash field", `{"-":"1"}`, testRequest{}, "-", "unknown field"},
		{"given twice", `{"params":"7B","PARAMS":"8B"}`, testRequest{}, "params", "given twice"},
		{"array for one value", `{"params":["7B","8B"]}`, testRequest{}, "params", "takes one value"},
		{"object", `{"params":{"a":1}}`, testRequest{}, "params", "got an object"},
		{"nested list", `{"budgets":[[1]]}`, testRequest{}, "budgets", "nested list"},
		{"bad bool", `{"layers":"maybe"}`, testRequest{}, "layers", "want true or false"},
		{"bad int", `{"top":1.5}`, testRequest{}, "top", "want a whole number"},
		{"not an object", `[]`, testRequest{}, "", "want a JSON object"},
		{"null body", `null`, testRequest{}, "", "want a JSON object"},
		{"empty", ``, testRequest{}, "", "empty request body"},
		{"truncated", `{"params":`, testRequest{}, "", "ends before"},
		{"syntax", `{"params" "7B"}`, testRequest{}, "", "bad JSON body at byte"},
		{"two values", `{} {}`, testRequest{}, "", "more than one JSON value"},
		{"trailing junk", `{}x`, testRequest{}, "", "bad JSON body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got testRequest
			err := DecodeJSON(strings.NewReader(tt.body), &got)
			checkDecode(t, got, tt.want, err, tt.field, tt.err)
		})
	}
}

func checkDecode(t *testing.T, got, want testRequest, err error, field, msg string) {
	t.Helper()
	if msg == "" {
		if err != nil {
			t.Fatalf("error %v, want none", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		return
	}
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a *form.Error", err, err)
	}
	if fe.Field != field || !strings.Contains(fe.Error(), msg) {
		t.Errorf("error field %q %q, want field %q containing %q", fe.Field, fe.Error(), field, msg)
	}
}

func TestDecodeQuery(t *testing.T) {
	tests := []struct {
		name, query string
		want        testRequest
		field, err  string
	}{
		{"text", "params=7B&mfu=0.5&top=3", testRequest{Params: "7B", MFU: "0.5", Top: 3}, "", ""},
		{"case and hyphens", "Tokens-Per-Second-Per-Gpu=3000&GPU=h100", testRequest{TPSGPU: "3000", HW: api.HW{GPU: "h100"}}, "", ""},
		{"list", "ids=h100,a100&budgets=1e19,1e20", testRequest{IDs: []string{"h100", "a100"}, Budgets: "1e19,1e20"}, "", ""},
		{"repeated list key", "ids=h100&ids=a100&budgets=1e19&budgets=1e20", testRequest{IDs: []string{"h100", "a100"}, Budgets: "1e19,1e20"}, "", ""},
		{"empty is default", "params=&layers=&top=", testRequest{}, "", ""},
		{"bool", "layers=true", testRequest{Layers: true}, "", ""},
		{"repeated scalar", "params=7B&params=8B", testRequest{}, "params", "takes one value, got 2"},
		{"two spellings", "params=7B&Params=8B", testRequest{}, "params", "given twice"},
		{"unknown", "nosuch=1", testRequest{}, "nosuch", "unknown field"},
		{"bad bool", "layers=maybe", testRequest{}, "layers", "want true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var got testRequest
			err = DecodeQuery(q, &got)
			checkDecode(t, got, tt.want, err, tt.field, tt.err)
		})
	}
}

// TestIssueExample is issue 15's failing request: numbers for text fields.
func TestIssueExample(t *testing.T) {
	var r api.TrainRequest
	if err := DecodeJSON(strings.NewReader(`{"params":"7B","tokens":"1T","mfu":0.5}`), &r); err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(api.Env{})
	if err != nil {
		t.Fatal(err)
	}
	// C = 6·N·D = 6 × 7e9 × 1e12 = 4.2e22 FLOPs (Kaplan et al. 2020, eq. 2.1).
	if got := float64(res.TrainingFLOPs); got < 4.2e22*(1-1e-9) || got > 4.2e22*(1+1e-9) {
		t.Errorf("training FLOPs = %g, want 4.2e22", got)
	}
	if res.MFU != 0.5 {
		t.Errorf("MFU = %g, want 0.5 as sent", float64(res.MFU))
	}
}

func TestNearest(t *testing.T) {
	names := []string{"params", "tokens", "gpu", "gpus", "tokens_per_second_per_gpu"}
	for key, want := range map[string]string{"parms": "params", "token": "tokens", "gpux": "gpu", "zzzzzz": "", "tokens_per_second_per_gpux": "tokens_per_second_per_gpu"} {
		if got := nearest(key, names); got != want {
			t.Errorf("nearest(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestDecodeRejectsNonStruct(t *testing.T) {
	var s string
	if err := DecodeJSON(strings.NewReader(`{}`), &s); err == nil {
		t.Error("decoding into a string: no error")
	}
}

// FuzzDecodeJSON: any body decodes or gives a *form.Error, never a panic
// or another kind of error (the reader never fails).
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"params":"7B","tokens":"1T","mfu":0.5}`, `{"ids":["h100",1]}`, `{"layers":true}`,
		`{"budgets":[[1]]}`, `null`, `{"a":{"b":[1,2]}}`, `{"PARAMS":1,"params":2}`, `{"top":1e999}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var r testRequest
		err := DecodeJSON(strings.NewReader(string(body)), &r)
		var fe *Error
		if err != nil && !errors.As(err, &fe) {
			t.Errorf("body %q: error %v (%T), want a *form.Error", body, err, err)
		}
	})
}

// TestDeployListsTakeArrays: deploy reads gpu, price and the searched
// degrees as lists, so a JSON array is the same as its comma-separated
// text; other requests keep one value for the same names.
func TestDeployListsTakeArrays(t *testing.T) {
	var d api.DeployRequest
	body := `{"gpu":["h100-sxm","b200"],"price":[2,"3.5"],"tp":[1,2,4],"pp":["1"],"ep":[1,8],"attention_dp":[1],"concurrency":[16,64]}`
	if err := DecodeJSON(strings.NewReader(body), &d); err != nil {
		t.Fatal(err)
	}
	want := api.DeployRequest{GPU: "h100-sxm,b200", Price: "2,3.5", TP: "1,2,4", PP: "1", EP: "1,8", AttentionDP: "1", Concurrency: "16,64"}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("got %+v, want %+v", d, want)
	}
	kinds := map[string]Kind{}
	for _, f := range Fields(reflect.TypeFor[api.DeployRequest]()) {
		kinds[f.Name] = f.Kind
	}
	for _, name := range []string{"gpu", "price", "tp", "pp", "ep", "attention_dp", "concurrency"} {
		if kinds[name] != List {
			t.Errorf("deploy %s: kind %d, want List", name, kinds[name])
		}
	}
	var tr api.TrainRequest
	err := DecodeJSON(strings.NewReader(`{"gpu":["h100-sxm","b200"]}`), &tr)
	checkDecodeErr(t, err, "gpu", "takes one value")
}

func checkDecodeErr(t *testing.T, err error, field, msg string) {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) || fe.Field != field || !strings.Contains(fe.Error(), msg) {
		t.Errorf("error %v, want a *form.Error on %q containing %q", err, field, msg)
	}
}

// TestStackDefaultsFromProfiles: the plan switches' documented defaults
// and the stack list come from the stack profiles, so a new stack, or one
// without overlap, cannot leave the API's text behind.
func TestStackDefaultsFromProfiles(t *testing.T) {
	doc := map[string]string{}
	for _, f := range Fields(reflect.TypeFor[api.PlanRequest]()) {
		doc[f.Name] = f.Doc
	}
	for _, st := range perf.Stacks() {
		if !strings.Contains(doc["stack"], st.Name) {
			t.Errorf("stack doc %q lacks %s", doc["stack"], st.Name)
		}
		for name, on := range map[string]bool{"flash_attention": st.FlashAttention, "overlap": st.DPOverlap} {
			if mentioned := strings.Contains(doc[name], st.Name); mentioned == on && strings.Contains(doc[name], "all but") {
				t.Errorf("%s doc %q: stack %s has it %v", name, doc[name], st.Name, on)
			}
		}
	}
	if got := stacksWith(func(perf.Stack) bool { return true }); got != "on for every stack" {
		t.Errorf("stacksWith(all) = %q", got)
	}
}
