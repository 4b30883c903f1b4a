package server

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/flopsdev/flops/api"
)

// Upload in a real browser (issue 15): the Model tab's file input.

// uploadFile writes body to a file named name in a temporary directory.
func uploadFile(t *testing.T, name string, body []byte) string {
	t.Helper()
	p := t.TempDir() + "/" + name
	if err := os.WriteFile(p, body, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// postUpload sends body to the upload endpoint as the page does.
func postUpload(t *testing.T, base, name string, body []byte) map[string]any {
	t.Helper()
	resp, err := http.Post(base+"/api/model/upload?name="+name, "application/octet-stream", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || resp.StatusCode != 200 {
		t.Fatalf("upload %s: status %d %s", name, resp.StatusCode, b)
	}
	return m
}

// tinyConfig is a Llama-style config.json (vocab 1000, d 64, 2 layers,
// 4 heads, MLP 256), far from any catalog model.
const tinyConfig = `{"model_type":"llama","vocab_size":1000,"hidden_size":64,"intermediate_size":256,"num_hidden_layers":2,
	"num_attention_heads":4,"num_key_value_heads":4,"max_position_embeddings":2048,"rms_norm_eps":1e-5,"tie_word_embeddings":false}`

// TestBrowserUploadKeepsResult uploads a config.json on the Model tab and
// checks that its result is still shown after the form's debounce (it was
// replaced by the catalog model 250 ms later), that editing another input
// recomputes from the same file, and that an error stays visible.
func TestBrowserUploadKeepsResult(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	want := postUpload(t, ts.URL, "config.json", []byte(tinyConfig))["params_total"].(float64)
	path := uploadFile(t, "config.json", []byte(tinyConfig))
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=model"), chromedp.WaitVisible(chromedp.CSS(".figure")),
		choose("source_by", "file"), chromedp.SetUploadFiles(chromedp.CSS("#f0-file"), []string{path})); err != nil {
		t.Fatal(err)
	}
	if _, err := waitPanel(ctx, figureIs("params_total", want, 0)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(800 * time.Millisecond) // > the 250 ms debounce that used to replace the result
	if p, _ := readPanel(ctx, "a"); !figureIs("params_total", want, 0)(p) {
		t.Fatalf("after the debounce the page shows params_total %s, want the file's %v", p.Figures["params_total"], want)
	}
	if err := chromedp.Do(ctx, typeInto("#f0-context", "1024")); err != nil {
		t.Fatal(err)
	}
	p, err := waitPanel(ctx, func(p panelState) bool {
		return strings.Contains(p.Request, "context=1024") && p.Values["context"] == "1024"
	})
	if err != nil {
		t.Fatalf("editing the context should recompute from the file: %v", err)
	}
	if !strings.Contains(p.Request, "/api/model/upload") || p.Figures["params_total"] != strconv.FormatFloat(want, 'f', -1, 64) {
		t.Errorf("after an edit: request %s, params_total %s; want the file's upload and %v", p.Request, p.Figures["params_total"], want)
	}
	bad := uploadFile(t, "broken.json", []byte(`{"model_type": "llama", "hidden_size": `))
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#f0-file"), []string{bad})); err != nil {
		t.Fatal(err)
	}
	if _, err := waitPanel(ctx, func(p panelState) bool { return strings.Contains(p.Status, "broken.json") && len(p.Figures) == 0 }); err != nil {
		t.Fatalf("a broken file should show its error: %v", err)
	}
	time.Sleep(800 * time.Millisecond)
	if p, _ := readPanel(ctx, "a"); !strings.Contains(p.Status, "broken.json") || len(p.Figures) != 0 {
		t.Errorf("the upload error did not stay: status %q, figures %v", p.Status, p.Figures)
	}
}

// loneSafetensors is a whole safetensors file with one BF16 tensor of
// rows × cols (rows·cols parameters, 2·rows·cols bytes) and no config.json.
func loneSafetensors(rows, cols int) []byte {
	hdr := fmt.Sprintf(`{"w":{"dtype":"BF16","shape":[%d,%d],"data_offsets":[0,%d]}}`, rows, cols, 2*rows*cols)
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(hdr)))
	b.WriteString(hdr)
	b.Write(make([]byte, 2*rows*cols))
	return b.Bytes()
}

// TestBrowserUploadLoneSafetensors: a safetensors file without its
// config.json gives, in the page, the CLI's answer (the exact parameter
// count and bytes) and the CLI's warning.
func TestBrowserUploadLoneSafetensors(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	path := uploadFile(t, "model.safetensors", loneSafetensors(64, 32))
	cli, err := (api.ModelRequest{Model: path}).Run(api.Env{AllowPaths: true}) // what "flops model model.safetensors" prints
	if err != nil || len(cli.Warnings) != 1 {
		t.Fatalf("flops model %s: %v, warnings %q", path, err, cli.Warnings)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=model&a.source_by=file"), chromedp.WaitVisible(chromedp.CSS("#f0-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#f0-file"), []string{path})); err != nil {
		t.Fatal(err)
	}
	p, err := waitPanel(ctx, figureIs("params_total", float64(cli.ParamsTotal), 0))
	if err != nil {
		t.Fatal(err)
	}
	if p.Figures["weight_bytes"] != strconv.FormatFloat(float64(cli.WeightBytes), 'f', -1, 64) {
		t.Errorf("weight bytes shown %s, CLI %v", p.Figures["weight_bytes"], cli.WeightBytes)
	}
	warn, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('section[data-scenario="a"] .warnings li')].map(e => e.textContent)`))
	if err != nil || len(warn) != 1 || warn[0] != cli.Warnings[0] {
		t.Errorf("page warnings %q, want the CLI's %q", warn, cli.Warnings)
	}
}
