package server

import (
	"net/http"
	"reflect"

	gonumplot "gonum.org/v1/plot"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/plot"
)

// routePlots serves SVG charts drawn by the same code as the CLI's --plot.
// Each takes the same query fields as its JSON endpoint.
func (s *server) routePlots(mux *http.ServeMux) {
	mux.Handle("GET /api/plot/infer", s.svgHandler(reflect.TypeFor[api.InferRequest](), func(req any) ([]*gonumplot.Plot, error) {
		sw, err := req.(api.InferRequest).Sweep(s.env)
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
	}))
	s.routeMorePlots(mux)
}

// svgHandler decodes the query into a request of type t, builds the plots
// and writes them as one SVG.
func (s *server) svgHandler(t reflect.Type, build func(req any) ([]*gonumplot.Plot, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := reflect.New(t)
		q, err := requestQuery(r)
		if err == nil {
			err = decodeQuery(q, req.Elem())
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		plots, err := build(req.Elem().Interface())
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		svg, err := plot.RenderPanels(plots, "svg")
		if err != nil {
			writeError(w, http.StatusBadRequest, "draw chart: "+err.Error())
			return
		}
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(svg)
	})
}

// extraPaths documents the non-JSON routes in the OpenAPI document.
func (s *server) extraPaths() map[string]any {
	svg := map[string]any{"200": map[string]any{"description": "an SVG chart",
		"content": map[string]any{"image/svg+xml": map[string]any{"schema": map[string]any{"type": "string"}}}},
		"400": map[string]any{"description": "bad input (JSON error)"}}
	return map[string]any{
		"/api/plot/infer": map[string]any{"get": map[string]any{
			"summary":     "roofline and latency–throughput charts of an inference request (flops infer --plot)",
			"operationId": "getPlotInfer", "parameters": queryParams(reflect.TypeFor[api.InferRequest]()), "responses": svg}},
		"/api/plot/isoflop": map[string]any{"get": map[string]any{
			"summary": "iso-FLOP curves (flops scale isoflop --plot)", "operationId": "getPlotIsoflop",
			"parameters": queryParams(reflect.TypeFor[api.ScaleIsoFLOPRequest]()), "responses": svg}},
		"/api/plot/hardware": map[string]any{"get": map[string]any{
			"summary": "rooflines of accelerators side by side (flops hw compare --plot)", "operationId": "getPlotHardware",
			"parameters": queryParams(reflect.TypeFor[api.HWCompareRequest]()), "responses": svg}},
		"/api/model/upload": map[string]any{"post": map[string]any{
			"summary":     "accounting of an uploaded config.json or the first bytes (header) of a safetensors or GGUF file",
			"operationId": "postModelUpload",
			"requestBody": map[string]any{"required": true, "content": map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}},
			"responses":   map[string]any{"200": map[string]any{"description": "the model Result"}, "400": map[string]any{"description": "bad input (JSON error)"}, "413": map[string]any{"description": "upload larger than the cap"}}}},
	}
}

// routeMorePlots adds the scaling and hardware charts.
func (s *server) routeMorePlots(mux *http.ServeMux) {
	mux.Handle("GET /api/plot/isoflop", s.svgHandler(reflect.TypeFor[api.ScaleIsoFLOPRequest](), func(req any) ([]*gonumplot.Plot, error) {
		res, err := req.(api.ScaleIsoFLOPRequest).Run(s.env)
		if err != nil {
			return nil, err
		}
		p, err := plot.IsoFLOPCurves(res)
		return []*gonumplot.Plot{p}, err
	}))
	mux.Handle("GET /api/plot/hardware", s.svgHandler(reflect.TypeFor[api.HWCompareRequest](), func(req any) ([]*gonumplot.Plot, error) {
		res, err := req.(api.HWCompareRequest).Run(s.env)
		if err != nil {
			return nil, err
		}
		p, err := res.Plot()
		return []*gonumplot.Plot{p}, err
	}))
}
