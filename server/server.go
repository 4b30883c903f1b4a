// Package server is the web front end of flops: a JSON API with one endpoint
// per capability (the same Request types and Result JSON as the CLI, via
// package api), an OpenAPI 3 document, SVG charts, and an embedded
// single-page calculator. It computes nothing itself.
package server

import (
	"embed"
	"io"
	"io/fs"
	"log"
	"net/http"
	"runtime"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/hardware"
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
		heavySlots: make(chan struct{}, runtime.GOMAXPROCS(0)), heavyWait: defaultHeavyWait,
		uploadSlots: make(chan struct{}, maxConcurrentUploads)}
	mux := http.NewServeMux()
	for _, e := range s.endpoints() {
		mux.Handle(e.path, s.jsonHandler(e))
	}
	mux.HandleFunc("GET /api/openapi.json", s.openAPI)
	s.routePlots(mux)
	s.routeUpload(mux)
	static, _ := fs.Sub(webFS, "web")
	mux.Handle("/", http.FileServerFS(static))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no API endpoint "+r.URL.Path+"; the list is in /api/openapi.json")
	})
	return s.recoverer(securityHeaders(mux))
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
	opts       Options
	env        api.Env
	heavySlots chan struct{} // semaphore for heavy endpoints
	heavyWait  time.Duration // how long a heavy request waits for a slot
	// uploadSlots bounds the uploads read at once (memory: MaxUpload each).
	uploadSlots chan struct{}
}

// maxConcurrentUploads bounds the memory held by uploads in flight to
// maxConcurrentUploads × MaxUpload plus the parser's working copy.
const maxConcurrentUploads = 2
