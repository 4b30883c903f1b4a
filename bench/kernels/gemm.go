package kernels

import (
	"fmt"
	"sync"
	"unsafe"
)

// Blocking holds the cache-blocking sizes of the GEMM, in elements:
// KC is the depth of a packed panel; MC the rows of A packed at once (a
// block that lives in the last-level cache); NC the columns of B packed at
// once (KC × NC elements, meant to stay in the per-core L2 cache). Each
// micro-kernel call multiplies an MR × KC sliver of A (held in L1) by a
// KC × NR sliver of B.
type Blocking struct {
	KC, MC, NC int
}

// DefaultBlocking is the blocking for isa and element size: KC = 256
// (an 8-row fp64 sliver of A is 16 KiB of a 48 KiB L1) and a KC × NC
// block of B of about 0.75 MiB for a 1–2 MiB L2. The sizes are the same
// for every isa today; on an Emerald Rapids core, KC 128–384 and B blocks
// of 0.4–1.5 MiB measured within the noise of each other.
func DefaultBlocking(isa ISA, elemBytes int) Blocking {
	kc := 256
	nc := (768 << 10) / (kc * elemBytes)
	return Blocking{KC: kc, MC: 1024, NC: nc}
}

// micro is a GEMM micro-kernel: fn computes the mr × nr tile at c (row
// stride ldc) as its old value (accum != 0) or zero, plus the product of a
// packed A sliver (mr values per k step) and a packed B sliver (nr values
// per k step) of depth k.
type micro[T Float] struct {
	mr, nr int
	fn     func(k int, a, b, c *T, ldc int, accum int)
}

// Gemm computes C = A·B for row-major A (m×k, row stride lda), B (k×n,
// row stride ldb) and C (m×n, row stride ldc), with the micro-kernel of
// isa (the portable one if the CPU lacks it), the given blocking (zero
// fields take DefaultBlocking) and threads goroutines, each owning a band
// of rows of C. It performs 2·m·n·k FLOP.
func Gemm[T Float](isa ISA, threads int, bl Blocking, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) error {
	if err := checkGemm(m, n, k, len(a), lda, len(b), ldb, len(c), ldc); err != nil {
		return err
	}
	if m == 0 || n == 0 {
		return nil
	}
	if k == 0 {
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		return nil
	}
	if !Usable(isa) {
		isa = Generic
	}
	uk := microFor[T](isa)
	bl = bl.withDefaults(DefaultBlocking(isa, elemSize[T]()))
	bands := splitRows(m, uk.mr, max(1, threads))
	job := func(band [2]int) {
		g := gemmJob[T]{uk: uk, bl: bl, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc}
		g.rows(band[0], band[1])
	}
	if len(bands) == 1 {
		job(bands[0])
		return nil
	}
	var wg sync.WaitGroup
	for _, band := range bands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			job(band)
		}()
	}
	wg.Wait()
	return nil
}

// checkGemm validates the shapes and strides against the slice lengths.
func checkGemm(m, n, k, la, lda, lb, ldb, lc, ldc int) error {
	if m < 0 || n < 0 || k < 0 {
		return fmt.Errorf("gemm: negative size m=%d n=%d k=%d", m, n, k)
	}
	need := func(name string, rows, cols, ld, have int) error {
		if rows == 0 || cols == 0 {
			return nil
		}
		if ld < cols {
			return fmt.Errorf("gemm: %s row stride %d is less than its %d columns", name, ld, cols)
		}
		if want := (rows-1)*ld + cols; have < want {
			return fmt.Errorf("gemm: %s has %d elements, need %d for %d×%d with stride %d", name, have, want, rows, cols, ld)
		}
		return nil
	}
	if err := need("A", m, k, lda, la); err != nil {
		return err
	}
	if err := need("B", k, n, ldb, lb); err != nil {
		return err
	}
	return need("C", m, n, ldc, lc)
}

func (bl Blocking) withDefaults(d Blocking) Blocking {
	if bl.KC <= 0 {
		bl.KC = d.KC
	}
	if bl.MC <= 0 {
		bl.MC = d.MC
	}
	if bl.NC <= 0 {
		bl.NC = d.NC
	}
	return bl
}

// splitRows cuts m rows into at most parts bands of whole mr-row slivers.
func splitRows(m, mr, parts int) [][2]int {
	slivers := (m + mr - 1) / mr
	parts = min(parts, slivers)
	var bands [][2]int
	lo := 0
	for p := 0; p < parts; p++ {
		hi := min(m, (slivers*(p+1)/parts)*mr)
		bands = append(bands, [2]int{lo, hi})
		lo = hi
	}
	return bands
}

// gemmJob is one goroutine's share of a Gemm: its packing buffers and the
// operands.
type gemmJob[T Float] struct {
	uk       micro[T]
	bl       Blocking
	n, k     int
	a, b, c  []T
	lda, ldb int
	ldc      int
	ap, bp   []T
	tmp      []T
}

