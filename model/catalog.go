package model

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/flopsdev/flops/units"
)

//go:embed catalog.json
var catalogJSON []byte

// Entry is one catalog model: its architecture, what was published about
// its training, and where every value comes from.
type Entry struct {
	ID             string       `json:"id"`      // canonical name, e.g. "llama-3.1-405b"
	Aliases        []string     `json:"aliases"` // other accepted names (HF repo ids, spellings)
	Arch           Arch         `json:"arch"`
	TrainingTokens units.Tokens `json:"training_tokens,omitempty"` // pre-training tokens seen, where published (0: not published)
	TrainingFLOPs  units.FLOPs  `json:"training_flops,omitempty"`  // training compute as published (0: not published)
	Published      Published    `json:"published"`                 // the published parameter count
	ConfigSource   string       `json:"config_source"`             // where the architecture values come from (HF config.json repo or paper table)
	Paper          string       `json:"paper"`                     // the paper or model card for training facts
	Notes          string       `json:"notes,omitempty"`
	// CheckpointFormat is the number format of the published weights,
	// where it is not plain bf16/fp16 or where a quantized release has its
	// own entry: "fp8 block-scaled", "nvfp4", "mxfp4 experts", "int4 experts".
	CheckpointFormat string `json:"checkpoint_format,omitempty"`
}

// Published is a parameter count as its authors published it, with the
// relative tolerance its rounding implies (half a unit of the last digit;
// 1e-4 for exact counts).
type Published struct {
	Total     units.Params `json:"total"`
	Active    units.Params `json:"active,omitempty"` // MoE only
	Tolerance float64      `json:"tolerance"`        // relative, e.g. 0.0075 for "6.7B"
	// ActiveTolerance is the relative tolerance of Active when its
	// rounding differs (0: Tolerance).
	ActiveTolerance float64 `json:"active_tolerance,omitempty"`
	Source          string  `json:"source"`
}

// catalogFile is the on-disk shape: entries may copy an earlier entry's
// arch with "like" and override fields.
type catalogFile struct {
	Entries []struct {
		Entry
		Like string          `json:"like"`
		Raw  json.RawMessage `json:"arch"`
	} `json:"entries"`
}

// parsed holds the decoded embedded catalog; it is built once and never
// modified (All and Lookup hand out deep copies).
var parsed = sync.OnceValues(func() ([]Entry, error) { return parseCatalog(catalogJSON) })

// parseCatalog decodes catalog JSON, resolving "like" references.
func parseCatalog(data []byte) ([]Entry, error) {
	var f catalogFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("parse model catalog: %w", err)
	}
	byID := map[string]Arch{}
	out := make([]Entry, 0, len(f.Entries))
	for i, e := range f.Entries {
		var a Arch
		if e.Like != "" {
			base, ok := byID[e.Like]
			if !ok {
				return nil, fmt.Errorf("parse model catalog: entry %d (%s): like %q is not an earlier entry", i, e.ID, e.Like)
			}
			a = base.clone()
		}
		if err := json.Unmarshal(e.Raw, &a); err != nil {
			return nil, fmt.Errorf("parse model catalog: entry %d (%s): arch: %w", i, e.ID, err)
		}
		e.Entry.Arch = a
		byID[e.ID] = a.clone()
		out = append(out, e.Entry)
	}
	return out, nil
}

// clone returns a deep copy (pointer and slice fields are not shared).
func (a Arch) clone() Arch {
	if a.MoE != nil {
		m := *a.MoE
		m.DenseLayers = slices.Clone(m.DenseLayers)
		a.MoE = &m
	}
	if a.MLA != nil {
		m := *a.MLA
		a.MLA = &m
	}
	if a.LinearAttn != nil {
		la := *a.LinearAttn
		la.Layers = slices.Clone(la.Layers)
		a.LinearAttn = &la
	}
	if a.SparseAttn != nil {
		sa := *a.SparseAttn
		a.SparseAttn = &sa
	}
	a.SlidingLayers = slices.Clone(a.SlidingLayers)
	a.LayerHeads = slices.Clone(a.LayerHeads)
	a.LayerKVHeads = slices.Clone(a.LayerKVHeads)
	a.LayerFFN = slices.Clone(a.LayerFFN)
	return a
}

func (e Entry) clone() Entry {
	e.Arch = e.Arch.clone()
	e.Aliases = slices.Clone(e.Aliases)
	return e
}

// All returns every catalog entry, in catalog order (copies: callers may
// modify them). The embedded catalog is checked by the package tests, so
// a decode error here is a build defect; All then returns nil.
func All() []Entry {
	es, err := parsed()
	if err != nil {
		return nil
	}
	out := make([]Entry, len(es))
	for i, e := range es {
		out[i] = e.clone()
	}
	return out
}
