// Package validate runs the performance model (package perf) on published
// configurations and compares its predictions with the published figures:
// Korthikanti et al. 2022 Table 5 step times, Narayanan et al. 2021 Table 1
// per-GPU throughput, and the FLOPs and implied MFU of published training
// runs from their reported GPU-hours.
//
// The reference rows are copies of ../shared/data/korthikanti2022_table5.csv
// and the needed rows of ../shared/data/published_runs.csv, embedded with
// their source columns. The only fitted numbers are the per-accelerator
// constants of perf.DefaultEfficiency (shared by every row); nothing here
// is tuned per row.
package validate
