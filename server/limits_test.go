package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flopsdev/flops/api"
)

// Behaviour under load and abuse, at a small scale; the full-scale figures
// are the benchmarks in stress_scenarios_test.go.

// waitFor polls cond every millisecond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("waited 5 s for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
	return time.Since(start)
}

// spinEndpoint runs until its context is done (a search that never ends
// by itself) and counts its runs.
func spinEndpoint(runs *atomic.Int64) endpoint {
	return costs(newEndpoint("/api/spin", "spin", func(r echoRequest, env api.Env) (*echoResult, error) {
		runs.Add(1)
		<-env.Context.Done()
		return nil, env.Context.Err()
	}), search)
}

// TestSearchStopsWhenClientLeaves: the request's context reaches the
// computation, which stops, and frees its slot, when the client hangs up.
func TestSearchStopsWhenClientLeaves(t *testing.T) {
	s := newServer(Options{})
	var runs atomic.Int64
	ts := httptest.NewServer(s.jsonHandler(spinEndpoint(&runs)))
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go fetch(ctx, http.DefaultClient, ts.URL+"/api/spin")
	slots := s.pools[search].slots
	waitFor(t, "the search to start", func() bool { return len(slots) == 1 })
	cancel()
	d := waitFor(t, "the search to stop", func() bool { return len(slots) == 0 })
	t.Logf("slot freed %v after the client hung up", d)
}

// TestQueuedRequestOfDepartedClientIsNotRun: a request waiting for a slot
// whose client hangs up leaves the queue and never runs.
func TestQueuedRequestOfDepartedClientIsNotRun(t *testing.T) {
	s := newServer(Options{})
	s.pools[search] = newPool(1, 4, 10*time.Second, 5)
	var runs atomic.Int64
	ts := httptest.NewServer(s.jsonHandler(spinEndpoint(&runs)))
	defer ts.Close()
	p := s.pools[search]
	p.slots <- struct{}{} // another search holds the only slot
	ctx, cancel := context.WithCancel(context.Background())
	go fetch(ctx, http.DefaultClient, ts.URL+"/api/spin")
	waitFor(t, "the request to queue", func() bool { return len(p.queue) == 1 })
	cancel()
	waitFor(t, "the request to leave the queue", func() bool { return len(p.queue) == 0 })
	<-p.slots
	time.Sleep(20 * time.Millisecond)
	if n := runs.Load(); n != 0 {
		t.Errorf("the departed client's request ran %d times, want 0", n)
	}
}

// TestStalledBodiesAre408WithoutAddresses: an upload or a JSON body that
// stops arriving is cut off with a 408 whose message names no socket
// address (QA: the timeout error exposed "read tcp 127.0.0.1:...").
func TestStalledBodiesAre408WithoutAddresses(t *testing.T) {
	s := newServer(Options{})
	s.uploads.idle, s.bodyTimeout = 100*time.Millisecond, 100*time.Millisecond
	ts := httptest.NewServer(s.handler())
	defer ts.Close()
	for _, path := range []string{"/api/model/upload", "/api/train"} {
		status, body := stalledPost(t, ts.URL, path)
		if status != http.StatusRequestTimeout {
			t.Errorf("%s stalled: status %d, want 408: %s", path, status, body)
		}
		if addr := regexp.MustCompile(`\d+\.\d+\.\d+\.\d+|\[::1?\]|->`); addr.MatchString(body) {
			t.Errorf("%s stalled: error %q shows a socket address", path, body)
		}
	}
}

// stalledPost announces a 1,000-byte body, sends one byte and waits up to
// 2 s for the response; status 0 if none came.
func stalledPost(t *testing.T, base, path string) (int, string) {
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", path)
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestIdleUploadsDoNotDelayRealUpload: two clients that announce a body
// and stall hold next to none of the upload budget (QA: they held both
// upload slots for 15 s). The time is a loose sanity bound; the figure is
// BenchmarkIdleUploads.
func TestIdleUploadsDoNotDelayRealUpload(t *testing.T) {
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	if d := idleUploads(t, ts.URL, 2); d > time.Second {
		t.Errorf("real upload took %v behind two idle ones, want well under a second", d)
	}
}

// TestStressSmall runs the stress scenario at a small scale: every heavy
// request gets its answer or a 503 with Retry-After, the calculator keeps
// answering, and memory stays bounded.
func TestStressSmall(t *testing.T) {
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	heavy := append(worstIsoFLOP(), worstPlots()...)
	st := stressRun{heavy: heavy, attackers: 8, duration: 2 * time.Second, probe: probeTrain, probeEvery: 20 * time.Millisecond}.run(ts.URL)
	if st.heavyOther.Load() != 0 || st.probeErrs != 0 || st.heavyOK.Load() == 0 {
		t.Errorf("%d answered, %d busy, %d other (first: %.200s); %d probe errors", st.heavyOK.Load(), st.heavyBusy.Load(),
			st.heavyOther.Load(), st.firstOther, st.probeErrs)
	}
	if st.peakRSS > 500<<20 {
		t.Errorf("peak RSS %d MB, want < 500 MB", st.peakRSS>>20)
	}
	t.Logf("%d answered, %d busy; probe p99 %v; peak RSS %d MB", st.heavyOK.Load(), st.heavyBusy.Load(), st.p99(), st.peakRSS>>20)
}

// TestAbandonedPlansSmall: a dozen worst-case searches whose clients hang
// up leave the planner free for a small plan (checked by abandonPlans).
func TestAbandonedPlansSmall(t *testing.T) {
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	abandonPlans(t, ts.URL, 12, 100*time.Millisecond)
}
