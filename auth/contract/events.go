// Package contract is all that other contexts may import of auth: the integration events it
// publishes, as plain serialisable types.
package contract

// EventUserRegistered is published once for every new account, after the registration commits.
const EventUserRegistered = "auth.user_registered"

// UserRegistered is the payload of EventUserRegistered (version 1).
type UserRegistered struct {
	UserID   string `json:"user_id"`
	Email    string `json:"email"`
	FullName string `json:"full_name"`
}
