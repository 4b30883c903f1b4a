package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadMix is the request mix of the load test: the calculators a page
// calls as the user types.
var loadMix = []string{
	"/api/train?params=7B&tokens=1T&gpu=h100-sxm&mfu=0.5&price=2",
	"/api/infer?model=llama-3-8b&gpu=h100-sxm&batch=8&prompt=1024&output=128",
	"/api/model?model=mixtral-8x7b",
	"/api/hardware/compare?ids=h100,mi300x,b200",
	"/api/scale/optimal?compute=1e23",
}

// loadStats is the outcome of one load run.
type loadStats struct {
	requests, errors int64
	elapsed          time.Duration
	p50, p99         time.Duration
}

// runLoad sends requests from `clients` concurrent keep-alive clients to
// base on loopback until total requests are done or maxTime passes,
// whichever is first, and measures each request's latency.
func runLoad(base string, clients, total int, maxTime time.Duration) loadStats {
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var next, errs atomic.Int64
	lat := make([][]time.Duration, clients)
	deadline := time.Now().Add(maxTime)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				i := next.Add(1) - 1
				if i >= int64(total) {
					return
				}
				t0 := time.Now()
				resp, err := client.Get(base + loadMix[i%int64(len(loadMix))])
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != 200 {
					errs.Add(1)
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	st := loadStats{requests: int64(len(all)), errors: errs.Load(), elapsed: time.Since(start)}
	if len(all) > 0 {
		st.p50, st.p99 = all[len(all)/2], all[len(all)*99/100]
	}
	return st
}

// TestLoadNoErrors drives the API with 8 concurrent clients for a bounded
// number of requests (and at most 20 s) and requires zero errors. Speed is
// measured by BenchmarkAPILoad, not asserted here.
func TestLoadNoErrors(t *testing.T) {
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	st := runLoad(ts.URL, 8, 1000, 20*time.Second)
	if st.errors != 0 || st.requests == 0 {
		t.Fatalf("%d errors in %d requests", st.errors, st.requests)
	}
	t.Logf("%d requests in %v (%.0f req/s), p50 %v, p99 %v", st.requests, st.elapsed,
		float64(st.requests)/st.elapsed.Seconds(), st.p50, st.p99)
}

// BenchmarkAPILoad reports requests/s and p99 latency of the request mix
// over loopback with 16 concurrent clients; b.N requests per run.
// Target (issue 7): ≥ 2,000 requests/s with 0 errors on 2 cores.
//
//	go test ./server -run '^$' -bench APILoad -benchtime 20000x
func BenchmarkAPILoad(b *testing.B) {
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	b.ResetTimer()
	st := runLoad(ts.URL, 16, b.N, 60*time.Second)
	b.StopTimer()
	if st.errors != 0 {
		b.Fatalf("%d errors in %d requests", st.errors, st.requests)
	}
	b.ReportMetric(float64(st.requests)/st.elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(st.p99.Microseconds()), "p99-µs")
	b.ReportMetric(float64(st.p50.Microseconds()), "p50-µs")
}
