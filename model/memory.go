package model

import "github.com/flopsdev/flops/units"

// kvElems is the KV-cache elements one token adds in layer l: 2·K·h_d
// (keys and values), or c + r for MLA (the compressed latent plus the
// decoupled RoPE key, DeepSeek-V2 §2.1.3).
func (a *Arch) kvElems(l Layer) float64 {
	if a.MLA != nil {
		return float64(a.MLA.KVLoRARank + a.MLA.QKRopeDim)
	}
	return 2 * float64(l.KVHeads) * float64(l.HeadDim)
}

// KVBytesPerToken returns the KV-cache bytes one token adds to the cache,
// summed over layers: Σ_l 2·K·h_d·b (GQA/MQA/MHA) or Σ_l (c + r)·b (MLA),
// with b = bytesPerElem (2 for bf16/fp16) (formulas.md §3.4). Sliding
// windows do not change it; they cap KVCacheBytes.
func (a *Arch) KVBytesPerToken(bytesPerElem float64) units.Bytes {
	var e float64
	a.eachLayer(func(l Layer) { e += a.kvElems(l) })
	return units.Bytes(e * bytesPerElem)
}

// KVCacheBytes returns the KV cache of ONE sequence of `context` tokens:
// Σ_l kv_elems_l · min(context, W_l) · bytesPerElem, each sliding-window
// layer holding at most its window.
func (a *Arch) KVCacheBytes(context int, bytesPerElem float64) units.Bytes {
	var e float64
	a.eachLayer(func(l Layer) {
		n := float64(max(context, 0))
		if l.Window > 0 {
			n = min(n, float64(l.Window))
		}
		e += a.kvElems(l) * n
	})
	return units.Bytes(e * bytesPerElem)
}

// WeightBytes returns the bytes of the weights (Counts.Total, MTP excluded)
// stored at bitsPerParam bits each: Total·bits/8. Use the effective bits
// per weight for block-quantized formats (Q4_K_M ≈ 4.85–4.9, formulas.md
// §3.5).
func (a *Arch) WeightBytes(bitsPerParam float64) units.Bytes {
	return units.Bytes(float64(a.Count().Total) * bitsPerParam / 8)
}
