package bench

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadCPUTime is the CPU time the calling OS thread has run for
// (CLOCK_THREAD_CPUTIME_ID). Time the thread spent waiting while the OS ran
// other work is not in it, so cycles ÷ this time is the core clock however
// busy the machine is. The caller must be locked to its OS thread.
func threadCPUTime() (time.Duration, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
