package gguf

import (
	"encoding/binary"
	"errors"
	"io"
)

// bufSize is the read-ahead of the cursor, in bytes.
const bufSize = 64 << 10

// cursor reads a GGUF file sequentially through an io.ReaderAt, bounding
// every read by the bytes that remain. Skips do not read.
type cursor struct {
	r     io.ReaderAt
	size  int64 // file (or prefix) size, bytes
	pos   int64 // next byte to read
	order binary.ByteOrder
	buf   []byte // holds file bytes [bufAt, bufAt+len(buf))
	bufAt int64
}

func newCursor(r io.ReaderAt, size int64) *cursor {
	return &cursor{r: r, size: size, order: binary.LittleEndian}
}

// remaining is the number of bytes after pos.
func (c *cursor) remaining() uint64 { return uint64(c.size - c.pos) }

// errTruncated reports a read past the end.
var errTruncated = errors.New("truncated")

// bytes returns the next n bytes (valid until the next call).
func (c *cursor) bytes(n int) ([]byte, error) {
	if uint64(n) > c.remaining() {
		return nil, formatf("at byte %d: need %d bytes but only %d remain (file truncated)", c.pos, n, c.remaining())
	}
	if c.pos < c.bufAt || c.pos+int64(n) > c.bufAt+int64(len(c.buf)) {
		if err := c.fill(n); err != nil {
			return nil, err
		}
	}
	start := c.pos - c.bufAt
	c.pos += int64(n)
	return c.buf[start : start+int64(n)], nil
}

// fill reads max(n, bufSize) bytes (bounded by the file) at pos.
func (c *cursor) fill(n int) error {
	want := int64(max(n, bufSize))
	want = min(want, c.size-c.pos)
	if int64(cap(c.buf)) < want {
		c.buf = make([]byte, want)
	}
	c.buf = c.buf[:want]
	got, err := c.r.ReadAt(c.buf, c.pos)
	if got < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = errTruncated
		}
		return formatf("at byte %d: read %d bytes: %v", c.pos, n, err)
	}
	c.buf = c.buf[:got]
	c.bufAt = c.pos
	return nil
}

// skip advances n bytes without reading them.
func (c *cursor) skip(n uint64) error {
	if n > c.remaining() {
		return formatf("at byte %d: need %d bytes but only %d remain (file truncated)", c.pos, n, c.remaining())
	}
	c.pos += int64(n)
	return nil
}

func (c *cursor) u32() (uint32, error) {
	b, err := c.bytes(4)
	if err != nil {
		return 0, err
	}
	return c.order.Uint32(b), nil
}

func (c *cursor) u64() (uint64, error) {
	if s := c.pos - c.bufAt; c.order == binary.LittleEndian && s >= 0 && s+8 <= int64(len(c.buf)) {
		c.pos += 8 // fast path: the common little-endian read inside the buffer
		return binary.LittleEndian.Uint64(c.buf[s:]), nil
	}
	b, err := c.bytes(8)
	if err != nil {
		return 0, err
	}
	return c.order.Uint64(b), nil
}

// str reads a GGUF string (u64 length, bytes) of at most limit bytes.
// Strings longer than keep bytes are skipped and returned as "" with
// kept=false, so no allocation is sized by the file.
func (c *cursor) str(limit, keep uint64) (s string, n uint64, kept bool, err error) {
	n, err = c.u64()
	if err != nil {
		return "", 0, false, err
	}
	if n > limit {
		return "", n, false, formatf("at byte %d: string length %d exceeds the limit of %d", c.pos-8, n, limit)
	}
	if n > c.remaining() {
		return "", n, false, formatf("at byte %d: string length %d exceeds the %d bytes that remain", c.pos-8, n, c.remaining())
	}
	if n > keep {
		return "", n, false, c.skip(n)
	}
	b, err := c.bytes(int(n))
	if err != nil {
		return "", n, false, err
	}
	return string(b), n, true, nil
}
