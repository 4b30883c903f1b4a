package api

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flopsdev/flops/load"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// resolvedModel is a model argument turned into an architecture.
type resolvedModel struct {
	id         string // catalog ID ("" for files)
	arch       model.Arch
	source     *model.SourceInfo
	tokens     units.Tokens // published training tokens, 0 if unknown
	fileBits   float64      // bits per weight measured in the weight files, 0 if none were read
	fileFormat string       // e.g. "Q4_K_M" for GGUF
}

// resolveModel resolves a model argument with load.Resolve: a catalog name,
// or (when env.AllowPaths) a config.json, model directory, safetensors
// file or index, or GGUF file.
func resolveModel(env Env, name string) (resolvedModel, error) {
	m, err := loadModel(env, name)
	if err != nil {
		return resolvedModel{}, err
	}
	return fromLoaded(m)
}

// loadModel runs load.Resolve on a non-empty model argument.
func loadModel(env Env, name string) (*load.Model, error) {
	if strings.TrimSpace(name) == "" {
		return nil, errors.New("no model given: name a catalog model (flops model list) or a config.json, safetensors or GGUF path")
	}
	m, err := load.Resolve(name, env.AllowPaths)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	return m, nil
}

// weightsOnly is the Summary of weight files without an architecture.
func weightsOnly(m *load.Model) *model.Summary {
	src := fileSource(m)
	var kept []string
	for _, w := range m.Warnings {
		if !strings.Contains(w, "config.json") { // the missing config.json is said once, by WeightsSummary
			kept = append(kept, w)
		}
	}
	src.Warnings = kept
	return model.WeightsSummary(m.Source, src)
}

// fileSource is the SourceInfo of files read by package load.
func fileSource(m *load.Model) *model.SourceInfo {
	return &model.SourceInfo{Kind: m.Kind, Path: m.Source, ConfigSource: m.Source,
		FileParams: m.FileParams, FileBytes: m.FileBytes,
		FileDtypeParams: m.DtypeParams, FileDtypeBytes: m.DtypeBytes}
}

// fromLoaded turns a loaded model (catalog entry, files or an upload) into
// an architecture with its source information.
func fromLoaded(m *load.Model) (resolvedModel, error) {
	if !m.HasArch {
		return resolvedModel{}, fmt.Errorf("model %s: the weight files hold %.0f parameters (%.0f bytes) but give no architecture, so FLOPs and KV cache cannot be computed; put the model's config.json beside them",
			m.Source, float64(m.FileParams), float64(m.FileBytes))
	}
	r := resolvedModel{arch: m.Arch, tokens: m.TrainingTokens, fileFormat: m.FileType}
	if r.arch.Name == "" {
		r.arch.Name = m.Source // files carry no display name: show the path
	}
	if m.Entry != nil {
		r.id = m.Entry.ID
		r.source = model.CatalogSource(*m.Entry)
	} else {
		r.source = fileSource(m)
	}
	r.source.Warnings = append(r.source.Warnings, m.Warnings...)
	if m.Mismatch != "" {
		r.source.Warnings = append(r.source.Warnings, m.Mismatch)
	}
	if m.FileParams > 0 && m.BitsPerWeight > 0 {
		r.fileBits = m.BitsPerWeight
	}
	return r, nil
}
