package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/report"
)

// endpoint is one JSON API route: its request type (an api.XxxRequest whose
// fields are the CLI flags as text) and the function that runs it.
type endpoint struct {
	path    string
	summary string
	reqType reflect.Type
	resType reflect.Type
	run     func(req any, env api.Env) (any, error)
	heavy   bool // limited to s.heavySlots concurrent runs
}

// newEndpoint adapts a Run method expression (e.g. api.TrainRequest.Run)
// to an endpoint.
func newEndpoint[Req, Res any](path, summary string, run func(Req, api.Env) (Res, error)) endpoint {
	return endpoint{
		path:    path,
		summary: summary,
		reqType: reflect.TypeFor[Req](),
		resType: reflect.TypeFor[Res](),
		run: func(req any, env api.Env) (any, error) {
			return run(req.(Req), env)
		},
	}
}

// defaultHeavyWait is how long a heavy request waits for a free slot.
const defaultHeavyWait = 10 * time.Second

// errorBody is every API error: {"error": "..."}.
type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(errorBody{Error: msg})
}

// jsonHandler decodes a request from the query string (GET) or a JSON body
// (POST), runs it and writes the Result exactly as the CLI's --json does.
// Every decoding or validation error is a 400 with a JSON message.
func (s *server) jsonHandler(e endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqPtr := reflect.New(e.reqType)
		var err error
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			var q url.Values
			if q, err = requestQuery(r); err == nil {
				q.Del("pretty")
				err = decodeQuery(q, reqPtr.Elem())
			}
		case http.MethodPost:
			if _, err = requestQuery(r); err != nil {
				break
			}
			err = decodeBody(http.MaxBytesReader(w, r.Body, s.opts.MaxBody), reqPtr.Interface())
		default:
			w.Header().Set("Allow", "GET, POST")
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed (use GET with query parameters or POST with a JSON body)")
			return
		}
		if err != nil {
			status := http.StatusBadRequest
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				status = http.StatusRequestEntityTooLarge
			}
			writeError(w, status, err.Error())
			return
		}
		if e.heavy {
			select {
			case s.heavySlots <- struct{}{}:
				defer func() { <-s.heavySlots }()
			case <-time.After(s.heavyWait):
				writeError(w, http.StatusServiceUnavailable, "busy: too many searches running; retry in a few seconds")
				return
			}
		}
		res, err := e.run(reqPtr.Elem().Interface(), s.env)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		writeResult(w, r, res)
	})
}

// decodeBody reads exactly one JSON object with only known fields.
func decodeBody(r io.Reader, dst any) error {
	br := bufio.NewReader(r)
	if err := wantObject(br); err != nil {
		return err
	}
	dec := json.NewDecoder(br)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty request body: send a JSON object of the command's fields, e.g. {\"gpu\":\"h100\"}")
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return fmt.Errorf("bad JSON body: %v", err)
	}
	if dec.More() {
		return errors.New("bad JSON body: more than one JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("bad JSON body: trailing data after the object")
	}
	return nil
}

// wantObject skips leading JSON white space and checks that the body is an
// object: a top-level null would otherwise decode as an empty request and
// run with every default. Read errors are left to the decoder.
func wantObject(br *bufio.Reader) error {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return nil
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.ReadByte()
		case '{':
			return nil
		default:
			return fmt.Errorf("bad JSON body: want a JSON object {...} of the command's fields, got text starting %q", b[0])
		}
	}
}

func reflectTypeFor[T any]() reflect.Type { return reflect.TypeFor[T]() }

// writeResult writes res as the CLI's --json does (same fields, same
// values), compact by default to halve the encoding cost and the bytes on
// the wire; ?pretty=1 (or an Accept header asking for it) indents it like
// the CLI.
func writeResult(w http.ResponseWriter, r *http.Request, res any) {
	w.Header().Set("Content-Type", "application/json")
	var buf bytes.Buffer
	var err error
	if r.URL.Query().Has("pretty") {
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
		writeError(w, http.StatusBadRequest, "result out of range (a computed value is "+uve.Str+"): check the magnitudes of the inputs")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "encode result: "+err.Error())
		return
	}
	w.Write(buf.Bytes())
}
