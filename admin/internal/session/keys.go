// Package session keeps the admin panel's session in a signed and encrypted cookie.
package session

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeyPair is one hash key (HMAC-SHA256, 64 bytes) and one block key (AES-256, 32 bytes).
type KeyPair struct{ Hash, Block []byte }

// ParseKeys reads "HASH,BLOCK" pairs (standard base64), separated by white space; the first pair
// signs new cookies, the others are still accepted (rotation).
func ParseKeys(s string) ([]KeyPair, error) {
	var pairs []KeyPair
	for _, field := range strings.Fields(s) {
		h, b, ok := strings.Cut(field, ",")
		if !ok {
			return nil, errors.New("want HASH,BLOCK pairs of base64 keys")
		}
		hash, err := base64.StdEncoding.DecodeString(h)
		if err != nil || len(hash) < 32 {
			return nil, errors.New("hash key: want at least 32 bytes of base64")
		}
		block, err := base64.StdEncoding.DecodeString(b)
		if err != nil || len(block) != 32 {
			return nil, errors.New("block key: want exactly 32 bytes of base64 (AES-256)")
		}
		pairs = append(pairs, KeyPair{Hash: hash, Block: block})
	}
	if len(pairs) == 0 {
		return nil, errors.New("no key pair")
	}
	return pairs, nil
}

// GenerateKeys returns a fresh pair in the text form ParseKeys reads.
func GenerateKeys() string {
	return base64.StdEncoding.EncodeToString(randomBytes(64)) + "," + base64.StdEncoding.EncodeToString(randomBytes(32))
}

// LoadOrCreateKeys reads the pairs from path, or generates one and keeps it there (mode 0600),
// so that a restart does not log every admin out.
func LoadOrCreateKeys(path string) ([]KeyPair, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		text := GenerateKeys() + "\n"
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			return nil, err
		}
		data = []byte(text)
	} else if err != nil {
		return nil, err
	}
	return parseKeysFile(path, data)
}

func readKeysFile(path string) ([]KeyPair, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseKeysFile(path, data)
}

func parseKeysFile(path string, data []byte) ([]KeyPair, error) {
	pairs, err := ParseKeys(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pairs, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// RandomToken is 256 random bits, URL-safe base64: session ids and CSRF tokens.
func RandomToken() string { return base64.RawURLEncoding.EncodeToString(randomBytes(32)) }
