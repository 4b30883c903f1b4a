package units

import "testing"

// Parse benchmarks: run with
//
//	go test ./units -run '^$' -bench Parse -benchmem

var sinkF float64

func benchParse(b *testing.B, parse parseFunc, in string) {
	b.ReportAllocs()
	for b.Loop() {
		v, err := parse(in)
		if err != nil {
			b.Fatal(err)
		}
		sinkF = v
	}
}

func BenchmarkParseParams(b *testing.B)   { benchParse(b, parsers["params"], "7B") }
func BenchmarkParseFLOPs(b *testing.B)    { benchParse(b, parsers["flops"], "4.2e22") }
func BenchmarkParseFLOPRate(b *testing.B) { benchParse(b, parsers["floprate"], "989 TFLOP/s") }
func BenchmarkParseBytes(b *testing.B)    { benchParse(b, parsers["bytes"], "80 GiB") }
func BenchmarkParseByteRate(b *testing.B) { benchParse(b, parsers["byterate"], "3.35 TB/s") }
func BenchmarkParseSeconds(b *testing.B)  { benchParse(b, parsers["seconds"], "90d") }
func BenchmarkParseUSD(b *testing.B)      { benchParse(b, parsers["usd"], "$47k") }

var sinkS string

func BenchmarkFormatFLOPRate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkS = FLOPRate(989.4e12).String()
	}
}
