package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/httpx"
)

func listUsers(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, err := httpx.PageRequest(c)
		if err != nil {
			return err
		}
		list, err := app.Queries.ListUsers.Handle(c.Request().Context(), application.ListUsers{
			Actor: httpx.Principal(c), EmailPrefix: c.QueryParam("email"), Page: req,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, list)
	}
}

func getUser(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := userID(c)
		if err != nil {
			return err
		}
		user, err := app.Queries.GetUser.Handle(c.Request().Context(), application.GetUser{Actor: httpx.Principal(c), ID: id})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, user)
	}
}

func updateUser(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := userID(c)
		if err != nil {
			return err
		}
		var req UpdateUserRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		user, err := app.Commands.UpdateUser.Handle(c.Request().Context(), application.UpdateUser{
			Actor: httpx.Principal(c), ID: id, Roles: req.Roles, Disabled: req.Disabled, FullName: req.FullName,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, user)
	}
}

func userID(c echo.Context) (string, error) {
	return httpx.PathID(c, "id", domain.CodeUserNotFound, "no user has this id")
}
