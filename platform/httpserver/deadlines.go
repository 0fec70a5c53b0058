package httpserver

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// DeadlineTick is how often CoarseDeadlines checks its connections' deadlines, and so how late a
// timeout of the server's (read header, read, write, idle) may fire.
const DeadlineTick = 250 * time.Millisecond

// CoarseDeadlines keeps the deadlines net/http sets on every connection off the runtime's timers.
// net/http moves a connection's read and write deadlines four times per request (header, whole
// request, write, idle); each move re-arms a runtime timer, and on /healthz that was 7 % of the
// gateway's CPU. Here a deadline at least two ticks away is only noted (an atomic store), and one
// goroutine per listener checks every connection each tick, setting the socket's own deadline
// only once a noted one has passed, so the blocked read or write fails as it would have, up to a
// tick late. A deadline nearer than that, or already passed (net/http's way of interrupting a
// read at once), goes to the socket exactly. Connections that are not TCP are left as they are.
func CoarseDeadlines(ln net.Listener, tick time.Duration) net.Listener {
	l := &deadlineListener{Listener: ln, tick: tick, conns: map[*deadlineConn]struct{}{}}
	l.now.Store(time.Now().UnixNano())
	go l.sweep()
	return l
}

type deadlineListener struct {
	net.Listener
	tick time.Duration
	now  atomic.Int64 // unix nanoseconds at the last tick: what "passed" is measured against

	mu     sync.Mutex
	conns  map[*deadlineConn]struct{}
	closed bool
}

func (l *deadlineListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tcp, ok := c.(*net.TCPConn)
	if !ok {
		return c, nil
	}
	dc := &deadlineConn{TCPConn: tcp, owner: l}
	l.mu.Lock()
	l.conns[dc] = struct{}{}
	l.mu.Unlock()
	return dc, nil
}

// Close stops accepting; the sweeper goes on while connections accepted earlier are open (a
// graceful shutdown lets their requests finish, under their deadlines).
func (l *deadlineListener) Close() error {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	return l.Listener.Close()
}

func (l *deadlineListener) sweep() {
	ticker := time.NewTicker(l.tick)
	defer ticker.Stop()
	var due []*deadlineConn
	for now := range ticker.C {
		l.now.Store(now.UnixNano())
		due = due[:0]
		l.mu.Lock()
		if l.closed && len(l.conns) == 0 {
			l.mu.Unlock()
			return
		}
		for c := range l.conns {
			if c.read.passed(now) || c.write.passed(now) {
				due = append(due, c)
			}
		}
		l.mu.Unlock()
		for _, c := range due { // outside the lock: touching a socket may take a while
			c.read.expire(now, c.TCPConn.SetReadDeadline)
			c.write.expire(now, c.TCPConn.SetWriteDeadline)
		}
	}
}

// deadlineConn embeds the TCP connection, so that net/http still finds CloseWrite and ReadFrom.
type deadlineConn struct {
	*net.TCPConn
	owner       *deadlineListener
	read, write deadline
	closeOnce   sync.Once
}

func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	return c.read.set(t, c.owner, c.TCPConn.SetReadDeadline)
}

func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	return c.write.set(t, c.owner, c.TCPConn.SetWriteDeadline)
}

func (c *deadlineConn) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

func (c *deadlineConn) Close() error {
	c.closeOnce.Do(func() {
		c.owner.mu.Lock()
		delete(c.owner.conns, c)
		c.owner.mu.Unlock()
	})
	return c.TCPConn.Close()
}

// onSocket marks a deadline that the socket itself holds (a near or passed one), which a later
// deadline must lift from it.
const onSocket = -1

// deadline is one direction's deadline: 0 none, onSocket, else the unix nanoseconds at which the
// sweeper is to apply it.
type deadline struct {
	at atomic.Int64
	mu sync.Mutex // orders the changes to the socket's own deadline
}

func (d *deadline) set(t time.Time, l *deadlineListener, apply func(time.Time) error) error {
	if t.IsZero() {
		return d.note(0, apply)
	}
	at := t.UnixNano()
	if at-l.now.Load() < 2*int64(l.tick) { // near, or passed: the socket keeps it, exactly
		d.mu.Lock()
		defer d.mu.Unlock()
		d.at.Store(onSocket)
		return apply(t)
	}
	return d.note(at, apply)
}

// note leaves at to the sweeper, first lifting a deadline the socket holds.
func (d *deadline) note(at int64, apply func(time.Time) error) error {
	if d.at.Swap(at) != onSocket {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.at.Load() == onSocket { // meanwhile a newer deadline went to the socket, or passed there
		return nil
	}
	return apply(time.Time{})
}

func (d *deadline) passed(now time.Time) bool {
	at := d.at.Load()
	return at > 0 && at <= now.UnixNano()
}

// expire gives the socket a passed deadline unless it has changed since passed said so.
func (d *deadline) expire(now time.Time, apply func(time.Time) error) {
	at := d.at.Load()
	if at <= 0 || at > now.UnixNano() {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.at.CompareAndSwap(at, onSocket) {
		_ = apply(time.Unix(0, at)) // a socket that fails here is failing its reads and writes too
	}
}
