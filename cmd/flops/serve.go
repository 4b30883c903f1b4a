package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/flopsdev/flops/server"
)

const serveHelp = `
Serves the web calculator and the JSON API from the embedded catalogs; no
configuration is needed. Every API endpoint takes the same fields as the
matching command's flags (as query parameters or a JSON body) and returns the
same JSON as that command's --json. The OpenAPI document is at /api/openapi.json.

Endpoints: /api/train /api/infer /api/model /api/models /api/hardware
/api/hardware/show /api/hardware/compare /api/scale/optimal /api/scale/loss
/api/scale/inference /api/scale/isoflop /api/plan /api/mfu /api/model/upload
and SVG charts under /api/plot/.

Examples:
  flops serve
  flops serve --addr 127.0.0.1:9000
  curl 'localhost:8080/api/train?params=7B&tokens=1T&gpu=h100-sxm&mfu=0.5&price=2'
`

// runServe starts the web server and shuts it down gracefully on SIGINT or
// SIGTERM.
func runServe(env *cliEnv, args []string) error {
	fs := newFlagSet(env, "serve", "serve [--addr host:port] [--hw-file FILE]", serveHelp)
	addr := fs.String("addr", "localhost:8080", "address to listen on")
	hwFile := fs.String("hw-file", "", "JSON file of extra or overriding accelerators (also FLOPS_HW_FILE)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	aenv, err := apiEnv(env, *hwFile)
	if err != nil {
		return err
	}
	h := server.New(server.Options{Hardware: aenv.Hardware, Log: log.New(env.stderr, "flops serve: ", log.LstdFlags)})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return withHint(fmt.Errorf("listen on %s: %w", *addr, err), "choose another address with --addr, e.g. --addr localhost:8081")
	}
	srv := server.NewHTTPServer(*addr, h)
	fmt.Fprintf(env.stdout, "flops: serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	fmt.Fprintln(env.stderr, "flops: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
