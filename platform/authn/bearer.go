package authn

import "strings"

// MaxTokenLength bounds what is even looked at: our access tokens are well under 1 KiB, and a
// bound keeps base64 and signature work on hostile input small.
const MaxTokenLength = 4096

// BearerToken extracts the token of an "Authorization: Bearer <token>" header (RFC 6750 §2.1):
// the scheme is case-insensitive, one or more spaces may follow it, and the token must be a
// non-empty b64token. Anything else is rejected rather than guessed at.
func BearerToken(authorizationHeader string) (string, bool) {
	const scheme = "bearer"
	h := authorizationHeader
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) || h[len(scheme)] != ' ' {
		return "", false
	}
	token := strings.TrimLeft(h[len(scheme):], " ")
	if token == "" || len(token) > MaxTokenLength || !isB64Token(token) {
		return "", false
	}
	return token, true
}

// isB64Token reports whether s matches 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '.', c == '_', c == '~', c == '+', c == '/':
		default:
			return false
		}
	}
	return true
}
