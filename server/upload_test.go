package server

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// safetensorsHeader builds the first bytes of a safetensors file (the
// 8-byte length and the JSON header, no tensor data) with one BF16 tensor
// of shape [rows, cols].
func safetensorsHeader(rows, cols int) []byte {
	hdr := []byte(`{"w":{"dtype":"BF16","shape":[` + itoa(rows) + `,` + itoa(cols) + `],"data_offsets":[0,` + itoa(2*rows*cols) + `]}}`)
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(hdr)))
	b.Write(hdr)
	return b.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestUpload(t *testing.T) {
	ts := httptest.NewServer(New(Options{MaxUpload: 1 << 16}))
	defer ts.Close()
	// A Llama-style config.json (Llama-2-7B shape, formulas.md §1.7:
	// 6,738,415,616 parameters).
	cfg := `{"model_type":"llama","vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,
		"num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":32,"max_position_embeddings":4096,
		"rms_norm_eps":1e-5,"tie_word_embeddings":false}`
	tests := []struct {
		name, query string
		body        []byte
		status      int
		want        string
	}{
		{"config.json", "name=config.json&context=4096", []byte(cfg), 200, `"params_total":6738415616`},
		{"model param refused", "model=llama-3-8b", []byte(cfg), 400, "drop the model parameter"},
		{"empty", "", nil, 400, "empty body"},
		{"garbage", "name=x.bin", []byte("hello world, not a model"), 400, "not a config.json"},
		// QA: without a name the error read "upload: upload: not a ...".
		{"garbage unnamed", "", []byte("hello world, not a model"), 400, "upload: request body: not a config.json"},
		{"bad query", "context=%zz", []byte(cfg), 400, "bad query string"},
		{"too large", "", bytes.Repeat([]byte("{"), 1<<17), 413, "cap"},
		{"path name ignored", "name=../../etc/passwd", []byte(cfg), 200, `"params_total"`},
		{"safetensors header only", "name=model.safetensors", safetensorsHeader(64, 32), 200, `"params_total":2048`}, // 64 × 32, weights only, as the CLI
		{"bad header length", "name=x.safetensors", append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, '{'), 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(ts.URL+"/api/model/upload?"+tt.query, "application/octet-stream", bytes.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.want) {
				t.Errorf("status %d body %.300s; want %d containing %q", resp.StatusCode, b, tt.status, tt.want)
			}
		})
	}
}

// TestUploadsAreBounded: when the upload memory budget is taken, a
// further upload gets a 503 with Retry-After instead of holding more
// memory (QA: 40 concurrent 15 MiB uploads took the server from 58 MB to
// 234 MB RSS).
func TestUploadsAreBounded(t *testing.T) {
	s := newServer(Options{MaxUpload: 1 << 10})
	s.uploads.wait = 10 * time.Millisecond
	mux := http.NewServeMux()
	s.routeUpload(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	post := func() (int, string) {
		resp, err := http.Post(ts.URL+"/api/model/upload", "application/octet-stream", strings.NewReader(`{"model_type":"llama"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Retry-After") + " " + string(b)
	}
	for range cap(s.uploads.chunks) { // every chunk of the budget is held
		s.uploads.chunks <- struct{}{}
	}
	if st, b := post(); st != http.StatusServiceUnavailable || !strings.Contains(b, "busy") || b[0] == ' ' {
		t.Errorf("budget taken: got %d %s, want 503 busy with Retry-After", st, b)
	}
	s.uploads.give(cap(s.uploads.chunks))
	if st, _ := post(); st != http.StatusBadRequest { // budget free: the body is read (and is an incomplete config)
		t.Errorf("budget free: got %d, want 400", st)
	}
}
