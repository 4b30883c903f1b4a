package model

import (
	"fmt"

	"github.com/flopsdev/flops/units"
)

// SourceInfo says where a Summary's architecture came from: a catalog
// entry (with its published facts) or files read by package load.
type SourceInfo struct {
	Kind            string       `json:"kind"`                    // "catalog", or the file kind ("config", "safetensors", "gguf", ...)
	ID              string       `json:"id,omitempty"`            // catalog ID
	Path            string       `json:"path,omitempty"`          // file or directory read
	ConfigSource    string       `json:"config_source,omitempty"` // where the architecture values come from
	Paper           string       `json:"paper,omitempty"`
	Notes           string       `json:"notes,omitempty"`
	Format          string       `json:"checkpoint_format,omitempty"` // number format of the published weights (Entry.CheckpointFormat)
	PublishedParams units.Params `json:"published_params,omitempty"`  // as published, see Entry.Published
	PublishedActive units.Params `json:"published_active,omitempty"`
	PublishedFLOPs  units.FLOPs  `json:"published_training_flops,omitempty"`
	FileParams      units.Params `json:"file_params,omitempty"` // exact count from weight files, when read
	FileBytes       units.Bytes  `json:"file_bytes,omitempty"`  // bytes of tensor data in the weight files
	// FileDtypeParams and FileDtypeBytes split FileParams and FileBytes by
	// stored dtype ("BF16", "F32", "Q4_K", ...), exact from the headers.
	FileDtypeParams map[string]units.Params `json:"file_dtype_params,omitempty"`
	FileDtypeBytes  map[string]units.Bytes  `json:"file_dtype_bytes,omitempty"`
	Warnings        []string                `json:"warnings,omitempty"`
}

// CatalogSource returns the SourceInfo of a catalog entry.
func CatalogSource(e Entry) *SourceInfo {
	return &SourceInfo{Kind: "catalog", ID: e.ID, ConfigSource: e.ConfigSource, Paper: e.Paper, Notes: e.Notes, Format: e.CheckpointFormat,
		PublishedParams: e.Published.Total, PublishedActive: e.Published.Active, PublishedFLOPs: e.TrainingFLOPs}
}

// SetSource attaches the source and, when training tokens are known, the
// whole-run training FLOPs: C = FLOPs_training/token × D (model FLOPs at
// the summary's context and convention) beside 6·N·D.
func (s *Summary) SetSource(src *SourceInfo, tokens units.Tokens) {
	s.Source = src
	if tokens <= 0 {
		return
	}
	s.TrainingTokens = tokens
	s.TrainingFLOPsTotal = units.FLOPs(float64(s.FLOPsTraining) * float64(tokens))
	s.Add("training compute", "C = FLOPs_training/token × D",
		fmt.Sprintf("%.6g × %.6g", float64(s.FLOPsTraining), float64(tokens)),
		float64(s.TrainingFLOPsTotal), "FLOP", s.TrainingFLOPsTotal.String())
	sixND := units.FLOPs(float64(s.SixN.SixN) * float64(tokens))
	s.Add("training compute (6ND)", "C = 6·N·D", fmt.Sprintf("6 × %.6g × %.6g", float64(s.SixN.N), float64(tokens)),
		float64(sixND), "FLOP", sixND.String())
}

// ListItem is one row of the catalog listing.
type ListItem struct {
	ID             string       `json:"id"`
	Name           string       `json:"name"`
	Family         string       `json:"family"`
	ParamsTotal    units.Params `json:"params_total"`
	ParamsActive   units.Params `json:"params_active"`
	Layers         int          `json:"num_layers"`
	Hidden         int          `json:"hidden_size"`
	MaxContext     int          `json:"max_context"`
	TrainingTokens units.Tokens `json:"training_tokens,omitempty"`
	Aliases        []string     `json:"aliases"`
}

// List returns one ListItem per catalog entry, in catalog order.
func List() []ListItem {
	es := All()
	out := make([]ListItem, 0, len(es))
	for _, e := range es {
		c := e.Arch.Count()
		out = append(out, ListItem{ID: e.ID, Name: e.Arch.Name, Family: e.Arch.Family, ParamsTotal: c.Total,
			ParamsActive: c.Active, Layers: e.Arch.Layers, Hidden: e.Arch.Hidden, MaxContext: e.Arch.MaxContext,
			TrainingTokens: e.TrainingTokens, Aliases: e.Aliases})
	}
	return out
}

// WeightsSummary is the Summary of weight files read without an
// architecture (a bare .safetensors file): the exact parameter count and
// tensor bytes from the headers, bits per parameter = 8·bytes/params, and
// nothing that needs the architecture (FLOPs, KV cache, active params).
func WeightsSummary(name string, src *SourceInfo) *Summary {
	s := &Summary{Model: name, WeightsOnly: true, Source: src,
		ParamsTotal: src.FileParams, WeightBytes: src.FileBytes}
	if src.FileParams > 0 {
		s.WeightBits = 8 * float64(src.FileBytes) / float64(src.FileParams)
	}
	s.Add("parameters", "N = Σ_tensors Π shape", "from the weight file headers",
		float64(src.FileParams), "params", src.FileParams.String())
	s.Add("weight bytes", "Σ_tensors (end − begin)", "from the weight file headers",
		float64(src.FileBytes), "B", src.FileBytes.String())
	s.Warnings = append(s.Warnings, "no config.json beside the weights: only the files' parameter count and bytes are known; put the model's config.json beside them for FLOPs, active parameters and the KV cache")
	return s
}
