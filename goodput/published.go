package goodput

// Measured is a published run's measured goodput (useful training time
// over wall-clock time) at its cluster size, drawn on the goodput sweep.
type Measured struct {
	Name         string  `json:"name"`
	Accelerators int     `json:"accelerators"`
	Goodput      float64 `json:"goodput"`
	// AtLeast marks a lower bound ("more than 90 %").
	AtLeast bool   `json:"at_least,omitempty"`
	Source  string `json:"source"`
	Note    string `json:"note"`
}

// PublishedRuns lists the measured goodput of published training runs.
func PublishedRuns() []Measured {
	return []Measured{
		{Name: "Llama 3 405B (automated restarts)", Accelerators: 16384, Goodput: 0.90, AtLeast: true,
			Source: "Llama Team 2024, arXiv:2407.21783 §3.3.4",
			Note:   "more than 90% effective training time in a 54-day snapshot with 466 interruptions, automated restarts"},
		{Name: "OPT-175B (manual restarts)", Accelerators: 992, Goodput: 33.0 / 56,
			Source: "metaseq OPT-175B chronicles (final update, 10% update); Zhang et al. 2022, arXiv:2205.01068 §2.5",
			Note: "~33 days of compute in the 56 days from run 12.00 (Nov 11, 2021) to completion (Jan 6, 2022); " +
				"manual restarts taking hours, and restarts for training instabilities counted too"},
	}
}
