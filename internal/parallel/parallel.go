// Package parallel runs independent iterations of a loop on several
// goroutines.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(0), …, f(n−1), each once, on at most workers goroutines
// (workers ≤ 0: GOMAXPROCS), and returns when all have returned. With one
// worker or one iteration it runs them in order on the calling goroutine.
// f must be safe to call concurrently for different i.
func For(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
