package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/server/form"
)

// errorBody is every API error: {"error": "...", "field": "..."}. Field is
// the JSON name of the request field at fault, when there is one.
type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// writeError writes a JSON error with the status; retryAfter > 0 adds a
// Retry-After header (seconds), for 503s.
func writeError(w http.ResponseWriter, status int, body errorBody, retryAfter int) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// writeMsg writes a JSON error about no field in particular.
func writeMsg(w http.ResponseWriter, status int, msg string) {
	writeError(w, status, errorBody{Error: msg}, 0)
}

// writeRequestError writes an error from decoding or running a request:
// 413 for a body over the cap, 408 for a client that stopped sending,
// 400 otherwise, with the field at fault in req (a pointer to the request
// struct, as decoded so far).
func writeRequestError(w http.ResponseWriter, err error, req any) {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		writeMsg(w, http.StatusRequestEntityTooLarge, "request body larger than the cap of "+strconv.FormatInt(mbe.Limit, 10)+" bytes")
	case isReadTimeout(err):
		// Close the connection: net/http would otherwise try to read the
		// rest of the body before replying, from a client that stopped.
		w.Header().Set("Connection", "close")
		writeMsg(w, http.StatusRequestTimeout, "the request body stopped arriving; send it whole and promptly")
	case isNetError(err):
		w.Header().Set("Connection", "close")
		writeMsg(w, http.StatusBadRequest, "the request body could not be read: the connection failed")
	default:
		writeError(w, http.StatusBadRequest, errorBody{Error: err.Error(), Field: fieldOf(err, req)}, 0)
	}
}

// isReadTimeout reports a read deadline passing while the body was read.
func isReadTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// isNetError reports a failed read of the connection; its message names
// socket addresses, which an error must not echo.
func isNetError(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) || errors.Is(err, net.ErrClosed) || errors.Is(err, context.Canceled)
}

// namedAtStart match a field named at the start of an error message:
// "--params "7X": ...", "gpu: unknown accelerator", "model x: ...",
// "no model given: ...".
var namedAtStart = []*regexp.Regexp{
	regexp.MustCompile(`^(?:--)?([A-Za-z][A-Za-z0-9_-]*)[:\s]`),
	regexp.MustCompile(`^no ([a-z_]+) given`),
}

// fieldOf names the request field an error is about, "" if none: a decoding
// error's field; an *api.InputError's flag; precision for a chip without
// that precision; a field the message starts with ("gpu: unknown ...");
// else the one field whose value the message quotes.
func fieldOf(err error, req any) string {
	var fields []form.Field
	if req != nil {
		fields = form.Fields(reflect.TypeOf(req).Elem())
	}
	var fe *form.Error
	var ie *api.InputError
	var pe *hardware.PrecisionError
	switch {
	case errors.As(err, &fe):
		return fe.Field
	case errors.As(err, &ie):
		if f, ok := lookupField(ie.Flag, fields); ok {
			return f
		}
		return form.Key(ie.Flag)
	case errors.As(err, &pe):
		if f, ok := lookupField("precision", fields); ok {
			return f
		}
	case errors.Is(err, api.ErrNoIDs):
		return "ids"
	}
	msg := err.Error()
	for _, re := range namedAtStart {
		if m := re.FindStringSubmatch(msg); m != nil {
			if f, ok := lookupField(m[1], fields); ok {
				return f
			}
		}
	}
	return quotedField(msg, req)
}

// quotedField is the one given field whose value msg quotes, if exactly
// one does ("unknown accelerator \"zz\"" for id=zz).
func quotedField(msg string, req any) string {
	found := ""
	for name, v := range form.Given(req) {
		if strings.Contains(msg, strconv.Quote(v)) {
			if found != "" {
				return ""
			}
			found = name
		}
	}
	return found
}

// lookupField finds name (any spelling) among fields.
func lookupField(name string, fields []form.Field) (string, bool) {
	k := form.Key(strings.TrimPrefix(name, "--"))
	for _, f := range fields {
		if form.Key(f.Name) == k {
			return f.Name, true
		}
	}
	return "", false
}
