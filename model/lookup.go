package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flopsdev/flops/internal/clip"
	"github.com/flopsdev/flops/internal/editdist"
)

// NotFoundError is returned by Lookup for an unknown name; Suggestions
// holds the nearest catalog IDs.
type NotFoundError struct {
	Name        string
	Suggestions []string
}

// Error names the unknown model, the nearest IDs and where to list them.
func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("unknown model %q", shortName(e.Name))
	if len(e.Suggestions) > 0 {
		msg += " (nearest: " + strings.Join(e.Suggestions, ", ") + ")"
	}
	return msg + "; run 'flops model list' for the catalog"
}

// shortName cuts a name to 80 bytes for messages, so that hostile input
// cannot make a one-line error 100 kB long.
func shortName(s string) string { return clip.String(s, 80) }

// normalizeName folds a model name for lenient matching: the organisation
// prefix ("meta-llama/") is dropped, letters are lower-cased and every
// separator ('-', '_', '.', ' ', '/') is removed, so "Llama-3.1-405B",
// "llama3.1-405b" and "meta-llama/Llama-3.1-405B" all fold to
// "llama31405b".
func normalizeName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case '-', '_', '.', ' ', '/':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Lookup finds a catalog entry by ID or alias, leniently (see
// normalizeName); release variants with the same architecture resolve to
// their base entry ("Llama-3.1-8B-Instruct", "gemma-2-9b-it",
// "Llama-2-7b-chat-hf"). An unknown name returns a *NotFoundError listing
// the nearest IDs.
func Lookup(name string) (Entry, error) {
	es, err := parsed()
	if err != nil {
		return Entry{}, err
	}
	key := normalizeName(name)
	if key == "" {
		return Entry{}, fmt.Errorf("empty model name; run 'flops model list' for the catalog")
	}
	for k := key; k != ""; k = stripVariant(k) {
		if e, ok := findKey(es, k); ok {
			return e.clone(), nil
		}
	}
	return Entry{}, &NotFoundError{Name: name, Suggestions: nearest(key, es, 5)}
}

func findKey(es []Entry, key string) (Entry, bool) {
	for _, e := range es {
		if normalizeName(e.ID) == key {
			return e, true
		}
		for _, a := range e.Aliases {
			if normalizeName(a) == key {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// variantSuffixes are release-variant suffixes that do not change the
// architecture: instruction/chat tuning and checkpoint-format markers.
var variantSuffixes = []string{"instruct", "chat", "hf", "base", "it", "pt"}

// stripVariant removes one variant suffix from a folded name
// ("llama318binstruct" → "llama318b"), or returns "" when none applies.
func stripVariant(key string) string {
	for _, s := range variantSuffixes {
		if len(key) > len(s)+1 && strings.HasSuffix(key, s) {
			return strings.TrimSuffix(key, s)
		}
	}
	return ""
}

// nearest returns up to n entry IDs ordered by edit distance between key
// and the entry's closest name; names containing key (or contained in it)
// rank first.
func nearest(key string, es []Entry, n int) []string {
	type cand struct {
		id   string
		dist int
	}
	cs := make([]cand, 0, len(es))
	for _, e := range es {
		best := -1
		for _, name := range append([]string{e.ID}, e.Aliases...) {
			nk := normalizeName(name)
			d := editdist.Distance(key, nk)
			if strings.Contains(nk, key) || strings.Contains(key, nk) {
				d = min(d, abs(len(nk)-len(key))/4)
			}
			if best < 0 || d < best {
				best = d
			}
		}
		cs = append(cs, cand{e.ID, best})
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].dist < cs[j].dist })
	limit := max(3, len(key)/2) // beyond this the names share too little to help
	var out []string
	for _, c := range cs {
		if len(out) == n || c.dist > limit {
			break
		}
		out = append(out, c.id)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
