package gguf

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

var bigEndianOrder binary.ByteOrder = binary.BigEndian

// wr writes GGUF primitives in one byte order.
type wr struct {
	o binary.ByteOrder
	b bytes.Buffer
}

func (w *wr) u32(v uint32) { binary.Write(&w.b, w.o, v) }
func (w *wr) u64(v uint64) { binary.Write(&w.b, w.o, v) }
func (w *wr) str(s string) { w.u64(uint64(len(s))); w.b.WriteString(s) }

// kv is one metadata pair for build. val is uint32, uint64, int32, float32,
// bool, string, []uint32, []string, or raw []byte written after the type.
type kv struct {
	key string
	val any
}

// ti is one tensor for build.
type ti struct {
	name   string
	dims   []uint64
	typ    Type
	offset uint64 // written instead of the computed offset when non-zero
}

func (w *wr) value(v any) {
	switch x := v.(type) {
	case uint32:
		w.u32(uint32(TypeUint32))
		w.u32(x)
	case uint64:
		w.u32(uint32(TypeUint64))
		w.u64(x)
	case int32:
		w.u32(uint32(TypeInt32))
		w.u32(uint32(x))
	case float32:
		w.u32(uint32(TypeFloat32))
		binary.Write(&w.b, w.o, x)
	case bool:
		w.u32(uint32(TypeBool))
		binary.Write(&w.b, w.o, x)
	case string:
		w.u32(uint32(TypeString))
		w.str(x)
	case []uint32:
		w.u32(uint32(TypeArray))
		w.u32(uint32(TypeUint32))
		w.u64(uint64(len(x)))
		for _, e := range x {
			w.u32(e)
		}
	case []string:
		w.u32(uint32(TypeArray))
		w.u32(uint32(TypeString))
		w.u64(uint64(len(x)))
		for _, e := range x {
			w.str(e)
		}
	case []byte:
		w.b.Write(x)
	default:
		panic(fmt.Sprintf("test writer: unsupported value %T", v))
	}
}

// build emits a valid little-endian GGUF v3 file: contiguous aligned
// offsets in the given order and zero-filled tensor data.
func build(kvs []kv, ts []ti) []byte {
	return buildOrder(binary.LittleEndian, 3, kvs, ts)
}

func buildOrder(o binary.ByteOrder, version uint32, kvs []kv, ts []ti) []byte {
	b, n := buildHeader(o, version, kvs, ts)
	return append(b, make([]byte, n)...)
}

// buildHeader emits everything up to the tensor data and returns the
// data length (which may be absurd for attack files; it is not written).
func buildHeader(o binary.ByteOrder, version uint32, kvs []kv, ts []ti) ([]byte, uint64) {
	w := &wr{o: o}
	w.b.WriteString("GGUF")
	w.u32(version)
	w.u64(uint64(len(ts)))
	w.u64(uint64(len(kvs)))
	align := uint64(DefaultAlign)
	for _, p := range kvs {
		w.str(p.key)
		w.value(p.val)
		if a, ok := p.val.(uint32); ok && p.key == "general.alignment" {
			align = uint64(a)
		}
	}
	var off uint64
	for _, t := range ts {
		w.str(t.name)
		w.u32(uint32(len(t.dims)))
		n := uint64(1)
		for _, d := range t.dims {
			w.u64(d)
			n *= d
		}
		w.u32(uint32(t.typ))
		if t.offset != 0 {
			w.u64(t.offset)
		} else {
			w.u64(off)
		}
		info := TypeInfo{BlockSize: 1, BlockBytes: 1}
		if t.typ < TypeCount && types[t.typ].BlockSize > 0 {
			info = types[t.typ]
		}
		off += n / info.BlockSize * info.BlockBytes
		off = (off + align - 1) &^ (align - 1)
	}
	if len(ts) > 0 {
		for uint64(w.b.Len())%align != 0 {
			w.b.WriteByte(0)
		}
	}
	return w.b.Bytes(), off
}

// preamble emits magic, version and counts for hand-made attack files.
func preamble(version uint32, nTensors, nKV uint64) *wr {
	w := &wr{o: binary.LittleEndian}
	w.b.WriteString("GGUF")
	w.u32(version)
	w.u64(nTensors)
	w.u64(nKV)
	return w
}
