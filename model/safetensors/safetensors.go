// Package safetensors reads the header of a safetensors file (Hugging Face's
// weight format) from an io.ReaderAt and its size, without touching the
// tensor data: tensor names, dtypes, shapes, exact parameter counts per dtype
// and byte sizes. Sharded checkpoints are read through their
// model.safetensors.index.json (see ReadIndex and ReadSharded).
//
// Layout (huggingface/safetensors README): an 8-byte little-endian header
// length N, N bytes of UTF-8 JSON starting with '{' (optionally padded with
// spaces), then the byte buffer. Every check of the reference reader is
// enforced: N capped (default 100,000,000 bytes) and inside the file, UTF-8,
// duplicate keys rejected, __metadata__ string→string only, offsets sorted,
// contiguous from 0 with no gaps or overlaps, checked element and bit counts,
// whole bytes per tensor, END−BEGIN equal to the tensor size, and the last
// END + 8 + N equal to the file size.
//
// Errors wrap ErrFormat for broken input and ErrUnsupported for input that
// is valid but outside what this reader handles.
package safetensors

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/flopsdev/flops/model/readerr"
)

// DefaultMaxHeaderBytes is the header-size cap of the reference reader
// (MAX_HEADER_SIZE in safetensors/src/tensor.rs), in bytes.
const DefaultMaxHeaderBytes = 100_000_000

// Error kinds; test with errors.Is.
var (
	// ErrFormat marks broken input: truncated, malformed or inconsistent.
	ErrFormat = errors.New("invalid safetensors file")
	// ErrUnsupported marks valid input outside this reader's limits.
	ErrUnsupported = errors.New("unsupported safetensors file")
)

// Options tunes Read. The zero value is the reference behaviour.
type Options struct {
	// MaxHeaderBytes caps the JSON header length N in bytes; 0 means
	// DefaultMaxHeaderBytes. Legitimate headers of 126 MB exist
	// (safetensors issue #668), so raise it for files with >1M tensors.
	MaxHeaderBytes int64
	// HeaderOnly accepts a prefix of the file: the data section need not
	// be present and size is the prefix length, not the file size. The
	// final END + 8 + N = file size check is skipped.
	HeaderOnly bool
}

// Tensor is one entry of the header.
type Tensor struct {
	Name     string   `json:"name"`
	Dtype    string   `json:"dtype"`
	Shape    []uint64 `json:"shape"`
	Begin    uint64   `json:"begin"`    // offset into the byte buffer, bytes
	End      uint64   `json:"end"`      // one past the last byte
	Elements uint64   `json:"elements"` // Π shape (1 for a scalar)
}

// Bytes is the stored size of the tensor, END − BEGIN.
func (t Tensor) Bytes() uint64 { return t.End - t.Begin }

// Summary aggregates the tensors of a file or a sharded set.
type Summary struct {
	Tensors     int               `json:"tensors"`      // number of tensors
	Params      uint64            `json:"params"`       // Σ elements over all tensors (exact)
	Bytes       uint64            `json:"bytes"`        // Σ tensor bytes (the byte buffer length)
	DtypeParams map[string]uint64 `json:"dtype_params"` // elements per dtype
	DtypeBytes  map[string]uint64 `json:"dtype_bytes"`  // bytes per dtype
	// UnknownDtypes lists dtypes whose element size is not known to this
	// reader; their bytes come from the offsets alone.
	UnknownDtypes []string `json:"unknown_dtypes,omitempty"`
}

// File is the parsed header of one safetensors file.
type File struct {
	Summary
	HeaderBytes uint64            `json:"header_bytes"` // N
	TensorList  []Tensor          `json:"-"`            // sorted by offset
	Metadata    map[string]string `json:"metadata,omitempty"`
	Warnings    []string          `json:"warnings,omitempty"`
}

// Error is a reader error of kind ErrFormat or ErrUnsupported.
type Error = readerr.Error

func formatf(format string, args ...any) error { return readerr.New(ErrFormat, format, args...) }

func unsupportedf(format string, args ...any) error {
	return readerr.New(ErrUnsupported, format, args...)
}

// Read parses the header of a safetensors file of size bytes read through r.
// It reads 8 + N bytes and never allocates more than the capped header.
func Read(r io.ReaderAt, size int64, opt Options) (*File, error) {
	f, err := read(r, size, opt)
	if err != nil {
		return nil, fmt.Errorf("read safetensors header: %w", err)
	}
	return f, nil
}

func read(r io.ReaderAt, size int64, opt Options) (*File, error) {
	n, err := headerLength(r, size, opt)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	if got, err := r.ReadAt(buf, 8); got < len(buf) {
		return nil, formatf("read %d header bytes: got %d: %v", n, got, err)
	}
	if buf[0] != '{' {
		return nil, formatf("header must start with '{', found %q (is this a safetensors file?)", buf[0])
	}
	if !utf8.Valid(buf) {
		return nil, formatf("header is not valid UTF-8")
	}
	f, err := parseHeader(buf)
	if err != nil {
		return nil, err
	}
	f.HeaderBytes = uint64(n)
	if err := validate(f); err != nil {
		return nil, err
	}
	if !opt.HeaderOnly && uint64(size)-8-uint64(n) != f.Bytes {
		return nil, formatf("file is %d bytes but the header describes 8 + %d + %d = %d (truncated or trailing data)",
			size, n, f.Bytes, 8+uint64(n)+f.Bytes)
	}
	return f, nil
}

// headerLength reads and checks N: inside the file and under the cap.
func headerLength(r io.ReaderAt, size int64, opt Options) (int64, error) {
	if size < 8 {
		return 0, formatf("file is %d bytes, too small for the 8-byte header length", size)
	}
	var b [8]byte
	if _, err := r.ReadAt(b[:], 0); err != nil && !errors.Is(err, io.EOF) {
		return 0, formatf("read header length: %v", err)
	}
	n := binary.LittleEndian.Uint64(b[:])
	if n == 0 {
		return 0, formatf("header length is 0; the header must be a JSON object starting with '{'")
	}
	if n > uint64(size-8) {
		what := "file"
		if opt.HeaderOnly {
			what = "available prefix"
		}
		return 0, formatf("header length %d exceeds the %d bytes of the %s after the length field", n, size-8, what)
	}
	limit := opt.MaxHeaderBytes
	if limit <= 0 {
		limit = DefaultMaxHeaderBytes
	}
	if n > uint64(limit) {
		return 0, unsupportedf("header length %d exceeds the cap of %d bytes (raise the header cap for files with very many tensors)", n, limit)
	}
	return int64(n), nil
}
