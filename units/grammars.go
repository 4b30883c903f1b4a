package units

// The grammars below are built once at package initialization and never
// modified; they are read-only tables, not state.
var (
	countGrammar = &grammar{kind: "count",
		want:     "a number with optional K, M, B, T suffix, e.g. 7B, 1.5T, 7e9",
		suffixes: countPrefixMap()}
	paramsGrammar = &grammar{kind: "params",
		want: "a number with optional K, M, B, T suffix, e.g. 7B, 1.5T, 7e9",
		suffixes: suffixTable(countPrefixMap(), map[string]float64{
			"": 1, "param": 1, "params": 1, "parameters": 1})}
	tokensGrammar = &grammar{kind: "tokens",
		want: "a number with optional K, M, B, T suffix, e.g. 1T, 15.6T, 2e12",
		suffixes: suffixTable(countPrefixMap(), map[string]float64{
			"": 1, "tok": 1, "token": 1, "tokens": 1})}
	flopsGrammar = &grammar{kind: "FLOPs",
		want: "a number with optional k, M, G (or B), T, P, E, Z, Y prefix and optional FLOP unit, e.g. 4.2e22, 42 ZFLOP, 6e23FLOPs",
		suffixes: suffixTable(siPrefixMap(true), map[string]float64{
			"": 1, "flop": 1, "flops": 1})}
	flopRateGrammar = &grammar{kind: "FLOP/s",
		want: "a rate with optional k, M, G, T, P, E prefix and unit FLOP/s or FLOPS, e.g. 989 TFLOP/s, 989TFLOPS, 1.98 PFLOPS, 9.89e14",
		suffixes: suffixTable(siPrefixMap(false), map[string]float64{
			"": 1, "/s": 1, "flop/s": 1, "flops": 1, "flop/sec": 1, "flops/s": 1})}
	bytesGrammar = &grammar{kind: "bytes",
		want:     "a size with a decimal (kB, MB, GB, TB) or binary (KiB, MiB, GiB, TiB) unit, e.g. 80GB, 80GiB, 1.5e9 (bytes)",
		suffixes: bytesSuffixes("")}
	byteRateGrammar = &grammar{kind: "bytes/s",
		want:     "a bandwidth with unit B/s, e.g. 3.35 TB/s, 2039 GB/s, 900 GiB/s, 3.35e12 (bytes/s)",
		suffixes: bytesSuffixes("/s")}
	secondsGrammar = &grammar{kind: "duration",
		want:     "a number with unit s, min, h, d, w, y (or ms, us, ns), e.g. 90d, 36h, 2w, 1.5s, 1h30m; a plain number is seconds",
		suffixes: durationSuffixes()}
	usdGrammar = &grammar{kind: "USD", dollar: true,
		want: "a dollar amount with optional k, M, B suffix, e.g. $47k, 47000, $1.2M",
		suffixes: suffixTable(map[string]float64{"": 1, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12},
			map[string]float64{"": 1, "usd": 1, "$": 1})}
	usdPerHourGrammar = &grammar{kind: "USD/hour", dollar: true,
		want:     "a price per accelerator-hour, e.g. $2/h, 2/h, $2.50/hr, $1.5K/h, 2",
		suffixes: pricePerHourSuffixes()}
	wattsGrammar = &grammar{kind: "watts",
		want: "a power with unit W, kW or MW, e.g. 700W, 0.7kW, 700 (watts)",
		suffixes: suffixTable(map[string]float64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9},
			map[string]float64{"": 1, "w": 1, "watt": 1, "watts": 1})}
	fractionGrammar = &grammar{kind: "fraction",
		want:     "a number from 0 to 1 or a percentage from 0% to 100%, e.g. 0.4, 40%",
		suffixes: map[string]float64{"": 1, "%": 0.01}}
	carbonIntensityGrammar = &grammar{kind: "kgCO2/kWh",
		want: "a grid carbon intensity, e.g. 0.42 kg/kWh, 420 g/kWh, 0.42 (kg CO2e per kWh)",
		suffixes: withPlain(suffixTable(map[string]float64{"": 1, "kg": 1, "g": 1e-3, "t": 1e3},
			map[string]float64{"/kwh": 1, "co2/kwh": 1, "co2e/kwh": 1, "/mwh": 1e-3, "co2/mwh": 1e-3, "co2e/mwh": 1e-3}))}
	joulesGrammar = &grammar{kind: "energy",
		want: "an energy with unit J or Wh and optional k, M, G, T prefix, e.g. 3.6e6 J, 1 kWh, 2.5 MWh, 5e9 (joules)",
		suffixes: withPlain(suffixTable(map[string]float64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12},
			map[string]float64{"j": 1, "wh": 3600}))}
	kgCO2Grammar = &grammar{kind: "kgCO2",
		want: "a mass of CO2e, e.g. 500 kg, 12 t, 1.5 kt CO2e, 500 (kg)",
		suffixes: withPlain(suffixTable(map[string]float64{"g": 1e-3, "kg": 1, "t": 1e3, "kt": 1e6, "mt": 1e9},
			map[string]float64{"": 1, "co2": 1, "co2e": 1}))}
)

