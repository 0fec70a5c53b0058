package readafter_test

import (
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/readafter"
)

func TestHeaderIsSignedAndExpires(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	key := strings.Repeat("k", 32)
	tracker, err := readafter.New(readafter.Config{Key: key, MaxLag: 5 * time.Second, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	other, err := readafter.New(readafter.Config{Key: strings.Repeat("o", 32), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	later, err := readafter.New(readafter.Config{Key: key, Now: func() time.Time { return now.Add(7 * time.Second) }})
	if err != nil {
		t.Fatal(err)
	}
	same, err := readafter.New(readafter.Config{Key: key, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	signed := tracker.Sign(0x16B374D848)
	body, _, _ := strings.Cut(signed, ".")
	tests := []struct {
		name   string
		reader *readafter.Tracker
		value  string
		want   db.Position
	}{
		{"own header", tracker, signed, 0x16B374D848},
		{"another process with the same key", same, signed, 0x16B374D848},
		{"expired: every usable replica has it", later, signed, 0},
		{"another key: the primary answers", other, signed, db.Unknown},
		{"a changed position", tracker, "17" + signed[2:], db.Unknown},
		{"no signature", tracker, body, db.Unknown},
		{"garbage", tracker, "...", db.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.reader.Verify(tt.value); got != tt.want {
				t.Errorf("Verify(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}
