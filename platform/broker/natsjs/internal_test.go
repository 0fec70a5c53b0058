package natsjs

import (
	"testing"
	"time"
)

func TestServerAtLeast(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version string
		want    bool
	}{
		{"2.9.10", false}, {"2.10.0", true}, {"2.15.2", true}, {"3.0.0", true}, {"v2.10.1", true}, {"", false}, {"junk", false},
	}
	for _, tt := range tests {
		if got := serverAtLeast(tt.version, 2, 10); got != tt.want {
			t.Errorf("serverAtLeast(%q, 2, 10) = %v, want %v", tt.version, got, tt.want)
		}
	}
}

func TestRetryDelayFollowsTheScheduleAndRepeatsItsLastStep(t *testing.T) {
	t.Parallel()
	o := Options{}
	o.setDefaults()
	want := []time.Duration{time.Second, time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second, 30 * time.Second}
	for delivered, w := range want { // delivered 0 cannot happen, and is treated as 1
		if got := o.retryDelay(uint64(delivered)); got != w {
			t.Errorf("retryDelay(%d) = %v, want %v", delivered, got, w)
		}
	}
}

func TestValidSubjectAcceptsOnlyLiteralSubjects(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"orders.order_placed": true, "auth.user_registered": true, "x": true,
		"": false, "orders.": false, ".orders": false, "orders..placed": false,
		"orders.*": false, "orders.>": false, "orders placed": false,
	} {
		if got := validSubject(s); got != want {
			t.Errorf("validSubject(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCoveringSubjectIsTheNarrowestOneForAllTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		types []string
		want  string
	}{
		{[]string{"orders.order_cancelled"}, "orders.order_cancelled"},
		{[]string{"payments.payment_refunded", "payments.payment_succeeded"}, "payments.>"},
		{[]string{"auth.password_reset_requested", "auth.user_registered"}, "auth.>"},
		{[]string{"auth.user_registered", "orders.order_placed"}, ">"},
		{[]string{"a.b.c", "a.b.d", "a.x.y"}, "a.>"},
		{[]string{"a.b", "a.b.c"}, "a.>"}, // "a.b.>" would miss "a.b"
		{[]string{"a", "a.b"}, ">"},
	}
	for _, tt := range tests {
		if got := coveringSubject(tt.types); got != tt.want {
			t.Errorf("coveringSubject(%q) = %q, want %q", tt.types, got, tt.want)
		}
	}
}
