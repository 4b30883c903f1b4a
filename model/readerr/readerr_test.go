package readerr

import (
	"errors"
	"testing"
)

func TestKind(t *testing.T) {
	errFormat, errUnsupported := errors.New("invalid x"), errors.New("unsupported x")
	err := New(errFormat, "read x: tensor %d: bad shape", 12)
	if !errors.Is(err, errFormat) || errors.Is(err, errUnsupported) {
		t.Errorf("errors.Is: want the format kind only for %v", err)
	}
	if got, want := err.Error(), "read x: tensor 12: bad shape"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
