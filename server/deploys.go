package server

import (
	"net/url"
	"sync"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/server/form"
)

// deployCache keeps the last few deploy answers by their request for a
// short time, so that the chart the page asks for right after an answer
// (/api/plot/deploy with the same fields) is drawn from that answer, in
// milliseconds, instead of searching a second time. The answers depend on
// the request and the server's catalogs alone, so a cached one is the one
// a new search would find.
type deployCache struct {
	mu      sync.Mutex
	entries []deployEntry // oldest first, at most deployCacheSize
	now     func() time.Time
}

type deployEntry struct {
	key string
	res *deploy.Result
	at  time.Time
}

// The cache holds at most deployCacheSize answers (a few MB for the
// largest: 8 accelerators' tables and fronts), each for deployCacheTTL:
// long enough for the page's chart request, which follows its answer.
const (
	deployCacheSize = 8
	deployCacheTTL  = time.Minute
)

func newDeployCache() *deployCache { return &deployCache{now: time.Now} }

// deployKey is a request's canonical form: its given fields, sorted.
func deployKey(r api.DeployRequest) string {
	q := url.Values{}
	for k, v := range form.Given(&r) {
		q.Set(k, v)
	}
	return q.Encode()
}

// get returns the answer to the request key if one is fresh. Answers are
// shared: callers only read them.
func (c *deployCache) get(key string) (*deploy.Result, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.entries) - 1; i >= 0; i-- {
		if e := c.entries[i]; e.key == key && c.now().Sub(e.at) < deployCacheTTL {
			return e.res, true
		}
	}
	return nil, false
}

// put stores an answer, replacing an older one to the same request and
// evicting the oldest beyond deployCacheSize.
func (c *deployCache) put(key string, res *deploy.Result) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.key == key {
			c.entries = append(c.entries[:i], c.entries[i+1:]...)
			break
		}
	}
	if len(c.entries) == deployCacheSize {
		c.entries[0] = deployEntry{} // let the answer go
		c.entries = c.entries[1:]
	}
	c.entries = append(c.entries, deployEntry{key: key, res: res, at: c.now()})
}

// runDeploy searches as flops deploy does and keeps the answer for the
// chart.
func (s *server) runDeploy(r api.DeployRequest, env api.Env) (*deploy.Result, error) {
	res, err := r.Run(env)
	if err == nil {
		s.deploys.put(deployKey(r), res)
	}
	return res, err
}
