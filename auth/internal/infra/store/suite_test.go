package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/auth/internal/infra/store"
	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/ids"
)

// spec is one behaviour every store must have, whatever the database behind it.
type spec struct {
	name string
	run  func(t *testing.T, s testStore)
}

// testStore is the store under test, reached only through the application's ports.
type testStore struct {
	uow     application.UnitOfWork
	views   application.UserReadModel
	engines *db.Engines // for the specs that move the database's view of time (ageWindows)
}

// TestStore runs the one repository suite against every dialect, each spec on a fresh,
// migrated store of its own so that specs run in parallel without seeing each other's rows.
func TestStore(t *testing.T) {
	t.Parallel()
	var specs []spec
	for _, group := range [][]spec{userSpecs, refreshTokenSpecs, resetTokenSpecs, throttleSpecs, inboxSpecs, userViewSpecs, unitOfWorkSpecs} {
		specs = append(specs, group...)
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			for _, sp := range specs {
				t.Run(sp.name, func(t *testing.T) {
					t.Parallel()
					engines := migrationstest.Open(t, dialect, "auth")
					sp.run(t, testStore{uow: store.NewUnitOfWork(engines, nil), views: store.NewUserReadModel(engines), engines: engines})
				})
			}
		})
	}
}

// t0 is the suite's "now"; microsecond precision, as platform/clock hands out.
var t0 = time.Date(2030, 1, 2, 3, 4, 5, 123456000, time.UTC)

// do runs fn in one unit of work and fails the test if it fails.
func do(t *testing.T, s testStore, fn func(ctx context.Context, r application.Repositories) error) {
	t.Helper()
	if err := s.uow.Do(context.Background(), fn); err != nil {
		t.Fatalf("unit of work: %v", err)
	}
}

func newUser(email string) domain.User {
	return domain.User{
		ID:           ids.New(),
		Email:        domain.RestoreEmail(email),
		FullName:     "Ada " + email,
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5",
		Roles:        []domain.Role{domain.RoleCustomer},
		CreatedAt:    t0,
		UpdatedAt:    t0,
	}
}

// addUsers stores users in the order given, so later ones have higher (UUIDv7) ids.
func addUsers(t *testing.T, s testStore, emails ...string) []domain.User {
	t.Helper()
	users := make([]domain.User, len(emails))
	for i, e := range emails {
		users[i] = newUser(e)
	}
	do(t, s, func(ctx context.Context, r application.Repositories) error {
		for _, u := range users {
			if err := r.Users().Add(ctx, u); err != nil {
				return err
			}
		}
		return nil
	})
	return users
}
