package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/units"
)

// Machine is what the OS says about the CPU and memory. Fields the OS does
// not report are zero or empty.
type Machine struct {
	ModelName     string      `json:"model_name"`      // e.g. "Intel(R) Xeon(R) Processor"
	Vendor        string      `json:"vendor"`          // CPUID vendor, e.g. "GenuineIntel", "AuthenticAMD"
	Family        int         `json:"family"`          // CPUID family (extended family added)
	Model         int         `json:"model"`           // CPUID model (extended model added)
	LogicalCPUs   int         `json:"logical_cpus"`    // CPUs the Go runtime may use
	PhysicalCores int         `json:"physical_cores"`  // distinct (package, core) pairs, or LogicalCPUs if unknown
	Flags         []string    `json:"-"`               // feature flags from /proc/cpuinfo
	ReportedMHz   float64     `json:"reported_mhz"`    // "cpu MHz" of the first CPU in /proc/cpuinfo (often the base or TSC clock)
	MaxMHz        float64     `json:"max_mhz"`         // cpufreq cpuinfo_max_freq, 0 where absent (e.g. in most VMs)
	MemTotal      units.Bytes `json:"memory_bytes"`    // MemTotal from /proc/meminfo
	MemAvailable  units.Bytes `json:"available_bytes"` // MemAvailable from /proc/meminfo
	LLC           units.Bytes `json:"llc_bytes"`       // size of the last-level cache as sysfs reports it
	Load          float64     `json:"load_average"`    // 1-minute load average from /proc/loadavg when the run started (other work competing for the CPUs)
}

// DetectMachine reads /proc/cpuinfo, /proc/meminfo and sysfs. Missing files
// (other OSes, sandboxes) leave fields zero; the error lists what could
// not be read, for a warning, and is never fatal.
func DetectMachine() (Machine, error) {
	m := Machine{LogicalCPUs: runtime.NumCPU()}
	var problems []string
	if err := readWith("/proc/cpuinfo", func(r io.Reader) error { return parseCPUInfo(r, &m) }); err != nil {
		problems = append(problems, err.Error())
	}
	if err := readWith("/proc/meminfo", func(r io.Reader) error { return parseMemInfo(r, &m) }); err != nil {
		problems = append(problems, err.Error())
	}
	if khz, err := readNumber("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"); err == nil {
		m.MaxMHz = khz / 1000
	}
	m.LLC = lastLevelCache("/sys/devices/system/cpu/cpu0/cache")
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			m.Load, _ = strconv.ParseFloat(f[0], 64)
		}
	}
	if m.PhysicalCores == 0 || m.PhysicalCores > m.LogicalCPUs {
		m.PhysicalCores = m.LogicalCPUs
	}
	if len(problems) > 0 {
		return m, fmt.Errorf("read machine description: %s", strings.Join(problems, "; "))
	}
	return m, nil
}

func readWith(path string, parse func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := parse(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func readNumber(path string) (float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
}

// parseCPUInfo fills the CPU fields of m from /proc/cpuinfo text: one
// block per logical CPU, blocks separated by blank lines (x86 layout; other
// layouts leave the fields they lack empty).
func parseCPUInfo(r io.Reader, m *Machine) error {
	cores := map[string]bool{}
	var phys string
	block := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			if strings.TrimSpace(sc.Text()) == "" && m.Vendor+m.ModelName != "" {
				block++
			}
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "physical id":
			phys = val
		case "core id":
			cores[phys+"/"+val] = true
		}
		if block == 0 {
			setFirstCPU(m, key, val)
		}
	}
	m.PhysicalCores = len(cores)
	return sc.Err()
}

// setFirstCPU records one key of the first CPU's block.
func setFirstCPU(m *Machine, key, val string) {
	switch key {
	case "vendor_id":
		m.Vendor = val
	case "cpu family":
		m.Family, _ = strconv.Atoi(val)
	case "model":
		m.Model, _ = strconv.Atoi(val)
	case "model name":
		m.ModelName = val
	case "cpu MHz":
		m.ReportedMHz, _ = strconv.ParseFloat(val, 64)
	case "flags":
		m.Flags = strings.Fields(val)
	}
}

// parseMemInfo reads MemTotal and MemAvailable (kB in the file).
func parseMemInfo(r io.Reader, m *Machine) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		kb, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		switch f[0] {
		case "MemTotal:":
			m.MemTotal = units.Bytes(kb * 1024)
		case "MemAvailable:":
			m.MemAvailable = units.Bytes(kb * 1024)
		}
	}
	return sc.Err()
}

// lastLevelCache returns the size of the highest-level cache listed under
// dir (sysfs cache/indexN/{level,size}), or 0.
func lastLevelCache(dir string) units.Bytes {
	paths, _ := filepath.Glob(filepath.Join(dir, "index*"))
	best, size := 0, units.Bytes(0)
	for _, p := range paths {
		lvl, err := readNumber(filepath.Join(p, "level"))
		if err != nil || int(lvl) < best {
			continue
		}
		b, err := os.ReadFile(filepath.Join(p, "size"))
		if err != nil {
			continue
		}
		if s, err := parseCacheSize(strings.TrimSpace(string(b))); err == nil {
			best, size = int(lvl), s
		}
	}
	return size
}

// parseCacheSize reads sysfs sizes such as "266240K" or "2048K" (binary
// kilobytes) or a plain byte count.
func parseCacheSize(s string) (units.Bytes, error) {
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1024, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("cache size %q: %w", s, err)
	}
	return units.Bytes(v * mult), nil
}
