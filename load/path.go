package load

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/flopsdev/flops/model/hfconfig"
	"github.com/flopsdev/flops/model/safetensors"
	"github.com/flopsdev/flops/units"
)

// Well-known file names in a Hugging Face model directory.
const (
	configName = "config.json"
	indexName  = "model.safetensors.index.json"
)

// FromPath reads a model directory or file (see Resolve).
func FromPath(path string) (*Model, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() && !st.Mode().IsRegular() {
		return nil, &kindError{ErrUnsupported, fmt.Errorf("%s: %s, not a model file or directory", path, specialKind(st.Mode()))}
	}
	var m *Model
	if st.IsDir() {
		m, err = fromDir(path)
	} else {
		m, err = fromFile(path)
	}
	if err != nil {
		return nil, classify(err)
	}
	return m.finish(), nil
}

// fromDir reads config.json plus the safetensors weights (through the index
// when present), or else the GGUF file(s) of a directory.
func fromDir(dir string) (*Model, error) {
	ggufs, _ := filepath.Glob(filepath.Join(dir, "*.gguf"))
	sts, _ := filepath.Glob(filepath.Join(dir, "*.safetensors"))
	_, cerr := os.Stat(filepath.Join(dir, configName))
	_, ierr := os.Stat(filepath.Join(dir, indexName))
	m := &Model{Kind: "directory", Source: dir}
	switch {
	case cerr == nil:
		if err := m.readConfigOrWarn(filepath.Join(dir, configName), len(sts) > 0 || ierr == nil); err != nil {
			return nil, err
		}
	case len(ggufs) > 0 && len(sts) == 0:
		return fromGGUFDir(ggufs)
	case len(sts) == 0 && ierr != nil:
		return nil, fmt.Errorf("directory %s has no config.json, *.safetensors or *.gguf file", dir)
	default:
		m.Warnings = append(m.Warnings, "no config.json in "+dir+": only the weight files' counts are known")
	}
	if ierr == nil {
		return m, m.readIndex(filepath.Join(dir, indexName))
	}
	for _, p := range withoutConsolidated(m, sts) {
		if err := m.readSafetensors(p); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// fromGGUFDir reads the GGUF model of a directory: the first part of a
// split set, else the first file by name (warning when others exist, as
// directories often hold several quantizations).
func fromGGUFDir(paths []string) (*Model, error) {
	slices.Sort(paths)
	pick := paths[0]
	for _, p := range paths {
		if strings.Contains(filepath.Base(p), "-00001-of-") {
			pick = p
			break
		}
	}
	m, err := fromGGUF(pick)
	if err == nil && len(paths) > 1 && !splitName.MatchString(filepath.Base(pick)) {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%d GGUF files in the directory: read %s; name a file to choose another", len(paths), filepath.Base(pick)))
	}
	return m, err
}

// withoutConsolidated drops Mistral's consolidated.safetensors when other
// safetensors files hold the same weights (it would count them twice).
func withoutConsolidated(m *Model, paths []string) []string {
	if len(paths) < 2 {
		return paths
	}
	out := slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return filepath.Base(p) == "consolidated.safetensors" })
	if len(out) < len(paths) {
		m.Warnings = append(m.Warnings, "consolidated.safetensors skipped: the other safetensors files hold the same weights")
	}
	return out
}

// fromFile dispatches on the file name, then on the content.
func fromFile(path string) (*Model, error) {
	base := filepath.Base(path)
	dir := filepath.Dir(path)
	switch {
	case strings.HasSuffix(base, ".gguf"):
		return fromGGUF(path)
	case strings.HasSuffix(base, ".safetensors"):
		m := &Model{Kind: "safetensors", Source: path}
		if err := m.configBeside(dir); err != nil {
			return nil, err
		}
		if idx := filepath.Join(dir, indexName); shardName.MatchString(base) && fileExists(idx) {
			// One shard of a sharded checkpoint: count all of them.
			m.Warnings = append(m.Warnings, base+" is one shard: read every shard listed in "+indexName)
			return m, m.readIndex(idx)
		}
		return m, m.readSafetensors(path)
	case strings.HasSuffix(base, ".index.json"):
		m := &Model{Kind: "safetensors-index", Source: path}
		if err := m.configBeside(dir); err != nil {
			return nil, err
		}
		return m, m.readIndex(path)
	case strings.HasSuffix(base, ".json"):
		m := &Model{Kind: "config", Source: path}
		return m, m.readConfig(path)
	}
	data, err := readPrefix(path, sniffBytes)
	if err != nil {
		return nil, err
	}
	switch sniff(data) {
	case "gguf":
		return fromGGUF(path)
	case "safetensors":
		m := &Model{Kind: "safetensors", Source: path}
		return m, m.readSafetensors(path)
	case "json":
		m := &Model{Kind: "config", Source: path}
		return m, m.readConfig(path)
	}
	return nil, &kindError{ErrUnsupported, fmt.Errorf("%s: not a config.json, safetensors or GGUF file", path)}
}

