package bench

import (
	"sync"
	"time"
)

// parallel runs f(0) … f(t−1) on t goroutines released together and
// returns the wall-clock seconds from the release to the last finish.
func parallel(t int, f func(i int)) float64 {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(t)
	done.Add(t)
	for i := 0; i < t; i++ {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			f(i)
		}()
	}
	ready.Wait()
	t0 := time.Now()
	close(start)
	done.Wait()
	return time.Since(t0).Seconds()
}

// calibrate returns how many units of work (trips) make one sample last
// about target: it times 1, 2, 4, … trips until one run takes a tenth of
// target, then scales.
func calibrate(target time.Duration, run func(trips int)) int {
	for trips := 1; ; trips *= 2 {
		t0 := time.Now()
		run(trips)
		d := time.Since(t0)
		if d >= target/10 || trips >= 1<<30 {
			return max(1, int(float64(trips)*float64(target)/float64(max(d, 1))))
		}
	}
}
