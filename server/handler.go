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
	// costOf, if set, classes each request instead (an inference request
	// is cheap, a sweep of 256 batch sizes is not).
	costOf func(req any) cost
}

// costFor is the cost class of one request.
func (e endpoint) costFor(req any) cost {
	if e.costOf != nil {
		return e.costOf(req)
	}
	return e.cost
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

// bodyTimeout bounds the reading of a JSON body (at most MaxBody, 1 MiB):
// a client that announces a body and stops sending is cut off (408).
const bodyTimeout = 5 * time.Second

// searchTimeout bounds a search's CPU, below the HTTP server's 30 s write
// timeout so that its answer can still be sent.
const searchTimeout = 20 * time.Second

// jsonHandler decodes a request from the query string (GET, HEAD) or a
// JSON body (POST), runs it within its cost class's limits and writes the
// Result exactly as the CLI's --json does.
func (s *server) jsonHandler(e endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := reflect.New(e.reqType)
		pretty, err := s.decode(w, r, req.Interface())
		if err == errMethod {
			return
		}
		if err != nil {
			writeRequestError(w, err, req.Interface())
			return
		}
		s.runRequest(w, r, e.costFor(req.Elem().Interface()), req.Interface(), func(env api.Env) (any, error) {
			return e.run(req.Elem().Interface(), env)
		}, func(res any) reply { return encodeResult(res, pretty) })
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
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(time.Now().Add(s.bodyTimeout))
		defer rc.SetReadDeadline(time.Time{})
		return pretty, form.DecodeJSON(http.MaxBytesReader(w, r.Body, s.opts.MaxBody), dst)
	}
	w.Header().Set("Allow", "GET, HEAD, POST")
	writeMsg(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed (use GET with query parameters or POST with a JSON body)")
	return false, errMethod
}

// reply is a response ready to send.
type reply struct {
	status int
	ctype  string
	body   []byte
}

func (rp reply) send(w http.ResponseWriter) {
	w.Header().Set("Content-Type", rp.ctype)
	w.WriteHeader(rp.status)
	w.Write(rp.body)
}

// runRequest runs fn with the request's context in the environment, in a
// slot of the pool of cost class c, encodes its result with encode while
// it holds the slot (encoding a large result is part of its cost) and
// sends it after. It writes the error instead when fn fails, the pool is
// full (503 with Retry-After) or the search runs past searchTimeout (503);
// nothing when the client went away (no one is listening).
func (s *server) runRequest(w http.ResponseWriter, r *http.Request, c cost, req any, fn func(api.Env) (any, error), encode func(any) reply) {
	rp, err := s.compute(r.Context(), c, fn, encode)
	switch {
	case err == nil:
		rp.send(w)
	case err == errBusy:
		writeError(w, http.StatusServiceUnavailable, errorBody{Error: "busy: too many expensive requests at once; retry in a few seconds"}, s.pools[c].retry())
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, errorBody{Error: "the search ran longer than " + searchTimeout.String() +
			"; " + narrowSearch(req) + " or retry when the server is less busy"}, s.pools[c].retry())
	case errors.Is(err, context.Canceled):
		// The client went away, while queued or during a search.
	default:
		writeRequestError(w, err, req)
	}
}

// narrowSearch says how to make a search of req smaller: a deploy search
// has its own dimensions, a plan search the training layout's.
func narrowSearch(req any) string {
	if _, ok := req.(*api.DeployRequest); ok {
		return "restrict it (tp, pp, ep, attention_dp, concurrency, mode; fewer accelerators or gpus)"
	}
	return "fix some dimensions (tp, pp, ep, micro_batch, zero, recompute)"
}

// compute runs fn and encode in a slot of c's pool (if any), with the
// request's context in the environment (and searchTimeout for searches).
func (s *server) compute(ctx context.Context, c cost, fn func(api.Env) (any, error), encode func(any) reply) (reply, error) {
	if p := s.pools[c]; p != nil {
		release, err := p.acquire(ctx)
		if err != nil {
			return reply{}, err
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
	if err != nil {
		return reply{}, err
	}
	return encode(res), nil
}

// encodeResult encodes res as the CLI's --json does (same fields, same
// values), compact by default to halve the encoding cost and the bytes on
// the wire; pretty indents it like the CLI.
func encodeResult(res any, pretty bool) reply {
	var b []byte
	var err error
	if pretty {
		var buf bytes.Buffer
		err = report.JSON(&buf, res)
		b = buf.Bytes()
	} else if b, err = json.Marshal(res); err == nil {
		b = append(b, '\n')
	}
	var uve *json.UnsupportedValueError
	switch {
	case errors.As(err, &uve):
		// Inputs at the edge of float64 (params=1e308, price=1e-300)
		// overflowed a computed figure to ±Inf or NaN, which JSON cannot
		// carry: the input's fault, not a server bug.
		return errorReply(http.StatusBadRequest, "result out of range (a computed value is "+uve.Str+"): check the magnitudes of the inputs")
	case err != nil:
		return errorReply(http.StatusInternalServerError, "encode result: "+err.Error())
	}
	return reply{status: http.StatusOK, ctype: "application/json", body: b}
}

func errorReply(status int, msg string) reply {
	b, _ := json.Marshal(errorBody{Error: msg})
	return reply{status: status, ctype: "application/json", body: append(b, '\n')}
}
