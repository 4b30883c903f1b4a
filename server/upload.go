package server

import (
	"bytes"
	"errors"
	"net/http"
	"path"
	"reflect"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/units"
)

// routeUpload serves POST /api/model/upload: the body is a config.json, or
// the first bytes (at least the header) of a safetensors or GGUF file, at
// most Options.MaxUpload bytes; the query holds the other fields of
// /api/model (context, dtype, ...) and an optional file name. Nothing is
// read from the server's disk.
func (s *server) routeUpload(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/model/upload", func(w http.ResponseWriter, r *http.Request) {
		q, err := requestQuery(r)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		name := path.Base(q.Get("name"))
		if name == "." || name == "/" {
			name = "request body"
		}
		q.Del("name")
		q.Del("pretty")
		var req api.ModelRequest
		if err := decodeQuery(q, reflect.ValueOf(&req).Elem()); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if req.Model != "" {
			writeError(w, http.StatusBadRequest, "upload: the model comes from the body; drop the model parameter (or use /api/model for catalog names)")
			return
		}
		if !s.acquireUpload(w) {
			return
		}
		defer s.releaseUpload()
		data, err := readCapped(w, r, s.opts.MaxUpload)
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			writeUploadTooLarge(w, s.opts.MaxUpload)
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, "read upload: "+err.Error())
			return
		case len(data) == 0:
			writeError(w, http.StatusBadRequest, "upload: empty body; send a config.json or the first bytes of a safetensors or GGUF file")
			return
		}
		res, err := req.RunUpload(s.env, name, data)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		writeResult(w, r, res)
	})
}

func writeUploadTooLarge(w http.ResponseWriter, limit int64) {
	writeError(w, http.StatusRequestEntityTooLarge, "upload larger than the cap of "+units.Bytes(limit).IEC()+
		"; send only the first bytes of the file (the header)")
}

// acquireUpload takes one of the upload slots, so that at most
// cap(uploadSlots) bodies of up to MaxUpload bytes are held in memory at
// once (2 × 16 MiB by default); a request that waits longer than heavyWait
// gets a 503. It reports whether the caller may proceed.
func (s *server) acquireUpload(w http.ResponseWriter) bool {
	if s.uploadSlots == nil {
		return true
	}
	select {
	case s.uploadSlots <- struct{}{}:
		return true
	case <-time.After(s.heavyWait):
		writeError(w, http.StatusServiceUnavailable, "busy: too many uploads in progress; retry in a few seconds")
		return false
	}
}

func (s *server) releaseUpload() {
	if s.uploadSlots != nil {
		<-s.uploadSlots
	}
}

// readCapped reads the body, at most limit bytes (a *http.MaxBytesError
// beyond). When the client declares the length, the buffer is allocated
// once at that size instead of growing by doubling (which allocates about
// twice the body).
func readCapped(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if n := r.ContentLength; n > 0 {
		buf.Grow(int(min(n, limit)) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	return buf.Bytes(), err
}
