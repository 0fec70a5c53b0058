package authn

import (
	"strconv"
	"testing"
	"time"
)

func TestVerifiedTokensStayWithinTheirBound(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		expiry time.Time
		// wantMax is the most entries there may be after max*3 puts.
		wantMax int
	}{
		{"live tokens: arbitrary ones go", now.Add(time.Minute), 8},
		{"expired tokens go first", now.Add(-time.Minute), 8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newVerifiedTokens(8)
			for i := range 24 {
				raw := "token-" + strconv.Itoa(i)
				c.put(raw, &verifiedToken{expiry: tc.expiry}, now)
				if c.get(raw) == nil {
					t.Fatalf("token %d was not remembered right after put", i)
				}
			}
			if got := c.len(); got > tc.wantMax || got == 0 {
				t.Fatalf("len = %d, want 1..%d", got, tc.wantMax)
			}
			c.drop("token-23")
			if c.get("token-23") != nil {
				t.Fatal("a dropped token is still remembered")
			}
		})
	}
}
