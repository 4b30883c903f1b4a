package kernels

// StreamOp is one of STREAM's four kernels (McCalpin, "Memory Bandwidth
// and Machine Balance in Current High Performance Computers", IEEE TCCA
// Newsletter, 1995).
type StreamOp int

// The STREAM kernels, in STREAM's order.
const (
	Copy  StreamOp = iota // dst[i] = a[i]
	Scale                 // dst[i] = s·a[i]
	Add                   // dst[i] = a[i] + b[i]
	Triad                 // dst[i] = a[i] + s·b[i]
)

// StreamOps lists the four kernels in STREAM's order.
func StreamOps() []StreamOp { return []StreamOp{Copy, Scale, Add, Triad} }

// String is the kernel's STREAM name: "copy", "scale", "add", "triad".
func (o StreamOp) String() string {
	return [...]string{"copy", "scale", "add", "triad"}[o]
}

// Arrays is the number of arrays the kernel touches per element, as
// STREAM counts bytes: 2 for copy and scale, 3 for add and triad (the
// write-allocate read of dst is not counted).
func (o StreamOp) Arrays() int {
	if o == Copy || o == Scale {
		return 2
	}
	return 3
}

// FLOPs is the floating-point work per element: 0 (copy), 1 (scale,
// add), 2 (triad).
func (o StreamOp) FLOPs() int { return [...]int{0, 1, 1, 2}[o] }

// Stream runs o over dst (b is ignored by copy and scale, s by copy and
// add) with isa's kernel: non-temporal 256-bit stores for AVX2 and
// AVX512 (AVX is enough; wider vectors do not move more bytes from DRAM),
// plain Go loops otherwise. a and b must be at least as long as dst.
func Stream(isa ISA, o StreamOp, dst, a, b []float64, s float64) {
	n := len(dst)
	a = a[:n]
	if o == Add || o == Triad {
		b = b[:n]
	}
	head, body := 0, 0
	if isa != Generic && Usable(isa) {
		head, body = ntSplit(dst)
	}
	streamGo(o, dst[:head], a[:head], sub(b, 0, head), s)
	if body > 0 {
		streamNT(o, dst[head:head+body], a[head:head+body], sub(b, head, head+body), s)
	}
	streamGo(o, dst[head+body:], a[head+body:], sub(b, head+body, n), s)
}

// sub is b[lo:hi], or nil when b is not used.
func sub(b []float64, lo, hi int) []float64 {
	if len(b) < hi {
		return nil
	}
	return b[lo:hi]
}

// streamGo is the portable kernel.
func streamGo(o StreamOp, dst, a, b []float64, s float64) {
	switch o {
	case Copy:
		copy(dst, a)
	case Scale:
		for i := range dst {
			dst[i] = s * a[i]
		}
	case Add:
		b = b[:len(dst)]
		for i := range dst {
			dst[i] = a[i] + b[i]
		}
	case Triad:
		b = b[:len(dst)]
		for i := range dst {
			dst[i] = a[i] + s*b[i]
		}
	}
}
