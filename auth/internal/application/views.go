package application

import "github.com/modmono/auth/internal/domain"

// TokenPair is what a login or a refresh answers.
type TokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"` // seconds until the access token expires
}

// viewOf shapes a user that a command just wrote the way queries show it, so a command's
// answer needs no second read.
func viewOf(u domain.User) UserView {
	return UserView{
		ID:        u.ID,
		Email:     u.Email.String(),
		FullName:  u.FullName,
		Roles:     domain.RoleNames(u.Roles),
		Disabled:  u.Disabled,
		CreatedAt: u.CreatedAt,
		UpdatedAt: u.UpdatedAt,
	}
}
