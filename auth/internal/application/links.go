package application

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/modmono/platform/baseurl"
)

// ValidatePublicBaseURL accepts an absolute http(s) URL without query or fragment, since mailed
// links are built by appending a path to it. The module checks PUBLIC_BASE_URL with it too, so
// a bad value stops the process with the variable's name.
func ValidatePublicBaseURL(raw string) error {
	u, err := baseurl.Parse(raw)
	if err != nil {
		return fmt.Errorf("%w: want one such as https://shop.example.com", err)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("want no query, fragment or user info: links are built by appending a path")
	}
	return nil
}

// passwordResetLink is the front end's page that reads the token and asks for a new password.
// The token is base64url, so it needs no escaping; QueryEscape only guards the invariant.
func passwordResetLink(base, token string) string {
	return strings.TrimRight(base, "/") + "/reset-password?token=" + url.QueryEscape(token)
}
