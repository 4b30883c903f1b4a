package load

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/flopsdev/flops/model/gguf"
	"github.com/flopsdev/flops/model/hfconfig"
	"github.com/flopsdev/flops/model/safetensors"
)

// sniffBytes is how much of a file sniff needs.
const sniffBytes = 16

// sniff names the format of a file from its first bytes: "gguf" (magic),
// "safetensors" (8-byte length then '{'), "json" ('{' after an optional
// UTF-8 byte order mark and whitespace) or "".
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("GGUF")):
		return "gguf"
	case len(b) > 8 && b[8] == '{' && binary.LittleEndian.Uint64(b) > 1:
		return "safetensors"
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("{")):
		return "json"
	}
	return ""
}

func readPrefix(path string, n int) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	k, err := io.ReadFull(f, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b[:k], nil
}

// FromBytes reads an uploaded file, or a prefix of one, by sniffing its
// content: a GGUF or safetensors header (read in header-only mode: the
// tensor data need not be present, so a capped upload of the first bytes is
// enough) or a config.json. name labels the source in messages.
func FromBytes(name string, data []byte) (*Model, error) {
	m := &Model{Source: name}
	var err error
	switch sniff(data) {
	case "gguf":
		m.Kind = "gguf"
		err = m.ggufBytes(data)
	case "safetensors":
		m.Kind = "safetensors"
		err = m.safetensorsBytes(data)
	case "json":
		m.Kind = "config"
		err = m.configBytes(data)
	default:
		err = &kindError{ErrUnsupported, fmt.Errorf("%s: not a config.json, safetensors or GGUF file", name)}
	}
	if err != nil {
		return nil, classify(err)
	}
	return m.finish(), nil
}

func (m *Model) ggufBytes(data []byte) error {
	f, err := gguf.Read(bytes.NewReader(data), int64(len(data)), gguf.Options{HeaderOnly: true})
	if err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	return m.fromGGUFFile(f)
}

func (m *Model) safetensorsBytes(data []byte) error {
	f, err := safetensors.Read(bytes.NewReader(data), int64(len(data)), safetensors.Options{HeaderOnly: true})
	if err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	m.addSummary(f.Summary, f.Warnings)
	m.Warnings = append(m.Warnings, "safetensors file without config.json: only the weight counts are known")
	return nil
}

func (m *Model) configBytes(data []byte) error {
	if bytes.Contains(data, []byte(`"weight_map"`)) {
		return &kindError{ErrUnsupported, fmt.Errorf("%s: a safetensors index needs its shard files; upload config.json or a shard instead", m.Source)}
	}
	c, err := hfconfig.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	return m.setArch(c.Arch, c.Warnings)
}
