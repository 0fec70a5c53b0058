package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

var unitOfWorkSpecs = []spec{
	{"unit of work: a failing unit leaves nothing behind", func(t *testing.T, s testStore) {
		u := newUser("ada@example.test")
		tok := newToken(u.ID, ids.New())
		boom := errors.New("boom")
		err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
			if err := r.Users().Add(ctx, u); err != nil {
				return err
			}
			if err := r.RefreshTokens().Add(ctx, *tok); err != nil {
				return err
			}
			if _, _, err := r.LoginThrottle().Reserve(ctx, "ada@example.test", window); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Do = %v; want fn's own error", err)
		}
		_, err = s.views.UserByID(context.Background(), u.ID)
		assertCode(t, "user after rollback", err, errs.KindNotFound, domain.CodeUserNotFound)
		err = s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
			_, err := r.RefreshTokens().ByHash(ctx, tok.Hash)
			return err
		})
		assertCode(t, "token after rollback", err, errs.KindUnauthenticated, domain.CodeInvalidToken)
		if got, _ := reserve(t, s, "ada@example.test"); got != 1 {
			t.Fatalf("attempts after rollback = %d; want the first attempt, 1", got)
		}
	}},
}
