// Package gguf reads the header of a GGUF v2/v3 file (llama.cpp's model
// format) from an io.ReaderAt and its size: metadata key/values, tensor
// infos, exact parameter counts, bytes and bits per weight per ggml type,
// and maps the metadata to a model.Arch (see ToArch). Tensor data is never
// read, and large arrays (tokenizer tokens and merges) are skipped: only
// their length is recorded.
//
// Every limit and check of docs/file-formats.md §4.2 is
// enforced: magic, version (v1 unsupported; the other byte order detected
// by (version & 0xFFFF) == 0 and read), counts bounded by the remaining
// bytes and by caps (MaxKV, MaxTensors), string lengths and array element
// counts bounded by the remaining bytes, nested arrays depth-capped,
// duplicate and empty keys and duplicate tensor names rejected, n_dims ≤ 4,
// dims non-negative with overflow-checked products, types < 43 with a
// block size, ne[0] divisible by the block size, general.alignment a u32
// non-zero power of two ≤ 1 MiB, padding computed without wrap-around,
// offsets contiguous and in order, data inside the file.
//
// Errors wrap ErrFormat for broken input and ErrUnsupported for valid input
// outside this reader (v1 files, removed or future tensor types).
package gguf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"

	"github.com/flopsdev/flops/model/readerr"
)

// Limits (huggingface.js hardening PRs #2020/#2028 and the ggml reference).
const (
	MaxKV          = 100_000    // metadata key/value pairs
	MaxTensors     = 10_000_000 // tensor infos
	MaxStringLen   = 1 << 30    // GGUF_MAX_STRING_LENGTH, bytes
	MaxArrayLen    = 1 << 30    // GGUF_MAX_ARRAY_ELEMENTS
	MaxStringArray = 1 << 24    // string-array elements (each must be read to skip it)
	MaxArrayDepth  = 4          // nested arrays (MAX_ARRAY_RECURSION_DEPTH)
	MaxKeyLen      = 65535      // key bytes (spec)
	MaxNameLen     = 63         // tensor name bytes (< GGML_MAX_NAME = 64)
	MaxDims        = 4          // GGML_MAX_DIMS
	MaxAlignment   = 1 << 20    // general.alignment upper bound (ggml PR #1516)
	DefaultAlign   = 32         // alignment when general.alignment is absent

	keepString = 1 << 20  // longer string values are skipped, not stored
	keepBudget = 64 << 20 // total bytes of kept keys and string values
	keepArray  = 1 << 16  // numeric arrays up to this length are stored
)

// Error kinds; test with errors.Is.
var (
	// ErrFormat marks broken input: truncated, malformed or inconsistent.
	ErrFormat = errors.New("invalid gguf file")
	// ErrUnsupported marks valid input outside this reader.
	ErrUnsupported = errors.New("unsupported gguf file")
)

// Error is a reader error of kind ErrFormat or ErrUnsupported.
type Error = readerr.Error

func formatf(format string, args ...any) error { return readerr.New(ErrFormat, format, args...) }

func unsupportedf(format string, args ...any) error {
	return readerr.New(ErrUnsupported, format, args...)
}

// Options tunes Read. The zero value reads a whole file.
type Options struct {
	// HeaderOnly accepts a prefix of the file: size is the prefix length
	// and the tensor data need not be present.
	HeaderOnly bool
}

// Tensor is one tensor info.
type Tensor struct {
	Name     string   `json:"name"`
	Dims     []uint64 `json:"dims"` // ggml order, ne[0] innermost
	Type     Type     `json:"type"`
	Offset   uint64   `json:"offset"`   // relative to the data section, bytes
	Elements uint64   `json:"elements"` // Π dims
	Bytes    uint64   `json:"bytes"`    // (ne0/block)·block_bytes·ne1·ne2·ne3
}

// File is the parsed header of a GGUF file.
type File struct {
	Version    uint32           `json:"version"`
	BigEndian  bool             `json:"big_endian"`
	Metadata   map[string]Value `json:"-"`
	Keys       []string         `json:"-"` // metadata keys in file order
	Tensors    []Tensor         `json:"-"`
	Alignment  uint64           `json:"alignment"`   // bytes
	DataOffset uint64           `json:"data_offset"` // start of the tensor data, bytes
	DataBytes  uint64           `json:"data_bytes"`  // padded size of the tensor data, bytes

	Params     uint64            `json:"params"`      // Σ elements (exact)
	Bytes      uint64            `json:"bytes"`       // Σ tensor bytes, unpadded
	TypeParams map[string]uint64 `json:"type_params"` // elements per ggml type name
	TypeBytes  map[string]uint64 `json:"type_bytes"`  // bytes per ggml type name
	Warnings   []string          `json:"warnings,omitempty"`
}

