package bench

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flopsdev/flops/hardware"
)

func TestAcceleratorRoundTrip(t *testing.T) {
	r := syntheticResult()
	r.Date = time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)
	applyTheory(r)
	a, err := r.Accelerator()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteAccelerator(&buf, a); err != nil {
		t.Fatal(err)
	}
	got, err := hardware.ReadJSON(&buf)
	if err != nil {
		t.Fatalf("hardware.ReadJSON of the saved entry: %v", err)
	}
	if len(got) != 1 || got[0].ID != "local" {
		t.Fatalf("got %d entries (first id %q), want one with id local", len(got), got[0].ID)
	}
	e := got[0]
	// The synthetic figures: fp64 172.8 GFLOP/s, triad 32 GB/s, 16 GB RAM.
	if e.Dense[hardware.FP64] != 172.8e9 || e.Bandwidth != 32e9 || e.Memory != 16e9 {
		t.Errorf("got fp64 %v, bandwidth %v, memory %v; want 172.8e9, 32e9, 16e9", float64(e.Dense[hardware.FP64]), float64(e.Bandwidth), float64(e.Memory))
	}
	if want := "measured by flops bench on 2026-11-28, Test CPU"; e.Source != want {
		t.Errorf("source %q, want %q", e.Source, want)
	}
}

func TestAcceleratorNeedsTriad(t *testing.T) {
	r := syntheticResult()
	r.Runs[0].Stream = nil
	if _, err := r.Accelerator(); err == nil || !strings.Contains(err.Error(), "triad") {
		t.Errorf("got error %v, want one naming the missing triad", err)
	}
}

func ExampleResult_Accelerator() {
	r := syntheticResult() // 2 cores, 172.8 GFLOP/s fp64, 32 GB/s triad
	a, err := r.Accelerator()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.ID, a.Dense[hardware.FP64], a.Bandwidth)
	// Output: local 173 GFLOP/s 32.0 GB/s
}
