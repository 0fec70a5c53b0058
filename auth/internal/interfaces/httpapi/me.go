package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/httpx"
)

func getMe(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		actor := httpx.Principal(c)
		user, err := app.Queries.GetUser.Handle(c.Request().Context(), application.GetUser{Actor: actor, ID: actor.UserID})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, user)
	}
}

func updateMe(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req UpdateMeRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		if err := httpx.Required(httpx.Need("full_name", req.FullName)); err != nil {
			return err
		}
		user, err := app.Commands.UpdateMe.Handle(c.Request().Context(), application.UpdateMe{Actor: httpx.Principal(c), FullName: *req.FullName})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, user)
	}
}

func changePassword(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req ChangePasswordRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		if err := httpx.Required(httpx.Need("current_password", req.CurrentPassword), httpx.Need("new_password", req.NewPassword)); err != nil {
			return err
		}
		_, err := app.Commands.ChangePassword.Handle(c.Request().Context(), application.ChangePassword{
			Actor: httpx.Principal(c), CurrentPassword: *req.CurrentPassword, NewPassword: *req.NewPassword,
		})
		if err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
