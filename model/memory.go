package model

import "github.com/flopsdev/flops/units"

// kvElems is the KV-cache elements one token adds in layer l: 2·K·h_d
// (keys and values), or c + r for MLA (the compressed latent plus the
// decoupled RoPE key, DeepSeek-V2 §2.1.3), plus h_i for the key cache of a
// sparse-attention indexer; 0 in a linear-attention layer, which keeps a
// fixed state instead (RecurrentStateBytes).
func (a *Arch) kvElems(l Layer) float64 {
	if l.Linear {
		return 0
	}
	var e float64
	if a.MLA != nil {
		e = float64(a.MLA.KVLoRARank + a.MLA.QKRopeDim)
	} else {
		e = 2 * float64(l.KVHeads) * float64(l.HeadDim)
	}
	if a.SparseAttn != nil {
		e += float64(a.SparseAttn.IndexDim)
	}
	return e
}

// KVBytesPerToken returns the KV-cache bytes one token adds to the cache,
// summed over layers: Σ_l 2·K·h_d·b (GQA/MQA/MHA) or Σ_l (c + r)·b (MLA),
// plus h_i·b per layer for a sparse-attention indexer, with b =
// bytesPerElem (2 for bf16/fp16) (formulas.md §3.4). Linear-attention
// layers add nothing per token (see RecurrentStateBytes). Sliding windows
// do not change it; they cap KVCacheBytes.
func (a *Arch) KVBytesPerToken(bytesPerElem float64) units.Bytes {
	var e float64
	a.eachLayer(func(l Layer) { e += a.kvElems(l) })
	return units.Bytes(e * bytesPerElem)
}

// KVCacheBytes returns the cache of ONE sequence of `context` tokens:
// Σ_l kv_elems_l · min(context, W_l) · bytesPerElem, each sliding-window
// layer holding at most its window, plus the fixed recurrent state of the
// linear-attention layers (RecurrentStateBytes) for any context > 0. It is
// what a serving engine must hold per running request.
func (a *Arch) KVCacheBytes(context int, bytesPerElem float64) units.Bytes {
	if context <= 0 {
		return 0
	}
	var e float64
	a.eachLayer(func(l Layer) {
		n := float64(context)
		if l.Window > 0 {
			n = min(n, float64(l.Window))
		}
		e += a.kvElems(l) * n
	})
	return units.Bytes(e*bytesPerElem) + a.RecurrentStateBytes(bytesPerElem)
}

// KVReadBytes returns the cache bytes ONE decode query at `context` reads:
// every cached key and value its layers attend to (window-capped), but
// with sparse attention only the top-k latents plus every indexer key,
// and for linear layers the recurrent state (read once; written back as
// well). Without sparse attention it equals KVCacheBytes.
func (a *Arch) KVReadBytes(context int, bytesPerElem float64) units.Bytes {
	if context <= 0 {
		return 0
	}
	var e float64
	a.eachLayer(func(l Layer) {
		n := float64(context)
		if l.Window > 0 {
			n = min(n, float64(l.Window))
		}
		if l.KeyCap <= 0 || a.SparseAttn == nil {
			e += a.kvElems(l) * n
			return
		}
		idx := float64(a.SparseAttn.IndexDim)
		e += (a.kvElems(l)-idx)*min(n, float64(l.KeyCap)) + idx*n
	})
	return units.Bytes(e*bytesPerElem) + a.RecurrentStateBytes(bytesPerElem)
}

// WeightBytes returns the bytes of the weights (Counts.Total, MTP excluded)
// stored at bitsPerParam bits each: Total·bits/8. Use the effective bits
// per weight for block-quantized formats (Q4_K_M ≈ 4.85–4.9, formulas.md
// §3.5).
func (a *Arch) WeightBytes(bitsPerParam float64) units.Bytes {
	return units.Bytes(float64(a.Count().Total) * bitsPerParam / 8)
}
