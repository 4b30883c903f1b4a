// Package api is the request layer shared by the CLI and the web server:
// each capability has a Request struct whose fields are the command's flags
// as text (JSON tags = flag names in snake_case) and a Run method that
// parses them, resolves catalog names and files, calls the compute package
// and returns its Result. One schema, one conversion, for both front ends.
package api

import (
	"context"

	"github.com/flopsdev/flops/hardware"
)

// Env is what requests are resolved against.
type Env struct {
	// Hardware is the accelerator catalog (the embedded one plus any user
	// file); nil means hardware.Default().
	Hardware *hardware.Catalog
	// AllowPaths lets a model argument name a local file or directory.
	// The CLI sets it; the web server never does.
	AllowPaths bool
	// Context, if set, stops a long computation (a plan search) once it is
	// done; the web server passes each request's context, so a search ends
	// when its client goes away. nil: run to the end.
	Context context.Context
}
