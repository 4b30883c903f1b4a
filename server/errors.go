package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
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
// 400 otherwise, with the field at fault among fields (the request's).
func writeRequestError(w http.ResponseWriter, err error, fields []form.Field) {
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
		writeError(w, http.StatusBadRequest, errorBody{Error: err.Error(), Field: fieldOf(err, fields)}, 0)
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

// leadingName matches a field named at the start of an error message:
// "--params "7X": ...", "gpu: unknown accelerator", "model x: ...".
var leadingName = regexp.MustCompile(`^(?:--)?([A-Za-z][A-Za-z0-9_-]*)[:\s]`)

// fieldOf names the request field an error is about, "" if none: a decoding
// error's field; an *api.InputError's flag; precision for a chip without
// that precision; else a field the message starts with.
func fieldOf(err error, fields []form.Field) string {
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
	}
	if m := leadingName.FindStringSubmatch(err.Error()); m != nil {
		if f, ok := lookupField(m[1], fields); ok {
			return f
		}
	}
	return ""
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
