package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/flopsdev/flops/server"
)

// TestServeHelpListsEveryRoute: the help's route list is the server's
// (server.TestPathsAreTheRoutes ties that list to the mux and the OpenAPI
// document), and every help line fits 80 columns.
func TestServeHelpListsEveryRoute(t *testing.T) {
	_, errOut, code := runCLI("serve", "-h")
	if code != 0 {
		t.Fatalf("serve -h: exit %d", code)
	}
	_, after, ok := strings.Cut(errOut, "\nRoutes:\n")
	if !ok {
		t.Fatalf("serve -h has no Routes section:\n%s", errOut)
	}
	section, _, _ := strings.Cut(after, "\n\n")
	listed := strings.Fields(section)
	if want := server.Paths(); !slices.Equal(listed, want) {
		t.Errorf("serve -h lists\n%v\nthe server routes\n%v", listed, want)
	}
	for _, p := range []string{"/api/deploy", "/api/goodput", "/api/validate", "/api/plot/deploy"} {
		if !slices.Contains(listed, p) {
			t.Errorf("serve -h does not list %s", p)
		}
	}
	for _, line := range strings.Split(errOut, "\n") {
		if len(line) > 80 {
			t.Errorf("help line longer than 80 columns: %q", line)
		}
	}
}

func TestWrapWords(t *testing.T) {
	got := wrapWords("aa bb cc dd", 7, "  ")
	if want := "  aa bb\n  cc dd"; got != want {
		t.Errorf("wrapWords = %q, want %q", got, want)
	}
	if got := wrapWords("averyveryverylongword x", 7, "  "); got != "  averyveryverylongword\n  x" {
		t.Errorf("a word longer than the width: %q", got)
	}
}
