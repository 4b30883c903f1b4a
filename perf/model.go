package perf

import (
	"fmt"

	"github.com/flopsdev/flops/hardware"
)

// Model is a compiled cost model: one model shape on one cluster with one
// workload. Evaluate prices a Layout on it with arithmetic only; a Model is
// read-only after Compile and safe for concurrent use.
type Model struct {
	Shape    *Shape
	Cluster  Cluster
	Training Training

	net       net
	peak      float64 // FLOP/s
	attnPeak  float64 // FLOP/s of the attention core (16-bit under FP8 training)
	matmul    float64 // GEMM fraction of peak at the training precision (deep-k limit)
	k0        float64 // reduction depth at which a GEMM runs at half its deep-k rate
	attnSpeed float64 // the stack's attention kernel relative to the accelerator's best
	bw        float64 // effective HBM bytes/s (GEMM rooflines, optimizer)
	bwEW      float64 // effective HBM bytes/s of the element-wise kernels (norms, activation, residual, softmax)
	capacity  float64 // usable bytes per GPU
	headsGCD  int
	kvHeads   []int
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
	if t.Stack.Name == "" {
		t.Stack = DefaultStack()
	}
	if c.Precision == hardware.FP8 && !t.Stack.FP8 {
		return nil, fmt.Errorf("perf: the %s stack has no FP8 GEMMs: train in bf16 or pick a stack with FP8 (megatron-core, torchtitan, ...)", t.Stack.Name)
	}
	m := &Model{Shape: s, Cluster: c, Training: t, capacity: float64(c.GPU.Memory) * t.UsableMemory}
	m.derive()
	for _, k := range s.Layer {
		m.headsGCD = gcd(m.headsGCD, int(k.heads))
		m.kvHeads = append(m.kvHeads, int(k.kvHeads))
	}
	return m, nil
}

// derive sets the rates that depend on the efficiency constants.
func (m *Model) derive() {
	c := &m.Cluster
	m.net = net{up: float64(c.ScaleUp) * c.Eff.ScaleUp, out: float64(c.ScaleOut) * c.Eff.ScaleOut, alpha: c.Eff.Latency, node: c.NodeSize}
	m.peak, m.attnPeak, m.matmul, m.k0 = float64(c.Peak), c.attnPeak(), c.matmul(), gemmK0(c)
	fam := EfficiencyFamily(c.GPU.ID)
	m.attnSpeed = m.Training.Stack.Attention.speed(fam == "h100" || fam == "blackwell")
	m.bw = float64(c.GPU.Bandwidth) * c.Eff.Memory
	m.bwEW = float64(c.GPU.Bandwidth) * c.Eff.elementwise()
}

// WithEfficiency returns a copy of m priced with the constants e: the same
// shape, cluster and workload (memory does not depend on e). Calibration
// re-prices each measured run this way for every candidate set of
// constants.
func (m *Model) WithEfficiency(e Efficiency) Model {
	c := *m
	c.Cluster.Eff = e
	c.derive()
	return c
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
