package bench

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

func TestParseCPUInfo(t *testing.T) {
	// testdata/cpuinfo-xeon.txt is /proc/cpuinfo of a 2-vCPU KVM guest on an
	// Intel Emerald Rapids host (family 6, model 207 = 0xCF).
	f, err := os.Open("testdata/cpuinfo-xeon.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m Machine
	if err := parseCPUInfo(f, &m); err != nil {
		t.Fatal(err)
	}
	if m.Vendor != "GenuineIntel" || m.Family != 6 || m.Model != 207 || m.PhysicalCores != 2 {
		t.Errorf("got vendor %q family %d model %d cores %d, want GenuineIntel 6 207 2", m.Vendor, m.Family, m.Model, m.PhysicalCores)
	}
	if m.ModelName != "Intel(R) Xeon(R) Processor" || m.ReportedMHz != 2300 {
		t.Errorf("got model name %q, MHz %v; want Intel(R) Xeon(R) Processor, 2300", m.ModelName, m.ReportedMHz)
	}
	if !slices.Contains(m.Flags, "avx512f") || !slices.Contains(m.Flags, "fma") {
		t.Errorf("flags lack avx512f or fma: %v", m.Flags)
	}
}

func TestParseMemInfo(t *testing.T) {
	f, err := os.Open("testdata/meminfo.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m Machine
	if err := parseMemInfo(f, &m); err != nil {
		t.Fatal(err)
	}
	// MemTotal 24684084 kB × 1024 = 25,276,502,016 bytes (the file's first line).
	if m.MemTotal != 25276502016 || m.MemAvailable <= 0 {
		t.Errorf("got MemTotal %v, MemAvailable %v; want 25276502016 and positive", float64(m.MemTotal), float64(m.MemAvailable))
	}
}

func TestParseCacheSize(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		bad  bool
	}{
		{"266240K", 266240 * 1024, false}, // sysfs L3 of the machine above: 260 MiB
		{"2M", 2 << 20, false},
		{"512", 512, false},
		{"lots", 0, true},
	}
	for _, tc := range cases {
		got, err := parseCacheSize(tc.in)
		if (err != nil) != tc.bad || float64(got) != tc.want {
			t.Errorf("parseCacheSize(%q) = %v, %v; want %v, error %v", tc.in, float64(got), err, tc.want, tc.bad)
		}
	}
}

// FuzzParseMachine feeds arbitrary text to the /proc parsers: they must
// never panic, and never report more physical cores than "core id" lines.
func FuzzParseMachine(f *testing.F) {
	for _, name := range []string{"testdata/cpuinfo-xeon.txt", "testdata/meminfo.txt"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("model\t: x\ncpu family: 99999999999999999999\n\n\n:\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m Machine
		_ = parseCPUInfo(bytes.NewReader(data), &m)
		_ = parseMemInfo(bytes.NewReader(data), &m)
		if n := bytes.Count(data, []byte("core id")); m.PhysicalCores > n {
			t.Errorf("%d physical cores from %d core id lines", m.PhysicalCores, n)
		}
		_, _ = parseCacheSize(string(data))
	})
}