// BitsPerWeight is the file-level effective bits per parameter,
// 8·Bytes/Params, including block scales (0 for a file without tensors).
func (f *File) BitsPerWeight() float64 {
	if f.Params == 0 {
		return 0
	}
	return 8 * float64(f.Bytes) / float64(f.Params)
}

// FileType returns the name of general.file_type (e.g. "Q4_K_M"), or "".
func (f *File) FileType() string {
	if v, ok := f.Metadata["general.file_type"].Uint(); ok {
		if name, ok := fileTypes[v]; ok {
			return name
		}
		return fmt.Sprintf("file type %d", v)
	}
	return ""
}

// Read parses the header of a GGUF file of size bytes read through r.
// Memory use is bounded by the metadata it keeps (at most ~64 MiB of
// strings) and the tensor infos, never by a count read from the file.
func Read(r io.ReaderAt, size int64, opt Options) (*File, error) {
	f, err := read(newCursor(r, size), opt)
	if err != nil {
		return nil, fmt.Errorf("read gguf header: %w", err)
	}
	return f, nil
}

func read(c *cursor, opt Options) (*File, error) {
	f := &File{Metadata: map[string]Value{}, TypeParams: map[string]uint64{}, TypeBytes: map[string]uint64{}}
	nTensors, nKV, err := readPreamble(c, f)
	if err != nil {
		return nil, err
	}
	budget := uint64(keepBudget)
	for i := range nKV {
		if err := readKV(c, f, &budget); err != nil {
			return nil, fmt.Errorf("metadata pair %d: %w", i, err)
		}
	}
	if f.Alignment, err = alignment(f); err != nil {
		return nil, err
	}
	if err := readTensorInfos(c, f, nTensors); err != nil {
		return nil, err
	}
	return f, layout(c, f, nTensors, opt)
}

// readPreamble reads magic, version and the two counts, and bounds the
// counts by the remaining bytes (a tensor info takes ≥ 24 bytes, a pair ≥ 13).
func readPreamble(c *cursor, f *File) (nTensors, nKV uint64, err error) {
	magic, err := c.bytes(4)
	if err != nil || string(magic) != "GGUF" {
		return 0, 0, formatf("not a GGUF file: the first 4 bytes are not \"GGUF\"")
	}
	if f.Version, err = readVersion(c, f); err != nil {
		return 0, 0, err
	}
	if nTensors, err = c.u64(); err != nil {
		return 0, 0, err
	}
	if nKV, err = c.u64(); err != nil {
		return 0, 0, err
	}
	switch {
	case nTensors > MaxTensors:
		return 0, 0, formatf("tensor_count %d exceeds the limit of %d", nTensors, MaxTensors)
	case nKV > MaxKV:
		return 0, 0, formatf("metadata_kv_count %d exceeds the limit of %d", nKV, MaxKV)
	case nTensors*24+nKV*13 > c.remaining():
		return 0, 0, formatf("tensor_count %d and metadata_kv_count %d need at least %d bytes but only %d remain",
			nTensors, nKV, nTensors*24+nKV*13, c.remaining())
	}
	return nTensors, nKV, nil
}

// readVersion reads the version, switching the cursor to big-endian when
// (version & 0xFFFF) == 0, the reference's byte-order mismatch test.
func readVersion(c *cursor, f *File) (uint32, error) {
	v, err := c.u32()
	if err != nil {
		return 0, err
	}
	if v != 0 && v&0xFFFF == 0 {
		v = bits.ReverseBytes32(v)
		f.BigEndian = true
		c.order = binary.BigEndian
	}
	switch {
	case v == 0:
		return 0, formatf("version 0 is invalid")
	case v == 1:
		return 0, unsupportedf("GGUF v1 is no longer supported; convert the model again with a current llama.cpp")
	case v > 3:
		return 0, unsupportedf("GGUF version %d is newer than this reader (v2 and v3 are supported)", v)
	}
	return v, nil
}
