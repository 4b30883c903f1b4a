// Package load resolves what a user names with --model: a catalog name, or
// (when paths are allowed) a model directory, a config.json, a
// .safetensors file, a model.safetensors.index.json or a .gguf file. It
// returns the architecture record plus, for weight files, the exact
// parameter counts and bytes read from their headers, and flags a mismatch
// between the formula's count and the files'.
package load

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/model/gguf"
	"github.com/flopsdev/flops/model/hfconfig"
	"github.com/flopsdev/flops/model/safetensors"
	"github.com/flopsdev/flops/units"
)

// Error kinds; test with errors.Is. Reader errors are re-classified so that
// callers need not import every reader.
var (
	// ErrFormat marks broken input files.
	ErrFormat = errors.New("invalid model file")
	// ErrUnsupported marks valid input this tool does not handle.
	ErrUnsupported = errors.New("unsupported model file")
)

// MismatchThreshold is the relative difference between the formula's
// parameter count and the files' count above which Model.Mismatch is set.
const MismatchThreshold = 0.005

// Model is a resolved model: its architecture and what its files say.
type Model struct {
	// Arch is the architecture record; the zero value when HasArch is
	// false (a bare .safetensors file with no config.json beside it).
	Arch    model.Arch `json:"arch"`
	HasArch bool       `json:"has_arch"`
	// Entry is the catalog entry when the model came from the catalog.
	Entry *model.Entry `json:"-"`
	// Kind is "catalog", "config", "safetensors", "safetensors-index",
	// "gguf" or "directory".
	Kind   string `json:"kind"`
	Source string `json:"source"` // catalog ID or the path read

	// Exact figures from weight-file headers (0 when no weights were read).
	FileParams    units.Params            `json:"file_params"`     // Σ tensor elements
	FileBytes     units.Bytes             `json:"file_bytes"`      // Σ tensor data bytes
	BitsPerWeight float64                 `json:"bits_per_weight"` // 8·FileBytes/FileParams, incl. quantization block scales
	DtypeParams   map[string]units.Params `json:"dtype_params,omitempty"`
	DtypeBytes    map[string]units.Bytes  `json:"dtype_bytes,omitempty"`
	FileType      string                  `json:"file_type,omitempty"` // GGUF general.file_type, e.g. "Q4_K_M"

	TrainingTokens units.Tokens `json:"training_tokens,omitempty"` // catalog only
	Warnings       []string     `json:"warnings,omitempty"`
	// Mismatch explains a formula-vs-files difference above
	// MismatchThreshold (tied heads stored twice, MTP layers, scales...).
	Mismatch string `json:"mismatch,omitempty"`
}

// Resolve returns the model named by nameOrPath. With allowPaths, an
// existing file or directory is read; otherwise (or when nothing exists at
// that path) the name is looked up in the model catalog.
func Resolve(nameOrPath string, allowPaths bool) (*Model, error) {
	if allowPaths {
		if _, err := os.Stat(nameOrPath); err == nil {
			return FromPath(nameOrPath)
		}
	}
	e, err := model.Lookup(nameOrPath)
	if err != nil {
		if allowPaths && looksLikePath(nameOrPath) {
			return nil, fmt.Errorf("model %q: no such file or directory, and %w", shortPath(nameOrPath), err)
		}
		return nil, err
	}
	return &Model{Arch: e.Arch, HasArch: true, Entry: &e, Kind: "catalog", Source: e.ID, TrainingTokens: e.TrainingTokens}, nil
}

func looksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || strings.HasSuffix(s, ".json") ||
		strings.HasSuffix(s, ".gguf") || strings.HasSuffix(s, ".safetensors")
}

// kindError carries a load error kind and the reader's error.
type kindError struct{ kind, err error }

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// classify maps reader error kinds to ErrFormat/ErrUnsupported.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, safetensors.ErrUnsupported), errors.Is(err, gguf.ErrUnsupported), errors.Is(err, hfconfig.ErrUnsupported):
		return &kindError{ErrUnsupported, err}
	case errors.Is(err, safetensors.ErrFormat), errors.Is(err, gguf.ErrFormat), errors.Is(err, hfconfig.ErrFormat):
		return &kindError{ErrFormat, err}
	}
	return err
}

// setArch validates a mapped architecture and attaches it.
func (m *Model) setArch(a model.Arch, warnings []string) error {
	named := a
	if named.Name == "" { // config.json has no name: say which file is invalid
		named.Name = m.Source
	}
	if err := named.Validate(); err != nil {
		return &kindError{ErrFormat, errors.New(strings.ReplaceAll(err.Error(), "\n", "; "))}
	}
	m.Arch, m.HasArch = a, true
	m.Warnings = append(m.Warnings, warnings...)
	return nil
}

// finish computes bits per weight and the mismatch note.
func (m *Model) finish() *Model {
	if m.FileParams > 0 {
		m.BitsPerWeight = 8 * float64(m.FileBytes) / float64(m.FileParams)
	}
	if !m.HasArch || m.FileParams <= 0 {
		return m
	}
	c := m.Arch.Count()
	formula, files := float64(c.Total), float64(m.FileParams)
	diff := (files - formula) / formula
	if math.Abs(diff) <= MismatchThreshold {
		return m
	}
	m.Mismatch = fmt.Sprintf("the files hold %.0f parameters, %+.2f%% from the formula's %.0f", files, 100*diff, formula)
	switch {
	case c.MTP > 0 && math.Abs(files-formula-float64(c.MTP)) <= MismatchThreshold*files:
		m.Mismatch += fmt.Sprintf(" (the files include %d multi-token-prediction layer(s), %.0f parameters)", m.Arch.MTPLayers, float64(c.MTP))
	case m.Arch.TiedEmbeddings && math.Abs(files-formula-float64(m.Arch.Vocab)*float64(m.Arch.Hidden)) <= MismatchThreshold*files:
		m.Mismatch += " (the tied output head is stored as a separate tensor)"
	default:
		m.Mismatch += " (tensors the architecture record does not describe, e.g. quantization scales, or a config that does not match the weights)"
	}
	return m
}

// shortPath cuts a path to its last 80 bytes for messages, so that a
// hostile argument cannot make a one-line error 100 kB long.
func shortPath(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	i := len(s) - max
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return "…" + s[i:]
}
