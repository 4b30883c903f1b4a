package model

import "github.com/flopsdev/flops/units"

// LayerRow is one row of the per-layer table.
type LayerRow struct {
	Layer
	Params          units.Params `json:"params"`             // parameters stored in the layer
	ActiveParams    units.Params `json:"params_active"`      // parameters one token uses
	ForwardFLOPs    units.FLOPs  `json:"flops_forward"`      // forward FLOPs per token: 2·matmul(active) + attention core at seq
	KVElemsPerToken float64      `json:"kv_elems_per_token"` // KV-cache elements per token: 2·K·h_d, or c + r for MLA (+ h_i for a sparse-attention indexer); 0 for linear attention
}

// KVBytesPerToken is the row's KV-cache bytes per token at bytesPerElem.
func (r LayerRow) KVBytesPerToken(bytesPerElem float64) units.Bytes {
	return units.Bytes(r.KVElemsPerToken * bytesPerElem)
}

// LayerTable returns one row per decoder layer for a sequence of length
// seq under conv. Embeddings, final norm and head are not in any row; the
// sum of the rows' ForwardFLOPs plus 2·V·d (head) is ForwardFLOPsPerToken.
// (The method cannot be called Layers: that is the layer-count field.)
func (a *Arch) LayerTable(seq int, conv Convention) []LayerRow {
	rows := make([]LayerRow, 0, a.layerCount())
	a.eachLayer(func(l Layer) {
		p := a.layerParams(l)
		_, mm := p.matmul()
		rows = append(rows, LayerRow{
			Layer:           l,
			Params:          units.Params(p.total()),
			ActiveParams:    units.Params(p.active()),
			ForwardFLOPs:    units.FLOPs(2*mm + a.layerAttnForward(l, seq, conv)),
			KVElemsPerToken: a.kvElems(l),
		})
	})
	return rows
}
