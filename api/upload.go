package api

import (
	"fmt"

	"github.com/flopsdev/flops/load"
	"github.com/flopsdev/flops/model"
)

// RunUpload is Run for an uploaded model file instead of a catalog name:
// data is a config.json, or the first bytes (the header) of a safetensors
// or GGUF file; name labels it in messages. The web server uses it, so a
// request never names a server-side path. r.Model is ignored.
func (r ModelRequest) RunUpload(env Env, name string, data []byte) (*model.Summary, error) {
	m, err := load.FromBytes(name, data)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	res, err := fromLoaded(m)
	if err != nil {
		return nil, err
	}
	return r.summarize(&res, name)
}
