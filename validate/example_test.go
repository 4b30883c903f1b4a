package validate_test

import (
	"fmt"

	"github.com/flopsdev/flops/validate"
)

// Example prints the error of each table with the shipped constants and
// when each row's source family is left out of the fit.
func Example() {
	res, err := validate.Run(validate.Options{HeldOut: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Summaries {
		fmt.Printf("%s: %d rows, mean |error| %.1f%%, held out by family %.1f%%\n", s.Table, s.Rows, s.MeanAbsPct, *s.LeaveOneFamilyOutMeanAbs)
	}
	// Output:
	// korthikanti2022-table5: 8 rows, mean |error| 2.0%, held out by family 4.9%
	// narayanan2021-table1: 10 rows, mean |error| 3.6%, held out by family 4.9%
	// extra-h100: 15 rows, mean |error| 6.5%, held out by family 7.6%
	// extra-a100: 13 rows, mean |error| 5.1%, held out by family 5.4%
	// extra-h100-fp8: 10 rows, mean |error| 3.7%, held out by family 4.5%
	// extra-gb200-fp8: 5 rows, mean |error| 7.3%, held out by family 12.3%
	// extra-b200-fp8: 4 rows, mean |error| 3.3%, held out by family 3.1%
	// extra-tpu: 11 rows, mean |error| 6.5%, held out by family 9.6%
	// extra-gaudi2-fp8: 4 rows, mean |error| 11.1%, held out by family 26.5%
	// all: 80 rows, mean |error| 5.2%, held out by family 7.5%
}
