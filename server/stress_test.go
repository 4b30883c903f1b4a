package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The stress scenarios of issue 15's bounded-resources targets: worst-case
// requests from many clients at once while a probe measures a calculator's
// latency and a sampler the process's resident memory. The tests run them
// at a small scale and check behaviour (no 5xx but 503, memory bounded);
// the benchmarks run them at full scale and report the figures:
//
//	go test ./server -run '^$' -bench 'Stress|Abandoned|IdleUpload' -benchtime 1x
//
// The clients run in the test process, over loopback, so the figures
// include their CPU and memory: an upper bound on the server's own.

// stressRun is one scenario: attackers clients cycle through heavy URLs
// for duration while one probe client requests probe every probeEvery.
type stressRun struct {
	heavy      []string
	attackers  int
	duration   time.Duration
	probe      string
	probeEvery time.Duration
}

// stressStats is the outcome of a stressRun.
type stressStats struct {
	heavyOK, heavyBusy, heavyOther atomic.Int64 // 200; 503 with Retry-After; anything else
	probeLat                       []time.Duration
	probeErrs                      int
	peakRSS                        int64 // bytes, sampled every 20 ms during the run
	firstOther                     string
}

func (st *stressStats) p99() time.Duration { return quantile(st.probeLat, 0.99) }

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// run drives base (a server URL) with the scenario.
func (sr stressRun) run(base string) *stressStats {
	st := &stressStats{}
	ctx, cancel := context.WithTimeout(context.Background(), sr.duration)
	defer cancel()
	stopRSS := sampleRSS(&st.peakRSS)
	defer stopRSS()
	tr := &http.Transport{MaxIdleConnsPerHost: sr.attackers + 1}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range sr.attackers {
		wg.Go(func() {
			for n := i; ctx.Err() == nil; n++ {
				status, retry, body := fetch(ctx, client, base+sr.heavy[n%len(sr.heavy)])
				switch {
				case status == http.StatusOK:
					st.heavyOK.Add(1)
				case status == http.StatusServiceUnavailable && retry != "":
					st.heavyBusy.Add(1)
				case status != 0: // 0: cancelled at the end of the run
					if st.heavyOther.Add(1) == 1 {
						mu.Lock()
						st.firstOther = strconv.Itoa(status) + " " + body
						mu.Unlock()
					}
				}
			}
		})
	}
	tick := time.NewTicker(sr.probeEvery)
	defer tick.Stop()
	for ctx.Err() == nil {
		t0 := time.Now()
		status, _, _ := fetch(context.Background(), client, base+sr.probe)
		if status != http.StatusOK {
			st.probeErrs++
		}
		st.probeLat = append(st.probeLat, time.Since(t0))
		<-tick.C
	}
	wg.Wait()
	return st
}

// fetch GETs u and drains the body; status 0 means the request failed.
func fetch(ctx context.Context, c *http.Client, u string) (status int, retryAfter, head string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err.Error()
	}
	defer resp.Body.Close()
	b := make([]byte, 200)
	n, _ := io.ReadFull(resp.Body, b)
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(b[:n])
}

// sampleRSS records the largest resident set size of this process into
// *peak every 20 ms until the returned function is called.
func sampleRSS(peak *int64) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			*peak = max(*peak, rss())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// rss is this process's resident set size in bytes (Linux; 0 elsewhere).
func rss() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
