package authn_test

import (
	"context"
	"testing"

	"github.com/modmono/platform/authn"
)

func TestTokenTravelsInTheContext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		ctx    context.Context
		want   string
		wantOK bool
	}{
		{"a context without a token has none", context.Background(), "", false},
		{"the stored token comes back unchanged", authn.WithToken(context.Background(), "eyJ.a.b"), "eyJ.a.b", true},
		{"an empty token counts as none", authn.WithToken(context.Background(), ""), "", false},
		{"the principal and the token do not overwrite each other",
			authn.WithPrincipal(authn.WithToken(context.Background(), "eyJ.c.d"), authn.Principal{UserID: "u1"}), "eyJ.c.d", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := authn.TokenFrom(tt.ctx)
			if got != tt.want || ok != tt.wantOK {
				t.Fatalf("TokenFrom = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
