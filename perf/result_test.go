package perf

import (
	"fmt"
	"testing"

	"github.com/flopsdev/flops/hardware"
)

// TestRunTimeToTrain checks the derived totals of one configuration:
// time = D / tokens/s, GPU-hours = time · GPUs / 3600, cost = hours · price.
func TestRunTimeToTrain(t *testing.T) {
	tr := DefaultTraining(512, 2048)
	tr.Tokens = 1e12
	c := a100(t, 64)
	c.Price = 2
	r, err := Run(Config{Arch: llama(32000, 4096, 32, 32, 32, 11008), Options: ShapeOptions{FlashAttention: true},
		Cluster: c, Training: tr, Layout: Layout{TP: 1, PP: 1, DP: 64, EP: 1, MicroBatch: 1, VPP: 1, ZeRO: 1, Recompute: RecomputeSelective}})
	if err != nil {
		t.Fatal(err)
	}
	wantT := 1e12 / r.TokensPerSecond
	if !within(r.TimeToTrain, wantT, 1e-12) || !within(r.GPUHours, wantT*64/3600, 1e-12) || !within(r.CostUSD, r.GPUHours*2, 1e-12) {
		t.Errorf("time %.4g s, GPU-hours %.4g, cost %.4g: want %.4g s, %.4g h, $%.4g", r.TimeToTrain, r.GPUHours, r.CostUSD, wantT, wantT*64/3600, wantT*64/3600*2)
	}
	if !within(r.StepTime*r.TokensPerSecond, 512*2048, 1e-12) {
		t.Errorf("step time · tokens/s = %.6g, want the global batch 1,048,576 tokens", r.StepTime*r.TokensPerSecond)
	}
	// MFU is bounded by the matmul efficiency for a 7B model on 64 GPUs.
	if r.MFU <= 0.3 || r.MFU > c.Eff.Matmul {
		t.Errorf("MFU %.3f outside (0.3, %.2f]", r.MFU, c.Eff.Matmul)
	}
	if len(r.Steps) == 0 || len(r.Assumptions) == 0 {
		t.Errorf("no derivation: %d steps, %d assumptions", len(r.Steps), len(r.Assumptions))
	}
}

func TestRunInvalidLayout(t *testing.T) {
	_, err := Run(Config{Arch: llama(32000, 4096, 32, 32, 32, 11008), Cluster: a100(t, 64), Training: DefaultTraining(512, 2048),
		Layout: Layout{TP: 3, PP: 1, DP: 64, EP: 1, MicroBatch: 1, VPP: 1}})
	if err == nil {
		t.Fatal("TP 3 on 64 GPUs: no error")
	}
}

// Example prices GPT-3 175B as Korthikanti et al. 2022 ran it (Table 5: 64
// A100s, TP 8, PP 8, 3 virtual stages, batch 64, sequence parallelism with
// selective recompute: 13.75 s published).
func Example() {
	arch := gpt(51200, 12288, 96, 96, 2048)
	c, err := NewCluster(a100Acc(), hardware.BF16, 64)
	if err != nil {
		fmt.Println(err)
		return
	}
	c.ScaleOut = 25e9 // Selene: one 200 Gb/s HDR NIC per GPU
	tr := DefaultTraining(64, 2048)
	tr.Stack, _ = LookupStack("megatron-lm-2021")
	r, err := Run(Config{Arch: arch, Options: ShapeOptions{Dropout: true}, Cluster: c, Training: tr,
		Layout: Layout{TP: 8, PP: 8, DP: 1, EP: 1, MicroBatch: 1, VPP: 3, Recompute: RecomputeSelective, SeqParallel: true}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("step %.1f s, MFU %.0f%%, bubble %.2f s, fits %v\n", r.StepTime, 100*r.MFU, r.Bubble, r.Fits)
	// Output: step 13.6 s, MFU 52%, bubble 0.48 s, fits true
}
