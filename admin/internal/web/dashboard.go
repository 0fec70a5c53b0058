package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

// countCap bounds how many pages of 100 a dashboard count walks: past it the count is shown as
// "at least". The API has no count endpoints, so every figure comes from the list endpoints.
const countCap = 10

func newKey() string { return session.RandomToken() }

type count struct {
	N       int
	AtLeast bool
}

func count1[T any](ctx context.Context, p *Panel, token, path string, q url.Values, keep func(T) bool) (count, error) {
	var n count
	q.Set("limit", "100")
	for range countCap {
		var page apiclient.Page[T]
		if err := p.api.Do(ctx, apiclient.Call{Method: http.MethodGet, Path: path, Query: q, Token: token}, &page); err != nil {
			return n, err
		}
		for _, it := range page.Items {
			if keep == nil || keep(it) {
				n.N++
			}
		}
		if page.Next() == "" {
			return n, nil
		}
		q.Set("cursor", page.Next())
	}
	n.AtLeast = true
	return n, nil
}

func (p *Panel) dashboard(c echo.Context, s *session.Session) error {
	ctx := c.Request().Context()
	users, err := count1[apiclient.User](ctx, p, s.Access, "/api/v1/users", url.Values{}, nil)
	byStatus := map[string]count{}
	for _, st := range apiclient.OrderStatuses {
		n, e := count1[apiclient.Order](ctx, p, s.Access, "/api/v1/orders", url.Values{"status": {st}}, nil)
		if err == nil {
			err = e
		}
		byStatus[st] = n
	}
	parked := map[string]count{}
	for _, name := range contexts {
		n, e := count1[apiclient.ParkedEvent](ctx, p, s.Access, parkedPath(name), url.Values{}, nil)
		if err == nil {
			err = e
		}
		parked[name] = n
	}
	today, revenue, rerr := p.today(ctx, s.Access)
	if err == nil {
		err = rerr
	}
	return p.render(c, http.StatusOK, "dashboard", s, map[string]any{"Users": users, "Orders": byStatus,
		"Statuses": apiclient.OrderStatuses, "Today": today, "Revenue": revenue,
		"Contexts": contexts, "Parked": parked, "Error": err})
}

// today counts payments created since midnight UTC and sums what they took in, net of refunds,
// per currency. Lists are newest first, so the walk stops at the first older payment.
func (p *Panel) today(ctx context.Context, token string) (count, []apiclient.Money, error) {
	midnight := time.Now().UTC().Truncate(24 * time.Hour)
	var n count
	sums := map[string]int64{}
	var order []string
	q := url.Values{"limit": {"100"}}
	for i := 0; ; i++ {
		if i == countCap {
			n.AtLeast = true
			break
		}
		var page apiclient.Page[apiclient.Payment]
		if err := p.api.Do(ctx, apiclient.Call{Method: http.MethodGet, Path: "/api/v1/payments", Query: q, Token: token}, &page); err != nil {
			return n, nil, err
		}
		old := false
		for _, pay := range page.Items {
			if pay.CreatedAt.Before(midnight) {
				old = true
				break
			}
			n.N++
			if pay.Status == "failed" {
				continue
			}
			if _, seen := sums[pay.Amount.Currency]; !seen {
				order = append(order, pay.Amount.Currency)
			}
			sums[pay.Amount.Currency] += pay.Amount.Amount - pay.RefundedAmount.Amount
		}
		if old || page.Next() == "" {
			break
		}
		q.Set("cursor", page.Next())
	}
	revenue := make([]apiclient.Money, 0, len(order))
	for _, cur := range order {
		revenue = append(revenue, apiclient.Money{Amount: sums[cur], Currency: cur})
	}
	return n, revenue, nil
}
