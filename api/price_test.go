package api

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/explain"
)

// catalogH100 is the price catalog's median for h100-sxm: 8 offers sorted
// 3.20 3.90 3.99 3.99 4.50 6.155 6.88 12.29, median (3.99 + 4.50) / 2
// (pricing/catalog.json; pricing.TestQuote checks it by hand).
const catalogH100 = 4.245

// TestBudgetWithoutPrice: a dollar budget without --price is priced the
// same way in train and scale optimal: the catalog median for the chip,
// stated as an assumption with its dates; never a silent constant.
func TestBudgetWithoutPrice(t *testing.T) {
	tr, err := TrainRequest{Params: "7B", MFU: "0.5", Budget: "10k", HW: HW{GPU: "h100-sxm"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Price == nil || math.Abs(float64(*tr.Price)-catalogH100) > 1e-9 {
		t.Errorf("train: price %v, want the catalog's %v", tr.Price, catalogH100)
	}
	checkPriceAssumption(t, "train", tr.Assumptions)
	// 10,000 / 4.245 h × 3600 s × 989.4e12 × 0.5 = 4.1955e21 FLOPs.
	if got := float64(tr.FLOPsAffordable); math.Abs(got/4.1955e21-1) > 1e-4 {
		t.Errorf("train: %.5g FLOPs affordable, want 4.1955e21", got)
	}
	so, err := ScaleOptimalRequest{Budget: "1M", HW: HW{GPU: "h100"}, ScaleLaws: ScaleLaws{Law: "epoch"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if so.Hardware == nil || math.Abs(float64(so.Hardware.Price)-catalogH100) > 1e-9 {
		t.Errorf("scale optimal: hardware %+v, want the catalog price %v", so.Hardware, catalogH100)
	}
	checkPriceAssumption(t, "scale optimal", so.Assumptions)
}

func checkPriceAssumption(t *testing.T, cmd string, as []explain.Assumption) {
	t.Helper()
	for _, a := range as {
		if a.Name == "price per GPU-hour" && strings.Contains(a.Value, "$4.25/h") &&
			strings.Contains(a.Source, "median of 8 providers") && strings.Contains(a.Source, "seen 2026-08-26 to 2026-11-09") {
			return
		}
	}
	t.Errorf("%s: assumptions %+v lack the catalog price with its basis and dates", cmd, as)
}

// TestBudgetWithoutCatalogPrice: a chip the catalog does not price needs
// --price, in both commands, as an input error on --price.
func TestBudgetWithoutCatalogPrice(t *testing.T) {
	for name, run := range map[string]func() error{
		"train": func() error {
			_, err := TrainRequest{Params: "7B", Budget: "10k", HW: HW{Peak: "500TFLOP/s"}}.Run(Env{})
			return err
		},
		"scale optimal": func() error {
			_, err := ScaleOptimalRequest{Budget: "1M", HW: HW{GPU: "tpu-v5p"}}.Run(Env{})
			return err
		},
	} {
		var ie *InputError
		if err := run(); !errors.As(err, &ie) || ie.Flag != "price" {
			t.Errorf("%s: got %v, want an input error on --price", name, err)
		}
	}
}
