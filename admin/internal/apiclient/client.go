// Package apiclient calls the public HTTP API on behalf of the signed-in admin, so that every
// action the panel takes goes through the same routes, checks and use cases as any API client.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Error is a problem+json answer of the API.
type Error struct {
	Status int
	Code   string `json:"code"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("%s: %s", e.Code, e.Detail)
	}
	return fmt.Sprintf("%s (%d)", e.Code, e.Status)
}

// IsStatus reports whether err is an API answer with this status.
func IsStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == status
}

// Client sends requests to the API's base URL (the gateway's own listener on loopback).
type Client struct {
	base func() string
	http *http.Client
}

// New builds a client; base is asked on every call because the listener's port is known only
// once the server has started.
func New(base func() string) *Client {
	return &Client{base: base, http: &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Call is one request: out receives the JSON answer (nil to ignore it).
type Call struct {
	Method, Path string
	Query        url.Values
	Token        string
	Body         any
	Idempotency  string
}

// Do sends the call and decodes a 2xx answer into out, or returns an *Error.
func (c *Client) Do(ctx context.Context, call Call, out any) error {
	u := c.base() + call.Path
	if len(call.Query) > 0 {
		u += "?" + call.Query.Encode()
	}
	var body io.Reader
	if call.Body != nil {
		b, err := json.Marshal(call.Body)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, call.Method, u, body)
	if err != nil {
		return err
	}
	if call.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if call.Token != "" {
		req.Header.Set("Authorization", "Bearer "+call.Token)
	}
	if call.Idempotency != "" {
		req.Header.Set("Idempotency-Key", call.Idempotency)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("calling the API: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		e := &Error{Status: resp.StatusCode}
		_ = json.Unmarshal(data, e)
		if e.Code == "" {
			e.Code = http.StatusText(resp.StatusCode)
		}
		return e
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	return json.Unmarshal(data, out)
}
