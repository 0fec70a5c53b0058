package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/httpx"
)

func register(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req RegisterRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		if err := httpx.Required(httpx.Need("email", req.Email), httpx.Need("password", req.Password), httpx.Need("full_name", req.FullName)); err != nil {
			return err
		}
		user, err := app.Commands.Register.Handle(c.Request().Context(), application.Register{
			Email: *req.Email, Password: *req.Password, FullName: *req.FullName,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, user)
	}
}

func login(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req LoginRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		if err := httpx.Required(httpx.Need("email", req.Email), httpx.Need("password", req.Password)); err != nil {
			return err
		}
		pair, err := app.Commands.Login.Handle(c.Request().Context(), application.Login{Email: *req.Email, Password: *req.Password})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, pair)
	}
}

func refresh(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		token, err := bindRefreshToken(c)
		if err != nil {
			return err
		}
		pair, err := app.Commands.Refresh.Handle(c.Request().Context(), application.Refresh{RefreshToken: token})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, pair)
	}
}

func logout(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		token, err := bindRefreshToken(c)
		if err != nil {
			return err
		}
		if _, err := app.Commands.Logout.Handle(c.Request().Context(), application.Logout{RefreshToken: token}); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

func bindRefreshToken(c echo.Context) (string, error) {
	var req RefreshTokenRequest
	if err := httpx.Bind(c, &req); err != nil {
		return "", err
	}
	if err := httpx.Required(httpx.Need("refresh_token", req.RefreshToken)); err != nil {
		return "", err
	}
	return *req.RefreshToken, nil
}
