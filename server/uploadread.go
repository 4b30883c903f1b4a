package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// Upload bodies are read in chunks, each taking uploadChunk bytes of a
// budget shared by all uploads (maxConcurrentUploads × MaxUpload): memory
// is bounded by the bytes that have arrived, not by the uploads open, so
// clients that announce a body and send nothing hold next to nothing and
// do not delay a real upload. A body that stops arriving for uploadIdle
// (or takes longer than uploadTotal) is cut off with a 408.
const (
	uploadChunk = 64 << 10
	uploadIdle  = 2 * time.Second
	uploadTotal = 15 * time.Second
	uploadWait  = 5 * time.Second // longest wait for budget before a 503
)

// uploadSlots is the budget, in chunks, the longest wait for one and the
// longest a body may stop arriving (uploadWait, uploadIdle; tests shorten
// them).
type uploadSlots struct {
	chunks     chan struct{}
	wait, idle time.Duration
}

// newUploadSlots makes the budget of uploads bodies of maxUpload bytes.
func newUploadSlots(uploads int, maxUpload int64) *uploadSlots {
	return &uploadSlots{chunks: make(chan struct{}, max(1, uploads*int((maxUpload+uploadChunk-1)/uploadChunk))),
		wait: uploadWait, idle: uploadIdle}
}

// errUploadBusy is an upload that waited for budget in vain.
var errUploadBusy = errors.New("busy: too many uploads in progress; retry in a few seconds")

// take waits for one chunk of budget.
func (u *uploadSlots) take(ctx context.Context) error {
	select {
	case u.chunks <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(u.wait)
	defer t.Stop()
	select {
	case u.chunks <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errUploadBusy
	}
}

func (u *uploadSlots) give(n int) {
	for range n {
		<-u.chunks
	}
}

// readUpload reads the request body, at most limit bytes (a
// *http.MaxBytesError beyond), taking budget chunk by chunk as bytes
// arrive and setting a read deadline before each read. release returns the
// budget once the caller is done with data.
func (s *server) readUpload(w http.ResponseWriter, r *http.Request, limit int64) (data []byte, release func(), err error) {
	rc := http.NewResponseController(w)
	defer rc.SetReadDeadline(time.Time{})
	start := time.Now()
	body := http.MaxBytesReader(w, r.Body, limit)
	var chunks [][]byte
	taken := 0
	release = func() { s.uploads.give(taken) }
	for {
		if err := s.uploads.take(r.Context()); err != nil {
			return nil, release, err
		}
		taken++
		chunk := make([]byte, uploadChunk)
		n, err := readFull(rc, body, chunk, start, s.uploads.idle)
		chunks = append(chunks, chunk[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, release, err
		}
	}
	return bytes.Join(chunks, nil), release, nil
}

// readFull fills p from body, extending the read deadline by idle before
// each read (never past start+uploadTotal). It returns io.EOF with the
// bytes read when the body ends.
func readFull(rc *http.ResponseController, body io.Reader, p []byte, start time.Time, idle time.Duration) (int, error) {
	n := 0
	for n < len(p) {
		deadline := time.Now().Add(idle)
		if end := start.Add(uploadTotal); end.Before(deadline) {
			deadline = end
		}
		rc.SetReadDeadline(deadline)
		m, err := body.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
