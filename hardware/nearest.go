package hardware

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flopsdev/flops/internal/clip"
	"github.com/flopsdev/flops/internal/editdist"
)

// Normalize reduces an accelerator name to its lookup key: lower case with
// everything but letters and digits removed ("H100_SXM" → "h100sxm").
func Normalize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NotFoundError reports an unknown accelerator name with the nearest
// catalog IDs by edit distance.
type NotFoundError struct {
	Name    string
	Nearest []string
}

func (e *NotFoundError) Error() string {
	if len(e.Nearest) == 0 {
		return fmt.Sprintf("unknown accelerator %q", shortName(e.Name))
	}
	return fmt.Sprintf("unknown accelerator %q (nearest: %s)", shortName(e.Name), strings.Join(e.Nearest, ", "))
}

// Hint points at the listing and the ad-hoc flags.
func (e *NotFoundError) Hint() string {
	return "run 'flops hw list' for every ID, or describe the chip with --peak, --bandwidth and --memory"
}

// shortName cuts a name to 80 bytes for messages, so that hostile input
// cannot make a one-line error 100 kB long.
func shortName(s string) string { return clip.String(s, 80) }

// maxNameLen bounds the prefix and substring checks on hostile input, as
// editdist.Distance bounds its own work.
const maxNameLen = editdist.MaxLen

// nearest returns up to n entry IDs whose ID or alias is closest to name by
// edit distance (editdist.Distance) on normalized names, counting a name
// that starts with the query as distance 0 and one that contains it as at
// most 1; ties go to catalog order.
func (c *Catalog) nearest(name string, n int) []string {
	q := Normalize(name)
	if len(q) > maxNameLen {
		q = q[:maxNameLen]
	}
	best := make([]int, len(c.entries))
	for i := range best {
		best[i] = 1 << 30
	}
	for key, i := range c.index {
		d := editdist.Distance(q, key)
		switch {
		case q == "":
		case strings.HasPrefix(key, q):
			d = 0 // "h10" starts "h100"
		case strings.Contains(key, q) || strings.Contains(q, key):
			d = min(d, 1)
		}
		best[i] = min(best[i], d)
	}
	order := make([]int, len(c.entries))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return best[order[a]] < best[order[b]] })
	var out []string
	for _, i := range order[:min(n, len(order))] {
		out = append(out, c.entries[i].ID)
	}
	return out
}
