package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
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
// Chromium now and then exits before it listens when the machine is busy
// (go test ./... runs packages side by side), so a failed start is retried
// twice before the test fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	var err error
	for try := 0; try < 3; try++ {
		ctx, cancel := startBrowser(t)
		if err = chromedp.Do(ctx, chromedp.Navigate("about:blank")); err == nil {
			t.Cleanup(cancel)
			return ctx
		}
		cancel()
		time.Sleep(time.Second)
	}
	t.Fatalf("chromium did not start after 3 tries: %v", err)
	return nil
}

// startBrowser allocates one Chromium and a tab in it (started lazily by
// the first chromedp.Run); cancel closes both.
func startBrowser(t *testing.T) (context.Context, context.CancelFunc) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1400, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 120*time.Second)
	return ctx, func() { cancelC(); cancelB(); cancelA() }
}

// pageServer serves the page and the API for one test.
func pageServer(t *testing.T) *httptest.Server {
	ts := httptest.NewServer(New(Options{}))
	t.Cleanup(ts.Close)
	return ts
}

// apiAt fetches url (the request the page made) and decodes the JSON.
func apiAt(t *testing.T, url string) any {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d, decode error %v, body %v", url, resp.StatusCode, err, v)
	}
	return v
}

// atPath reads a dotted path ("laws.0.params_optimal") from decoded JSON.
func atPath(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// sameValue reports whether the page's raw value text (JavaScript's
// String(v) of the parsed JSON) is the API's value: numbers survive the
// round trip JSON → float64 → shortest decimal → float64 exactly; the
// relative 1e-12 only absorbs formatting differences.
func sameValue(page string, api any) bool {
	switch a := api.(type) {
	case float64:
		g, err := strconv.ParseFloat(page, 64)
		return err == nil && math.Abs(g-a) <= 1e-12*math.Abs(a)
	case bool:
		return page == strconv.FormatBool(a)
	case string:
		return page == a
	}
	return false
}

// panelState is what a panel shows: the request it last sent, its
// status line, its headline figures and every number (data-field →
// data-value, the raw API value behind the formatted text).
type panelState struct {
	Request string            `json:"request"`
	Status  string            `json:"status"`
	Figures map[string]string `json:"figures"`
	Values  map[string]string `json:"values"`
	Text    string            `json:"text"`
}

func readPanel(ctx context.Context, scenario string) (panelState, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[panelState](fmt.Sprintf(`(() => {
		const p = document.querySelector('section[data-scenario=%q]');
		if (!p) return {figures: {}, values: {}};
		const m = sel => Object.fromEntries([...p.querySelectorAll(sel)].map(e => [e.dataset.field, e.dataset.value]));
		return {request: p.dataset.request || "", status: p.querySelector('.status').textContent,
			figures: m('.figure[data-field]'), values: m('[data-field][data-value]'), text: p.querySelector('.result-box').innerText};
	})()`, scenario)))
}

