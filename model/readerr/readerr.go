// Package readerr is the error type the model file readers (hfconfig,
// safetensors, gguf) share: a message, context first, and a kind that says
// whether the input is broken (the reader's ErrFormat) or valid but not
// supported (its ErrUnsupported), so callers can tell the two apart with
// errors.Is.
package readerr

import "fmt"

// Error is a reader error of one kind.
type Error struct {
	Kind error  // the reader's ErrFormat or ErrUnsupported
	Msg  string // what is wrong, context first
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the kind, so errors.Is(err, ErrFormat) works.
func (e *Error) Unwrap() error { return e.Kind }

// New formats a message as an Error of the given kind.
func New(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}
