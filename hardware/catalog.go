package hardware

// Catalog is an immutable set of accelerators indexed by ID and alias.
// (Implementation in progress: see catalog lookup, Default and user files.)
type Catalog struct {
	entries []Accelerator
	index   map[string]int
}
