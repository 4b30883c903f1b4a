package perf

import "fmt"

// Model is a compiled cost model: one model shape on one cluster with one
// workload. Evaluate prices a Layout on it with arithmetic only; a Model is
// read-only after Compile and safe for concurrent use.
type Model struct {
	Shape    *Shape
	Cluster  Cluster
	Training Training

	net      net
	peak     float64 // FLOP/s
	attnPeak float64 // FLOP/s of the attention core (16-bit under FP8 training)
	matmul   float64 // GEMM fraction of peak at the training precision
	bw       float64 // effective HBM bytes/s (GEMM rooflines, optimizer)
	bwEW     float64 // effective HBM bytes/s of the element-wise kernels (norms, activation, residual, softmax)
	capacity float64 // usable bytes per GPU
	headsGCD int
	kvHeads  []int
}

// Compile checks the inputs and precomputes what every evaluation shares.
func Compile(s *Shape, c Cluster, t Training) (*Model, error) {
	if s == nil {
		return nil, fmt.Errorf("perf: no model shape")
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if t.GlobalBatch <= 0 {
		return nil, fmt.Errorf("perf: global batch %d must be a positive number of sequences", t.GlobalBatch)
	}
	if t.Seq != int(s.Seq) {
		return nil, fmt.Errorf("perf: training sequence %d differs from the shape's %d", t.Seq, int(s.Seq))
	}
	if t.UsableMemory <= 0 || t.UsableMemory > 1 {
		t.UsableMemory = 1
	}
	m := &Model{Shape: s, Cluster: c, Training: t,
		net:      net{up: float64(c.ScaleUp) * c.Eff.ScaleUp, out: float64(c.ScaleOut) * c.Eff.ScaleOut, alpha: c.Eff.Latency, node: c.NodeSize},
		peak:     float64(c.Peak),
		attnPeak: c.attnPeak(),
		matmul:   c.matmul(),
		bw:       float64(c.GPU.Bandwidth) * c.Eff.Memory,
		bwEW:     float64(c.GPU.Bandwidth) * c.Eff.elementwise(),
		capacity: float64(c.GPU.Memory) * t.UsableMemory,
	}
	for _, k := range s.Layer {
		m.headsGCD = gcd(m.headsGCD, int(k.heads))
		m.kvHeads = append(m.kvHeads, int(k.kvHeads))
	}
	return m, nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// tpOK reports whether t divides every layer's query heads and either
// divides or is a multiple of its KV heads (KV heads replicated).
func (m *Model) tpOK(t int) bool {
	if m.headsGCD%t != 0 {
		return false
	}
	for _, kv := range m.kvHeads {
		if kv%t != 0 && t%kv != 0 {
			return false
		}
	}
	return true
}
