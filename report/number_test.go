package report

import (
	"strings"
	"testing"
)

func TestGrouped(t *testing.T) {
	// Expected strings written by hand from the rule in Grouped's doc comment.
	tests := []struct {
		in   float64
		want string
	}{
		{23583.3, "23,583"},
		{47166.6, "47,167"},
		{1234567, "1,234,567"},
		{-1234.4, "-1,234"},
		{999, "999"},
		{100, "100"},
		{42.49, "42.5"},
		{0.3951, "0.395"},
		{0, "0"},
		{4.2e22, "4.2e+22"},
	}
	for _, tt := range tests {
		if got := Grouped(tt.in); got != tt.want {
			t.Errorf("Grouped(%g): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTableTrimsTrailingSpaces(t *testing.T) {
	// A row whose last cell is empty must not end in the column padding.
	tb := &Table{Title: "T"}
	tb.AddRow("MFU", "50.0%", "")
	tb.AddRow("effective per GPU", "495 TFLOP/s", "peak × MFU")
	var b strings.Builder
	if err := tb.Write(&b); err != nil {
		t.Fatal(err)
	}
	want := "T\nMFU                50.0%\neffective per GPU  495 TFLOP/s  peak × MFU\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestSci(t *testing.T) {
	// Expected strings written by hand from the rule in Sci's doc comment.
	tests := []struct {
		in   float64
		want string
	}{
		{4.2e22, "4.2e22"},
		{8.49e7, "8.49e7"},
		{84899939.357, "8.49e7"},
		{1.5e-7, "1.5e-7"},
		{-2.5e9, "-2.5e9"},
		{989.4, "989.4"},
		{0.5, "0.5"},
		{1e6, "1e6"},
		{0, "0"},
	}
	for _, tt := range tests {
		if got := Sci(tt.in); got != tt.want {
			t.Errorf("Sci(%g): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
