package baseurl_test

import (
	"testing"

	"github.com/modmono/platform/baseurl"
)

func TestParseAcceptsOnlyAbsoluteHTTPURLsWithAHost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		want bool
	}{
		{"http://auth:8080", true},
		{"https://shop.example.com/base/", true},
		{"", false},
		{"auth:8080", false},           // no scheme: "auth" would be taken for one
		{"ftp://files.example", false}, // not http
		{"http:///path", false},        // no host
		{"/relative", false},
		{"http://[::1", false}, // does not parse
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			u, err := baseurl.Parse(tt.raw)
			if (err == nil) != tt.want || (err == nil) != (u != nil) {
				t.Fatalf("Parse(%q) = %v, %v; want accepted %v", tt.raw, u, err, tt.want)
			}
		})
	}
}
