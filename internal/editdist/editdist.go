// Package editdist measures how far a mistyped name is from the names it
// may have meant, for "did you mean" suggestions (accelerators, models,
// request fields).
package editdist

// MaxLen bounds the bytes of each string Distance compares: hostile input
// (a 100 kB name) costs no more than a 64-byte one, and names that differ
// only beyond it are far apart anyway.
const MaxLen = 64

// Distance is the optimal-string-alignment distance between a and b
// (bytes): the fewest insertions, deletions, substitutions and swaps of
// two adjacent bytes that turn a into b, no substring edited twice
// (Levenshtein 1966 plus Damerau 1964's transposition, so "450b" is one edit
// from "405b"). a and b are cut to MaxLen bytes; it keeps three rows.
func Distance(a, b string) int {
	a, b = a[:min(len(a), MaxLen)], b[:min(len(b), MaxLen)]
	prev2 := make([]int, len(b)+1) // row i-2
	prev := make([]int, len(b)+1)  // row i-1
	cur := make([]int, len(b)+1)   // row i
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
