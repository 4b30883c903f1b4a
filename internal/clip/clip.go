// Package clip bounds user-supplied text that error messages repeat, so
// that hostile input (a 100 kB model name, a pasted megabyte) cannot turn a
// one-line error into a flood.
package clip

import "unicode/utf8"

// String returns s cut to at most max bytes at a rune boundary, with "…"
// appended when anything was cut.
func String(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for i := max; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return "…"
}
