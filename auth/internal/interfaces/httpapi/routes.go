// Package httpapi is the auth context's HTTP interface: it translates the contract's requests
// into commands and queries and their results back into responses.
package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/page"
	"github.com/modmono/platform/ratelimit"
)

// Limits are the per-client limits (platform/ratelimit) of the public routes that store an
// account or make the shop send mail; a nil one limits nothing.
type Limits struct {
	Registrations, PasswordResets echo.MiddlewareFunc
}

// Routes are the auth context's endpoints (the JWK Set route comes from the tokens package,
// which holds the keys). Problems are the errors a route answers beyond those its body and
// Access already imply (MALFORMED_JSON, VALIDATION_FAILED, UNSUPPORTED_MEDIA_TYPE,
// PAYLOAD_TOO_LARGE, UNAUTHENTICATED, FORBIDDEN): the OpenAPI document takes their statuses
// from their kinds. The examples are checked against the body types when the document is built.
func Routes(app *application.Application, limits Limits) []httpx.Route {
	user, tags := application.UserView{}, []string{"auth"}
	return []httpx.Route{
		{Method: http.MethodPost, Path: "/api/v1/auth/register", Access: httpx.Public, Handler: ratelimit.Apply(limits.Registrations, register(app)),
			OperationID: "register", Summary: "Create a customer account", Tags: tags,
			Request: RegisterRequest{}, Response: user, Status: http.StatusCreated,
			Errors: []string{errs.CodeTooManyRequests}, Problems: []*errs.Error{domain.ErrEmailTaken()},
			RequestExample: `{"email": "ada@example.com", "password": "correct horse battery", "full_name": "Ada Lovelace"}`, ResponseExample: userExample},
		{Method: http.MethodPost, Path: "/api/v1/auth/login", Access: httpx.Public, Handler: login(app),
			OperationID: "login", Summary: "Exchange an email and password for a token pair", Tags: tags,
			Request: LoginRequest{}, Response: application.TokenPair{}, Status: http.StatusOK,
			Errors: []string{errs.CodeTooManyRequests}, Problems: []*errs.Error{domain.ErrInvalidCredentials()},
			RequestExample: `{"email": "ada@example.com", "password": "correct horse battery"}`, ResponseExample: tokenPairExample},
		{Method: http.MethodPost, Path: "/api/v1/auth/refresh", Access: httpx.Public, Handler: refresh(app),
			OperationID: "refreshToken", Summary: "Rotate a refresh token for a new token pair", Tags: tags,
			Request: RefreshTokenRequest{}, Response: application.TokenPair{}, Status: http.StatusOK,
			Problems:       []*errs.Error{domain.ErrInvalidToken(), domain.ErrTokenReused()},
			RequestExample: refreshExample, ResponseExample: tokenPairExample},
		{Method: http.MethodPost, Path: "/api/v1/auth/logout", Access: httpx.Public, Handler: logout(app),
			OperationID: "logout", Summary: "End the session a refresh token belongs to", Tags: tags,
			Request: RefreshTokenRequest{}, Status: http.StatusNoContent, RequestExample: refreshExample},
		{Method: http.MethodGet, Path: "/api/v1/auth/me", Access: httpx.User, Handler: getMe(app),
			OperationID: "getMe", Summary: "The signed-in user", Tags: tags,
			Response: user, Status: http.StatusOK, Problems: []*errs.Error{domain.ErrUserNotFound()}, ResponseExample: userExample},
		{Method: http.MethodPatch, Path: "/api/v1/auth/me", Access: httpx.User, Handler: updateMe(app),
			OperationID: "updateMe", Summary: "Change the signed-in user's full name", Tags: tags,
			Request: UpdateMeRequest{}, Response: user, Status: http.StatusOK,
			Problems: []*errs.Error{domain.ErrUserNotFound()}, RequestExample: `{"full_name": "Ada King"}`},
		{Method: http.MethodPost, Path: "/api/v1/auth/password", Access: httpx.User, Handler: changePassword(app),
			OperationID: "changePassword", Summary: "Change the signed-in user's password and end all their sessions", Tags: tags,
			Request: ChangePasswordRequest{}, Status: http.StatusNoContent,
			Problems:       []*errs.Error{domain.ErrInvalidCredentials(), domain.ErrUserNotFound()},
			RequestExample: `{"current_password": "correct horse battery", "new_password": "another horse, staple"}`},
		{Method: http.MethodPost, Path: "/api/v1/auth/password-reset", Access: httpx.Public, Handler: ratelimit.Apply(limits.PasswordResets, requestPasswordReset(app)),
			OperationID: "requestPasswordReset", Summary: "Mail a password reset link, if an account has this email (202 either way)", Tags: tags,
			Request: PasswordResetRequest{}, Status: http.StatusAccepted,
			Errors: []string{errs.CodeTooManyRequests}},
		{Method: http.MethodPost, Path: "/api/v1/auth/password-reset/confirm", Access: httpx.Public, Handler: confirmPasswordReset(app),
			OperationID: "confirmPasswordReset", Summary: "Set a new password with a mailed reset token and end all the user's sessions", Tags: tags,
			Request: ConfirmPasswordResetRequest{}, Status: http.StatusNoContent,
			Errors: []string{domain.CodeInvalidToken}},
		{Method: http.MethodGet, Path: "/api/v1/users", Access: httpx.Admin, Handler: listUsers(app),
			OperationID: "listUsers", Summary: "List users, newest first; ?email= is a literal, case-insensitive prefix", Tags: tags,
			Response: page.Page[application.UserView]{}, Status: http.StatusOK,
			Query: []httpx.Param{{Name: "email", Description: "Only users whose email starts with this, ignoring case; % and _ match themselves"}}},
		{Method: http.MethodGet, Path: "/api/v1/users/:id", Access: httpx.User, Handler: getUser(app),
			OperationID: "getUser", Summary: "A user, for admins or that user", Tags: tags,
			Response: user, Status: http.StatusOK, Problems: []*errs.Error{domain.ErrUserNotFound()}},
		{Method: http.MethodPatch, Path: "/api/v1/users/:id", Access: httpx.Admin, Handler: updateUser(app),
			OperationID: "updateUser", Summary: "Change a user's roles, disabled flag or full name", Tags: tags,
			Request: UpdateUserRequest{}, Response: user, Status: http.StatusOK,
			Problems: []*errs.Error{domain.ErrUserNotFound()}, RequestExample: `{"roles": ["customer", "admin"], "disabled": false}`},
	}
}

// Examples of the bodies, for the documentation.
const (
	userExample = `{"id": "0190a6f1-7c1e-7bbb-8f3a-0123456789ab", "email": "ada@example.com", "full_name": "Ada Lovelace",
		"roles": ["customer"], "disabled": false, "created_at": "2026-03-01T12:00:00Z", "updated_at": "2026-03-01T12:00:00Z"}`
	tokenPairExample = `{"access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl",
		"refresh_token": "Jd0u0mVqGQ4y6Wf3sT1xk9b2Zr7pLc8nEaHvYoBiUwM", "token_type": "Bearer", "expires_in": 900}`
	refreshExample = `{"refresh_token": "Jd0u0mVqGQ4y6Wf3sT1xk9b2Zr7pLc8nEaHvYoBiUwM"}`
)
