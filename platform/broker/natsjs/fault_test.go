package natsjs_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/outbox"
)

// proxy forwards a local port to the NATS server and can stop listening on it, which is what a
// client sees of a server that went away; the shared server itself is never stopped.
type proxy struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
}

func startProxy(t *testing.T) *proxy {
	t.Helper()
	u, err := url.Parse(natsURL())
	must(t, err, "parse the NATS URL")
	p := &proxy{t: t, target: u.Host, addr: "127.0.0.1:0"}
	p.up()
	t.Cleanup(p.down)
	return p
}

func (p *proxy) url() string { return "nats://" + p.addr }

// up listens again on the same port.
func (p *proxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	must(p.t, err, "proxy listen")
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = client.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, client, server)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(server, client); _ = server.Close() }()
			go func() { _, _ = io.Copy(client, server); _ = client.Close() }()
		}
	}()
}

// down closes the listener and every connection: nothing listens on the port any more.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// attempts records how each publish attempt went and how long it took.
type attempts struct {
	mu      sync.Mutex
	failed  int
	slowest time.Duration
}

func (a *attempts) wrap(pub outbox.Publisher) outbox.Publisher {
	return outbox.PublisherFunc(func(ctx context.Context, e outbox.Event) error {
		began := time.Now()
		err := pub.Publish(ctx, e)
		a.mu.Lock()
		defer a.mu.Unlock()
		if err != nil {
			a.failed++
			a.slowest = max(a.slowest, time.Since(began))
		}
		return err
	})
}

func (a *attempts) failures() (int, time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.failed, a.slowest
}

func TestNoEventIsLostWhileNATSIsUnreachable(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	p := startProxy(t)
	orders, payments := openStore(t, "orders"), openStore(t, "payments")
	b := connectTo(t, p.url(), opts)
	t.Cleanup(func() { stop(t, b) })
	sub := &inboxSubscriber{store: payments, calls: map[string]int{}}
	b.Subscribe("payments", "orders.order_placed", sub.handle)
	start(t, b)
	var tries attempts
	relay := startRelay(t, orders, tries.wrap(b))

	before := newEvent(t, "orders.order_placed", "o1", 1)
	appendEvents(t, orders, before)
	relay.Notify()
	eventually(t, "the event published while connected arrives", func() bool { return sub.callsOf(before.ID) == 1 })

	p.down()
	during := newEvent(t, "orders.order_placed", "o1", 2)
	appendEvents(t, orders, during)
	relay.Notify()
	eventually(t, "publishing has failed a few times", func() bool { n, _ := tries.failures(); return n >= 3 })
	if _, slowest := tries.failures(); slowest > time.Second {
		t.Errorf("a publish took %v to fail while NATS was unreachable, want it to fail fast", slowest)
	}
	if n := count(t, orders.Read, "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL AND attempts > 0"); n != 1 {
		t.Errorf("%d events kept for a retry in the outbox, want the one published while NATS was down", n)
	}

	p.up()
	eventually(t, "the event kept in the outbox arrives once NATS is back", func() bool { return sub.callsOf(during.ID) == 1 })
	settle()
	if n := count(t, payments.Read, "SELECT COUNT(*) FROM effects"); n != 2 {
		t.Errorf("%d effects, want one per event: 2", n)
	}
	if n := count(t, orders.Read, "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"); n != 0 {
		t.Errorf("%d events left unpublished in the outbox", n)
	}
}

func TestConnectFailsFastWhereNothingListens(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err, "find a free port")
	addr := ln.Addr().String()
	_ = ln.Close()
	began := time.Now()
	if b, err := natsjs.Connect(context.Background(), "nats://"+addr, opts); err == nil {
		_ = b.Stop(context.Background())
		t.Fatal("Connect succeeded with nothing listening")
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("Connect took %v to fail, want it fast", took)
	}
}
