//go:build unix

package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFilesRefused: a named pipe (as the path, as config.json in a
// directory, or as a shard) and a device are refused at once with
// ErrUnsupported (QA: opening a FIFO blocked 'flops model' forever).
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.safetensors")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	cfgDir := filepath.Join(dir, "m")
	if err := os.Mkdir(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(cfgDir, "config.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(dir, "model.safetensors.index.json")
	if err := os.WriteFile(index, []byte(`{"weight_map": {"a": "pipe.safetensors"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, cfgDir, index, os.DevNull} {
		done := make(chan error, 1)
		go func() { _, err := FromPath(path); done <- err }()
		select {
		case err := <-done:
			if err == nil || !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "not a") {
				t.Errorf("FromPath(%s) = %v, want an ErrUnsupported 'not a regular file' error", path, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("FromPath(%s) still blocked after 5 s", path)
		}
	}
}
