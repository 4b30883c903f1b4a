package server

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/server/form"
)

// TestPlotDeploy: /api/plot/deploy draws the Pareto fronts of the deploy
// answer as SVG; a chart asked for right after /api/deploy with the same
// fields (as the page does), in any order or spelling, is drawn from that
// answer in a compute slot while every search slot is taken; a chart of
// other fields needs a search, so it waits for a search slot and is
// turned away (503) when none comes.
func TestPlotDeploy(t *testing.T) {
	s := newServer(Options{})
	s.pools[search] = newPool(1, 0, time.Second, 5)
	ts := httptest.NewServer(s.handler())
	defer ts.Close()
	q := examples["/api/deploy"]
	status, body := get(t, ts.URL+"/api/plot/deploy?"+q)
	if status != 200 || !strings.Contains(string(body), "<svg") || !strings.Contains(string(body), "Pareto fronts") {
		t.Fatalf("GET /api/plot/deploy?%s: status %d, %.300s", q, status, body)
	}
	if status, _ := get(t, ts.URL+"/api/plot/deploy?model=llama-3.1-8b&gpu=nosuchgpu"); status != 400 {
		t.Errorf("an unknown accelerator: status %d, want 400", status)
	}
	if status, body := get(t, ts.URL+"/api/deploy?"+q); status != 200 {
		t.Fatalf("GET /api/deploy?%s: status %d, %.300s", q, status, body)
	}
	p := s.pools[search]
	p.slots <- struct{}{} // a long search holds the only search slot
	defer func() { <-p.slots }()
	same := "mode=agg&GPUS=8&tpot=30ms&gpu=h100-sxm&output=256&prompt=1024&model=llama-3.1-8b" // reordered, one key in capitals
	if status, body := get(t, ts.URL+"/api/plot/deploy?"+same); status != 200 || !strings.Contains(string(body), "<svg") {
		t.Errorf("the chart of the answer just given: status %d, %.300s; want it drawn without a search", status, body)
	}
	other := strings.Replace(q, "tpot=30ms", "tpot=40ms", 1)
	if status, body := get(t, ts.URL+"/api/plot/deploy?"+other); status != 503 {
		t.Errorf("the chart of another request with the search slot taken: status %d, want 503: %.300s", status, body)
	}
}

// TestDeployCache: answers are found by their canonical request until they
// are deployCacheTTL old; the cache keeps the deployCacheSize newest and
// one answer per request.
func TestDeployCache(t *testing.T) {
	now := time.Unix(1e9, 0)
	c := newDeployCache()
	c.now = func() time.Time { return now }
	req := func(i int) api.DeployRequest {
		return api.DeployRequest{Model: "llama-3.1-8b", GPUs: strconv.Itoa(i + 1)}
	}
	res := make([]*deploy.Result, deployCacheSize+1)
	for i := range res {
		res[i] = &deploy.Result{Model: strconv.Itoa(i)}
		c.put(deployKey(req(i)), res[i])
	}
	if _, ok := c.get(deployKey(req(0))); ok {
		t.Error("the oldest answer is kept beyond deployCacheSize")
	}
	for i := 1; i < len(res); i++ {
		if got, ok := c.get(deployKey(req(i))); !ok || got != res[i] {
			t.Errorf("answer %d: got %v, %v", i, got, ok)
		}
	}
	if n := len(c.entries); n != deployCacheSize {
		t.Errorf("%d entries, want %d", n, deployCacheSize)
	}
	newer := &deploy.Result{Model: "newer"}
	c.put(deployKey(req(3)), newer)
	if got, _ := c.get(deployKey(req(3))); got != newer || len(c.entries) != deployCacheSize {
		t.Errorf("a second answer to one request: got %v with %d entries, want the newer one and %d entries", got, len(c.entries), deployCacheSize)
	}
	if _, ok := c.get(deployKey(api.DeployRequest{Model: "llama-3.1-8b", GPUs: "2", TPOT: "30ms"})); ok {
		t.Error("a request with one more field found another's answer")
	}
	now = now.Add(deployCacheTTL)
	if _, ok := c.get(deployKey(req(3))); ok {
		t.Error("an answer deployCacheTTL old is still served")
	}
	var none *deployCache
	none.put("k", newer)
	if _, ok := none.get("k"); ok {
		t.Error("a nil cache found an answer")
	}
}

// TestWorstPlotsCoverEveryChart: the stress scenarios' worst-case charts
// name every chart route, each a request the server accepts (a deploy
// search that runs past searchTimeout is a 503 with its own advice), so
// a new chart comes with its worst case.
func TestWorstPlotsCoverEveryChart(t *testing.T) {
	worst := map[string]string{}
	for _, u := range worstPlots() {
		path, _, _ := strings.Cut(u, "?")
		worst[path] = u
	}
	s := newServer(Options{})
	for _, c := range s.plots() {
		u, ok := worst[c.path]
		if !ok {
			t.Errorf("worstPlots has no request for %s", c.path)
			continue
		}
		req := reflect.New(c.reqType)
		_, query, _ := strings.Cut(u, "?")
		q, _ := url.ParseQuery(query)
		if err := form.DecodeQuery(q, req.Interface()); err != nil {
			t.Errorf("%s: %v", u, err)
		}
		if d, ok := req.Elem().Interface().(api.DeployRequest); ok {
			if _, _, err := d.Config(api.Env{}); err != nil { // the search itself takes searchTimeout
				t.Errorf("%s: %v", u, err)
			}
		}
	}
	if len(worst) != len(s.plots()) {
		t.Errorf("worstPlots names %d routes, there are %d charts", len(worst), len(s.plots()))
	}
}

func TestNarrowSearch(t *testing.T) {
	if d := narrowSearch(&api.DeployRequest{}); !strings.Contains(d, "concurrency") || strings.Contains(d, "micro_batch") {
		t.Errorf("deploy: %q", d)
	}
	if p := narrowSearch(&api.PlanRequest{}); !strings.Contains(p, "micro_batch") {
		t.Errorf("plan: %q", p)
	}
}
