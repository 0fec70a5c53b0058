package authn_test

import (
	"context"
	"strings"
	"testing"

	"github.com/modmono/platform/authn"
)

func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer abc.def.ghi", "bearer  x", "Basic abc", "Bearer ", "Bearer a=b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		tok, ok := authn.BearerToken(header)
		if !ok {
			if tok != "" {
				t.Fatalf("rejected %q but returned %q", header, tok)
			}
			return
		}
		if tok == "" || len(tok) > authn.MaxTokenLength || strings.ContainsAny(tok, " \t\r\n") {
			t.Fatalf("accepted %q as token %q", header, tok)
		}
		if !strings.HasSuffix(header, tok) || !strings.EqualFold(header[:6], "bearer") {
			t.Fatalf("token %q is not the tail of %q after the scheme", tok, header)
		}
	})
}

// FuzzVerify mutates a valid token: nothing but the untouched original may verify.
func FuzzVerify(f *testing.F) {
	fx := newFixture(f)
	valid := sign(f, fx.priv, testKid, validClaims())
	f.Add(valid)
	f.Add(valid[:len(valid)-1] + "A")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("not-a-jwt")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := fx.v.Verify(context.Background(), raw)
		if err == nil && raw != valid {
			t.Fatalf("accepted junk %q as %+v", raw, p)
		}
		if err != nil && p.UserID != "" {
			t.Fatalf("rejected %q but returned principal %+v", raw, p)
		}
	})
}
