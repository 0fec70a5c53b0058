package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
)

// errsUnauthenticated is listed on the public catalogue routes: they need no token, but a bad
// one is refused rather than ignored.
const errsUnauthenticated = errs.CodeUnauthenticated

// viewer is the caller of a public route: the zero Principal without an Authorization header,
// the token's principal with a valid one. The server checks tokens only on User and Admin
// routes, so a public route that shows admins more verifies the token itself. A token that is
// sent but bad is a 401, not an anonymous view: the caller meant to be someone.
func viewer(c echo.Context, v *authn.Verifier) (authn.Principal, error) {
	header := c.Request().Header.Get(echo.HeaderAuthorization)
	if header == "" {
		return authn.Principal{}, nil
	}
	token, ok := authn.BearerToken(header)
	if !ok {
		return authn.Principal{}, errs.Unauthenticated(errs.CodeUnauthenticated, "the Authorization header must be a bearer access token")
	}
	if v == nil { // nothing to verify with: show what anyone may see, never more
		return authn.Principal{}, nil
	}
	return v.Verify(c.Request().Context(), token)
}
