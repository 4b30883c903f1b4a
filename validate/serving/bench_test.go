package serving

import "testing"

func BenchmarkPredictAll(b *testing.B) {
	rows, _ := Rows()
	cs, _ := Cases(rows, profiles(b))
	b.ResetTimer()
	for range b.N {
		for _, c := range cs {
			predict(c)
		}
	}
}
