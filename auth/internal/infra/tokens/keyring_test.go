package tokens

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/modmono/platform/authn"
)

func TestKeyFileIsCreatedOnceAndKept(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "keys", "signing.pem")
	first, err := LoadKeyRing(KeyConfig{KeyFile: path})
	if err != nil {
		t.Fatalf("LoadKeyRing (creates the file): %v", err)
	}
	again, err := LoadKeyRing(KeyConfig{KeyFile: path})
	if err != nil {
		t.Fatalf("LoadKeyRing (reads the file): %v", err)
	}
	if first.SigningKID() != again.SigningKID() {
		t.Fatalf("kid changed across loads of one file: %s then %s", first.SigningKID(), again.SigningKID())
	}
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), 0o700|os.ModeDir)
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".signing-key-*")); len(leftovers) > 0 {
		t.Fatalf("temporary files left behind: %v", leftovers)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat %s: %v", path, err)
	}
	if got := fi.Mode(); got != want {
		t.Fatalf("mode of %s = %v; want %v", path, got, want)
	}
}

func TestConcurrentFirstStartsAgreeOnOneKey(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "signing.pem")
	const n = 8
	kids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r, err := LoadKeyRing(KeyConfig{KeyFile: path})
			if err != nil {
				t.Errorf("LoadKeyRing: %v", err)
				return
			}
			kids[i] = r.SigningKID()
		})
	}
	wg.Wait()
	for _, kid := range kids {
		if kid != kids[0] {
			t.Fatalf("concurrent loads signed with different keys: %v", kids)
		}
	}
}

func TestPrivateKeyPEMWinsOverKeyFile(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	path := filepath.Join(t.TempDir(), "unused.pem")
	r, err := LoadKeyRing(KeyConfig{PrivateKeyPEM: privatePEM(t, key), KeyFile: path})
	if err != nil {
		t.Fatalf("LoadKeyRing: %v", err)
	}
	if want := thumbprint(key.Public().(ed25519.PublicKey)); r.SigningKID() != want {
		t.Fatalf("signing kid = %s; want the PEM key's %s", r.SigningKID(), want)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("key file was touched although a PEM key was given: %v", err)
	}
}

func TestExtraPublicKeysVerifyToo(t *testing.T) {
	t.Parallel()
	old1, old2 := newKey(t), newKey(t)
	r, err := LoadKeyRing(KeyConfig{
		KeyFile:            filepath.Join(t.TempDir(), "k.pem"),
		ExtraPublicKeysPEM: publicPEM(t, old1) + "\n" + publicPEM(t, old2) + publicPEM(t, old1),
	})
	if err != nil {
		t.Fatalf("LoadKeyRing: %v", err)
	}
	set := r.JWKS()
	if len(set.Keys) != 3 || set.Keys[0].Kid != r.SigningKID() {
		t.Fatalf("JWKS = %+v; want the signing key first, then the 2 distinct extras", set)
	}
	for _, k := range []ed25519.PrivateKey{old1, old2} {
		pub := k.Public().(ed25519.PublicKey)
		got, err := r.PublicKey(context.Background(), thumbprint(pub))
		if err != nil || !pub.Equal(got) {
			t.Fatalf("PublicKey(extra) = %v, %v; want the extra key", got, err)
		}
	}
	if _, err := r.PublicKey(context.Background(), "no-such-kid"); !errors.Is(err, authn.ErrUnknownKey) {
		t.Fatalf("PublicKey(unknown) error = %v; want authn.ErrUnknownKey", err)
	}
}

func TestBadKeyConfigIsAClearError(t *testing.T) {
	t.Parallel()
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}))
	good := privatePEM(t, newKey(t))
	tests := []struct {
		name string
		cfg  KeyConfig
		want string
	}{
		{"nothing configured", KeyConfig{}, "no signing key"},
		{"not PEM at all", KeyConfig{PrivateKeyPEM: "hello"}, "no PEM block found"},
		{"a PKCS#1 RSA block", KeyConfig{PrivateKeyPEM: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"}, `"RSA PRIVATE KEY"; want "PRIVATE KEY"`},
		{"a corrupt PKCS#8 body", KeyConfig{PrivateKeyPEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}, "not a PKCS#8 private key"},
		{"an ECDSA key", KeyConfig{PrivateKeyPEM: ecPEM}, "want Ed25519"},
		{"two private keys", KeyConfig{PrivateKeyPEM: good + good}, "unexpected data after"},
		{"an extra key that is not PEM", KeyConfig{PrivateKeyPEM: good, ExtraPublicKeysPEM: "ssh-ed25519 AAAA"}, "extra public keys: key 1: not a PEM block"},
		{"a private key among the extras", KeyConfig{PrivateKeyPEM: good, ExtraPublicKeysPEM: good}, `key 1: PEM block is "PRIVATE KEY"; want "PUBLIC KEY"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadKeyRing(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadKeyRing error = %v; want one containing %q", err, tc.want)
			}
		})
	}
}

func TestCorruptKeyFileNamesTheFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "signing.pem")
	if err := os.WriteFile(path, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadKeyRing(KeyConfig{KeyFile: path})
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("LoadKeyRing error = %v; want one naming %s", err, path)
	}
}

func newKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func privatePEM(t *testing.T, k ed25519.PrivateKey) string {
	t.Helper()
	b, err := encodePrivateKeyPEM(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func publicPEM(t *testing.T, k ed25519.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}
