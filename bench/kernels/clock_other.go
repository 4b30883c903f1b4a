//go:build !amd64

package kernels

// CycleLoop has no portable form: off amd64 it returns ok = false and the
// caller falls back to the clock the OS reports.
func CycleLoop(trips int, underAVX512 bool) (cycles float64, ok bool) { return 0, false }
