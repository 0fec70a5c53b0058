package application

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/modmono/auth/internal/domain"
)

// throttleKey keys a per-email limit (purpose "login" or "reset", so the limits count apart) by
// the normalised address, valid or not, hashed so that the table stays small whatever was typed
// and holds no addresses of people who have no account.
func throttleKey(purpose, rawEmail string) string {
	sum := sha256.Sum256([]byte(domain.NormalizeEmail(rawEmail)))
	return purpose + ":" + hex.EncodeToString(sum[:])
}
