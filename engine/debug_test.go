package engine

import (
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
)

func TestDebugTrace(t *testing.T) {
	e, _ := model.Lookup("llama-3.1-70b")
	acc, _ := hardware.Default().Lookup("h200-sxm")
	p, _ := LookupProfile("trtllm")
	f, _ := ParseFormat("fp8")
	c := Config{Model: &e.Arch, Accelerator: acc, Profile: p, Weights: f, Layout: Layout{TP: 8}, Prompt: 8192, Output: 1024, Load: Load{Concurrency: 4}}
	var r Result
	st, err := resolve(c, &r.Trace)
	if err != nil {
		t.Fatal(err)
	}
	sys, _ := st.build(&r)
	if err := sys.run(); err != nil {
		t.Fatal(err)
	}
	for i, q := range sys.finished {
		if i < 12 {
			t.Logf("arr %.3f first %.3f done %.3f ttft %.3f", q.arrival, q.first, q.done, q.first-q.arrival)
		}
	}
	w := sys.front[0]
	one := w.cost.time(batch{prefill: 8192, prefillAtt: w.cost.s.prefillAttn(0, 8192), moeTokens: 8192, logits: 1})
	t.Logf("prefill 8192 step %.3f; events %d", one, sys.events)
}