// rows computes rows [r0, r1) of C: for each MC-row block of A and each
// KC-deep panel, pack the A block, then for each NC-column block of B pack
// it and sweep the micro-kernel over the tiles.
func (g *gemmJob[T]) rows(r0, r1 int) {
	mr, nr := g.uk.mr, g.uk.nr
	mcMax := roundUp(min(g.bl.MC, r1-r0), mr)
	kcMax := min(g.bl.KC, g.k)
	ncMax := roundUp(min(g.bl.NC, g.n), nr)
	g.ap = make([]T, mcMax*kcMax)
	g.bp = make([]T, kcMax*ncMax)
	g.tmp = make([]T, mr*nr)
	for i0 := r0; i0 < r1; i0 += g.bl.MC {
		mc := min(g.bl.MC, r1-i0)
		for p0 := 0; p0 < g.k; p0 += g.bl.KC {
			kc := min(g.bl.KC, g.k-p0)
			packA(g.ap, g.a, g.lda, i0, mc, p0, kc, mr)
			for j0 := 0; j0 < g.n; j0 += g.bl.NC {
				nc := min(g.bl.NC, g.n-j0)
				packB(g.bp, g.b, g.ldb, p0, kc, j0, nc, nr)
				g.sweep(i0, mc, j0, nc, kc, p0 > 0)
			}
		}
	}
}

// sweep runs the micro-kernel over the mc × nc block of C at (i0, j0).
func (g *gemmJob[T]) sweep(i0, mc, j0, nc, kc int, accum bool) {
	mr, nr := g.uk.mr, g.uk.nr
	acc := 0
	if accum {
		acc = 1
	}
	for ir := 0; ir < mc; ir += mr {
		as := &g.ap[ir*kc]
		for jr := 0; jr < nc; jr += nr {
			bs := &g.bp[jr*kc]
			if ir+mr <= mc && jr+nr <= nc {
				g.uk.fn(kc, as, bs, &g.c[(i0+ir)*g.ldc+j0+jr], g.ldc, acc)
				continue
			}
			g.uk.fn(kc, as, bs, &g.tmp[0], nr, 0)
			g.edge(i0+ir, min(mr, mc-ir), j0+jr, min(nr, nc-jr), accum)
		}
	}
}

// edge writes the valid rows × cols corner of the tile buffer into C at
// (i, j), adding to C when accum.
func (g *gemmJob[T]) edge(i, rows, j, cols int, accum bool) {
	nr := g.uk.nr
	for r := 0; r < rows; r++ {
		dst := g.c[(i+r)*g.ldc+j : (i+r)*g.ldc+j+cols]
		src := g.tmp[r*nr : r*nr+cols]
		if !accum {
			copy(dst, src)
			continue
		}
		for x := range dst {
			dst[x] += src[x]
		}
	}
}

// packA copies rows [i0, i0+mc) × columns [p0, p0+kc) of A into slivers of
// mr rows: sliver s holds, for each p, the mr values A[i0+s·mr+r][p0+p],
// zero past the last row. Each sliver is written in order while its mr
// source rows are read side by side.
func packA[T Float](dst, a []T, lda, i0, mc, p0, kc, mr int) {
	rows := make([][]T, mr)
	for s := 0; s < mc; s += mr {
		out := dst[s*kc : (s+mr)*kc]
		for r := range rows {
			rows[r] = nil
			if s+r < mc {
				start := (i0+s+r)*lda + p0
				rows[r] = a[start : start+kc]
			}
		}
		for p := 0; p < kc; p++ {
			o := out[p*mr : p*mr+mr]
			for r, row := range rows {
				if row == nil {
					o[r] = 0
					continue
				}
				o[r] = row[p]
			}
		}
	}
}

// packB copies rows [p0, p0+kc) × columns [j0, j0+nc) of B into slivers of
// nr columns: sliver s holds, for each p, the nr values B[p0+p][j0+s·nr+j],
// zero past the last column. Each row of B is read once, in order, and
// dealt out to the slivers.
func packB[T Float](dst, b []T, ldb, p0, kc, j0, nc, nr int) {
	for p := 0; p < kc; p++ {
		row := b[(p0+p)*ldb+j0 : (p0+p)*ldb+j0+nc]
		for s := 0; s < nc; s += nr {
			o := dst[s*kc+p*nr : s*kc+p*nr+nr]
			n := copy(o, row[s:])
			clear(o[n:])
		}
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// genericMR and genericNR are the tile of the portable micro-kernel.
const genericMR, genericNR = 4, 4

// genericMicro is the portable micro-kernel for any tile shape.
func genericMicro[T Float](mr, nr int) micro[T] {
	fn := func(k int, a, b, c *T, ldc int, accum int) {
		as := unsafe.Slice(a, k*mr)
		bs := unsafe.Slice(b, k*nr)
		cs := unsafe.Slice(c, (mr-1)*ldc+nr)
		var acc [genericMR * genericNR]T
		for p := 0; p < k; p++ {
			ap, bp := as[p*mr:p*mr+mr], bs[p*nr:p*nr+nr]
			for r, av := range ap {
				row := acc[r*nr : r*nr+nr]
				for j, bv := range bp {
					row[j] += av * bv
				}
			}
		}
		for r := 0; r < mr; r++ {
			for j := 0; j < nr; j++ {
				if accum != 0 {
					cs[r*ldc+j] += acc[r*nr+j]
				} else {
					cs[r*ldc+j] = acc[r*nr+j]
				}
			}
		}
	}
	return micro[T]{mr: mr, nr: nr, fn: fn}
}