// withPlain adds the empty suffix (a plain number in the base unit) to m.
func withPlain(m map[string]float64) map[string]float64 {
	m[""] = 1
	return m
}

// bytesSuffixes lists decimal (kB = 1e3 B) and binary (KiB = 1024 B) size
// units followed by per (e.g. "/s"); a plain number is bytes.
func bytesSuffixes(per string) map[string]float64 {
	m := map[string]float64{"": 1}
	units := map[string]float64{"b": 1, "byte": 1, "bytes": 1}
	dec := map[string]float64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18, "z": 1e21, "y": 1e24}
	bin := map[string]float64{"ki": 1 << 10, "mi": 1 << 20, "gi": 1 << 30, "ti": 1 << 40, "pi": 1 << 50, "ei": 1 << 60}
	for k, v := range suffixTable(dec, units) {
		m[k+per] = v
	}
	for k, v := range suffixTable(bin, units) {
		m[k+per] = v
	}
	if per != "" {
		m[per] = 1
	}
	return m
}

// durationSuffixes lists time units in seconds. A year is the Julian year,
// 365.25 days.
func durationSuffixes() map[string]float64 {
	const day = 86400.0
	names := map[float64][]string{
		1e-9:         {"ns"},
		1e-6:         {"us", "µs", "μs"},
		1e-3:         {"ms"},
		1:            {"", "s", "sec", "secs", "second", "seconds"},
		60:           {"m", "min", "mins", "minute", "minutes"},
		3600:         {"h", "hr", "hrs", "hour", "hours"},
		day:          {"d", "day", "days"},
		7 * day:      {"w", "wk", "wks", "week", "weeks"},
		365.25 * day: {"y", "yr", "yrs", "year", "years"},
	}
	m := map[string]float64{}
	for v, ns := range names {
		for _, n := range ns {
			m[n] = v
		}
	}
	return m
}

// pricePerHourSuffixes lists "/h" spellings, optionally preceded by a K, M,
// B, T multiplier and "$" or "usd" ("2 $/h", "2 USD/hour", "$1.5K/h"); a
// plain number is USD per hour.
func pricePerHourSuffixes() map[string]float64 {
	per := []string{"", "/h", "/hr", "/hour", "/gpuh", "/gpu-h", "/gpu-hr", "/gpu-hour", "/gpuhour", "/gpu/h", "/gpu/hr", "/gpu/hour", "/chip-hour", "/chiph"}
	m := map[string]float64{}
	for pre, mult := range countPrefixMap() {
		for _, cur := range []string{"", "$", "usd"} {
			for _, p := range per {
				m[pre+cur+p] = mult
			}
		}
	}
	return m
}
