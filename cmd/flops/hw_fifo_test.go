//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHWFileNotRegular: --hw-file naming a directory or a named pipe is a
// one-line error at once (QA: a FIFO blocked the command forever).
func TestHWFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	paths := map[string]string{dir: "a directory"}
	if err := syscall.Mkfifo(fifo, 0o600); err == nil {
		paths[fifo] = "a named pipe"
	}
	for path, want := range paths {
		done := make(chan struct{})
		var errOut string
		var code int
		go func() {
			_, errOut, code = hwRun(nil, "hw", "list", "--hw-file", path)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("--hw-file %s: still running after 5 s", path)
		}
		if code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("--hw-file %s: exit %d, stderr %q; want exit 2 naming %s", path, code, errOut, want)
		}
	}
}
