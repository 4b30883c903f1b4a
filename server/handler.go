package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/server/form"
)

// endpoint is one JSON API route: its request type (an api.XxxRequest whose
// fields are the CLI flags as text), its result types (one, or those it
// chooses from), the function that runs it and its cost class.
type endpoint struct {
	path     string
	summary  string
	reqType  reflect.Type
	resTypes []reflect.Type
	run      func(req any, env api.Env) (any, error)
	cost     cost
}

// newEndpoint adapts a Run method expression (e.g. api.TrainRequest.Run)
// to an endpoint.
func newEndpoint[Req, Res any](path, summary string, run func(Req, api.Env) (Res, error)) endpoint {
	return endpoint{
		path:     path,
		summary:  summary,
		reqType:  reflect.TypeFor[Req](),
		resTypes: []reflect.Type{reflect.TypeFor[Res]()},
		run: func(req any, env api.Env) (any, error) {
			return run(req.(Req), env)
		},
	}
}

// searchTimeout bounds a search's CPU, below the HTTP server's 30 s write
// timeout so that its answer can still be sent.
const searchTimeout = 20 * time.Second

// jsonHandler decodes a request from the query string (GET, HEAD) or a
// JSON body (POST), runs it within its cost class's limits and writes the
// Result exactly as the CLI's --json does.
func (s *server) jsonHandler(e endpoint) http.Handler {
	fields := form.Fields(e.reqType)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := reflect.New(e.reqType)
		pretty, err := s.decode(w, r, req.Interface())
		if err == errMethod {
			return
		}
		if err != nil {
			writeRequestError(w, err, fields)
			return
		}
		res, ok := s.runRequest(w, r, e.cost, fields, func(env api.Env) (any, error) {
			return e.run(req.Elem().Interface(), env)
		})
		if ok {
			writeResult(w, res, pretty)
		}
	})
}

// errMethod is a request with a method the API does not serve; the 405
// has been written.
var errMethod = errors.New("method not allowed")

// decode fills dst from the query (GET, HEAD) or the JSON body (POST).
// The query may also hold "pretty", which asks for indented output.
func (s *server) decode(w http.ResponseWriter, r *http.Request, dst any) (pretty bool, err error) {
	q, err := requestQuery(r)
	if err != nil {
		return false, err
	}
	pretty = popKey(q, "pretty")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return pretty, form.DecodeQuery(q, dst)
	case http.MethodPost:
		if len(q) > 0 {
			return pretty, &form.Error{Msg: "POST takes the fields in the JSON body, not in the query string (only ?pretty=1 is read there)"}
		}
		return pretty, form.DecodeJSON(http.MaxBytesReader(w, r.Body, s.opts.MaxBody), dst)
	}
	w.Header().Set("Allow", "GET, HEAD, POST")
	writeMsg(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed (use GET with query parameters or POST with a JSON body)")
	return false, errMethod
}

// runRequest runs fn with the request's context in the environment, in a
// slot of the pool of cost class c. It writes the error and reports false
// when fn fails, the pool is full (503 with Retry-After), the search runs
// past searchTimeout (503), or the client went away (nothing is written:
// no one is listening).
func (s *server) runRequest(w http.ResponseWriter, r *http.Request, c cost, fields []form.Field, fn func(api.Env) (any, error)) (any, bool) {
	ctx := r.Context()
	if p := s.pools[c]; p != nil {
		release, err := p.acquire(ctx)
		if err == errBusy {
			writeError(w, http.StatusServiceUnavailable, errorBody{Error: "busy: too many expensive requests at once; retry in a few seconds"}, p.retry())
			return nil, false
		}
		if err != nil {
			return nil, false // the client went away while queued
		}
		defer release()
	}
	if c == search {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, searchTimeout)
		defer cancel()
	}
	env := s.env
	env.Context = ctx
	res, err := fn(env)
	switch {
	case err == nil:
		return res, true
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, errorBody{Error: "the search ran longer than " + searchTimeout.String() +
			"; fix some dimensions (tp, pp, ep, micro_batch, zero, recompute) or retry when the server is less busy"}, s.pools[search].retry())
	case errors.Is(err, context.Canceled):
		// The client went away; the search stopped.
	default:
		writeRequestError(w, err, fields)
	}
	return nil, false
}

// writeResult writes res as the CLI's --json does (same fields, same
// values), compact by default to halve the encoding cost and the bytes on
// the wire; pretty indents it like the CLI.
func writeResult(w http.ResponseWriter, res any, pretty bool) {
	var buf bytes.Buffer
	var err error
	if pretty {
		err = report.JSON(&buf, res) // buffered: an encoding error must not leave a 200 with no body
	} else {
		var b []byte
		b, err = json.Marshal(res)
		buf.Write(append(b, '\n'))
	}
	var uve *json.UnsupportedValueError
	if errors.As(err, &uve) {
		// Inputs at the edge of float64 (params=1e308, price=1e-300)
		// overflowed a computed figure to ±Inf or NaN, which JSON cannot
		// carry: the input's fault, not a server bug.
		writeMsg(w, http.StatusBadRequest, "result out of range (a computed value is "+uve.Str+"): check the magnitudes of the inputs")
		return
	}
	if err != nil {
		writeMsg(w, http.StatusInternalServerError, "encode result: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}
