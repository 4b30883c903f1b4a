// Package serving scores the serving estimator (package engine) against
// measured deployments: the AIConfigurator silicon sample (NVIDIA,
// ai-dynamo/aiconfigurator, file aic-core/src/aiconfigurator_core/systems/
// silicon_sample.csv at commit 095f58a5, Apache-2.0; vendored in data/ with
// its notice), 4,350 closed-loop benchmark runs of TensorRT-LLM, vLLM and
// SGLang on H100, H200, B200, B300, GB200 and GB300. It maps each row to an
// engine.Config, counts the rows it cannot express (and why), fits the
// framework profiles' constants, and reports the error in sample and
// leave-one-model-out.
package serving

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

//go:embed data/silicon_measured.csv
var siliconCSV []byte

// Row is one measured deployment as the CSV records it.
type Row struct {
	ID          string
	Backend     string // trtllm, vllm, sglang
	Version     string
	Model       string // Hugging Face repo, e.g. deepseek-ai/DeepSeek-R1
	System      string // h100_sxm, b200_sxm, gb200, ...
	Mode        string // agg or disagg
	ISL, OSL    int
	GEMMQuant   string // format of the dense GEMMs ("" = checkpoint bf16)
	MoEQuant    string // format of the expert GEMMs
	Concurrency int    // closed-loop requests in flight (0: not recorded)

	TP, PP, AttentionDP, MoETP, MoEEP int // aggregated layout

	Prefill, Decode             PoolCells // disaggregated layouts
	PrefillWorkers, DecodeWorks int       // 0: not recorded

	TTFT, TPOT float64 // measured means, seconds
	Source     string  // the collection the row comes from (the first field of silicon_data_source)
}

// PoolCells is one disaggregated pool's layout as recorded.
type PoolCells struct{ TP, PP, AttentionDP, MoETP, MoEEP int }

var concurrencyRE = regexp.MustCompile(`silicon_concurrency=(\d+)`)

// Rows parses the embedded measurements.
func Rows() ([]Row, error) {
	recs, err := csv.NewReader(bytes.NewReader(siliconCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("silicon sample: %w", err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("silicon sample: no rows")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	rows := make([]Row, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		r, err := parseRow(rec, col)
		if err != nil {
			return nil, fmt.Errorf("silicon sample row %d: %w", i+2, err)
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// parseRow reads one record; empty integer cells read as 0.
func parseRow(rec []string, col map[string]int) (Row, error) {
	get := func(k string) string { return rec[col[k]] }
	var bad error
	num := func(k string) int {
		s := get(k)
		if s == "" {
			return 0
		}
		v, err := strconv.Atoi(s)
		if err != nil && bad == nil {
			bad = fmt.Errorf("%s: %v", k, err)
		}
		return v
	}
	ms := func(k string) float64 {
		v, err := strconv.ParseFloat(get(k), 64)
		if err != nil && bad == nil {
			bad = fmt.Errorf("%s: %v", k, err)
		}
		return v / 1000
	}
	pool := func(p string) PoolCells {
		return PoolCells{num(p + "tp_size"), num(p + "pp_size"), num(p + "attention_dp_size"), num(p + "moe_tp_size"), num(p + "moe_ep_size")}
	}
	r := Row{ID: get("id"), Backend: get("backend"), Version: get("backend_version"), Model: get("model_path"),
		System: get("system"), Mode: get("mode"), ISL: num("isl"), OSL: num("osl"),
		GEMMQuant: get("gemm_quant_mode"), MoEQuant: get("moe_quant_mode"),
		TP: num("tp_size"), PP: num("pp_size"), AttentionDP: num("attention_dp_size"), MoETP: num("moe_tp_size"), MoEEP: num("moe_ep_size"),
		Prefill: pool("prefill_"), Decode: pool("decode_"), PrefillWorkers: num("prefill_num_workers"), DecodeWorks: num("decode_num_workers"),
		TTFT: ms("silicon_ttft_ms"), TPOT: ms("silicon_tpot_ms")}
	r.unsquare()
	r.Source = sourceOf(get("silicon_data_source"))
	if m := concurrencyRE.FindStringSubmatch(get("silicon_data_source")); m != nil {
		r.Concurrency, _ = strconv.Atoi(m[1])
	}
	return r, bad
}

// unsquare undoes the export's squared aggregated layouts. 290 rows
// record the attention TP (or the attention DP) as the product of the MoE
// cells, moe_tp × moe_ep with both > 1: tp 64 with 8 × 8 experts, attention
// DP 16 with 4 × 4. The deployment is tp/ep (or DP/ep) GPUs wide with
// ep-way experts, eight GPUs, not sixty-four across eight nodes: 91 of
// these rows have a twin, identical to the last digit of TTFT and TPOT,
// recorded unsquared (tp 8 with 1 × 8), and the 151 whose ID names the
// layout name it that way (…_tp8_ep8_… for tp 64 with 8 × 8). Squared rows
// are read as their twins are. Disaggregated pools are never squared
// (their tp is moe_tp × moe_ep throughout, e.g. 32 = 4 × 8 on GB200), so
// they are read as recorded.
func (r *Row) unsquare() {
	if r.Mode != "agg" || r.MoETP <= 1 || r.MoEEP <= 1 {
		return
	}
	switch sq := r.MoETP * r.MoEEP; {
	case r.TP == sq && r.AttentionDP <= 1:
		r.TP, r.MoETP = r.MoETP, 1
	case r.AttentionDP == sq && r.TP <= 1:
		r.AttentionDP, r.MoETP = r.MoETP, 1
	}
}

// sourceOf names a row's collection: "db-dump" or the collection file's
// base name without dates in it.
func sourceOf(s string) string {
	first, _, _ := strings.Cut(s, ";")
	if strings.HasPrefix(first, "db-dump") {
		return "db-dump"
	}
	first = strings.TrimPrefix(first, "source_file=")
	if i := strings.LastIndex(first, "/"); i >= 0 {
		first = first[i+1:]
	}
	return first
}
