package web

import (
	"net/http"
	"net/url"
)

// readForm reads a form post; its routes admit application/x-www-form-urlencoded bodies
// (httpx.Route.FormBody), so the forms work without a script.
func readForm(r *http.Request) (url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.PostForm, nil
}
