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
	"strings"
	"syscall"
	"time"

	"github.com/flopsdev/flops/server"
)

// serveHelp lists the routes from the server's own table.
var serveHelp = `
Serves the web calculator and the JSON API from the embedded catalogs; no
configuration is needed. Every API endpoint takes the same fields as the
matching command's flags (as query parameters or a JSON body) and returns the
same JSON as that command's --json. The OpenAPI document is at
/api/openapi.json; the charts (SVG) are under /api/plot/.

Routes:
` + wrapWords(strings.Join(server.Paths(), " "), 78, "  ") + `

Examples:
  flops serve
  flops serve --addr 127.0.0.1:9000
  curl 'localhost:8080/api/train?params=7B&tokens=1T&gpu=h100-sxm&price=2'
`

// wrapWords fills lines of at most width bytes with the words of s, each
// line starting with indent.
func wrapWords(s string, width int, indent string) string {
	var lines []string
	line := indent
	for _, w := range strings.Fields(s) {
		if line != indent && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

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
