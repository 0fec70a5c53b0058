package auth_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/auth"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
)

// TestModuleMailsThroughTheSinkByDefault wires the module as the gateway does, with no
// SMTP_URL: registration and reset mails land in MAIL_SINK_DIR, sent by the subscriber, and
// the reset link (under PUBLIC_BASE_URL) works over HTTP. Not parallel: the module reads its
// variables from the process environment.
func TestModuleMailsThroughTheSinkByDefault(t *testing.T) {
	dir := t.TempDir()
	sink := filepath.Join(dir, "mail")
	t.Setenv("MAIL_SINK_DIR", sink)
	t.Setenv("PUBLIC_BASE_URL", "https://shop.test")
	t.Setenv("JWT_SIGNING_KEY_FILE", filepath.Join(dir, "jwt.pem"))
	base, err := config.LoadFrom[config.Base](map[string]string{
		"HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error", "DATABASE_URL": "sqlite:" + filepath.Join(dir, "shop.db"),
	})
	if err != nil {
		t.Fatal(err)
	}
	var srv *platform.Server
	app := fxtest.New(t, platform.Options(base, auth.Module), fx.Populate(&srv))
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	url := "http://" + srv.Addr().String()

	post(t, url+"/api/v1/auth/register", `{"email":"ann@example.com","password":"correct horse battery","full_name":"Ann"}`, 201)
	welcome := waitForMail(t, sink, "Welcome to the shop")
	if !strings.Contains(welcome.Text, "https://shop.test") {
		t.Fatalf("the welcome mail does not point at PUBLIC_BASE_URL: %q", welcome.Text)
	}
	post(t, url+"/api/v1/auth/password-reset", `{"email":"ann@example.com"}`, 202)
	reset := waitForMail(t, sink, "Reset your password")
	found := regexp.MustCompile(`https://shop\.test/reset-password\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(reset.Text)
	if found == nil {
		t.Fatalf("no link under PUBLIC_BASE_URL in %q", reset.Text)
	}
	post(t, url+"/api/v1/auth/password-reset/confirm", `{"token":"`+found[1]+`","new_password":"a brand new passphrase"}`, 204)
	post(t, url+"/api/v1/auth/login", `{"email":"ann@example.com","password":"a brand new passphrase"}`, 200)
}

func post(t *testing.T, url, body string, want int) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST %s: %d %s; want %d", url, resp.StatusCode, b, want)
	}
}

// waitForMail returns the first .eml in dir with the subject, failing after a few seconds.
func waitForMail(t *testing.T, dir, subject string) mailtest.Parsed {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, name := range names {
			raw, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if p := mailtest.Parse(t, raw); p.Subject == subject {
				return p
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no mail %q in %s", subject, dir)
	return mailtest.Parsed{}
}
