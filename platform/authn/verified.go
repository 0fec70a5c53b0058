package authn

import (
	"crypto"
	"strings"
	"sync"
	"time"
)

// maxVerifiedTokens bounds the tokens remembered as verified: about 4 MB at most (a token of a
// few hundred bytes and its claims), far more than the clients one replica serves in a token's
// 15 minutes.
const maxVerifiedTokens = 4096

// verifiedTokens remembers the access tokens whose signature, algorithm, issuer and audience
// have been checked. A client sends the same token with every request for its whole life, and
// checking its Ed25519 signature again each time was a third of the CPU of an authenticated read;
// a token byte-for-byte identical to one already verified needs only what can change since: the
// time claims (against the clock, with the leeway) and its key still verifying. Only tokens that
// verified are stored, so made-up tokens cannot fill it. Safe for concurrent use.
type verifiedTokens struct {
	mu     sync.RWMutex
	tokens map[string]*verifiedToken
	max    int
}

// verifiedToken is what a verified token said, and the key that verified it.
type verifiedToken struct {
	kid    string
	key    equalKey
	claims *accessClaims
	expiry time.Time // exp plus the leeway: past it the entry is useless
}

// equalKey is a public key that can tell whether another is the same key (every crypto/ public
// key type can).
type equalKey interface {
	Equal(crypto.PublicKey) bool
}

func newVerifiedTokens(maxTokens int) *verifiedTokens {
	return &verifiedTokens{tokens: make(map[string]*verifiedToken), max: maxTokens}
}

func (c *verifiedTokens) get(raw string) *verifiedToken {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.tokens[raw]
}

// put stores a verified token. When full, it first forgets the expired tokens, then, if that
// was not enough, arbitrary ones down to three quarters: each eviction pass makes room for
// many tokens, so a full set costs one pass per max/4 new tokens.
func (c *verifiedTokens) put(raw string, t *verifiedToken, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.tokens) >= c.max {
		for k, old := range c.tokens {
			if now.After(old.expiry) {
				delete(c.tokens, k)
			}
		}
		for k := range c.tokens {
			if len(c.tokens) < c.max*3/4 {
				break
			}
			delete(c.tokens, k)
		}
	}
	// The key is kept beyond the request: a copy, so the caller's buffer can be reused.
	c.tokens[strings.Clone(raw)] = t
}

func (c *verifiedTokens) drop(raw string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.tokens, raw)
}

func (c *verifiedTokens) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.tokens)
}
