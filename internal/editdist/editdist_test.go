package editdist

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	// Expected values by hand: the edits are listed beside each case.
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},           // three insertions
		{"abc", "", 3},           // three deletions
		{"h100", "h100", 0},      // equal
		{"parms", "params", 1},   // insert a
		{"kitten", "sitting", 3}, // k→s, e→i, insert g
		{"450b", "405b", 1},      // swap 5 and 0
		{"ca", "abc", 3},         // OSA: no substring edited twice (true Damerau distance is 2)
		{"gpux", "gpu", 1},       // delete x
		{"tokens", "tokesn", 1},  // swap n and s
		{"abcdef", "badcfe", 3},  // three swaps
		{"mi300x", "mi325x", 2},  // 0→2, 0→5
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestDistanceIsBounded: strings are cut to MaxLen bytes, so a megabyte
// costs a 64×64 table and two names equal in their first MaxLen bytes are
// at distance 0.
func TestDistanceIsBounded(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	if got := Distance(long, "b"); got != MaxLen {
		t.Errorf("Distance(1 MiB of a, b) = %d, want %d (64 a's cut, then 63 deletions and a substitution)", got, MaxLen)
	}
	if got := Distance(long, long+"x"); got != 0 {
		t.Errorf("names equal in their first %d bytes: distance %d, want 0", MaxLen, got)
	}
}

func BenchmarkDistance(b *testing.B) {
	for b.Loop() {
		Distance("tokens_per_second_per_gpux", "tokens_per_second_per_gpu")
	}
}
