// Package contract is all that other contexts may import of auth: the integration events it
// publishes, as plain serialisable types.
package contract

// Event types the auth context writes to its outbox, each at version EventVersion.
const (
	// EventUserRegistered is published once for every new account, after the registration
	// commits.
	EventUserRegistered = "auth.user_registered"

	// EventVersion is the payload version of every event above. A breaking change to a payload
	// is a new version, which every subscriber learns to read before any publisher writes it
	// (docs/recipes.md).
	EventVersion = 1
)

// UserRegistered is the payload of EventUserRegistered.
type UserRegistered struct {
	UserID   string `json:"user_id"`
	Email    string `json:"email"`
	FullName string `json:"full_name"`
}
