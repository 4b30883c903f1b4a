// Package server is the web front end of flops: a JSON API with one endpoint
// per capability (the same Request types and Result JSON as the CLI, via
// package api), an OpenAPI 3.1 document, SVG charts, and an embedded
// single-page calculator. It computes nothing itself.
//
// Every endpoint gets the same treatment from its registration (see
// endpoints.go): requests decoded by package form (JSON bodies or query
// strings, numbers or text, any spelling of the field names), errors as
// {"error", "field"}, a concurrency limit by cost class with 503 and
// Retry-After when full, the request's context passed to the computation
// (a search stops when its client goes away), and a schema in the OpenAPI
// document derived from its Go request and result types.
package server

import (
	"embed"
	"io"
	"io/fs"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/internal/clip"
)

//go:embed web
var webFS embed.FS

// Options configures a server. The zero value serves the embedded catalogs
// with the default limits.
type Options struct {
	// Hardware is the accelerator catalog; nil means hardware.Default().
	Hardware *hardware.Catalog
	// MaxBody caps a JSON request body, bytes (default 1 MiB).
	MaxBody int64
	// MaxUpload caps an uploaded model header prefix, bytes (default 16 MiB).
	MaxUpload int64
	// Log receives one line per internal error (default: discard).
	Log *log.Logger
}

// Default limits.
const (
	DefaultMaxBody   = 1 << 20
	DefaultMaxUpload = 16 << 20
)

// New returns the http.Handler serving the page and the API.
func New(opts Options) http.Handler {
	return newServer(opts).handler()
}

// Paths lists the API's routes: the JSON endpoints, the upload, the
// OpenAPI document and the SVG charts, in that order.
func Paths() []string {
	s := &server{}
	var out []string
	for _, e := range s.endpoints() {
		out = append(out, e.path)
	}
	out = append(out, uploadPath, openAPIPath)
	for _, c := range s.plots() {
		out = append(out, c.path)
	}
	return out
}

// The routes outside the endpoint and chart tables.
const (
	uploadPath  = "/api/model/upload"
	openAPIPath = "/api/openapi.json"
)

// handler routes the page, the endpoints, the charts and the upload.
func (s *server) handler() http.Handler {
	return s.recoverer(securityHeaders(s.routes()))
}

// routes is the mux behind handler: a route for each of Paths, the page
// at /, and a JSON 404 for any other path under /api/.
func (s *server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, e := range s.endpoints() {
		mux.Handle(e.path, s.jsonHandler(e))
	}
	mux.HandleFunc(openAPIPath, s.openAPI)
	for _, p := range s.plots() {
		mux.Handle(p.path, s.svgHandler(p))
	}
	s.routeUpload(mux)
	static, _ := fs.Sub(webFS, "web")
	mux.Handle("/", http.FileServerFS(static))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeMsg(w, http.StatusNotFound, "no API endpoint "+clip.String(r.URL.Path, 100)+"; the list is in /api/openapi.json")
	})
	return mux
}

// newServer fills the defaults of opts and sizes the pools.
func newServer(opts Options) *server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	if opts.Log == nil {
		opts.Log = log.New(io.Discard, "", 0)
	}
	s := &server{opts: opts, env: api.Env{Hardware: opts.Hardware, AllowPaths: false},
		pools: defaultPools(), uploads: newUploadSlots(maxConcurrentUploads, opts.MaxUpload), bodyTimeout: bodyTimeout}
	s.openAPIBytes = sync.OnceValues(s.buildOpenAPI)
	s.deploys = newDeployCache()
	return s
}

// NewHTTPServer wraps h in an http.Server with read, write and header
// timeouts, so slow clients cannot hold connections open.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		// Above maxQuery so that a long query reaches the handler and gets
		// a JSON error; Go's own plain-text 431 answers only beyond 1 MiB.
		MaxHeaderBytes: 1 << 20,
	}
}

type server struct {
	opts Options
	env  api.Env
	// pools bound the expensive requests running and waiting, by cost
	// class (cheap requests have none).
	pools map[cost]*pool
	// uploads is the memory budget of upload bodies being read.
	uploads *uploadSlots
	// bodyTimeout bounds the reading of a JSON body (tests shorten it).
	bodyTimeout time.Duration
	// openAPIBytes is the OpenAPI document, built once (buildOpenAPI).
	openAPIBytes func() ([]byte, error)
	// deploys keeps recent deploy answers for their charts (deploys.go).
	deploys *deployCache
}

// maxConcurrentUploads sets the memory budget of upload bodies in flight:
// maxConcurrentUploads × MaxUpload (2 × 16 MiB by default), plus a copy
// while each is joined and parsed.
const maxConcurrentUploads = 2
