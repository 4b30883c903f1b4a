package server

import (
	"errors"
	"net/http"
	"path"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/server/form"
	"github.com/flopsdev/flops/units"
)

// routeUpload serves POST /api/model/upload: the body is a config.json, or
// the first bytes (at least the header) of a safetensors or GGUF file, at
// most Options.MaxUpload bytes; the query holds the other fields of
// /api/model (context, dtype, ...) and an optional file name. Nothing is
// read from the server's disk.
func (s *server) routeUpload(mux *http.ServeMux) {
	mux.HandleFunc(uploadPath, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeMsg(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed (POST the file's bytes)")
			return
		}
		var req api.ModelRequest
		q, err := requestQuery(r)
		if err != nil {
			writeRequestError(w, err, &req)
			return
		}
		name := path.Base(popValue(q, "name"))
		if name == "." || name == "/" {
			name = "request body"
		}
		pretty := popKey(q, "pretty")
		if err := form.DecodeQuery(q, &req); err != nil {
			writeRequestError(w, err, &req)
			return
		}
		if req.Model != "" {
			writeError(w, http.StatusBadRequest, errorBody{Error: "upload: the model comes from the body; drop the model parameter (or use /api/model for catalog names)", Field: "model"}, 0)
			return
		}
		data, release, err := s.readUpload(w, r, s.opts.MaxUpload)
		defer release()
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			writeUploadTooLarge(w, s.opts.MaxUpload)
			return
		case err == errUploadBusy:
			writeError(w, http.StatusServiceUnavailable, errorBody{Error: err.Error()}, 2)
			return
		case err != nil:
			writeRequestError(w, err, &req)
			return
		case len(data) == 0:
			writeMsg(w, http.StatusBadRequest, "upload: empty body; send a config.json or the first bytes of a safetensors or GGUF file")
			return
		}
		res, err := req.RunUpload(s.env, name, data)
		if err != nil {
			writeRequestError(w, err, &req)
			return
		}
		encodeResult(res, pretty).send(w)
	})
}

func writeUploadTooLarge(w http.ResponseWriter, limit int64) {
	writeMsg(w, http.StatusRequestEntityTooLarge, "upload larger than the cap of "+units.Bytes(limit).IEC()+
		"; send only the first bytes of the file (the header)")
}
