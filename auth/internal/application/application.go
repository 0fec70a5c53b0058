package application

import (
	"errors"
	"fmt"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/page"
)

// Application is the auth context's use cases, each wrapped in the bus's decorators. The
// interfaces layer calls nothing else.
type Application struct {
	Commands Commands
	Queries  Queries
}

// Commands change state; each runs its writes in units of work.
type Commands struct {
	Register           bus.Handler[Register, UserView]
	Login              bus.Handler[Login, TokenPair]
	Refresh            bus.Handler[Refresh, TokenPair]
	Logout             bus.Handler[Logout, struct{}]
	UpdateMe           bus.Handler[UpdateMe, UserView]
	ChangePassword     bus.Handler[ChangePassword, struct{}]
	UpdateUser         bus.Handler[UpdateUser, UserView]
	EnsureAdmin        bus.Handler[EnsureAdmin, bool]
	PurgeLoginThrottle bus.Handler[PurgeLoginThrottle, struct{}]

	RequestPasswordReset     bus.Handler[RequestPasswordReset, struct{}]
	ConfirmPasswordReset     bus.Handler[ConfirmPasswordReset, struct{}]
	PurgePasswordResetTokens bus.Handler[PurgePasswordResetTokens, struct{}]
	// The mail senders are run by the mailer subscriber, one per event.
	SendWelcomeMail       bus.Handler[SendWelcomeMail, struct{}]
	SendPasswordResetMail bus.Handler[SendPasswordResetMail, struct{}]
}

// Queries only read, from the read model.
type Queries struct {
	GetUser   bus.Handler[GetUser, UserView]
	ListUsers bus.Handler[ListUsers, page.Page[UserView]]
}

// New builds every handler and registers it with d.Bus. It reports every missing dependency
// and bad setting at once, so wiring fails at start with the whole list.
func New(d Deps) (*Application, error) {
	problems := []error{d.Config.validate()}
	if d.Bus == nil {
		problems = append(problems, errors.New("bus is nil"))
	}
	uow, clk, cfg := d.UnitOfWork, d.Clock, d.Config
	register, err := NewRegisterHandler(uow, d.PasswordHasher, clk)
	problems = append(problems, err)
	login, err := NewLoginHandler(uow, d.PasswordHasher, d.AccessTokenIssuer, clk, cfg)
	problems = append(problems, err)
	refresh, err := NewRefreshHandler(uow, d.AccessTokenIssuer, clk, cfg)
	problems = append(problems, err)
	logout, err := NewLogoutHandler(uow, clk)
	problems = append(problems, err)
	updateMe, err := NewUpdateMeHandler(uow, clk)
	problems = append(problems, err)
	changePassword, err := NewChangePasswordHandler(uow, d.PasswordHasher, clk)
	problems = append(problems, err)
	updateUser, err := NewUpdateUserHandler(uow, clk)
	problems = append(problems, err)
	ensureAdmin, err := NewEnsureAdminHandler(uow, d.PasswordHasher, clk)
	problems = append(problems, err)
	purge, err := NewPurgeLoginThrottleHandler(uow, clk)
	problems = append(problems, err)
	requestReset, err := NewRequestPasswordResetHandler(uow, clk, cfg)
	problems = append(problems, err)
	confirmReset, err := NewConfirmPasswordResetHandler(uow, d.ResetTokenFinder, d.PasswordHasher, clk)
	problems = append(problems, err)
	purgeResets, err := NewPurgePasswordResetTokensHandler(uow, clk)
	problems = append(problems, err)
	welcome, err := NewSendWelcomeMailHandler(uow, d.Mailer, d.MailComposer, cfg)
	problems = append(problems, err)
	resetMail, err := NewSendPasswordResetMailHandler(uow, d.Mailer, d.MailComposer, clk, cfg)
	problems = append(problems, err)
	getUser, err := NewGetUserHandler(d.UserReadModel)
	problems = append(problems, err)
	listUsers, err := NewListUsersHandler(d.UserReadModel)
	problems = append(problems, err)
	if err := errors.Join(problems...); err != nil {
		return nil, fmt.Errorf("auth application: %w", err)
	}

	b := d.Bus
	var observer Observer = noObserver{}
	if d.Observer != nil {
		observer = d.Observer
	}
	return &Application{
		Commands: Commands{
			Register:           bus.Command(b, "auth.register", register),
			Login:              observed(bus.Command(b, "auth.login", login), EndpointLogin, observer),
			Refresh:            bus.Command(b, "auth.refresh", refresh),
			Logout:             bus.Command(b, "auth.logout", logout),
			UpdateMe:           bus.Command(b, "auth.update_me", updateMe),
			ChangePassword:     bus.Command(b, "auth.change_password", changePassword),
			UpdateUser:         bus.Command(b, "auth.update_user", updateUser),
			EnsureAdmin:        bus.Command(b, "auth.ensure_admin", ensureAdmin),
			PurgeLoginThrottle: bus.Command(b, "auth.purge_login_throttle", purge),

			RequestPasswordReset:     observed(bus.Command(b, "auth.request_password_reset", requestReset), EndpointPasswordReset, observer),
			ConfirmPasswordReset:     bus.Command(b, "auth.confirm_password_reset", confirmReset),
			PurgePasswordResetTokens: bus.Command(b, "auth.purge_password_reset_tokens", purgeResets),
			SendWelcomeMail:          bus.Command(b, "auth.send_welcome_mail", welcome),
			SendPasswordResetMail:    bus.Command(b, "auth.send_password_reset_mail", resetMail),
		},
		Queries: Queries{
			GetUser:   bus.Query(b, "auth.get_user", getUser),
			ListUsers: bus.Query(b, "auth.list_users", listUsers),
		},
	}, nil
}
