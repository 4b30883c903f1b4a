package validate_test

import (
	"fmt"

	"github.com/flopsdev/flops/validate"
)

func Example() {
	res, err := validate.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Summaries {
		fmt.Printf("%s: %d rows, mean |error| %.1f%%, max %.1f%%\n", s.Table, s.Rows, s.MeanAbsPct, s.MaxAbsPct)
	}
	// Output:
	// korthikanti2022-table5: 8 rows, mean |error| 2.1%, max 4.9%
	// narayanan2021-table1: 10 rows, mean |error| 3.6%, max 7.7%
	// extra-h100: 15 rows, mean |error| 7.4%, max 43.8%
	// extra-a100: 13 rows, mean |error| 6.9%, max 15.9%
	// extra-h100-fp8: 10 rows, mean |error| 7.6%, max 17.9%
	// extra-gb200-fp8: 5 rows, mean |error| 7.6%, max 14.6%
	// extra-b200-fp8: 4 rows, mean |error| 1.4%, max 3.5%
	// extra-tpu: 11 rows, mean |error| 6.1%, max 16.0%
	// extra-gaudi2-fp8: 4 rows, mean |error| 10.9%, max 20.3%
}
