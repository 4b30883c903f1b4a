package gguf

import "fmt"

// TypeCount is GGML_TYPE_COUNT in ggml.h: tensor type ids are < 43.
const TypeCount = 43

// Type is a ggml tensor type id (enum ggml_type in ggml.h).
type Type uint32

// TypeInfo is the storage of one ggml type: BlockSize elements are stored
// in BlockBytes bytes.
type TypeInfo struct {
	Name       string
	BlockSize  uint64 // elements per block; 0 for removed types
	BlockBytes uint64 // bytes per block
}

// BitsPerWeight is 8·BlockBytes/BlockSize, the storage cost per element
// including the block's scales (e.g. Q4_K: 8·144/256 = 4.5).
func (t TypeInfo) BitsPerWeight() float64 {
	if t.BlockSize == 0 {
		return 0
	}
	return 8 * float64(t.BlockBytes) / float64(t.BlockSize)
}

// types is the block table of docs/file-formats.md §4.2,
// computed from the static_asserts in ggml-common.h (QK_K = 256). Removed
// types have BlockSize 0.
var types = [TypeCount]TypeInfo{
	0: {"F32", 1, 4}, 1: {"F16", 1, 2}, 2: {"Q4_0", 32, 18}, 3: {"Q4_1", 32, 20},
	4: {"Q4_2", 0, 0}, 5: {"Q4_3", 0, 0},
	6: {"Q5_0", 32, 22}, 7: {"Q5_1", 32, 24}, 8: {"Q8_0", 32, 34}, 9: {"Q8_1", 32, 36},
	10: {"Q2_K", 256, 84}, 11: {"Q3_K", 256, 110}, 12: {"Q4_K", 256, 144}, 13: {"Q5_K", 256, 176},
	14: {"Q6_K", 256, 210}, 15: {"Q8_K", 256, 292}, 16: {"IQ2_XXS", 256, 66}, 17: {"IQ2_XS", 256, 74},
	18: {"IQ3_XXS", 256, 98}, 19: {"IQ1_S", 256, 50}, 20: {"IQ4_NL", 32, 18}, 21: {"IQ3_S", 256, 110},
	22: {"IQ2_S", 256, 82}, 23: {"IQ4_XS", 256, 136},
	24: {"I8", 1, 1}, 25: {"I16", 1, 2}, 26: {"I32", 1, 4}, 27: {"I64", 1, 8}, 28: {"F64", 1, 8},
	29: {"IQ1_M", 256, 56}, 30: {"BF16", 1, 2},
	31: {"Q4_0_4_4", 0, 0}, 32: {"Q4_0_4_8", 0, 0}, 33: {"Q4_0_8_8", 0, 0},
	34: {"TQ1_0", 256, 54}, 35: {"TQ2_0", 256, 66},
	36: {"IQ4_NL_4_4", 0, 0}, 37: {"IQ4_NL_4_8", 0, 0}, 38: {"IQ4_NL_8_8", 0, 0},
	39: {"MXFP4", 32, 17}, 40: {"NVFP4", 64, 36}, 41: {"Q1_0", 128, 18}, 42: {"Q2_0", 64, 18},
}

// Info returns the storage of type t, or an error: ErrUnsupported for a
// removed type or an id beyond the table (a newer ggml), ErrFormat for an
// id too large to be a type.
func (t Type) Info() (TypeInfo, error) {
	switch {
	case t >= 256:
		return TypeInfo{}, formatf("tensor type %d is not a ggml type (ids are below %d)", uint32(t), TypeCount)
	case t >= TypeCount:
		return TypeInfo{}, unsupportedf("tensor type %d is newer than this reader (known ids are 0–%d)", uint32(t), TypeCount-1)
	case types[t].BlockSize == 0:
		return TypeInfo{}, unsupportedf("tensor type %d (%s) was removed from ggml; re-quantize with a current llama.cpp", uint32(t), types[t].Name)
	}
	return types[t], nil
}

// String returns the ggml name of the type, e.g. "Q4_K".
func (t Type) String() string {
	if t < TypeCount {
		return types[t].Name
	}
	return fmt.Sprintf("type%d", uint32(t))
}

// fileTypes names general.file_type values (enum llama_ftype in llama.h;
// 4–6 and 33–35 were removed).
var fileTypes = map[uint64]string{
	0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 4: "Q4_1_SOME_F16", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
	10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
	16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
	22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
	28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
	38: "MXFP4_MOE",
}

// ValueType is a GGUF metadata value type (enum gguf_type).
type ValueType uint32

// Metadata value types.
const (
	TypeUint8 ValueType = iota
	TypeInt8
	TypeUint16
	TypeInt16
	TypeUint32
	TypeInt32
	TypeFloat32
	TypeBool
	TypeString
	TypeArray
	TypeUint64
	TypeInt64
	TypeFloat64
)

// size is the byte size of a fixed-size value type, 0 for string/array
// and for unknown types.
func (v ValueType) size() uint64 {
	switch v {
	case TypeUint8, TypeInt8, TypeBool:
		return 1
	case TypeUint16, TypeInt16:
		return 2
	case TypeUint32, TypeInt32, TypeFloat32:
		return 4
	case TypeUint64, TypeInt64, TypeFloat64:
		return 8
	}
	return 0
}

// String returns the GGUF name of the type, e.g. "u32".
func (v ValueType) String() string {
	names := []string{"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"}
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("type%d", uint32(v))
}
