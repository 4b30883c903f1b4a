package load

import (
	"errors"
	"testing"
)

// FuzzFromBytes checks that any upload gives a model or an error, never a
// panic, and that a model with an architecture can be counted.
func FuzzFromBytes(f *testing.F) {
	g, _, _ := tinyGGUF()
	st := stFile(tinyTensors())
	f.Add(g[:len(g)-tinyTotal*2])
	f.Add(st[:len(st)-tinyTotal*2])
	f.Add([]byte(tinyConfig))
	f.Add(stOverlap())
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := FromBytes("fuzz", b)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error of no kind: %v", err)
			}
			return
		}
		if m.HasArch {
			_ = m.Arch.Count()
		}
	})
}
