package units_test

import (
	"fmt"

	"github.com/flopsdev/flops/units"
)

// The worked example of issue 2: C = 6·N·D for 7B parameters on 1T tokens.
func Example() {
	n, _ := units.ParseParams("7B")
	d, _ := units.ParseTokens("1T")
	c := units.FLOPs(6 * float64(n) * float64(d))
	fmt.Println(c, float64(c))
	// Output: 42.0 ZFLOP 4.2e+22
}

func ExampleParseFLOPRate() {
	for _, s := range []string{"989 TFLOP/s", "989TFLOPS", "1.98 PFLOPS", "9.89e14"} {
		r, err := units.ParseFLOPRate(s)
		fmt.Println(r, float64(r), err)
	}
	// Output:
	// 989 TFLOP/s 9.89e+14 <nil>
	// 989 TFLOP/s 9.89e+14 <nil>
	// 1.98 PFLOP/s 1.98e+15 <nil>
	// 989 TFLOP/s 9.89e+14 <nil>
}

func ExampleParseBytes() {
	gb, _ := units.ParseBytes("80GB")
	gib, _ := units.ParseBytes("80GiB")
	fmt.Println(gb, "=", gb.IEC())
	fmt.Println(gib, "=", gib.IEC())
	_, err := units.ParseBytes("80G")
	fmt.Println(err)
	// Output:
	// 80.0 GB = 74.5 GiB
	// 85.9 GB = 80.0 GiB
	// parse bytes "80G": unknown suffix "G" (want a size with a decimal (kB, MB, GB, TB) or binary (KiB, MiB, GiB, TiB) unit, e.g. 80GB, 80GiB, 1.5e9 (bytes))
}

func ExampleParseSeconds() {
	for _, s := range []string{"90d", "36h", "2w", "1h30m"} {
		d, _ := units.ParseSeconds(s)
		fmt.Printf("%s = %s = %.1f h\n", s, d, d.Hours())
	}
	// Output:
	// 90d = 90.0 d = 2160.0 h
	// 36h = 36.0 h = 36.0 h
	// 2w = 14.0 d = 336.0 h
	// 1h30m = 1.50 h = 1.5 h
}

func ExampleParseFraction() {
	a, _ := units.ParseFraction("0.4")
	b, _ := units.ParseFraction("40%")
	_, err := units.ParseFraction("40%%")
	fmt.Println(a, b, float64(a) == float64(b))
	fmt.Println(err)
	// Output:
	// 40.0% 40.0% true
	// parse fraction "40%%": unknown suffix "%%" (want a number from 0 to 1 or a percentage from 0% to 100%, e.g. 0.4, 40%)
}

func ExampleParseUSDPerHour() {
	p, _ := units.ParseUSDPerHour("$2/h")
	hours := units.Seconds(23580 * 3600).Hours()
	fmt.Println(p, units.USD(float64(p)*hours))
	// Output: $2.00/h $47.2K
}
