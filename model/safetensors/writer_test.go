package safetensors

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// testTensor describes one tensor for buildFile.
type testTensor struct {
	name  string
	dtype string
	shape []uint64
}

// buildFile emits a valid safetensors file: contiguous offsets in the
// given order, header padded with spaces to a multiple of 8 as the Rust
// writer does, and a zero-filled byte buffer.
func buildFile(meta map[string]string, ts ...testTensor) []byte {
	f := buildFileHeader(meta, ts...)
	return append(f.header, make([]byte, f.data)...)
}

// fileParts is a safetensors file without its (zero) data bytes.
type fileParts struct {
	header []byte // 8-byte length and JSON header
	data   uint64 // length of the byte buffer
}

func buildFileHeader(meta map[string]string, ts ...testTensor) fileParts {
	var entries []string
	if meta != nil {
		var kv []string
		for k, v := range meta {
			kv = append(kv, fmt.Sprintf("%q:%q", k, v))
		}
		entries = append(entries, `"__metadata__":{`+strings.Join(kv, ",")+`}`)
	}
	var off uint64
	for _, t := range ts {
		n := uint64(1)
		for _, d := range t.shape {
			n *= d
		}
		size := n * dtypeBits[t.dtype] / 8
		dims := make([]string, len(t.shape))
		for i, d := range t.shape {
			dims[i] = fmt.Sprint(d)
		}
		entries = append(entries, fmt.Sprintf(`%q:{"dtype":%q,"shape":[%s],"data_offsets":[%d,%d]}`,
			t.name, t.dtype, strings.Join(dims, ","), off, off+size))
		off += size
	}
	header := "{" + strings.Join(entries, ",") + "}"
	for len(header)%8 != 0 {
		header += " "
	}
	return fileParts{rawFile(header, 0), off}
}

// rawFile emits an 8-byte length, the header text as given, and dataLen
// zero bytes.
func rawFile(header string, dataLen uint64) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(header)))
	b.WriteString(header)
	b.Write(make([]byte, dataLen))
	return b.Bytes()
}
