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
// A lone safetensors file (no architecture) gives the weights-only Summary
// and warning that Run gives for the same file on the command line.
func (r ModelRequest) RunUpload(env Env, name string, data []byte) (*model.Summary, error) {
	m, err := load.FromBytes(name, data)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	if !m.HasArch && m.FileParams <= 0 {
		return nil, fmt.Errorf("upload %s: the file holds no tensors and gives no architecture", name)
	}
	if !m.HasArch {
		return weightsOnly(m), nil
	}
	res, err := fromLoaded(m)
	if err != nil {
		return nil, err
	}
	return r.summarize(&res, name)
}
