package tokens

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
)

// JWK is an Ed25519 public key in JSON Web Key form (RFC 8037).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

// JWKSet is the document served at /.well-known/jwks.json.
type JWKSet struct {
	Keys []JWK `json:"keys"`
}

// JWKS lists every key that verifies tokens, the signing key first.
func (r *KeyRing) JWKS() JWKSet {
	keys := r.verifying()
	set := JWKSet{Keys: make([]JWK, 0, len(keys))}
	for _, k := range keys {
		set.Keys = append(set.Keys, JWK{
			Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(k.public),
			Kid: k.kid, Use: "sig", Alg: "EdDSA",
		})
	}
	return set
}

// thumbprint is the RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 key: a kid derived
// from the key itself is the same on every instance and every restart, with nothing to configure.
func thumbprint(k ed25519.PublicKey) string {
	// The required members, in lexicographic order, without whitespace; x is base64url, which
	// needs no JSON escaping.
	canonical := `{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(k) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// JWKSRoute serves the key ring's JWK Set, cacheable for maxAge: no longer than the time a new
// stored key is published before it signs (KEYS_RELOAD_INTERVAL is half of it), so no cache
// holds a set without the key that signs. A verifier that meets a token under a kid it does not
// know fetches the set again anyway (platform/authn.RemoteKeys).
func JWKSRoute(ring *KeyRing, maxAge time.Duration) httpx.Route {
	cacheControl := fmt.Sprintf("public, max-age=%d", int(maxAge.Seconds()))
	return httpx.Route{
		Method: http.MethodGet,
		Path:   "/.well-known/jwks.json",
		Access: httpx.Public,
		Handler: func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", cacheControl)
			return c.JSON(http.StatusOK, ring.JWKS())
		},
		OperationID: "getJWKS",
		Summary:     "The public keys that verify access tokens, as a JWK Set",
		Tags:        []string{"auth"},
		Response:    JWKSet{},
		Status:      http.StatusOK,
	}
}
