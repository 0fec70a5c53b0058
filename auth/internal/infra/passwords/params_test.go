package passwords

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	with := func(f func(*Params)) Params { p := DefaultParams(); f(&p); return p }
	tests := []struct {
		name    string
		params  Params
		wantErr string
	}{
		{"the default is OWASP's 19 MiB, t=2", DefaultParams(), ""},
		{"OWASP's 46 MiB, t=1", with(func(p *Params) { p.MemoryKiB, p.Iterations = 47104, 1 }), ""},
		{"OWASP's 7 MiB, t=5", with(func(p *Params) { p.MemoryKiB, p.Iterations = 7168, 5 }), ""},
		{"stronger: 64 MiB, t=3, p=4", with(func(p *Params) { p.MemoryKiB, p.Iterations, p.Parallelism = 65536, 3, 4 }), ""},
		{"19 MiB with only t=1", with(func(p *Params) { p.Iterations = 1 }), "below OWASP"},
		{"t=2 with 18 MiB", with(func(p *Params) { p.MemoryKiB = 18 * 1024 }), "below OWASP"},
		{"test params", TestParams(), "below OWASP"},
		{"an 8-byte salt", with(func(p *Params) { p.SaltLength = 8 }), "salt"},
		{"a 16-byte key", with(func(p *Params) { p.KeyLength = 16 }), "key"},
		{"no parallelism", with(func(p *Params) { p.Parallelism = 0 }), "p>=1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.params.Validate()
			if tc.wantErr == "" && err != nil {
				t.Fatalf("Validate(%+v) = %v; want nil", tc.params, err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Validate(%+v) = %v; want an error mentioning %q", tc.params, err, tc.wantErr)
			}
		})
	}
}

func TestNewArgon2RejectsUnusableSettings(t *testing.T) {
	t.Parallel()
	if _, err := NewArgon2(TestParams(), 0); err == nil {
		t.Error("NewArgon2 with maxConcurrent 0: want an error")
	}
	p := TestParams()
	p.MemoryKiB, p.Parallelism = 8, 2
	if _, err := NewArgon2(p, 1); err == nil {
		t.Error("NewArgon2 with 4 KiB per lane: want an error")
	}
}
