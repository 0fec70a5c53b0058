package session

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
)

// CookieName has the __Host- prefix: browsers then insist on Secure, Path=/ and no Domain, so
// no sibling host can plant or read it.
const CookieName = "__Host-admin"

// Lifetimes of a session.
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
)

// ErrNoSession means the request carries no valid, live session: missing, tampered, or expired.
var ErrNoSession = errors.New("no valid admin session")

// Session is what the cookie holds. The tokens are the admin's own API tokens: every action the
// panel takes is an API call made with them.
type Session struct {
	ID       string    `json:"id"`
	Email    string    `json:"email"`
	Access   string    `json:"access"`
	Refresh  string    `json:"refresh"`
	CSRF     string    `json:"csrf"`
	Issued   time.Time `json:"issued"`
	LastSeen time.Time `json:"last_seen"`
}

// CheckCSRF compares a submitted token with the session's in constant time.
func (s *Session) CheckCSRF(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.CSRF)) == 1
}

// Manager encodes, decodes and expires sessions.
type Manager struct {
	codecs func() []securecookie.Codec // the first signs
	now    func() time.Time
	// reload, when set, reloads the keys after a cookie no key opens (at most every few
	// seconds) and reports whether they changed: another replica may have rotated them.
	reload func(context.Context) bool
}

// NewManager builds a manager from fixed key pairs (the first signs) and a clock.
func NewManager(keys []KeyPair, now func() time.Time) *Manager {
	codecs := make([]securecookie.Codec, len(keys))
	for i, k := range keys {
		codecs[i] = newCodec(k)
	}
	return &Manager{codecs: func() []securecookie.Codec { return codecs }, now: now}
}

func newCodec(k KeyPair) securecookie.Codec {
	sc := securecookie.New(k.Hash, k.Block)
	sc.SetSerializer(securecookie.JSONEncoder{})
	// Our own clock decides expiry (tests move it); securecookie's bound is a backstop.
	sc.MaxAge(int((AbsoluteTimeout + time.Hour).Seconds()))
	return sc
}

// New starts a session with a fresh id and CSRF token: a login never reuses an old id.
func (m *Manager) New(email, access, refresh string) *Session {
	now := m.now()
	return &Session{ID: RandomToken(), Email: email, Access: access, Refresh: refresh, CSRF: RandomToken(), Issued: now, LastSeen: now}
}

// Load returns the request's live session, or ErrNoSession.
func (m *Manager) Load(r *http.Request) (*Session, error) {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return nil, ErrNoSession
	}
	var s Session
	if err := securecookie.DecodeMulti(CookieName, c.Value, &s, m.codecs()...); err != nil {
		if m.reload == nil || !m.reload(r.Context()) {
			return nil, ErrNoSession
		}
		if err := securecookie.DecodeMulti(CookieName, c.Value, &s, m.codecs()...); err != nil {
			return nil, ErrNoSession
		}
	}
	now := m.now()
	if s.ID == "" || now.Sub(s.LastSeen) > IdleTimeout || now.Sub(s.Issued) > AbsoluteTimeout || now.Before(s.Issued.Add(-time.Minute)) {
		return nil, ErrNoSession
	}
	return &s, nil
}

// Save marks the session seen now and writes it to the response.
func (m *Manager) Save(w http.ResponseWriter, s *Session) error {
	s.LastSeen = m.now()
	value, err := securecookie.EncodeMulti(CookieName, s, m.codecs()...)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: value, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		MaxAge: int(AbsoluteTimeout.Seconds()),
	})
	return nil
}

// Clear deletes the cookie.
func (m *Manager) Clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
