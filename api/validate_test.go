package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flopsdev/flops/validate"
)

// TestValidateCachedMatchesFresh: the answer computed once per process is
// the one validate.Run computes fresh, for every table, and filtering one
// request's copy (or appending to it) leaves the next request's answer
// whole.
func TestValidateCachedMatchesFresh(t *testing.T) {
	fresh := map[bool]*validate.Result{}
	for _, heldOut := range []bool{false, true} {
		res, err := validate.Run(validate.Options{HeldOut: heldOut})
		if err != nil {
			t.Fatal(err)
		}
		fresh[heldOut] = res
	}
	for _, table := range ValidateTables() {
		if table == "profile" {
			continue // needs a profile file
		}
		got, err := ValidateRequest{Table: table}.Run(Env{})
		if err != nil {
			t.Fatalf("table %s: %v", table, err)
		}
		// The pre-cache Run: a fresh result, filtered the same way.
		want := fresh[table != "runs"]
		switch table {
		case "all":
		case "runs":
			want = &validate.Result{LeaveOneFamilyOutMeanAbs: want.LeaveOneFamilyOutMeanAbs, Fits: want.Fits, Runs: want.Runs, Trace: want.Trace}
		default:
			w := *want
			w.Rows = keepRows(w.Rows, table)
			w.Summaries = nil
			for _, s := range want.Summaries {
				if strings.HasPrefix(s.Table, table) {
					w.Summaries = append(w.Summaries, s)
				}
			}
			w.Runs = nil
			want = &w
		}
		if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
			t.Errorf("table %s: cached answer differs from a fresh validate.Run:\n got %.300s\nwant %.300s", table, g, w)
		}
		if len(got.Rows) > 0 {
			got.Rows[0].ID = "changed by a caller"
			got.Rows = append(got.Rows, validate.Row{ID: "appended by a caller"})
		}
	}
	all, err := ValidateRequest{}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := jsonOf(t, all), jsonOf(t, fresh[true]); g != w {
		t.Error("a caller's edits to its copy reached the next request's answer")
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestValidateTablesServed: without a profile, the web API (no file
// paths) neither lists nor accepts the profile table and says why; the
// CLI lists it and asks for --profile.
func TestValidateTablesServed(t *testing.T) {
	for _, tt := range []struct {
		name      string
		env       Env
		table     string
		want, not string
	}{
		{"server, unknown", Env{}, "serving", "want all, korthikanti, narayanan, extra, runs", "profile"},
		{"server, profile", Env{}, "profile", "a file the web API does not read; want all, korthikanti, narayanan, extra, runs", ""},
		{"cli, unknown", Env{AllowPaths: true}, "nosuch", "want all, korthikanti, narayanan, extra, profile, runs", ""},
		{"cli, profile", Env{AllowPaths: true}, "profile", "needs --profile PROFILE", ""},
	} {
		_, err := ValidateRequest{Table: tt.table}.Run(tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.not != "" && strings.Contains(err.Error(), tt.not)) {
			t.Errorf("%s: error %v, want one containing %q and not %q", tt.name, err, tt.want, tt.not)
		}
	}
}
