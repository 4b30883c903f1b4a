package hardware

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed catalog.json
var catalogJSON []byte

// Catalog is an immutable set of accelerators indexed by ID and alias.
// Names are matched after Normalize (lower case, separators dropped).
type Catalog struct {
	entries []Accelerator
	index   map[string]int // normalized ID or alias → position in entries
}

// defaultCatalog parses the embedded catalog once; a broken embedded file is
// a build defect caught by the package tests.
var defaultCatalog = sync.OnceValue(func() *Catalog {
	entries, err := decodeEntries(bytes.NewReader(catalogJSON))
	if err == nil {
		var c *Catalog
		if c, err = New(entries...); err == nil {
			return c
		}
	}
	panic("hardware: embedded catalog.json is invalid: " + err.Error())
})

// Default returns the embedded catalog of accelerators (one entry per SKU,
// each with its source). It is shared and immutable; use With to extend it.
func Default() *Catalog { return defaultCatalog() }

// New builds a catalog from entries after validating each one and checking
// that no ID or alias (after Normalize) names two entries.
func New(entries ...Accelerator) (*Catalog, error) {
	c := &Catalog{index: make(map[string]int, 3*len(entries))}
	for _, a := range entries {
		if err := a.Validate(); err != nil {
			return nil, err
		}
		if err := c.add(a.Clone()); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// add appends a and indexes its names, failing on a name already taken.
func (c *Catalog) add(a Accelerator) error {
	i := len(c.entries)
	for _, name := range append([]string{a.ID}, a.Aliases...) {
		key := Normalize(name)
		if j, taken := c.index[key]; taken && j != i {
			return fmt.Errorf("accelerator %s: name %q already names %s", a.ID, name, c.entries[j].ID)
		}
		c.index[key] = i
	}
	c.entries = append(c.entries, a)
	return nil
}

// With returns a new catalog with entries added. An entry whose ID matches
// an existing ID or alias replaces that entry completely (give every field)
// and inherits its names, so "h100" still resolves; other entries are
// appended. c is not modified.
func (c *Catalog) With(entries ...Accelerator) (*Catalog, error) {
	replaced := map[int]Accelerator{}
	var added []Accelerator
	for _, a := range entries {
		if err := a.Validate(); err != nil {
			return nil, err
		}
		if i, ok := c.index[Normalize(a.ID)]; ok {
			replaced[i] = keepNames(a, c.entries[i])
			continue
		}
		added = append(added, a)
	}
	all := make([]Accelerator, 0, len(c.entries)+len(added))
	for i, a := range c.entries {
		if r, ok := replaced[i]; ok {
			a = r
		}
		all = append(all, a)
	}
	return New(append(all, added...)...)
}

// Lookup finds an accelerator by ID or alias, ignoring case and separators
// ("H100_SXM", "h100sxm", "h100-sxm" are one name). An unknown name is a
// *NotFoundError listing the nearest names. The result is a copy.
func (c *Catalog) Lookup(name string) (Accelerator, error) {
	if i, ok := c.index[Normalize(name)]; ok {
		return c.entries[i].Clone(), nil
	}
	// "NVIDIA H100", "amd-mi300x": retry without a leading vendor name.
	for _, v := range c.Vendors() {
		rest, ok := strings.CutPrefix(Normalize(name), Normalize(v))
		if i, found := c.index[rest]; ok && rest != "" && found {
			return c.entries[i].Clone(), nil
		}
	}
	return Accelerator{}, &NotFoundError{Name: name, Nearest: c.nearest(name, 3)}
}

// All returns copies of every entry in catalog order (by vendor, then
// release year).
func (c *Catalog) All() []Accelerator {
	out := make([]Accelerator, len(c.entries))
	for i, a := range c.entries {
		out[i] = a.Clone()
	}
	return out
}

// Vendors returns the distinct vendor names in catalog order.
func (c *Catalog) Vendors() []string {
	var vs []string
	seen := map[string]bool{}
	for _, a := range c.entries {
		if !seen[a.Vendor] {
			seen[a.Vendor] = true
			vs = append(vs, a.Vendor)
		}
	}
	return vs
}

// ByVendor returns copies of the entries whose vendor matches v, ignoring
// case; an unknown vendor is an error listing the known ones.
func (c *Catalog) ByVendor(v string) ([]Accelerator, error) {
	var out []Accelerator
	for _, a := range c.entries {
		if strings.EqualFold(a.Vendor, strings.TrimSpace(v)) {
			out = append(out, a.Clone())
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("unknown vendor %q (want one of %s)", v, strings.Join(c.Vendors(), ", "))
	}
	return out, nil
}

// keepNames returns a copy of a whose aliases also include old's ID and
// aliases, so every name that found old now finds a.
func keepNames(a, old Accelerator) Accelerator {
	a = a.Clone()
	have := map[string]bool{Normalize(a.ID): true}
	for _, n := range a.Aliases {
		have[Normalize(n)] = true
	}
	for _, n := range append([]string{old.ID}, old.Aliases...) {
		if !have[Normalize(n)] {
			have[Normalize(n)] = true
			a.Aliases = append(a.Aliases, n)
		}
	}
	return a
}
