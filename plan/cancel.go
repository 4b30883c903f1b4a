package plan

import (
	"context"
	"fmt"
)

// stopped reports whether the request's context is done: the search then
// stops visiting layouts.
func (s *searcher) stopped() bool {
	return s.req.Context != nil && s.req.Context.Err() != nil
}

// stopErr is the error of a search stopped by its context, or nil. It
// wraps the context's cause (context.Canceled, context.DeadlineExceeded).
func (r *Request) stopErr() error {
	if r.Context == nil || r.Context.Err() == nil {
		return nil
	}
	return fmt.Errorf("plan: search stopped: %w", context.Cause(r.Context))
}
