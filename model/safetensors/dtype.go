package safetensors

// dtypeBits is the element size in bits of each dtype of the reference
// Rust Dtype enum (safetensors/src/tensor.rs, see
// docs/file-formats.md §4.1).
var dtypeBits = map[string]uint64{
	"F4":      4,
	"F6_E2M3": 6, "F6_E3M2": 6,
	"BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8,
	"F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8,
	"I16": 16, "U16": 16, "F16": 16, "BF16": 16,
	"I32": 32, "U32": 32, "F32": 32,
	"I64": 64, "U64": 64, "F64": 64, "C64": 64,
}

// DtypeBits returns the element size of a dtype in bits, and false for a
// dtype unknown to this reader.
func DtypeBits(dtype string) (uint64, bool) {
	b, ok := dtypeBits[dtype]
	return b, ok
}
