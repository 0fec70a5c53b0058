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

// LoginThrottle counts attempts per key (failed logins per normalised email, reset requests) in a
// fixed window, atomically across every instance sharing the database, on the database's clock:
// instances whose clocks disagree still share one window.
type LoginThrottle interface {
	// Reserve counts one attempt for key and returns the attempts in the current window
	// (including this one) and how long until that window ends. A window older than `window`
	// restarts at 1.
	Reserve(ctx context.Context, key string, window time.Duration) (attempts int, retryAfter time.Duration, err error)
	// Attempts returns key's attempts in its open window (0 when there is none) and how long
	// until that window ends, counting nothing.
	Attempts(ctx context.Context, key string) (attempts int, retryAfter time.Duration, err error)
	// Reset forgets key's attempts (after a successful login).
	Reset(ctx context.Context, key string) error
	// DeleteExpired removes windows that have ended.
	DeleteExpired(ctx context.Context) error
}

// PasswordResetTokens is the write-side repository of password reset tokens, bound to one
// transaction.
type PasswordResetTokens interface {
	Add(ctx context.Context, t domain.PasswordResetToken) error
	// ByHash answers errs Unauthenticated INVALID_TOKEN when no token has that hash.
	ByHash(ctx context.Context, hash string) (domain.PasswordResetToken, error)
	// Redeem sets used_at only if the token is still unused and unexpired at `at`; false means
	// it was not (a concurrent confirmation won, or it expired meanwhile).
	Redeem(ctx context.Context, id string, at time.Time) (bool, error)
	// SpendAllForUser marks every unused token of the user used, so no other link works.
	SpendAllForUser(ctx context.Context, userID string, at time.Time) error
	// DeleteExpired removes tokens that expired before now; they can never be redeemed.
	DeleteExpired(ctx context.Context, now time.Time) error
}

// PasswordResetTokenFinder finds a reset token outside any unit of work: one round trip for the
// check that spares a bad token an argon2id run. The redemption itself is decided again in the
// transaction that sets the password.
type PasswordResetTokenFinder interface {
	// ByHash answers errs Unauthenticated INVALID_TOKEN when no token has that hash.
	ByHash(ctx context.Context, hash string) (domain.PasswordResetToken, error)
}

// Inbox records the events a subscriber of this context has handled, so a redelivered event
// takes effect once.
type Inbox interface {
	// Handled reports whether subscriber has already recorded eventID.
	Handled(ctx context.Context, subscriber, eventID string) (bool, error)
	// Record marks eventID handled by subscriber; false when it already was.
	Record(ctx context.Context, subscriber, eventID string) (bool, error)
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
	PasswordResetTokens() PasswordResetTokens
	Inbox() Inbox
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

// PasswordHasher hashes with argon2id, bounded in concurrency so a flood cannot exhaust memory,
// and in waiting callers: past its queue every method answers errs Unavailable (503) at once.
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	Verify(ctx context.Context, password, hash string) (bool, error)
	// VerifyDummy spends the same time as Verify against a fixed hash, so that an unknown email
	// answers as slowly as a wrong password (and is refused when busy, as Verify would be).
	VerifyDummy(ctx context.Context, password string) error
	// Admit answers errs Unavailable at once when a hash now would be refused, so a caller sheds
	// a flood before doing other work for it; nil promises nothing.
	Admit() error
}

// AccessTokenIssuer signs access tokens.
type AccessTokenIssuer interface {
	Issue(userID string, roles []string, now time.Time) (token string, expiresIn time.Duration, err error)
}

// Message is one mail to one recipient, in both a plain-text and an HTML rendering; the
// adapter adds the sender and the envelope headers.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer delivers a message, or fails; it never queues, so a failure is the caller's to retry
// (the outbox relay does, for the subscribers that send mail).
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// MailComposer renders the context's mails from their templates.
type MailComposer interface {
	Welcome(m WelcomeMail) (Message, error)
	PasswordReset(m PasswordResetMail) (Message, error)
}

// WelcomeMail is what the welcome mail says. Mails carry no text a client chose (not even the
// full name, which whoever registers picks along with the recipient): only the shop's own words,
// the address and the shop's links.
type WelcomeMail struct {
	To      string
	SiteURL string // PUBLIC_BASE_URL, where the user signs in
}

// PasswordResetMail is what the reset mail says; like the welcome mail, no client-chosen text.
type PasswordResetMail struct {
	To       string
	Link     string // the page that takes the token and asks for the new password
	ValidFor time.Duration
}
