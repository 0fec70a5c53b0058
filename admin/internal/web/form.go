package web

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
)

// readForm accepts a classic form post, or the same fields as a flat JSON object: the server's
// middleware admits only JSON bodies, so the panel's script (static/admin.js) submits forms that
// way.
func readForm(r *http.Request) (url.Values, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return r.PostForm, nil
	}
	var fields map[string]string
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&fields); err != nil {
		return nil, err
	}
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, v)
	}
	return form, nil
}
