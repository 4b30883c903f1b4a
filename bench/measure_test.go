package bench

import (
	"testing"

	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/hardware"
)

func TestCheckEntry(t *testing.T) {
	// A = [1 2; 3 4], B = [5 6; 7 8]: C = [19 22; 43 50] (hand arithmetic).
	a, b := []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}
	c := []float64{19, 22, 43, 50}
	if err := checkEntry(a, b, c, 2, 1, 0); err != nil {
		t.Errorf("correct C: %v", err)
	}
	c[2] = 43.5
	if err := checkEntry(a, b, c, 2, 1, 0); err == nil {
		t.Error("C[1][0] = 43.5: got nil error, want one")
	}
}

func TestCheckPeak(t *testing.T) {
	// 2 trips = 8 steps of x = x/2 + 1 from 1: 2 − 2⁻⁸ = 1.99609375.
	good := []float64{1.99609375, 1.99609375}
	if err := checkPeak(good, 2, hardware.FP64); err != nil {
		t.Errorf("correct lanes: %v", err)
	}
	if err := checkPeak([]float64{1.99609375, 1.5}, 2, hardware.FP64); err == nil {
		t.Error("wrong lane: got nil error, want one")
	}
}

func TestStreamArraysCheck(t *testing.T) {
	// One round of copy, scale, add, triad from a=1, b=2, c=0 (stream.c's
	// checkSTREAMresults arithmetic): c=1, b=3, c=4, a=3+3·4=15.
	s := newStreamArrays(64, 2)
	for _, op := range kernels.StreamOps() {
		dst, x, y := s.operands(op)
		kernels.Stream(kernels.Generic, op, dst, x, y, streamScalar)
	}
	if s.a[0] != 15 || s.b[0] != 3 || s.c[0] != 4 {
		t.Errorf("after one round a, b, c = %v, %v, %v; want 15, 3, 4", s.a[0], s.b[0], s.c[0])
	}
	if err := s.check(1); err != nil {
		t.Errorf("check(1): %v", err)
	}
	if err := s.check(2); err == nil {
		t.Error("check(2) after one round: got nil error, want one")
	}
}
