package validate

import "testing"

func TestDumpExtra(t *testing.T) {
	rows, err := Extra()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		t.Logf("%-24s %-60s pub %9.3f pred %9.3f err %+6.1f%% mfu %.3f", r.ID, r.Layout, r.Published, r.Predicted, r.ErrorPct, r.MFU)
	}
}
