package sqlcount_test

import (
	"context"
	"testing"

	"github.com/modmono/platform/sqlcount"
)

func TestRecordCountsOnTheInnermostCounterOnly(t *testing.T) {
	t.Parallel()
	outerCtx, outer := sqlcount.Start(context.Background())
	innerCtx, inner := sqlcount.Start(outerCtx)
	sqlcount.Record(context.Background()) // no counter: nothing to count, no panic
	sqlcount.Record(outerCtx)
	for range 3 {
		sqlcount.Record(innerCtx)
	}
	for _, tt := range []struct {
		name string
		c    *sqlcount.Counter
		want int64
	}{
		{"outer", outer, 1},
		{"inner", inner, 3},
	} {
		if got := tt.c.Count(); got != tt.want {
			t.Errorf("%s counter = %d, want %d", tt.name, got, tt.want)
		}
	}
}
