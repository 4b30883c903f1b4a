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
	// korthikanti2022-table5: 8 rows, mean |error| 1.7%, max 2.9%
	// narayanan2021-table1: 10 rows, mean |error| 4.4%, max 6.8%
}
