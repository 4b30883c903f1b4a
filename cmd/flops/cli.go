package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/flopsdev/flops/api"
)

// errHelp is returned when -h was asked for; it exits 0.
var errHelp = errors.New("help requested")

// usageError is a bad command line: exit code 2.
type usageError struct {
	msg  string
	hint string
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Hint() string  { return e.hint }

// usagef builds a usageError.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// hintError is an ordinary error (exit 1) with a hint line.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }
func (e *hintError) Hint() string  { return e.hint }

// withHint attaches a hint to err.
func withHint(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &hintError{err: err, hint: hint}
}

// newFlagSet makes a FlagSet for a command whose help text prints the
// summary, the flags and the help text (output fields, examples).
func newFlagSet(env *cliEnv, name, synopsis, help string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := env.stderr
		fmt.Fprintf(w, "Usage: flops %s\n\nFlags:\n", synopsis)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		if help != "" {
			fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(help))
		}
	}
	return fs
}

// parseFlags parses args, turning -h into errHelp (after printing usage)
// and any flag error into a usageError. Positional arguments are returned.
//
// The flag package calls fs.Usage on every parse error as well as for -h;
// parseFlags silences it during parsing so that a bad flag prints one
// line, and prints the help only for -h.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	help := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = help
	if errors.Is(err, flag.ErrHelp) {
		help()
		return nil, errHelp
	}
	if err != nil {
		return nil, &usageError{msg: err.Error(), hint: fmt.Sprintf("run 'flops %s -h' for the flags", fs.Name())}
	}
	return fs.Args(), nil
}

// parseFlagsOnly is parseFlags for a command that takes no positional
// arguments.
func parseFlagsOnly(fs *flag.FlagSet, args []string) error {
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("%s: unexpected argument %q (flags only)", fs.Name(), rest[0])
	}
	return nil
}

// writeJSON prints v as indented JSON with a trailing newline.
// A value that overflowed to ±Inf or NaN (e.g. from --params 1e308) cannot
// be JSON; the error says so instead of "json: unsupported value".
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	var uve *json.UnsupportedValueError
	if errors.As(err, &uve) {
		return fmt.Errorf("result out of range (a computed value is %s): check the magnitudes of the inputs", uve.Str)
	}
	return err
}

// inputUsage turns a request's input error (a bad or missing flag value,
// api.InputError) into a usage error, exit 2; other errors pass unchanged.
// The reason already names the accepted forms when a value was given, so
// the hint to the command's help is added only when the value is missing.
func inputUsage(err error, cmd string) error {
	var ie *api.InputError
	if !errors.As(err, &ie) {
		return err
	}
	ue := &usageError{msg: err.Error()}
	if ie.Value == "" {
		ue.hint = fmt.Sprintf("run 'flops %s -h' for the flags and examples", cmd)
	}
	return ue
}

// runRequest builds the api.Env (the catalog plus --hw-file or
// FLOPS_HW_FILE) and runs a parsed request with it; an input error becomes
// a usage error naming cmd's help. Call it after the flags are parsed: a
// method value such as req.Run copies the request when it is evaluated.
func runRequest[T any](env *cliEnv, hwFile, cmd string, run func(api.Env) (T, error)) (T, error) {
	var zero T
	aenv, err := apiEnv(env, hwFile)
	if err != nil {
		return zero, err
	}
	res, err := run(aenv)
	if err != nil {
		return zero, inputUsage(err, cmd)
	}
	return res, nil
}
