package tokens

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// loadOrCreateKeyFile reads the key at path, or creates one there when there is none.
func loadOrCreateKeyFile(path string) (ed25519.PrivateKey, error) {
	k, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createKeyFile(path)
	}
	return k, err
}

func readKeyFile(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signing key file: %w", err)
	}
	k, err := parsePrivateKeyPEM(data)
	if err != nil {
		return nil, fmt.Errorf("signing key file %s: %w", path, err)
	}
	return k, nil
}

// createKeyFile generates a key and publishes it at path whole or not at all: the PEM is written
// and synced to a temporary file (mode 0600, in a 0700 directory), then hard-linked into place.
// A link, unlike a rename, fails when path exists, so of two processes starting at once the
// second adopts the first one's key instead of replacing it under a process already signing.
func createKeyFile(path string) (ed25519.PrivateKey, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	data, err := encodePrivateKeyPEM(key)
	if err != nil {
		return nil, fmt.Errorf("encode signing key: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("signing key directory: %w", err)
	}
	tmp, err := writeTemp(dir, data)
	if err != nil {
		return nil, fmt.Errorf("write signing key file: %w", err)
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	} else if err != nil {
		return nil, fmt.Errorf("publish signing key file: %w", err)
	}
	syncDir(dir)
	return key, nil
}

func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".signing-key-*.tmp")
	if err != nil {
		return "", err
	}
	err = errors.Join(f.Chmod(0o600), write(f, data), f.Close())
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func write(f *os.File, data []byte) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// syncDir makes the new directory entry durable; where directories cannot be synced the key is
// merely regenerated after a crash, so a failure is not worth refusing to start.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
