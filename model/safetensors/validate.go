package safetensors

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
)

// validate sorts the tensors by offset and applies the reference checks
// (read_metadata/validate in safetensors/src/tensor.rs): contiguous offsets
// from 0, END ≥ BEGIN, checked element and bit counts, whole bytes, and
// END − BEGIN equal to the size implied by dtype and shape. It fills the
// Summary.
func validate(f *File) error {
	byOffset := func(a, b Tensor) int {
		return cmp.Or(cmp.Compare(a.Begin, b.Begin), cmp.Compare(a.End, b.End), cmp.Compare(a.Name, b.Name))
	}
	// pdqsort moves far less than the stable merge sort on a million
	// 80-byte entries; names break ties, so the order is deterministic.
	if !slices.IsSortedFunc(f.TensorList, byOffset) {
		slices.SortFunc(f.TensorList, byOffset)
	}
	f.Summary = newSummary()
	var next uint64
	for i := range f.TensorList {
		t := &f.TensorList[i]
		if err := checkOffsets(t, next); err != nil {
			return err
		}
		next = t.End
		warn, err := checkSize(t)
		if err != nil {
			return err
		}
		if warn {
			f.Warnings = append(f.Warnings, fmt.Sprintf("tensor %q: unknown dtype %q, size taken from its offsets", t.Name, t.Dtype))
		}
		if err := f.Summary.add(*t, !warn); err != nil {
			return err
		}
	}
	return nil
}

func newSummary() Summary {
	return Summary{DtypeParams: map[string]uint64{}, DtypeBytes: map[string]uint64{}}
}

// checkOffsets enforces BEGIN = previous END (first BEGIN = 0) and END ≥ BEGIN.
func checkOffsets(t *Tensor, next uint64) error {
	switch {
	case t.Begin < next:
		return formatf("tensor %q: data_offsets [%d, %d] overlap the previous tensor, which ends at %d", t.Name, t.Begin, t.End, next)
	case t.Begin > next:
		return formatf("tensor %q: data_offsets [%d, %d] leave a gap of %d bytes after offset %d (the buffer must be fully indexed)", t.Name, t.Begin, t.End, t.Begin-next, next)
	case t.End < t.Begin:
		return formatf("tensor %q: data_offsets END %d is before BEGIN %d", t.Name, t.End, t.Begin)
	}
	return nil
}

// checkSize computes Π shape and, for a known dtype, checks that
// Π shape · bits is a whole number of bytes equal to END − BEGIN. It
// reports unknown=true for a dtype of unknown size.
func checkSize(t *Tensor) (unknown bool, err error) {
	t.Elements = 1
	for _, d := range t.Shape {
		hi, lo := bits.Mul64(t.Elements, d)
		if hi != 0 {
			return false, formatf("tensor %q: shape %v overflows the element count", t.Name, t.Shape)
		}
		t.Elements = lo
	}
	b, ok := dtypeBits[t.Dtype]
	if !ok {
		return true, nil
	}
	hi, nbits := bits.Mul64(t.Elements, b)
	if hi != 0 {
		return false, formatf("tensor %q: %d elements of %s overflow the bit count", t.Name, t.Elements, t.Dtype)
	}
	if nbits%8 != 0 {
		return false, formatf("tensor %q: %d elements of %d-bit %s do not fill whole bytes", t.Name, t.Elements, b, t.Dtype)
	}
	if t.Bytes() != nbits/8 {
		return false, formatf("tensor %q: data_offsets span %d bytes but %s %v needs %d", t.Name, t.Bytes(), t.Dtype, t.Shape, nbits/8)
	}
	return false, nil
}

// add accumulates one tensor with overflow checks.
func (s *Summary) add(t Tensor, known bool) error {
	var c1, c2 uint64
	s.Params, c1 = bits.Add64(s.Params, t.Elements, 0)
	s.Bytes, c2 = bits.Add64(s.Bytes, t.Bytes(), 0)
	if c1|c2 != 0 {
		return formatf("tensor %q: total element or byte count overflows", t.Name)
	}
	s.Tensors++
	s.DtypeParams[t.Dtype] += t.Elements
	s.DtypeBytes[t.Dtype] += t.Bytes()
	if !known && !slices.Contains(s.UnknownDtypes, t.Dtype) {
		s.UnknownDtypes = append(s.UnknownDtypes, t.Dtype)
	}
	return nil
}

// merge adds another summary into s.
func (s *Summary) merge(o Summary) error {
	var c1, c2 uint64
	s.Params, c1 = bits.Add64(s.Params, o.Params, 0)
	s.Bytes, c2 = bits.Add64(s.Bytes, o.Bytes, 0)
	if c1|c2 != 0 {
		return formatf("total element or byte count overflows")
	}
	s.Tensors += o.Tensors
	for k, v := range o.DtypeParams {
		s.DtypeParams[k] += v
	}
	for k, v := range o.DtypeBytes {
		s.DtypeBytes[k] += v
	}
	for _, d := range o.UnknownDtypes {
		if !slices.Contains(s.UnknownDtypes, d) {
			s.UnknownDtypes = append(s.UnknownDtypes, d)
		}
	}
	return nil
}
