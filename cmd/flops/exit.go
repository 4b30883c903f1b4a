package main

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
)

// Exit codes, the same for every command:
//
//	0  a result (including "does not fit" and "infeasible": those are answers)
//	1  a runtime failure: the system could not do what valid input asked
//	   (reading or writing a file that exists but fails, permission denied,
//	   a full disk, a closed pipe, an address already in use)
//	2  bad input: a flag or value that does not parse or is out of range,
//	   an unknown name (model, accelerator, precision, law, dtype, ...), a
//	   path that does not exist, a file whose contents are broken or
//	   unsupported, a question with no answer as posed (an overflowing
//	   product, an impossible deadline)
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// codeFor maps a command's error to its exit code. Bad input is the rule
// and runtime failures the exception, so that an unknown name exits 2
// whichever package reported it; a failure counts as runtime only when it
// carries an operating-system error (file, network, signal) other than
// "does not exist".
func codeFor(err error) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	if isRuntimeFailure(err) {
		return exitFailure
	}
	return exitUsage
}

// isRuntimeFailure reports whether err comes from the operating system
// rather than from the input: a file or network operation that failed for
// a reason other than a missing path or a malformed address.
func isRuntimeFailure(err error) bool {
	if errors.Is(err, fs.ErrNotExist) {
		return false // a path that is not there is a bad name, like an unknown model
	}
	var (
		addr  *net.AddrError
		parse *net.ParseError
		dns   *net.DNSError
	)
	if errors.As(err, &addr) || errors.As(err, &parse) || errors.As(err, &dns) && dns.IsNotFound {
		return false // --addr names no valid host:port
	}
	var (
		path *fs.PathError
		link *os.LinkError
		sys  *os.SyscallError
		op   *net.OpError
	)
	return errors.As(err, &path) || errors.As(err, &link) || errors.As(err, &sys) || errors.As(err, &op) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, new(*runtimeError))
}

// runtimeError marks a failure of the machine rather than of the input
// that carries no operating-system error (a measurement kernel that
// computes wrong results on this CPU); its message is err's.
type runtimeError struct{ error }

func (e *runtimeError) Unwrap() error { return e.error }

// failure marks err as a runtime failure (exit 1).
func failure(err error) error {
	if err == nil {
		return nil
	}
	return &runtimeError{err}
}