// waitPanel polls panel a until ok accepts what it shows.
func waitPanel(ctx context.Context, ok func(panelState) bool) (panelState, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		p, err := readPanel(ctx, "a")
		if err != nil {
			return p, err
		}
		if ok(p) {
			return p, nil
		}
		if time.Now().After(deadline) {
			return p, fmt.Errorf("panel never reached the expected state: status %q, request %q, figures %v", p.Status, p.Request, p.Figures)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// figureIs waits for the headline figure path to show a value within rel
// of want.
func figureIs(path string, want, rel float64) func(panelState) bool {
	return func(p panelState) bool {
		g, err := strconv.ParseFloat(p.Figures[path], 64)
		return err == nil && math.Abs(g-want) <= rel*math.Abs(want)
	}
}

func hasFigures(p panelState) bool { return len(p.Figures) > 0 && p.Request != "" }

// zeroDollars matches "$0" as a whole amount (not $0.02).
var zeroDollars = regexp.MustCompile(`\$0([^.\d]|$)`)

// sameAsAPI checks that every headline figure equals the API's value at
// its path for the request the page sent, that every top-level number of
// the API result is shown somewhere with the same value (unless the
// page's label table hides it as a repeat of another), and that no "$0"
// stands for an absent price.
func sameAsAPI(ctx context.Context, t *testing.T, base string, p panelState) {
	t.Helper()
	res := apiAt(t, base+p.Request)
	for path, v := range p.Figures {
		if a, ok := atPath(res, path); !ok || !sameValue(v, a) {
			t.Errorf("%s: headline %s = %s, API says %v", p.Request, path, v, a)
		}
	}
	obj, _ := res.(map[string]any)
	numbers := []string{}
	for k, v := range obj {
		// Left out: a cost of 0 is an absent price (shown as "give a
		// price"), and the plan's search time differs between two runs.
		if f, ok := v.(float64); ok && !(f == 0 && strings.HasSuffix(k, "_usd")) && k != "elapsed_seconds" {
			numbers = append(numbers, k)
		}
	}
	hidden := hiddenFields(ctx, t, numbers)
	for _, k := range numbers {
		if !hidden[k] && !sameValue(p.Values[k], obj[k]) {
			t.Errorf("%s: API field %s = %v; the page shows %q", p.Request, k, obj[k], p.Values[k])
		}
	}
	if zeroDollars.MatchString(p.Text) {
		t.Errorf("%s: the page shows $0 (an absent price)", p.Request)
	}
}

// hiddenFields tells which of names the page's label table hides.
func hiddenFields(ctx context.Context, t *testing.T, names []string) map[string]bool {
	t.Helper()
	js, _ := json.Marshal(names)
	m, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]bool](fmt.Sprintf(
		`Object.fromEntries(%s.map(n => [n, window.FLOPS_FORMAT.describe(n, 1).kind === "hide"]))`, js)))
	if err != nil {
		t.Fatal(err)
	}
	return m
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

// choose clicks the option value of an either/or choice in panel a.
func choose(choice, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(fmt.Sprintf(`section[data-scenario="a"] input[data-choice=%q][value=%q]`, choice, value)))
}

// TestBrowserHeadlinesMatchAPI opens every tab with its default inputs and
// checks the headline figures against the API's answer to the very
// request the page sent, and that no number of the result is left out.
func TestBrowserHeadlinesMatchAPI(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	for _, tab := range []string{"train", "infer", "model", "scale", "plan", "hardware"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab="+tab)); err != nil {
			t.Fatalf("%s: %v", tab, err)
		}
		p, err := waitPanel(ctx, hasFigures)
		if err != nil {
			t.Fatalf("%s: %v", tab, err)
		}
		sameAsAPI(ctx, t, ts.URL, p)
	}
}

func TestBrowserTrainAndPermalink(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=train"),
		chromedp.WaitVisible(chromedp.CSS(`.figure[data-field="gpu_hours"]`)),
		typeInto("#f0-params", "13B"), typeInto("#f0-tokens", "2T"),
		typeInto("#f0-mfu", "0.4"), typeInto("#f0-price", "3"), typeInto("#f0-gpus", "256"),
	); err != nil {
		t.Fatal(err)
	}
	// 6·N·D = 6 × 13e9 × 2e12 = 1.56e23 FLOPs; GPU-hours = 1.56e23 /
	// (989.4e12 × 0.4) / 3600 = 109,497 (H100 SXM dense bf16 peak).
	p, err := waitPanel(ctx, figureIs("gpu_hours", 1.56e23/(989.4e12*0.4)/3600, 1e-9))
	if err != nil {
		t.Fatal(err)
	}
	sameAsAPI(ctx, t, ts.URL, p)
	link, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	ctx2, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(ctx2, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	again, err := waitPanel(ctx2, figureIs("gpu_hours", 1.56e23/(989.4e12*0.4)/3600, 1e-9))
	if err != nil {
		t.Fatalf("permalink %s: %v", link, err)
	}
	if again.Request != p.Request {
		t.Errorf("permalink %s sends %s, the page sent %s", link, again.Request, p.Request)
	}
}

