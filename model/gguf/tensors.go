package gguf

import (
	"fmt"
	"math"
	"math/bits"
)

// readTensorInfos reads n tensor infos, rejecting duplicate names. The
// slice grows with the bytes actually read, never by the declared count.
func readTensorInfos(c *cursor, f *File, n uint64) error {
	seen := make(map[string]bool, min(n, 1024))
	f.Tensors = make([]Tensor, 0, min(n, 1024))
	for i := range n {
		t, err := readTensorInfo(c)
		if err != nil {
			return fmt.Errorf("tensor %d: %w", i, err)
		}
		if seen[t.Name] {
			return formatf("tensor %d: duplicate tensor name %q", i, t.Name)
		}
		seen[t.Name] = true
		f.Tensors = append(f.Tensors, t)
	}
	return nil
}

// readTensorInfo reads name, n_dims, dims, type and offset, and computes
// the element and byte counts with overflow checks.
func readTensorInfo(c *cursor) (Tensor, error) {
	name, _, _, err := c.str(MaxNameLen, MaxNameLen)
	if err != nil {
		return Tensor{}, fmt.Errorf("name: %w", err)
	}
	t := Tensor{Name: name}
	nd, err := c.u32()
	if err != nil {
		return t, err
	}
	if nd > MaxDims {
		return t, formatf("%q: n_dims %d exceeds %d", name, nd, MaxDims)
	}
	if err := readDims(c, &t, nd); err != nil {
		return t, err
	}
	typ, err := c.u32()
	if err != nil {
		return t, err
	}
	t.Type = Type(typ)
	if err := sizeTensor(&t); err != nil {
		return t, err
	}
	t.Offset, err = c.u64()
	return t, err
}

// readDims reads nd dims as int64, rejecting negatives and element counts
// of INT64_MAX or more (the reference's check).
func readDims(c *cursor, t *Tensor, nd uint32) error {
	t.Dims = make([]uint64, nd)
	t.Elements = 1
	for i := range t.Dims {
		d, err := c.u64()
		if err != nil {
			return err
		}
		if d > math.MaxInt64 {
			return formatf("%q: dimension %d is negative (%d)", t.Name, i, int64(d))
		}
		hi, lo := bits.Mul64(t.Elements, d)
		if hi != 0 || lo >= math.MaxInt64 {
			return formatf("%q: dims %v overflow the element count", t.Name, t.Dims[:i+1])
		}
		t.Dims[i], t.Elements = d, lo
	}
	return nil
}

// sizeTensor checks the type and ne[0] % block, and computes
// bytes = (ne0/block)·block_bytes·ne1·ne2·ne3 = Elements/block·block_bytes.
func sizeTensor(t *Tensor) error {
	info, err := t.Type.Info()
	if err != nil {
		return fmt.Errorf("%q: %w", t.Name, err)
	}
	ne0 := uint64(1)
	if len(t.Dims) > 0 {
		ne0 = t.Dims[0]
	}
	if ne0%info.BlockSize != 0 {
		return formatf("%q: ne[0] = %d is not a multiple of the %s block size %d", t.Name, ne0, info.Name, info.BlockSize)
	}
	hi, lo := bits.Mul64(t.Elements/info.BlockSize, info.BlockBytes)
	if hi != 0 || lo > math.MaxInt64 {
		return formatf("%q: byte size overflows", t.Name)
	}
	t.Bytes = lo
	return nil
}

// layout computes the data section start (padded to the alignment after
// the tensor infos, only when there are tensors), checks that the offsets
// are contiguous and in order (offset_i = Σ_{j<i} PAD(nbytes_j)), that no
// padding wraps around, and that the data lies inside the file.
func layout(c *cursor, f *File, n uint64, opt Options) error {
	pos := uint64(c.pos)
	if n > 0 {
		var err error
		if pos, err = pad(pos, f.Alignment); err != nil {
			return fmt.Errorf("data section: %w", err)
		}
	}
	f.DataOffset = pos
	var next, end uint64
	for i := range f.Tensors {
		t := &f.Tensors[i]
		if t.Offset != next {
			return formatf("tensor %d %q has offset %d, expected %d (offsets must be contiguous, in order, aligned to %d)", i, t.Name, t.Offset, next, f.Alignment)
		}
		end = next + t.Bytes // cannot wrap: both < 2^63
		p, err := pad(end, f.Alignment)
		if err != nil {
			return fmt.Errorf("tensor %d %q: %w", i, t.Name, err)
		}
		next = p
		if err := f.count(*t); err != nil {
			return err
		}
	}
	f.DataBytes = next
	if last, carry := bits.Add64(pos, end, 0); !opt.HeaderOnly && (carry != 0 || last > uint64(c.size)) {
		return formatf("tensor data needs %d bytes from offset %d but the file is %d bytes (truncated)", end, pos, c.size)
	}
	return nil
}

// pad rounds x up to a multiple of a (a power of two), checking that
// x + a − 1 does not wrap (the GGML_PAD overflow of ggml PR #24759).
func pad(x, a uint64) (uint64, error) {
	if x > math.MaxInt64-(a-1) {
		return 0, formatf("size %d padded to %d bytes overflows", x, a)
	}
	return (x + a - 1) &^ (a - 1), nil
}

// count adds one tensor to the totals with overflow checks (within one file
// bytes are bounded by the offsets, but elements are not, since a block of
// 256 elements can take 50 bytes; across split parts neither is).
func (f *File) count(t Tensor) error {
	var carry uint64
	if f.Params, carry = bits.Add64(f.Params, t.Elements, 0); carry != 0 {
		return formatf("tensor %q: total element count overflows", t.Name)
	}
	if f.Bytes, carry = bits.Add64(f.Bytes, t.Bytes, 0); carry != 0 {
		return formatf("tensor %q: total byte count overflows", t.Name)
	}
	f.TypeParams[t.Type.String()] += t.Elements
	f.TypeBytes[t.Type.String()] += t.Bytes
	return nil
}
