package load

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// tensor is one F32/F16 tensor for the test writers.
type tensor struct {
	name  string
	shape []uint64 // row-major (safetensors order); GGUF gets it reversed
}

func elems(shape []uint64) uint64 {
	n := uint64(1)
	for _, d := range shape {
		n *= d
	}
	return n
}

// stFile emits a valid BF16 safetensors file.
func stFile(ts []tensor) []byte {
	var parts []string
	var off uint64
	for _, t := range ts {
		dims := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(t.shape)), ","), "[]")
		n := elems(t.shape) * 2
		parts = append(parts, fmt.Sprintf(`%q:{"dtype":"BF16","shape":[%s],"data_offsets":[%d,%d]}`, t.name, dims, off, off+n))
		off += n
	}
	h := "{" + strings.Join(parts, ",") + "}"
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(h)))
	b.WriteString(h)
	b.Write(make([]byte, off))
	return b.Bytes()
}

// ggufFile emits a valid GGUF v3 file with u32/string metadata and F16
// tensors (alignment 32).
func ggufFile(kvs map[string]any, ts []tensor) []byte {
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	str := func(s string) { w(uint64(len(s))); b.WriteString(s) }
	b.WriteString("GGUF")
	w(uint32(3))
	w(uint64(len(ts)))
	w(uint64(len(kvs)))
	for k, v := range kvs {
		str(k)
		switch x := v.(type) {
		case uint32:
			w(uint32(4))
			w(x)
		case string:
			w(uint32(8))
			str(x)
		}
	}
	var off uint64
	for _, t := range ts {
		str(t.name)
		w(uint32(len(t.shape)))
		for i := len(t.shape) - 1; i >= 0; i-- {
			w(t.shape[i])
		}
		w(uint32(1)) // F16
		w(off)
		off += (elems(t.shape)*2 + 31) &^ 31
	}
	for b.Len()%32 != 0 {
		b.WriteByte(0)
	}
	b.Write(make([]byte, off))
	return b.Bytes()
}

// tinyConfig is a llama config: V=32, d=16, L=2, H=4, K=2 (h_d=4), f=32.
const tinyConfig = `{"model_type":"llama","hidden_size":16,"num_hidden_layers":2,"num_attention_heads":4,
"num_key_value_heads":2,"intermediate_size":32,"vocab_size":32,"tie_word_embeddings":false,"max_position_embeddings":128}`

// tinyTensors are the HF tensors of tinyConfig. Hand arithmetic: embed and
// head 32·16 = 512 each; per layer q 256, k 128, v 128, o 256, MLP
// 3·16·32 = 1536, norms 32 → 2336; final norm 16. Total 512+2·2336+16+512 = 5712.
func tinyTensors() []tensor {
	ts := []tensor{{"model.embed_tokens.weight", []uint64{32, 16}}}
	for l := range 2 {
		p := fmt.Sprintf("model.layers.%d.", l)
		ts = append(ts,
			tensor{p + "self_attn.q_proj.weight", []uint64{16, 16}},
			tensor{p + "self_attn.k_proj.weight", []uint64{8, 16}},
			tensor{p + "self_attn.v_proj.weight", []uint64{8, 16}},
			tensor{p + "self_attn.o_proj.weight", []uint64{16, 16}},
			tensor{p + "mlp.gate_proj.weight", []uint64{32, 16}},
			tensor{p + "mlp.up_proj.weight", []uint64{32, 16}},
			tensor{p + "mlp.down_proj.weight", []uint64{16, 32}},
			tensor{p + "input_layernorm.weight", []uint64{16}},
			tensor{p + "post_attention_layernorm.weight", []uint64{16}})
	}
	return append(ts, tensor{"model.norm.weight", []uint64{16}}, tensor{"lm_head.weight", []uint64{32, 16}})
}

// tinyGGUF is tinyConfig as a GGUF file with llama.cpp tensor names.
func tinyGGUF() ([]byte, map[string]any, []tensor) {
	kvs := map[string]any{
		"general.architecture": "llama", "general.file_type": uint32(1),
		"llama.embedding_length": uint32(16), "llama.block_count": uint32(2),
		"llama.attention.head_count": uint32(4), "llama.attention.head_count_kv": uint32(2),
		"llama.feed_forward_length": uint32(32), "llama.context_length": uint32(128),
	}
	ts := []tensor{{"token_embd.weight", []uint64{32, 16}}}
	for l := range 2 {
		p := fmt.Sprintf("blk.%d.", l)
		ts = append(ts,
			tensor{p + "attn_q.weight", []uint64{16, 16}}, tensor{p + "attn_k.weight", []uint64{8, 16}},
			tensor{p + "attn_v.weight", []uint64{8, 16}}, tensor{p + "attn_output.weight", []uint64{16, 16}},
			tensor{p + "ffn_gate.weight", []uint64{32, 16}}, tensor{p + "ffn_up.weight", []uint64{32, 16}},
			tensor{p + "ffn_down.weight", []uint64{16, 32}}, tensor{p + "attn_norm.weight", []uint64{16}},
			tensor{p + "ffn_norm.weight", []uint64{16}})
	}
	ts = append(ts, tensor{"output_norm.weight", []uint64{16}}, tensor{"output.weight", []uint64{32, 16}})
	return ggufFile(kvs, ts), kvs, ts
}
