// Package httpapi is the auth context's HTTP interface: it translates the contract's requests
// into commands and queries and their results back into responses.
package httpapi

import (
	"net/http"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/page"
)

// Routes are the auth context's endpoints (the JWK Set route comes from the tokens package,
// which holds the keys). Errors lists the codes a route answers beyond those its body and
// Access already imply (MALFORMED_JSON, VALIDATION_FAILED, UNSUPPORTED_MEDIA_TYPE,
// PAYLOAD_TOO_LARGE, UNAUTHENTICATED, FORBIDDEN).
func Routes(app *application.Application) []httpx.Route {
	user, tags := application.UserView{}, []string{"auth"}
	return []httpx.Route{
		{Method: http.MethodPost, Path: "/api/v1/auth/register", Access: httpx.Public, Handler: register(app),
			OperationID: "register", Summary: "Create a customer account", Tags: tags,
			Request: RegisterRequest{}, Response: user, Status: http.StatusCreated,
			Errors: []string{domain.CodeEmailTaken}},
		{Method: http.MethodPost, Path: "/api/v1/auth/login", Access: httpx.Public, Handler: login(app),
			OperationID: "login", Summary: "Exchange an email and password for a token pair", Tags: tags,
			Request: LoginRequest{}, Response: application.TokenPair{}, Status: http.StatusOK,
			Errors: []string{domain.CodeInvalidCredentials, errs.CodeTooManyRequests}},
		{Method: http.MethodPost, Path: "/api/v1/auth/refresh", Access: httpx.Public, Handler: refresh(app),
			OperationID: "refreshToken", Summary: "Rotate a refresh token for a new token pair", Tags: tags,
			Request: RefreshTokenRequest{}, Response: application.TokenPair{}, Status: http.StatusOK,
			Errors: []string{domain.CodeInvalidToken, domain.CodeTokenReused}},
		{Method: http.MethodPost, Path: "/api/v1/auth/logout", Access: httpx.Public, Handler: logout(app),
			OperationID: "logout", Summary: "End the session a refresh token belongs to", Tags: tags,
			Request: RefreshTokenRequest{}, Status: http.StatusNoContent},
		{Method: http.MethodGet, Path: "/api/v1/auth/me", Access: httpx.User, Handler: getMe(app),
			OperationID: "getMe", Summary: "The signed-in user", Tags: tags,
			Response: user, Status: http.StatusOK, Errors: []string{domain.CodeUserNotFound}},
		{Method: http.MethodPatch, Path: "/api/v1/auth/me", Access: httpx.User, Handler: updateMe(app),
			OperationID: "updateMe", Summary: "Change the signed-in user's full name", Tags: tags,
			Request: UpdateMeRequest{}, Response: user, Status: http.StatusOK,
			Errors: []string{domain.CodeUserNotFound}},
		{Method: http.MethodPost, Path: "/api/v1/auth/password", Access: httpx.User, Handler: changePassword(app),
			OperationID: "changePassword", Summary: "Change the signed-in user's password and end all their sessions", Tags: tags,
			Request: ChangePasswordRequest{}, Status: http.StatusNoContent,
			Errors: []string{domain.CodeInvalidCredentials, domain.CodeUserNotFound}},
		{Method: http.MethodGet, Path: "/api/v1/users", Access: httpx.Admin, Handler: listUsers(app),
			OperationID: "listUsers", Summary: "List users, newest first; ?email= is a literal, case-insensitive prefix", Tags: tags,
			Response: page.Page[application.UserView]{}, Status: http.StatusOK},
		{Method: http.MethodGet, Path: "/api/v1/users/:id", Access: httpx.User, Handler: getUser(app),
			OperationID: "getUser", Summary: "A user, for admins or that user", Tags: tags,
			Response: user, Status: http.StatusOK, Errors: []string{domain.CodeUserNotFound}},
		{Method: http.MethodPatch, Path: "/api/v1/users/:id", Access: httpx.Admin, Handler: updateUser(app),
			OperationID: "updateUser", Summary: "Change a user's roles, disabled flag or full name", Tags: tags,
			Request: UpdateUserRequest{}, Response: user, Status: http.StatusOK,
			Errors: []string{domain.CodeUserNotFound}},
	}
}
