package server

import "net/http"

// routeUpload serves POST /api/model/upload (added when the api layer can
// account an in-memory model).
func (s *server) routeUpload(mux *http.ServeMux) {}
