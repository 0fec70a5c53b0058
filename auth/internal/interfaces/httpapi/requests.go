package httpapi

// Request bodies. Fields are pointers so that an absent member (or null) is told apart from an
// empty string and reported as required; strict binding rejects every member not listed here.

type RegisterRequest struct {
	Email    *string `json:"email"`
	Password *string `json:"password"`
	FullName *string `json:"full_name"`
}

type LoginRequest struct {
	Email    *string `json:"email"`
	Password *string `json:"password"`
}

// RefreshTokenRequest is the body of refresh and logout.
type RefreshTokenRequest struct {
	RefreshToken *string `json:"refresh_token"`
}

// UpdateMeRequest holds only what users may change about themselves: "roles" or "disabled"
// sent here are unknown members, hence a 422.
type UpdateMeRequest struct {
	FullName *string `json:"full_name"`
}

type ChangePasswordRequest struct {
	CurrentPassword *string `json:"current_password"`
	NewPassword     *string `json:"new_password"`
}

type PasswordResetRequest struct {
	Email *string `json:"email"`
}

type ConfirmPasswordResetRequest struct {
	Token       *string `json:"token"`
	NewPassword *string `json:"new_password"`
}

// UpdateUserRequest is an admin's partial update: an absent member is left unchanged.
type UpdateUserRequest struct {
	Roles    *[]string `json:"roles,omitempty"`
	Disabled *bool     `json:"disabled,omitempty"`
	FullName *string   `json:"full_name,omitempty"`
}
