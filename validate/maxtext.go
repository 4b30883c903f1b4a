package validate

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/model"
)

// maxtextArch is MaxText's synthetic benchmark model "maxtext-<scale>"
// (MaxText/configs/base.yml scaled by global_parameter_scale, as in
// MaxText/configs/v5e/16b.sh ... 128b.sh): a Llama-style decoder (RMSNorm,
// RoPE, SwiGLU MLP, untied embeddings, vocab 32,000, head dim 128) with
// base width 2,048, 16 heads, MLP 7,168 and 16 layers. A scale 2^n, with
// n = 3q + r, multiplies the layers by 2^q, the heads and the MLP by
// 2^(q+[r>0]) and the width by 2^(q+[r>1]): scale 16 → d 4,096, 64 heads,
// f 28,672, 32 layers (15.8B); 32 → d 8,192, 32 layers (31.6B); 64 → 64
// layers (62B); 128 → 128 heads, f 57,344 (125B).
func maxtextArch(name string, seq int) (*model.Arch, error) {
	s, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "maxtext-"), "b"))
	if err != nil || s < 1 || s&(s-1) != 0 {
		return nil, fmt.Errorf("model %q: want maxtext-<power of two>b (global_parameter_scale)", name)
	}
	q, r := (bits.Len(uint(s))-1)/3, (bits.Len(uint(s))-1)%3
	heads := 16 << (q + b2i(r > 0))
	d := 2048 << (q + b2i(r > 1))
	return &model.Arch{Name: name, Family: "llama", Vocab: 32000, Hidden: d, Layers: 16 << q, Heads: heads,
		KVHeads: heads, HeadDim: 128, FFN: 7168 << (q + b2i(r > 0)), GatedMLP: true, Norm: model.RMSNorm,
		NormsPerLayer: 2, MaxContext: seq}, nil
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
