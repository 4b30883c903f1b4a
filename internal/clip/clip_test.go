package clip

import "testing"

func TestString(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"h100", 80, "h100"},
		{"abcdef", 3, "abc…"},
		// "é" is 2 bytes (0xC3 0xA9): cutting at 2 would split it, so the
		// cut moves back to byte 1.
		{"aé", 2, "a…"},
		{"ééé", 3, "é…"},
	}
	for _, tt := range tests {
		if got := String(tt.in, tt.max); got != tt.want {
			t.Errorf("String(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
