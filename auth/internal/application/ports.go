package application

import (
	"context"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/page"
)

// Users is the write-side repository of users, bound to one transaction.
type Users interface {
	// Add stores a new user; a taken email is errs Conflict EMAIL_TAKEN.
	Add(ctx context.Context, u domain.User) error
	// ByID and ByEmail answer errs NotFound USER_NOT_FOUND when there is no such user.
	ByID(ctx context.Context, id string) (domain.User, error)
	ByEmail(ctx context.Context, email domain.Email) (domain.User, error)
	// Update stores every mutable field of u (full_name, password_hash, roles, disabled, updated_at).
	Update(ctx context.Context, u domain.User) error
}

// RefreshTokens is the write-side repository of refresh tokens, bound to one transaction.
type RefreshTokens interface {
	Add(ctx context.Context, t domain.RefreshToken) error
	// ByHash answers errs Unauthenticated INVALID_TOKEN when no token has that hash.
	ByHash(ctx context.Context, hash string) (domain.RefreshToken, error)
	// MarkUsed sets used_at only if it is still unset; false means another request used it first.
	MarkUsed(ctx context.Context, id string, at time.Time) (bool, error)
	RevokeFamily(ctx context.Context, familyID string, at time.Time) error
	RevokeAllForUser(ctx context.Context, userID string, at time.Time) error
}

// LoginThrottle counts login attempts per normalised email in a fixed window, atomically across
// every instance sharing the database.
type LoginThrottle interface {
	// Reserve counts one attempt for key and returns the attempts in the current window
	// (including this one) and when that window ends. A window older than `window` restarts at 1.
	Reserve(ctx context.Context, key string, now time.Time, window time.Duration) (attempts int, windowEnds time.Time, err error)
	// Reset forgets key's attempts (after a successful login).
	Reset(ctx context.Context, key string) error
	// DeleteExpired removes windows that ended before now.
	DeleteExpired(ctx context.Context, now time.Time) error
}

// Outbox takes the integration events of a Unit of Work; they commit or roll back with it.
type Outbox interface {
	Append(ctx context.Context, events ...outbox.Event) error
}

// Repositories are the repositories bound to one Unit of Work.
type Repositories interface {
	Users() Users
	RefreshTokens() RefreshTokens
	LoginThrottle() LoginThrottle
	Outbox() Outbox
}

// UnitOfWork runs fn in one transaction; fn's error rolls everything back.
type UnitOfWork interface {
	Do(ctx context.Context, fn func(ctx context.Context, repos Repositories) error) error
}

// UserView is the read model of a user, shaped for the API.
type UserView struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	FullName  string    `json:"full_name"`
	Roles     []string  `json:"roles"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UserReadModel answers queries from the read engine, without loading aggregates.
type UserReadModel interface {
	// UserByID answers errs NotFound USER_NOT_FOUND.
	UserByID(ctx context.Context, id string) (UserView, error)
	// ListUsers returns up to req.Limit+1 users, newest first, after req.After, whose email starts
	// with emailPrefix literally (no LIKE wildcards), case-insensitively.
	ListUsers(ctx context.Context, emailPrefix string, req page.Request) ([]UserView, error)
}

// PasswordHasher hashes with argon2id, bounded in concurrency so a flood cannot exhaust memory.
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	Verify(ctx context.Context, password, hash string) (bool, error)
	// VerifyDummy spends the same time as Verify against a fixed hash, so that an unknown email
	// answers as slowly as a wrong password.
	VerifyDummy(ctx context.Context, password string)
}

// AccessTokenIssuer signs access tokens.
type AccessTokenIssuer interface {
	Issue(userID string, roles []string, now time.Time) (token string, expiresIn time.Duration, err error)
}
