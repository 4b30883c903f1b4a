package load

import (
	"fmt"
	"path/filepath"
	"regexp"

	"github.com/flopsdev/flops/model/gguf"
	"github.com/flopsdev/flops/units"
)

// splitName matches split GGUF names: …-00001-of-00003.gguf.
var splitName = regexp.MustCompile(`^(.*)-(\d{5})-of-(\d{5})\.gguf$`)

// fromGGUF reads a GGUF file, or every part of a split set when path is
// one of its parts.
func fromGGUF(path string) (*Model, error) {
	paths := []string{path}
	if sm := splitName.FindStringSubmatch(filepath.Base(path)); sm != nil {
		var n int
		fmt.Sscan(sm[3], &n)
		paths = paths[:0]
		for i := 1; i <= n; i++ {
			paths = append(paths, filepath.Join(filepath.Dir(path), fmt.Sprintf("%s-%05d-of-%s.gguf", sm[1], i, sm[3])))
		}
	}
	var parts []*gguf.File
	for _, p := range paths {
		f, err := readGGUF(p, gguf.Options{})
		if err != nil {
			return nil, err
		}
		parts = append(parts, f)
	}
	f, err := gguf.Merge(parts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m := &Model{Kind: "gguf", Source: path}
	return m, m.fromGGUFFile(f)
}

func readGGUF(path string, opt gguf.Options) (*gguf.File, error) {
	r, size, closeFn, err := openAt(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	f, err := gguf.Read(r, size, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// fromGGUFFile maps a parsed GGUF file to the model.
func (m *Model) fromGGUFFile(f *gguf.File) error {
	a, warns, err := f.Arch()
	if err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	if err := m.setArch(a, append(f.Warnings, warns...)); err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	m.FileParams, m.FileBytes = units.Params(f.Params), units.Bytes(f.Bytes)
	m.FileType = f.FileType()
	m.DtypeParams, m.DtypeBytes = map[string]units.Params{}, map[string]units.Bytes{}
	for k, v := range f.TypeParams {
		m.DtypeParams[k] = units.Params(v)
	}
	for k, v := range f.TypeBytes {
		m.DtypeBytes[k] = units.Bytes(v)
	}
	return nil
}
