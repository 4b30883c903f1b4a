package server

import (
	"errors"
	"io"
	"net/http"
	"path"
	"reflect"

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
		q := r.URL.Query()
		name := path.Base(q.Get("name"))
		if name == "." || name == "/" {
			name = "upload"
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
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxUpload))
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			writeError(w, http.StatusRequestEntityTooLarge, "upload larger than the cap of "+units.Bytes(s.opts.MaxUpload).IEC()+
				"; send only the first bytes of the file (the header)")
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
