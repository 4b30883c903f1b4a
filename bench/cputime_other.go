//go:build !linux

package bench

import "time"

// threadCPUTime is not available here: the clock loop falls back to
// wall-clock time, which reads low when other work preempts the thread.
func threadCPUTime() (time.Duration, bool) { return 0, false }
