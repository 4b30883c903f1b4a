package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// versionLine is what "flops --version" prints: the module version and the
// VCS revision, commit time and dirty flag that "go build" stamps into the
// binary, and the Go version that built it. A build without VCS stamping
// (go test, -buildvcs=false, a source tarball) says so instead of a revision.
func versionLine(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "flops (no build information in this binary)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		if strings.HasPrefix(s.Key, "vcs.") {
			vcs[strings.TrimPrefix(s.Key, "vcs.")] = s.Value
		}
	}
	rev := "no VCS revision recorded"
	if r := vcs["revision"]; r != "" {
		rev = "revision " + r
		if t := vcs["time"]; t != "" {
			rev += ", committed " + t
		}
		if vcs["modified"] == "true" {
			rev += ", with uncommitted changes"
		}
	}
	return fmt.Sprintf("flops %s (%s; %s)", v, rev, info.GoVersion)
}

// printVersion writes the version line of the running binary.
func printVersion(w io.Writer) error {
	info, ok := debug.ReadBuildInfo()
	_, err := fmt.Fprintln(w, versionLine(info, ok))
	return err
}
