package form

// nearest returns the name closest to key by edit distance when it is
// close enough to be a likely typo (at most a third of the key's length,
// and at most 3 edits), else "".
func nearest(key string, names []string) string {
	best, bestD := "", min(3, len(key)/3)+1
	for _, n := range names {
		if d := editDistance(key, Key(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes), with
// work bounded by the short names it compares (keys are clipped by the
// caller's limits: at most 64 bytes matter).
func editDistance(a, b string) int {
	if len(a) > 64 {
		a = a[:64]
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
