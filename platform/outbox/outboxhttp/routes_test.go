package outboxhttp_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/authn/authntest"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/httpx/httpxtest"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/outbox/outboxhttp"
	"github.com/modmono/platform/outbox/outboxtest"
	"github.com/modmono/platform/page"
)

// published records what the relay publishes.
type published struct {
	mu  sync.Mutex
	ids []string
}

func (p *published) Publish(_ context.Context, e outbox.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ids = append(p.ids, e.ID)
	return nil
}

func (p *published) has(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Contains(p.ids, id)
}

// fixture is the orders context's parked-event routes on the real server stack, over a relay
// on a fresh store that holds three parked events.
type fixture struct {
	handler http.Handler
	tokens  *authntest.Issuer
	parked  []outbox.Event
	sent    *published
	relay   *outbox.Relay
}

func newFixture(t *testing.T, dialect db.Dialect) *fixture {
	t.Helper()
	engines := dbtest.OpenMigrated(t, dialect, "orders", "messaging")
	f := &fixture{tokens: authntest.NewIssuer(t), sent: &published{}}
	for i := range 3 {
		e, err := outbox.NewEvent(context.Background(), clock.System{}, "orders.order_placed", 1, ids.New(), map[string]int{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		f.parked = append(f.parked, e)
	}
	outboxtest.AppendParked(t, engines, "payments.on_order_placed: refused", f.parked...)

	logger := slog.New(slog.DiscardHandler)
	// Parked deliveries are refused again: their subscriber is still broken.
	refuse := func(context.Context, string, outbox.Event) error { return errors.New("still broken") }
	relay, err := outbox.NewRelay(outbox.RelayConfig{Name: "orders", Engines: engines, Publisher: f.sent,
		Logger: logger, PollInterval: 10 * time.Millisecond, Redeliver: refuse}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := relay.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = relay.Stop(context.Background()) })
	f.relay = relay
	f.handler, err = httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: logger, Verifier: f.tokens.Verifier},
		outboxhttp.Routes("orders", relay, logger))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) call(method, path, token string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	return w
}

func (f *fixture) list(t *testing.T, token, query string) page.Page[outbox.ParkedEvent] {
	t.Helper()
	w := f.call(http.MethodGet, "/api/v1/admin/parked-events/orders"+query, token)
	httpxtest.Want(t, w, http.StatusOK, "")
	return httpxtest.Decode[page.Page[outbox.ParkedEvent]](t, w)
}

func idsOf(items []outbox.ParkedEvent) []string {
	out := make([]string, len(items))
	for i, p := range items {
		out[i] = p.ID
	}
	return out
}

func TestAdminsPageThroughParkedEventsOldestFirst(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, d)
			admin := f.tokens.Admin(t)
			first := f.list(t, admin, "?limit=2")
			if got := idsOf(first.Items); !slices.Equal(got, []string{f.parked[0].ID, f.parked[1].ID}) || first.NextCursor == nil {
				t.Fatalf("first page %v (next %v), want the two oldest parked events and a cursor", got, first.NextCursor)
			}
			p := first.Items[0]
			if p.Type != "orders.order_placed" || p.Attempts != 10 || p.LastError != "payments.on_order_placed: refused" ||
				string(p.Payload) != `{"n":0}` || p.ParkedAt.IsZero() {
				t.Errorf("parked event %+v: want its envelope, attempts, error and time", p)
			}
			second := f.list(t, admin, "?limit=2&cursor="+*first.NextCursor)
			if got := idsOf(second.Items); !slices.Equal(got, []string{f.parked[2].ID}) || second.NextCursor != nil {
				t.Fatalf("second page %v (next %v), want the last parked event and no cursor", got, second.NextCursor)
			}
		})
	}
}

