package tokens

import (
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/keyring"
)

const (
	testTTL     = 15 * time.Minute
	testPublish = time.Minute
)

// replica is one process's view of the keys stored in a shared database.
type replica struct {
	keeper *keyring.Keeper
	ring   *KeyRing
	signer *Signer
	verify *authn.Verifier
}

func newReplica(t *testing.T, engines *db.Engines, clk clock.Clock, configured string) replica {
	t.Helper()
	keeper, err := keyring.NewKeeper(context.Background(), keyring.NewStore(engines, clk),
		keyring.KeeperConfig{Purpose: keyring.JWTSigning, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	ring, err := LoadKeyRing(KeyConfig{PrivateKeyPEM: configured, Stored: keeper, Lifetime: testTTL + authn.MaxLeeway, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	signer, err := NewSigner(ring, testIssuer, testAudience, testTTL)
	if err != nil {
		t.Fatal(err)
	}
	verify := authn.NewVerifier(ring, authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience}, clk)
	return replica{keeper: keeper, ring: ring, signer: signer, verify: verify}
}

func (r replica) jwksKIDs() []string {
	var kids []string
	for _, k := range r.ring.JWKS().Keys {
		kids = append(kids, k.Kid)
	}
	return kids
}

func (r replica) issue(t *testing.T, now time.Time) string {
	t.Helper()
	raw, _, err := r.signer.Issue("0190a0b0-0000-7000-8000-000000000001", []string{"customer"}, now)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestConfiguredKeyWinsOverStoredKeys(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			key := newKey(t)
			r := newReplica(t, dbtest.OpenMigrated(t, dialect, "auth", "keys"), clock.NewManual(testNow), privatePEM(t, key))
			want := thumbprint(key.Public().(ed25519.PublicKey))
			if got := r.jwksKIDs(); !slices.Equal(got, []string{want}) {
				t.Fatalf("JWKS kids = %v; want only the configured key's %s", got, want)
			}
			if r.ring.SigningKID() != want {
				t.Fatalf("signing kid = %s; want the configured key's %s", r.ring.SigningKID(), want)
			}
		})
	}
}

// Two replicas on one database: a rotation by one is published before either signs with the
// new key; the other learns it from a token under the unknown kid; the old key verifies until
// the last token it signed has expired, then leaves the JWK Set.
func TestStoredKeysRotateOnATimeline(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clk := clock.NewManual(testNow)
			engines := dbtest.OpenMigrated(t, dialect, "auth", "keys")
			a, b := newReplica(t, engines, clk, ""), newReplica(t, engines, clk, "")
			oldKID := a.ring.SigningKID()
			if b.ring.SigningKID() != oldKID {
				t.Fatalf("two replicas sign with %s and %s; want one key", oldKID, b.ring.SigningKID())
			}
			oldToken := a.issue(t, clk.Now())

			r, err := a.keeper.Rotate(ctx, testPublish)
			if err != nil || !r.Added {
				t.Fatalf("rotate = %+v, %v", r, err)
			}
			if got := a.jwksKIDs(); len(got) != 2 || got[0] != oldKID {
				t.Fatalf("JWKS right after the rotation = %v; want the signing key %s first, then the new one", got, oldKID)
			}
			newKID := a.jwksKIDs()[1]
			if a.ring.SigningKID() != oldKID {
				t.Fatal("the new key signs before its time")
			}

			clk.Advance(testPublish)
			if a.ring.SigningKID() != newKID {
				t.Fatalf("at its time the signing kid is %s; want the new %s", a.ring.SigningKID(), newKID)
			}
			// b has not reloaded since the rotation: the unknown kid makes it reload.
			if _, err := b.verify.Verify(ctx, a.issue(t, clk.Now())); err != nil {
				t.Fatalf("a token under the new key on the replica that had not reloaded: %v", err)
			}
			if _, err := b.verify.Verify(ctx, oldToken); err != nil {
				t.Fatalf("a token under the old key after the switch: %v", err)
			}

			clk.Advance(testTTL + authn.MaxLeeway - time.Second)
			if got := a.jwksKIDs(); !slices.Equal(got, []string{newKID, oldKID}) {
				t.Fatalf("JWKS while old tokens may live = %v; want [%s %s]", got, newKID, oldKID)
			}
			// b answers the lookup below from what it worked out a second before the key retires.
			if _, err := b.ring.PublicKey(ctx, oldKID); err != nil {
				t.Fatalf("the old key a second before it retires: %v", err)
			}
			clk.Advance(time.Second)
			if got := a.jwksKIDs(); !slices.Equal(got, []string{newKID}) {
				t.Fatalf("JWKS once every old token expired = %v; want [%s]", got, newKID)
			}
			if _, err := b.ring.PublicKey(ctx, oldKID); !errors.Is(err, authn.ErrUnknownKey) {
				t.Fatalf("the retired key after its last token expired: %v; want ErrUnknownKey", err)
			}
		})
	}
}

// An install from before keys were kept in the database keeps its key: the file is imported as
// the first generation, and an absent file means a fresh key.
func TestAnOldKeyFileIsImportedOnce(t *testing.T) {
	t.Parallel()
	old := newKey(t)
	dir := t.TempDir()
	withFile := filepath.Join(dir, "jwt-signing-key.pem")
	if err := os.WriteFile(withFile, []byte(privatePEM(t, old)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		file      string
		wantOldID bool
	}{
		{"an existing file becomes the first key", withFile, true},
		{"no file: a fresh key", filepath.Join(dir, "absent.pem"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewManual(testNow)
			keeper, err := keyring.NewKeeper(context.Background(), keyring.NewStore(dbtest.OpenMigrated(t, db.SQLite, "auth", "keys"), clk),
				keyring.KeeperConfig{Purpose: keyring.JWTSigning, Import: ImportKeyFile(tt.file), Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			ring, err := LoadKeyRing(KeyConfig{Stored: keeper, Lifetime: testTTL, Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			oldKID := thumbprint(old.Public().(ed25519.PublicKey))
			if got := ring.SigningKID() == oldKID; got != tt.wantOldID {
				t.Fatalf("signing with the old file's key = %v; want %v", got, tt.wantOldID)
			}
		})
	}
}
