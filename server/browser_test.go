package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromium finds Debian's Chromium. Without it the browser tests skip,
// except under CI (CI=true), where .ci/run installs it and a skip would
// hide a broken page.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found; .ci/run installs Debian's chromium package")
	}
	t.Skip("chromium not installed (apt-get install chromium); browser tests skipped")
	return ""
}

// browser starts headless Chromium with the flags this sandbox needs (no
// sandbox as root, no background networking) and returns a tab context.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return ctx
}

// apiJSON fetches an endpoint's result as a generic map.
func apiJSON(t *testing.T, base, path string, q url.Values) map[string]any {
	t.Helper()
	resp, err := http.Get(base + path + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s?%s: status %d, decode error %v, body %v", path, q.Encode(), resp.StatusCode, err, m)
	}
	return m
}

// shownValues reads every result cell of the first panel: data-field →
// data-value, the raw number behind the formatted text.
func shownValues(ctx context.Context) (map[string]string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => { const m = {};
		for (const td of document.querySelectorAll('section[data-scenario="a"] table.result td[data-field]')) m[td.dataset.field] = td.dataset.value;
		return m; })()`))
}

// waitShown polls until the page shows field with a value that satisfies ok.
func waitShown(ctx context.Context, field string, ok func(v float64) bool) (map[string]string, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := shownValues(ctx)
		if err != nil {
			return nil, err
		}
		if v, err := strconv.ParseFloat(got[field], 64); err == nil && ok(v) {
			return got, nil
		}
		if time.Now().After(deadline) {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.status')].map(e => e.textContent).join(' | ') + ' ' + location.href`))
			return got, fmt.Errorf("field %s never satisfied the condition; shown %v; page status: %s", field, got, status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sameNumbers checks that every numeric top-level API field the page shows
// has the same raw value (relative 1e-12).
func sameNumbers(t *testing.T, shown map[string]string, api map[string]any) {
	t.Helper()
	n := 0
	for k, v := range api {
		f, ok := v.(float64)
		if !ok {
			continue
		}
		s, present := shown[k]
		if !present {
			t.Errorf("API field %s = %v is not shown on the page", k, f)
			continue
		}
		g, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Abs(g-f) > 1e-12*math.Abs(f) {
			t.Errorf("page shows %s = %s, API says %v", k, s, f)
		}
		n++
	}
	if n == 0 {
		t.Errorf("no numeric fields compared; page showed %v", shown)
	}
}

// typeInto clears the input sel and types text, as a user would (input
// events fire on each key).
func typeInto(sel, text string) chromedp.Action[chromedp.Void] {
	css := chromedp.CSS(sel)
	clear := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ""; return true; })()`, sel))(ctx, t)
		return err
	})
	return chromedp.Steps(chromedp.WaitVisible(css), clear, chromedp.SendKeys(css, text))
}

func TestBrowserTrainAndPermalink(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=train"),
		chromedp.WaitVisible(chromedp.CSS(`td[data-field="gpu_hours"]`)),
		typeInto("#f0-params", "13B"), typeInto("#f0-tokens", "2T"),
		typeInto("#f0-mfu", "0.4"), typeInto("#f0-price", "3"), typeInto("#f0-gpus", "256"),
	); err != nil {
		t.Fatal(err)
	}
	// 6 × 13e9 × 2e12 = 1.56e23 FLOPs (the page must have recomputed).
	shown, err := waitShown(ctx, "training_flops", func(v float64) bool { return math.Abs(v-1.56e23) < 1e-6*1.56e23 })
	if err != nil {
		t.Fatal(err)
	}
	want := apiJSON(t, ts.URL, "/api/train", url.Values{"params": {"13B"}, "tokens": {"2T"}, "gpu": {"h100-sxm"},
		"gpus": {"256"}, "mfu": {"0.4"}, "price": {"3"}})
	sameNumbers(t, shown, want)

	link, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	ctx2, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(ctx2, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`td[data-field="gpu_hours"]`))); err != nil {
		t.Fatal(err)
	}
	again, err := waitShown(ctx2, "training_flops", func(v float64) bool { return math.Abs(v-1.56e23) < 1e-6*1.56e23 })
	if err != nil {
		t.Fatalf("permalink %s: %v", link, err)
	}
	sameNumbers(t, again, want)
}

func TestBrowserInfer(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=infer"),
		chromedp.WaitVisible(chromedp.CSS(`td[data-field="seconds_per_output_token"]`)),
		typeInto("#f0-model", "mistral-7b"), typeInto("#f0-gpu", "a100-80gb"), typeInto("#f0-batch", "8"),
		typeInto("#f0-prompt", "1024"), typeInto("#f0-output", "128"),
	); err != nil {
		t.Fatal(err)
	}
	want := apiJSON(t, ts.URL, "/api/infer", url.Values{"model": {"mistral-7b"}, "gpu": {"a100-80gb"}, "gpus": {"1"},
		"batch": {"8"}, "prompt": {"1024"}, "output": {"128"}})
	target := want["tokens_per_second"].(float64)
	shown, err := waitShown(ctx, "tokens_per_second", func(v float64) bool { return v == target })
	if err != nil {
		t.Fatal(err)
	}
	sameNumbers(t, shown, want)
}

// TestBrowserCompareAndKeyboard opens a two-scenario link, checks both
// panels compute their own numbers, and moves between tabs with the arrow
// keys as a keyboard user would.
func TestBrowserCompareAndKeyboard(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	link := ts.URL + "/?tab=train&cmp=1&a.params=7B&a.tokens=1T&a.gpu=h100-sxm&a.mfu=0.5&b.params=70B&b.tokens=1T&b.gpu=h100-sxm&b.mfu=0.5"
	if err := chromedp.Do(ctx, chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`section[data-scenario="b"] td[data-field="training_flops"]`))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('td[data-field="training_flops"]')].map(td => td.dataset.value)`))
	if err != nil {
		t.Fatal(err)
	}
	// 6·N·D: 6 × 7e9 × 1e12 = 4.2e22 and 6 × 70e9 × 1e12 = 4.2e23.
	if len(got) != 2 {
		t.Fatalf("want two scenario panels, got values %v", got)
	}
	a, _ := strconv.ParseFloat(got[0], 64)
	b, _ := strconv.ParseFloat(got[1], 64)
	if math.Abs(a-4.2e22) > 1e9 || math.Abs(b-4.2e23) > 1e10 {
		t.Errorf("scenarios show %v, want 4.2e22 and 4.2e23", got)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#tab-train")), chromedp.KeyEvent(kb.ArrowRight),
		chromedp.WaitVisible(chromedp.CSS(`td[data-field="seconds_per_output_token"]`))); err != nil {
		t.Fatalf("ArrowRight from Train should open Inference: %v", err)
	}
	sel, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + " " + document.activeElement.getAttribute("aria-selected")`))
	if err != nil || sel != "tab-infer true" {
		t.Errorf("focused tab = %q, want \"tab-infer true\"", sel)
	}
}

// TestBrowserPhoneWidth loads every tab at a phone's width (390 CSS px,
// an iPhone 14) and checks that the page does not scroll sideways: forms
// stack and wide tables scroll inside their own box.
func TestBrowserPhoneWidth(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	for _, tab := range []string{"train", "infer", "model", "scale", "plan", "hardware"} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+"/?tab="+tab),
			chromedp.WaitVisible(chromedp.CSS(`table.result`))); err != nil {
			t.Fatalf("%s: %v", tab, err)
		}
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if w > 390 {
			t.Errorf("%s tab is %d px wide at a 390 px viewport (scrolls sideways)", tab, w)
		}
	}
}
