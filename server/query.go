package server

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/flopsdev/flops/server/form"
)

// requestQuery parses the request's query string. Unlike
// (*url.URL).Query it reports malformed text ("%zz", ";") and more
// parameters than net/url allows (10,000 since Go 1.25) instead of silently
// dropping them, which would run the request with defaults.
func requestQuery(r *http.Request) (url.Values, error) {
	if n := len(r.URL.RawQuery); n > maxQuery {
		return nil, &form.Error{Msg: fmt.Sprintf("query string of %d bytes is longer than the %d-byte cap; send a JSON body with POST", n, maxQuery)}
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, &form.Error{Msg: fmt.Sprintf("bad query string: %v", err)}
	}
	return q, nil
}

// maxQuery caps a query string, bytes: every calculator's fields fit in a
// few hundred; anything longer is refused with a JSON error rather than
// parsed.
const maxQuery = 64 << 10

// popKey removes every spelling of key from q (any case, '-' for '_') and
// reports whether it was there with a value other than false/0/off.
func popKey(q url.Values, key string) bool {
	found := false
	for k, vals := range q {
		if form.Key(k) == form.Key(key) {
			delete(q, k)
			found = found || len(vals) == 0 || !isFalse(vals[len(vals)-1])
		}
	}
	return found
}

func isFalse(s string) bool {
	switch s {
	case "0", "false", "off", "no":
		return true
	}
	return false
}

// popValue removes every spelling of key from q and returns its last value.
func popValue(q url.Values, key string) string {
	v := ""
	for k, vals := range q {
		if form.Key(k) == form.Key(key) {
			delete(q, k)
			if len(vals) > 0 {
				v = vals[len(vals)-1]
			}
		}
	}
	return v
}