// TestBrowserInfer: the headline gives TTFT, time per output token,
// throughput and whether the model fits, as the API computes them.
func TestBrowserInfer(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=infer"),
		chromedp.WaitVisible(chromedp.CSS(`.figure[data-field="ttft_seconds"]`)),
		typeInto("#f0-model", "mistral-7b"), typeInto("#f0-gpu", "a100-80gb"), typeInto("#f0-batch", "8"),
		typeInto("#f0-prompt", "1024"), typeInto("#f0-output", "128"),
	); err != nil {
		t.Fatal(err)
	}
	p, err := waitPanel(ctx, func(p panelState) bool { return strings.Contains(p.Request, "output=128") && p.Figures["fits"] != "" })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"ttft_seconds", "seconds_per_output_token", "tokens_per_second", "fits"} {
		if p.Figures[f] == "" {
			t.Errorf("headline lacks %s; figures %v", f, p.Figures)
		}
	}
	sameAsAPI(ctx, t, ts.URL, p)
}

// TestBrowserInferLoad: with "Requests in flight" chosen the Inference tab
// asks the serving engine (concurrency, framework; never the static batch,
// which the API refuses under load) and heads the answer with its TTFT,
// TPOT and tokens/s per GPU, as the API computes them.
func TestBrowserInferLoad(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=infer"),
		chromedp.WaitVisible(chromedp.CSS(`.figure[data-field="ttft_seconds"]`)),
		choose("load_by", "concurrency"), typeInto("#f0-model", "llama-3.1-8b"), typeInto("#f0-concurrency", "16"),
	); err != nil {
		t.Fatal(err)
	}
	p, err := waitPanel(ctx, func(p panelState) bool {
		return strings.Contains(p.Request, "concurrency=16") && strings.Contains(p.Request, "llama-3.1-8b") && p.Figures["tpot_seconds"] != ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p.Request, "batch=") {
		t.Errorf("a load request carries the static batch: %s", p.Request)
	}
	for _, f := range []string{"ttft_seconds", "tpot_seconds", "output_tokens_per_second_per_gpu"} {
		if p.Figures[f] == "" {
			t.Errorf("headline lacks %s; figures %v", f, p.Figures)
		}
	}
	sameAsAPI(ctx, t, ts.URL, p)
}

// TestBrowserEitherOrNeverConflicts switches every either/or input back
// and forth as a user would and checks that no request the page sends
// carries both sides (the API's "not both" and "conflicts with" errors).
func TestBrowserEitherOrNeverConflicts(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	record := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(() => { window.sent = []; const f = window.fetch;
			window.fetch = (u, o) => { window.sent.push(String(u)); return f(u, o); }; return true; })()`)(ctx, tg)
		return err
	})
	// The API's either/or groups per tab: at most one of each may be sent.
	conflicts := map[string][][]string{
		"train": {{"params", "model"}, {"tokens", "budget"}, {"gpus", "days"}},
		"infer": {{"params", "model"}},
		"scale": {{"compute", "budget", "gpu_hours", "days"}, {"loss", "params", "model"}},
	}
	steps := []struct {
		tab     string
		actions []chromedp.Action[chromedp.Void]
		want    string // a request the page must end with
	}{
		{"train", []chromedp.Action[chromedp.Void]{choose("size_by", "model"), typeInto("#f0-model", "llama-3-8b"), choose("length_by", "budget"),
			typeInto("#f0-budget", "$100k"), choose("cluster_by", "days"), typeInto("#f0-days", "30")}, "model=llama-3-8b&budget=%24100k&days=30"},
		{"train", []chromedp.Action[chromedp.Void]{choose("size_by", "model"), typeInto("#f0-model", "llama-3-8b"), choose("size_by", "params"),
			typeInto("#f0-params", "13B")}, "params=13B"},
		{"infer", []chromedp.Action[chromedp.Void]{choose("size_by", "params"), typeInto("#f0-params", "70B"), choose("size_by", "model")}, "model=llama-3-8b"},
		{"scale", []chromedp.Action[chromedp.Void]{choose("budget_by", "budget"), typeInto("#f0-budget", "$1M"), choose("budget_by", "gpu_hours"),
			typeInto("#f0-gpu_hours", "100k"), choose("budget_by", "days"), typeInto("#f0-days", "30"), typeInto("#f0-gpus", "1024")}, "days=30&gpus=1024"},
		{"scale", []chromedp.Action[chromedp.Void]{choose("mode", "inference"), choose("reference_by", "loss"), typeInto("#f0-loss", "1.95"),
			choose("mode", "loss")}, "/api/scale/loss"},
	}
	for i, st := range steps {
		acts := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(ts.URL + "/?tab=" + st.tab), chromedp.WaitVisible(chromedp.CSS(".figure")), record}, st.actions...)
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatalf("step %d (%s): %v", i, st.tab, err)
		}
		p, sent, err := settle(ctx)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i, st.tab, err)
		}
		if !strings.Contains(p.Request, st.want) {
			t.Errorf("step %d: the page ends on %s, want a request with %s", i, p.Request, st.want)
		}
		for _, u := range sent {
			for _, group := range conflicts[st.tab] {
				if n := countParams(u, group); n > 1 {
					t.Errorf("step %d: the page sent %s with %d of %v", i, u, n, group)
				}
			}
		}
		if strings.Contains(p.Status, "not both") || strings.Contains(p.Status, "conflicts") {
			t.Errorf("step %d: status %q", i, p.Status)
		}
	}
}

// settle waits until the inputs' debounce has passed and panel a shows
// the answer to the last request the page sent (recorded in window.sent).
func settle(ctx context.Context) (panelState, []string, error) {
	time.Sleep(400 * time.Millisecond) // > the 250 ms debounce
	var sent []string
	p, err := waitPanel(ctx, func(p panelState) bool {
		sent, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.sent`))
		return len(sent) > 0 && sent[len(sent)-1] == p.Request && hasFigures(p)
	})
	return p, sent, err
}