func TestRetryPublishesTheEventAndTakesItOffTheList(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, d)
			admin, retried := f.tokens.Admin(t), f.parked[1].ID
			httpxtest.Want(t, f.call(http.MethodPost, "/api/v1/admin/parked-events/orders/"+retried+"/retry", admin), http.StatusAccepted, "")
			deadline := time.Now().Add(10 * time.Second)
			for !f.sent.has(retried) {
				if time.Now().After(deadline) {
					t.Fatal("the retried event was not published")
				}
				time.Sleep(5 * time.Millisecond)
			}
			if got := idsOf(f.list(t, admin, "").Items); !slices.Equal(got, []string{f.parked[0].ID, f.parked[2].ID}) {
				t.Errorf("parked after the retry: %v, want the other two", got)
			}
			if f.sent.has(f.parked[0].ID) || f.sent.has(f.parked[2].ID) {
				t.Error("an event that was not retried was published")
			}
			// Published now, so no longer parked: a second retry finds nothing to retry.
			httpxtest.Want(t, f.call(http.MethodPost, "/api/v1/admin/parked-events/orders/"+retried+"/retry", admin),
				http.StatusNotFound, outbox.CodeParkedEventNotFound)
		})
	}
}

func TestARetriedDeliveryRefusedAgainIsA409AndStaysParked(t *testing.T) {
	t.Parallel()
	f := newFixture(t, db.SQLite)
	e, err := outbox.NewEvent(context.Background(), clock.System{}, "payments.payment_succeeded", 1, ids.New(), map[string]int{"n": 9})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.relay.ParkDelivery(context.Background(), "orders", e, 10, errors.New("refused")); err != nil {
		t.Fatal(err)
	}
	admin := f.tokens.Admin(t)
	httpxtest.Want(t, f.call(http.MethodPost, "/api/v1/admin/parked-events/orders/"+e.ID+"/retry", admin),
		http.StatusConflict, outbox.CodeParkedEventStillFailing)
	items := f.list(t, admin, "").Items
	last := items[len(items)-1]
	if len(items) != 4 || last.ID != e.ID || last.Subscriber != "orders" || last.LastError != "still broken" || last.Attempts != 11 {
		t.Fatalf("after the refused retry: last of %d parked is %+v, want the delivery with the new error", len(items), last)
	}
}

func TestParkedEventRoutesRefuseWhatTheyShould(t *testing.T) {
	t.Parallel()
	f := newFixture(t, db.SQLite)
	parked := "/api/v1/admin/parked-events/orders/" + f.parked[0].ID + "/retry"
	admin, customer := f.tokens.Admin(t), f.tokens.Customer(t)
	cases := []struct {
		name, method, path, token string
		status                    int
		code                      string
	}{
		{"list without a token", http.MethodGet, "/api/v1/admin/parked-events/orders", "", http.StatusUnauthorized, errs.CodeUnauthenticated},
		{"list as a customer", http.MethodGet, "/api/v1/admin/parked-events/orders", customer, http.StatusForbidden, errs.CodeForbidden},
		{"retry as a customer", http.MethodPost, parked, customer, http.StatusForbidden, errs.CodeForbidden},
		{"a cursor this API did not return", http.MethodGet, "/api/v1/admin/parked-events/orders?cursor=" + page.EncodeCursor("x"), admin, http.StatusUnprocessableEntity, errs.CodeValidationFailed},
		{"a limit out of range", http.MethodGet, "/api/v1/admin/parked-events/orders?limit=101", admin, http.StatusUnprocessableEntity, errs.CodeValidationFailed},
		{"retry of an id that is not a UUID", http.MethodPost, "/api/v1/admin/parked-events/orders/nope/retry", admin, http.StatusNotFound, outbox.CodeParkedEventNotFound},
		{"retry of an event that is not parked", http.MethodPost, "/api/v1/admin/parked-events/orders/" + ids.New() + "/retry", admin, http.StatusNotFound, outbox.CodeParkedEventNotFound},
	}
	t.Run("refusals", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				httpxtest.Want(t, f.call(c.method, c.path, c.token), c.status, c.code)
			})
		}
	})
	// None of the refusals retried anything.
	if got := f.list(t, admin, ""); len(got.Items) != 3 || f.sent.has(f.parked[0].ID) {
		t.Errorf("after the refusals: %d parked, published %v; want all 3 parked and nothing published", len(got.Items), f.sent.ids)
	}
}

func TestRoutesAreTheNamedContexts(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"auth", "orders", "payments"} {
		for _, r := range outboxhttp.Routes(name, nil, nil) {
			if !strings.HasPrefix(r.Path, outboxhttp.Path(name)) || r.Access != httpx.Admin || !strings.Contains(r.OperationID, strings.ToUpper(name[:1])+name[1:]) {
				t.Errorf("%s: route %s %s (%s, access %v) is not the context's admin route", name, r.Method, r.Path, r.OperationID, r.Access)
			}
		}
	}
}
