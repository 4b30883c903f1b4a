package server

import (
	"fmt"
	"net/http"
	"reflect"

	gonumplot "gonum.org/v1/plot"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/plot"
	"github.com/flopsdev/flops/scaling"
	"github.com/flopsdev/flops/server/form"
)

// chart is one SVG route: it takes the same query fields as its JSON
// endpoint and draws the CLI's --plot, in a slot of its cost class (compute
// for curves and sweeps, search for a chart that needs a search); its
// size is bounded by its request's own caps (sweep sizes, iso-FLOP points,
// compared accelerators).
type chart struct {
	path    string
	summary string
	reqType reflect.Type
	cost    cost // the class of a chart drawn from scratch, as documented
	// draw returns one request's class and the function that draws it
	// (a deploy chart drawn from a recent answer is compute, not search).
	draw func(req any) (cost, drawFunc)
}

type drawFunc func(api.Env) ([]*gonumplot.Plot, error)

func newChart[Req any](path, summary string, c cost, build func(Req, api.Env) ([]*gonumplot.Plot, error)) chart {
	return chart{path: path, summary: summary, reqType: reflect.TypeFor[Req](), cost: c,
		draw: func(req any) (cost, drawFunc) {
			return c, func(env api.Env) ([]*gonumplot.Plot, error) { return build(req.(Req), env) }
		}}
}

// plots lists the chart routes. To add one, add a line (the OpenAPI
// document and the limits follow).
func (s *server) plots() []chart {
	return []chart{
		newChart("/api/plot/infer", "roofline and latency–throughput charts of an inference request (flops infer --plot); no load (concurrency, rate, max_throughput)", compute, inferCharts),
		newChart("/api/plot/isoflop", "iso-FLOP curves (flops scale isoflop --plot); at most 24 curves, each drawn with at most 200 points", compute, isoFLOPChart),
		newChart("/api/plot/hardware", "rooflines of accelerators side by side (flops hw compare --plot)", compute, hardwareChart),
		s.deployChart(),
	}
}

// deployChart draws the Pareto fronts of a deploy answer: the one
// /api/deploy gave for the same fields within deployCacheTTL (the page's
// request for the chart follows its answer), else a new search.
func (s *server) deployChart() chart {
	c := newChart("/api/plot/deploy", "Pareto front of output tokens/s per GPU against per user, with the targets (flops deploy --plot); "+
		"drawn from /api/deploy's answer to the same fields if it came within the last minute, else searched",
		search, func(r api.DeployRequest, env api.Env) ([]*gonumplot.Plot, error) {
			res, err := s.runDeploy(r, env)
			if err != nil {
				return nil, err
			}
			return deployPlots(res)
		})
	searchFor := c.draw
	c.draw = func(req any) (cost, drawFunc) {
		if res, ok := s.deploys.get(deployKey(req.(api.DeployRequest))); ok {
			return compute, func(api.Env) ([]*gonumplot.Plot, error) { return deployPlots(res) }
		}
		return searchFor(req)
	}
	return c
}

func deployPlots(res *deploy.Result) ([]*gonumplot.Plot, error) {
	p, err := plot.DeployPareto(res)
	if err != nil {
		return nil, err
	}
	return []*gonumplot.Plot{p}, nil
}

func inferCharts(r api.InferRequest, env api.Env) ([]*gonumplot.Plot, error) {
	sw, err := r.Sweep(env)
	if err != nil {
		return nil, err
	}
	roof, err := plot.InferRoofline(sw.Sweep)
	if err != nil {
		return nil, err
	}
	sweep, err := plot.InferSweep(sw.Sweep)
	if err != nil {
		return nil, err
	}
	return []*gonumplot.Plot{roof, sweep}, nil
}

// Chart caps: more curves than maxChartCurves make an unreadable chart
// (and its legend alone costs as much to lay out as the curves); more
// points per curve than maxChartCurvePoints add nothing at the chart's
// width, so curves are drawn with at most that many.
const (
	maxChartCurves      = 24
	maxChartCurvePoints = 200
)

func isoFLOPChart(r api.ScaleIsoFLOPRequest, env api.Env) ([]*gonumplot.Plot, error) {
	cfg, err := r.Config()
	if err != nil {
		return nil, err
	}
	if n := len(cfg.Budgets) * len(cfg.Laws); n > maxChartCurves {
		return nil, &api.InputError{Flag: "budgets", Err: fmt.Errorf("%d budgets × %d laws = %d curves, more than the %d one chart shows; give fewer budgets or laws",
			len(cfg.Budgets), len(cfg.Laws), n, maxChartCurves)}
	}
	if cfg.Points > maxChartCurvePoints {
		cfg.Points = maxChartCurvePoints
	}
	res, err := scaling.IsoFLOP(cfg)
	if err != nil {
		return nil, err
	}
	p, err := plot.IsoFLOPCurves(res)
	return []*gonumplot.Plot{p}, err
}

func hardwareChart(r api.HWCompareRequest, env api.Env) ([]*gonumplot.Plot, error) {
	res, err := r.Run(env)
	if err != nil {
		return nil, err
	}
	p, err := res.Plot()
	return []*gonumplot.Plot{p}, err
}

// svgHandler decodes the query into a request of the chart's type, draws
// the plots in a slot of the request's cost class and writes them as one
// SVG.
func (s *server) svgHandler(c chart) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowGET(w, r) {
			return
		}
		req := reflect.New(c.reqType)
		q, err := requestQuery(r)
		if err == nil {
			err = form.DecodeQuery(q, req.Interface())
		}
		if err != nil {
			writeRequestError(w, err, req.Interface())
			return
		}
		class, draw := c.draw(req.Elem().Interface())
		s.runRequest(w, r, class, req.Interface(), func(env api.Env) (any, error) {
			plots, err := draw(env)
			if err != nil {
				return nil, err
			}
			return plot.RenderPanels(plots, "svg")
		}, func(svg any) reply {
			w.Header().Set("Cache-Control", "no-cache")
			return reply{status: http.StatusOK, ctype: "image/svg+xml", body: svg.([]byte)}
		})
	})
}

// allowGET writes a JSON 405 for methods other than GET and HEAD.
func allowGET(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	writeMsg(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed (use GET with query parameters)")
	return false
}
