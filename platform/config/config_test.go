package config_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/config"
)

type nested struct {
	Port int `env:"PORT" envDefault:"1"`
}

type custom struct {
	Name    string         `env:"NAME,required"`
	Wait    time.Duration  `env:"WAIT" envDefault:"1s"`
	Inner   nested         `envPrefix:"INNER_"`
	Proxies []netip.Prefix `env:"PROXIES"`
}

func (c custom) Validate() error {
	if c.Name == "bad" {
		return config.Errorf("NAME", "must not be bad")
	}
	return nil
}

func TestLoadFromNamesTheVariableOfEveryParseError(t *testing.T) {
	t.Parallel()
	_, err := config.LoadFrom[custom](map[string]string{"WAIT": "soon", "INNER_PORT": "x"})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"NAME: required but not set", "WAIT: ", "INNER_PORT: "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	var ve *config.VarError
	if !errors.As(err, &ve) {
		t.Errorf("error %T is not a *config.VarError", err)
	}
}

func TestLoadFromCallsValidate(t *testing.T) {
	t.Parallel()
	_, err := config.LoadFrom[custom](map[string]string{"NAME": "bad"})
	if err == nil || err.Error() != "NAME: must not be bad" {
		t.Fatalf("err = %v, want NAME: must not be bad", err)
	}
}

func TestLoadFromReadsOnlyTheGivenEnvironment(t *testing.T) {
	t.Parallel()
	got, err := config.LoadFrom[custom](map[string]string{"NAME": "shop", "PROXIES": "10.0.0.0/8, 192.168.1.7,::1"})
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("192.168.1.7/32"),
		netip.MustParsePrefix("::1/128"),
	}
	if got.Name != "shop" || got.Wait != time.Second || got.Inner.Port != 1 || !equalPrefixes(got.Proxies, want) {
		t.Fatalf("got %+v, want name shop, wait 1s, port 1, proxies %v", got, want)
	}
}

func equalPrefixes(a, b []netip.Prefix) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
