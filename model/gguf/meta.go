package gguf

import (
	"fmt"
	"math"
	"math/bits"
)

// Value is one metadata value. Scalars are stored; arrays keep their
// element type and length, and their elements only when they are numeric
// and short (per-layer arrays), never tokenizer vocabularies.
type Value struct {
	Type     ValueType `json:"type"`
	ElemType ValueType `json:"elem_type,omitempty"` // arrays
	Len      uint64    `json:"len,omitempty"`       // arrays: element count
	scalar   any       // uint64, int64, float64, bool or string
	elems    []any     // kept array elements (scalars)
}

// Uint returns an integer scalar as uint64; false if absent, negative or
// not an integer.
func (v Value) Uint() (uint64, bool) {
	return asUint(v.scalar)
}

func asUint(x any) (uint64, bool) {
	switch n := x.(type) {
	case uint64:
		return n, true
	case int64:
		return uint64(n), n >= 0
	}
	return 0, false
}

// Uints returns an integer array's elements, or false if it is not a kept
// integer array.
func (v Value) Uints() ([]uint64, bool) {
	if v.Type != TypeArray || v.elems == nil && v.Len > 0 {
		return nil, false
	}
	out := make([]uint64, len(v.elems))
	for i, e := range v.elems {
		n, ok := asUint(e)
		if !ok {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// Float returns a numeric scalar as float64.
func (v Value) Float() (float64, bool) {
	switch n := v.scalar.(type) {
	case float64:
		return n, true
	case uint64:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// Str returns a string scalar (false if absent or too long to be kept).
func (v Value) Str() (string, bool) {
	s, ok := v.scalar.(string)
	return s, ok
}

// Bool returns a bool scalar.
func (v Value) Bool() (bool, bool) {
	b, ok := v.scalar.(bool)
	return b, ok
}

// readKV reads one key/value pair into f, rejecting empty and duplicate keys.
func readKV(c *cursor, f *File, budget *uint64) error {
	key, n, _, err := c.str(MaxKeyLen, MaxKeyLen)
	if err != nil {
		return fmt.Errorf("key: %w", err)
	}
	if n == 0 {
		return formatf("empty key")
	}
	if _, dup := f.Metadata[key]; dup {
		return formatf("duplicate key %q", key)
	}
	if n > *budget {
		return unsupportedf("key %q: metadata larger than %d bytes", key, keepBudget)
	}
	*budget -= n
	t, err := c.u32()
	if err != nil {
		return fmt.Errorf("key %q: %w", key, err)
	}
	v, err := readValue(c, f, ValueType(t), 0, budget)
	if err != nil {
		return fmt.Errorf("key %q: %w", key, err)
	}
	f.Metadata[key] = v
	f.Keys = append(f.Keys, key)
	return nil
}

// readValue reads one value of type t; depth counts enclosing arrays.
func readValue(c *cursor, f *File, t ValueType, depth int, budget *uint64) (Value, error) {
	switch {
	case t == TypeString:
		s, n, kept, err := c.str(MaxStringLen, min(keepString, *budget))
		if kept {
			*budget -= n
			return Value{Type: t, scalar: s}, err
		}
		return Value{Type: t, Len: n}, err
	case t == TypeArray:
		return readArray(c, f, depth+1, budget)
	case t.size() == 0:
		return Value{}, formatf("at byte %d: invalid value type %d", c.pos-4, uint32(t))
	}
	x, err := readScalar(c, f, t)
	return Value{Type: t, scalar: x}, err
}

// readScalar decodes a fixed-size value as uint64, int64, float64 or bool.
func readScalar(c *cursor, f *File, t ValueType) (any, error) {
	b, err := c.bytes(int(t.size()))
	if err != nil {
		return nil, err
	}
	o := c.order
	switch t {
	case TypeUint8:
		return uint64(b[0]), nil
	case TypeInt8:
		return int64(int8(b[0])), nil
	case TypeUint16:
		return uint64(o.Uint16(b)), nil
	case TypeInt16:
		return int64(int16(o.Uint16(b))), nil
	case TypeUint32:
		return uint64(o.Uint32(b)), nil
	case TypeInt32:
		return int64(int32(o.Uint32(b))), nil
	case TypeFloat32:
		return float64(math.Float32frombits(o.Uint32(b))), nil
	case TypeBool:
		if b[0] > 1 {
			f.Warnings = append(f.Warnings, fmt.Sprintf("at byte %d: bool value %d is not 0 or 1; read as true", c.pos-1, b[0]))
		}
		return b[0] != 0, nil
	case TypeUint64:
		return o.Uint64(b), nil
	case TypeInt64:
		return int64(o.Uint64(b)), nil
	}
	return math.Float64frombits(o.Uint64(b)), nil
}

// readArray reads an array header and its elements, bounding the count by
// the remaining bytes; long arrays and string arrays are skipped.
func readArray(c *cursor, f *File, depth int, budget *uint64) (Value, error) {
	if depth > MaxArrayDepth {
		return Value{}, formatf("at byte %d: arrays nested deeper than %d", c.pos, MaxArrayDepth)
	}
	et, err := c.u32()
	if err != nil {
		return Value{}, err
	}
	n, err := c.u64()
	if err != nil {
		return Value{}, err
	}
	v := Value{Type: TypeArray, ElemType: ValueType(et), Len: n}
	if err := checkArrayLen(c, v.ElemType, n); err != nil {
		return Value{}, err
	}
	if size := v.ElemType.size(); size > 0 {
		return readFixedArray(c, f, v, size)
	}
	if v.ElemType == TypeString {
		return v, skipStrings(c, n)
	}
	for i := uint64(0); i < n; i++ {
		if _, err := readValue(c, f, v.ElemType, depth, new(uint64)); err != nil {
			return Value{}, fmt.Errorf("array element %d: %w", i, err)
		}
	}
	return v, nil
}

// skipStrings skips n strings (a tokenizer vocabulary) without storing them.
func skipStrings(c *cursor, n uint64) error {
	for i := range n {
		l, err := c.u64()
		if err != nil {
			return fmt.Errorf("array element %d: %w", i, err)
		}
		if l > MaxStringLen || l > c.remaining() {
			return formatf("array element %d: at byte %d: string length %d exceeds the %d bytes that remain", i, c.pos-8, l, c.remaining())
		}
		if err := c.skip(l); err != nil {
			return err
		}
	}
	return nil
}

// checkArrayLen bounds an element count by the limits and the remaining
// bytes (a string or array element takes at least 8 or 12 bytes).
func checkArrayLen(c *cursor, et ValueType, n uint64) error {
	size := et.size()
	limit := uint64(MaxArrayLen)
	switch et {
	case TypeString:
		size, limit = 8, MaxStringArray
	case TypeArray:
		size, limit = 12, MaxStringArray
	}
	if size == 0 {
		return formatf("at byte %d: invalid array element type %d", c.pos-12, uint32(et))
	}
	if n > limit {
		return formatf("at byte %d: array of %d %s elements exceeds the limit of %d", c.pos-8, n, et, limit)
	}
	if hi, need := bits.Mul64(n, size); hi != 0 || need > c.remaining() {
		return formatf("at byte %d: array of %d %s elements exceeds the %d bytes that remain", c.pos-8, n, et, c.remaining())
	}
	return nil
}

// readFixedArray keeps short numeric arrays and skips long ones.
func readFixedArray(c *cursor, f *File, v Value, size uint64) (Value, error) {
	if v.Len > keepArray {
		return v, c.skip(v.Len * size)
	}
	v.elems = make([]any, 0, v.Len)
	for range v.Len {
		x, err := readScalar(c, f, v.ElemType)
		if err != nil {
			return Value{}, err
		}
		v.elems = append(v.elems, x)
	}
	return v, nil
}

// alignment reads general.alignment: a u32, non-zero power of two, at most
// MaxAlignment (default DefaultAlign).
func alignment(f *File) (uint64, error) {
	v, ok := f.Metadata["general.alignment"]
	if !ok {
		return DefaultAlign, nil
	}
	if v.Type != TypeUint32 {
		return 0, formatf("general.alignment has type %s, want u32", v.Type)
	}
	a, _ := v.Uint()
	if a == 0 || a&(a-1) != 0 || a > MaxAlignment {
		return 0, formatf("general.alignment %d is not a power of two between 1 and %d", a, MaxAlignment)
	}
	return a, nil
}