// configBeside reads config.json from dir when present.
func (m *Model) configBeside(dir string) error {
	p := filepath.Join(dir, configName)
	if _, err := os.Stat(p); err != nil {
		m.Warnings = append(m.Warnings, "no config.json beside "+m.Source+": only the weight file's counts are known")
		return nil
	}
	return m.readConfigOrWarn(p, true)
}

// readConfigOrWarn reads a config.json; when weights are present too, an
// unsupported model_type becomes a warning and the weight counts remain.
func (m *Model) readConfigOrWarn(path string, haveWeights bool) error {
	err := m.readConfig(path)
	if err != nil && haveWeights && errors.Is(err, hfconfig.ErrUnsupported) {
		m.Warnings = append(m.Warnings, err.Error()+"; only the weight files' counts are known")
		return nil
	}
	return err
}

func (m *Model) readConfig(path string) error {
	f, err := OpenRegular(path)
	if err != nil {
		return err
	}
	defer f.Close()
	c, err := hfconfig.Read(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return m.setArch(c.Arch, c.Warnings)
}

// openAt opens a file as an io.ReaderAt with its size.
func openAt(path string) (io.ReaderAt, int64, func() error, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, 0, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, nil, err
	}
	return f, st.Size(), f.Close, nil
}

func (m *Model) readSafetensors(path string) error {
	r, size, closeFn, err := openAt(path)
	if err != nil {
		return err
	}
	defer closeFn()
	f, err := safetensors.Read(r, size, safetensors.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	m.addSummary(f.Summary, f.Warnings)
	return nil
}

func (m *Model) readIndex(path string) error {
	f, err := OpenRegular(path)
	if err != nil {
		return err
	}
	idx, err := safetensors.ReadIndex(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	open := func(shard string) (io.ReaderAt, int64, func() error, error) {
		return openAt(filepath.Join(dir, shard))
	}
	set, err := safetensors.ReadSharded(idx, open, safetensors.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if set.Tensors == 0 {
		m.Warnings = append(m.Warnings, filepath.Base(path)+" lists no tensors: no weight-file count")
	}
	m.addSummary(set.Summary, set.Warnings)
	return nil
}

// addSummary adds a safetensors summary to the file figures.
func (m *Model) addSummary(s safetensors.Summary, warnings []string) {
	if m.DtypeParams == nil {
		m.DtypeParams, m.DtypeBytes = map[string]units.Params{}, map[string]units.Bytes{}
	}
	m.FileParams += units.Params(s.Params)
	m.FileBytes += units.Bytes(s.Bytes)
	for k, v := range s.DtypeParams {
		m.DtypeParams[k] += units.Params(v)
	}
	for k, v := range s.DtypeBytes {
		m.DtypeBytes[k] += units.Bytes(v)
	}
	m.Warnings = append(m.Warnings, warnings...)
}

// OpenRegular opens path for reading after checking that it is a regular
// file: opening a named pipe blocks until a writer appears, and a device
// can be read forever (QA: 'flops model FIFO' hung). Every file a command
// reads from a user's path goes through it.
func OpenRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &kindError{ErrUnsupported, fmt.Errorf("%s: %s, not a regular file", path, specialKind(st.Mode()))}
	}
	return os.Open(path)
}

// specialKind names a non-regular file mode for messages.
func specialKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// shardName matches a shard of a sharded safetensors checkpoint,
// "model-00001-of-00004.safetensors".
var shardName = regexp.MustCompile(`-\d{5}-of-\d{5}\.safetensors$`)

// fileExists reports whether path names a regular file.
func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
