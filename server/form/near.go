package form

import "github.com/flopsdev/flops/internal/editdist"

// nearest returns the name closest to key by edit distance when it is
// close enough to be a likely typo (at most a third of the key's length,
// and at most 3 edits), else "".
func nearest(key string, names []string) string {
	best, bestD := "", min(3, len(key)/3)+1
	for _, n := range names {
		if d := editdist.Distance(key, Key(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
