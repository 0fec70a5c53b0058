package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/httpx"
)

// requestPasswordReset answers 202 with no body for every well-formed address, so the answer
// says nothing about which addresses have accounts.
func requestPasswordReset(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req PasswordResetRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		if err := httpx.Required(httpx.Need("email", req.Email)); err != nil {
			return err
		}
		if _, err := app.Commands.RequestPasswordReset.Handle(c.Request().Context(), application.RequestPasswordReset{Email: *req.Email}); err != nil {
			return err
		}
		return c.NoContent(http.StatusAccepted)
	}
}

func confirmPasswordReset(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req ConfirmPasswordResetRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		if err := httpx.Required(httpx.Need("token", req.Token), httpx.Need("new_password", req.NewPassword)); err != nil {
			return err
		}
		_, err := app.Commands.ConfirmPasswordReset.Handle(c.Request().Context(), application.ConfirmPasswordReset{
			Token: *req.Token, NewPassword: *req.NewPassword,
		})
		if err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