// countParams counts how many of names the query of u sets.
func countParams(u string, names []string) int {
	_, q, _ := strings.Cut(u, "?")
	n := 0
	for _, kv := range strings.Split(q, "&") {
		k, _, _ := strings.Cut(kv, "=")
		for _, name := range names {
			if k == name {
				n++
			}
		}
	}
	return n
}

// TestBrowserCompareAndKeyboard opens a two-scenario link, checks both
// panels compute their own numbers, and moves between tabs with the arrow
// keys as a keyboard user would.
func TestBrowserCompareAndKeyboard(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	link := ts.URL + "/?tab=train&cmp=1&a.params=7B&a.tokens=1T&a.gpu=h100-sxm&a.mfu=0.5&b.params=70B&b.tokens=1T&b.gpu=h100-sxm&b.mfu=0.5"
	if err := chromedp.Do(ctx, chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`section[data-scenario="b"] .figure[data-field="training_flops"]`))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.figure[data-field="training_flops"]')].map(e => e.dataset.value)`))
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
		chromedp.WaitVisible(chromedp.CSS(`.figure[data-field="seconds_per_output_token"]`))); err != nil {
		t.Fatalf("ArrowRight from Train should open Inference: %v", err)
	}
	sel, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + " " + document.activeElement.getAttribute("aria-selected")`))
	if err != nil || sel != "tab-infer true" {
		t.Errorf("focused tab = %q, want \"tab-infer true\"", sel)
	}
}

// TestBrowserPhoneWidth loads every tab at 400 CSS px and checks that the
// page does not scroll sideways once the result is shown (wide tables and
// charts scroll inside their own box), and that each panel of the
// inference chart is drawn at least 400 px wide: 0.66 of its 453 pt
// (604 px) natural width, so its 12 pt labels stay about 10 px tall.
func TestBrowserPhoneWidth(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	for _, tab := range []string{"train", "infer", "model", "scale", "plan", "hardware"} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(400, 860), chromedp.Navigate(ts.URL+"/?tab="+tab)); err != nil {
			t.Fatalf("%s: %v", tab, err)
		}
		if _, err := waitPanel(ctx, hasFigures); err != nil {
			t.Fatalf("%s: %v", tab, err)
		}
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if w > 400 {
			t.Errorf("%s tab is %d px wide at a 400 px viewport (scrolls sideways)", tab, w)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=infer"), chromedp.WaitVisible(chromedp.CSS(".panes img"))); err != nil {
		t.Fatal(err)
	}
	widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[...document.querySelectorAll('.panes.n2 .crop')].map(c => c.getBoundingClientRect().width)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(widths) != 2 {
		t.Fatalf("inference chart: %d panes, want 2", len(widths))
	}
	for i, w := range widths {
		if w < 400 {
			t.Errorf("inference chart panel %d is drawn %.0f px wide at 400 px, want ≥ 400", i, w)
		}
	}
}

// TestBrowserLabelsForNewFields: result fields the page has never seen
// get a human label, a unit and a group from the naming rules of
// format.js, with no entry of their own (serving under load and goodput
// results are planned).
func TestBrowserLabelsForNewFields(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=hardware"), chromedp.WaitVisible(chromedp.CSS(".figure"))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		value float64
		want  string // label | kind | group | shown
	}{
		{"ttft_p90_seconds", 0.25, "TTFT p90 | seconds | time | 250 ms"},
		{"output_tokens_per_second_per_gpu", 1234, "Output tokens/s per GPU | tok_rate | time | 1,234 tokens/s"},
		{"goodput", 0.93, "Goodput (useful ÷ wall-clock) | fraction | failures | 93 %"},
		{"expected_interruptions", 3, "Expected interruptions | plain | failures | 3"},
		{"wall_clock_seconds_with_failures", 3 * 86400, "Wall clock with failures | seconds | failures | 3.00 days"},
		{"serving_cost_per_million_tokens_usd", 0.42, "Serving cost per million tokens | usd | cost | $0.42"},
		{"kv_cache_bytes_per_gpu", 2 << 30, "KV cache per GPU | bytes | memory | 2.15 GB (2.00 GiB)"},
	}
	for _, tt := range tests {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
			`(() => { const F = window.FLOPS_FORMAT, d = F.describe(%q, %v); return [d.label, d.kind, d.group, F.show(d.kind, %v)].join(" | "); })()`,
			tt.name, tt.value, tt.value)))
		if err != nil || got != tt.want {
			t.Errorf("%s = %v: got %q (%v), want %q", tt.name, tt.value, got, err, tt.want)
		}
	}
}

// TestBrowserDeploy: the Deploy tab shows the best layout with the API's
// numbers for the request it sent, the Pareto chart, the command to
// reproduce it (broken only between options) and no sideways scroll at
// phone width; an edit while a search is in flight aborts that search's
// request, so only the newest answer is ever shown.
func TestBrowserDeploy(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	link := ts.URL + "/?tab=deploy&a.model=llama-3.1-8b&a.gpu=h100-sxm&a.gpus=8&a.mode=agg"
	if err := chromedp.Do(ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	p, err := waitPanel(ctx, func(p panelState) bool { return hasFigures(p) && strings.Contains(p.Request, "model=llama-3.1-8b") })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"best.gpus", "best.ttft_seconds", "best.tpot_seconds", "best.output_tokens_per_second_per_gpu"} {
		if p.Figures[f] == "" {
			t.Errorf("headline lacks %s; figures %v", f, p.Figures)
		}
	}
	sameAsAPI(ctx, t, ts.URL, p)
	chart := `(() => { const i = document.querySelector('section[data-scenario="a"] img[src*="/api/plot/deploy"]');
		return i && i.complete && i.naturalWidth > 0 ? i.getAttribute("src") : ""; })()`
	deadline := time.Now().Add(30 * time.Second)
	for {
		src, err := chromedp.Run(ctx, chromedp.Evaluate[string](chart))
		if err != nil {
			t.Fatal(err)
		}
		if src != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the Pareto chart never loaded")
		}
		time.Sleep(100 * time.Millisecond)
	}
	cmd, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('section[data-scenario="a"] code.cmd span')].map(s => s.textContent)`))
	if err != nil || len(cmd) < 3 || !strings.HasPrefix(cmd[0], "flops infer") {
		t.Fatalf("Reproduce it: %q (%v), want the flops infer command in parts", cmd, err)
	}
	for _, part := range cmd[1:] {
		if !strings.HasPrefix(part, "--") {
			t.Errorf("command part %q does not start with an option", part)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(400, 860)); err != nil {
		t.Fatal(err)
	}
	if w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 400 {
		t.Errorf("Deploy tab is %d px wide at a 400 px viewport (scrolls sideways) %v", w, err)
	}

	// A search that never answers until aborted, then a newer edit.
	stall := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(() => { window.sent = []; window.aborted = []; const f = window.fetch;
			window.fetch = (u, o) => { const url = String(u); window.sent.push(url);
				if (!url.includes("tpot=41ms")) return f(u, o);
				return new Promise((_, reject) => o.signal.addEventListener("abort", () => {
					window.aborted.push(url); reject(new DOMException("aborted", "AbortError")); }));
			}; return true; })()`)(ctx, tg)
		return err
	})
	if err := chromedp.Do(ctx, stall, typeInto("#f0-tpot", "41ms")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the stalled request to be sent", func() bool {
		sent, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.sent`))
		return len(sent) > 0 && strings.Contains(sent[len(sent)-1], "tpot=41ms")
	})
	if err := chromedp.Do(ctx, typeInto("#f0-tpot", "45ms")); err != nil {
		t.Fatal(err)
	}
	p, _, err = settle(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Request, "tpot=45ms") || strings.Contains(p.Status, "failed") {
		t.Errorf("after the newer edit the panel shows %s, status %q; want the tpot=45ms answer", p.Request, p.Status)
	}
	aborted, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.aborted`))
	if err != nil || len(aborted) != 1 || !strings.Contains(aborted[0], "tpot=41ms") {
		t.Errorf("aborted requests %q (%v), want the one in flight (tpot=41ms)", aborted, err)
	}
}

// TestBrowserClearedDefaultStaysCleared: a field the page fills in (the
// Train tab's price) that the user empties is sent as nothing, and the
// permalink keeps it empty instead of bringing the page's value back.
func TestBrowserClearedDefaultStaysCleared(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	clear := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(() => { const e = document.querySelector("#f0-price"); e.value = "";
			e.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)(ctx, tg)
		return err
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?tab=train"), chromedp.WaitVisible(chromedp.CSS(`.figure[data-field="gpu_hours"]`)), clear); err != nil {
		t.Fatal(err)
	}
	noPrice := func(p panelState) bool { return hasFigures(p) && !strings.Contains(p.Request, "price=") }
	if _, err := waitPanel(ctx, noPrice); err != nil {
		t.Fatal(err)
	}
	link, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	ctx2, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(ctx2, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	p, err := waitPanel(ctx2, hasFigures)
	if err != nil {
		t.Fatal(err)
	}
	price, err := chromedp.Run(ctx2, chromedp.Evaluate[string](`document.querySelector("#f0-price").value`))
	if err != nil || price != "" || strings.Contains(p.Request, "price=") {
		t.Errorf("permalink %s: price input %q, request %s; want it empty and not sent", link, price, p.Request)
	}
}

// TestBrowserDeployCompareAPI: the Deploy tab's "Compare with API prices"
// shows the published API prices beside the self-hosted cost, one row per
// price the API answers, each with its ratio, and what is not compared.
func TestBrowserDeployCompareAPI(t *testing.T) {
	ctx := browser(t)
	ts := pageServer(t)
	query := "model=llama-3.1-8b&gpu=h100-sxm&gpus=2&mode=agg&tpot=30ms&price=2&compare_api=true"
	link := ts.URL + "/?tab=deploy&a." + strings.ReplaceAll(query, "&", "&a.")
	if err := chromedp.Do(ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	if _, err := waitPanel(ctx, func(p panelState) bool { return hasFigures(p) && strings.Contains(p.Request, "compare_api=true") }); err != nil {
		t.Fatal(err)
	}
	prices, _ := atPath(apiAt(t, ts.URL+"/api/deploy?"+query), "api_comparison.prices")
	want, _ := prices.([]any)
	if len(want) == 0 {
		t.Fatal("the API lists no prices for llama-3.1-8b; the catalog has some")
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('section[data-scenario="a"] table[data-table="api_comparison.prices"] tr')].slice(1).map(r => r.cells[4].textContent)`))
	if err != nil || len(rows) != len(want) {
		t.Fatalf("API price rows %q (%v), want %d as the API answers", rows, err, len(want))
	}
	for i, r := range rows {
		ratio, _ := atPath(want[i], "output_ratio")
		if w := fmt.Sprintf("%.2f×", ratio); r != w {
			t.Errorf("row %d ratio %q, want %q (the API's output_ratio)", i, r, w)
		}
	}
	notes, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('section[data-scenario="a"] .notes')].map(n => n.textContent).join(" ")`))
	if err != nil || !strings.Contains(notes, "Not compared") {
		t.Errorf("notes %q (%v), want what the comparison leaves out", notes, err)
	}
}
