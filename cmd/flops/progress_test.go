package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

// TestProgressPrinterConcurrent: the printer is called from several
// goroutines at once (a deploy search's workers); under go test -race a
// missing lock shows as a race on the writer and its state. It prints a
// progress line per call and one final line ending with a newline.
func TestProgressPrinterConcurrent(t *testing.T) {
	var b bytes.Buffer
	p := progressPrinter(&b, 0, "simulating", "simulated", "candidates")
	const n = 200
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p(int64(i), n)
		}()
	}
	wg.Wait()
	p(n, n)
	out := b.String()
	if got := strings.Count(out, "\rflops: simulating candidates "); got != n {
		t.Errorf("%d progress lines, want %d (one per call with done < total)", got, n)
	}
	if !strings.Contains(out, "\rflops: simulated 200/200 candidates in ") || !strings.HasSuffix(out, "s\n") {
		t.Errorf("output ends %q: want the final line", out[max(0, len(out)-80):])
	}
}
