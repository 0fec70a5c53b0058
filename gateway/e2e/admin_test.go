package e2e_test

import (
	"net/http"
	"testing"
)

// TestBootstrapAdminCanAdministerUsers: BOOTSTRAP_ADMIN_* creates the first admin at start, and
// only that admin reaches the admin endpoints.
func TestBootstrapAdminCanAdministerUsers(t *testing.T) {
	t.Parallel()
	const email, password = "root@example.com", "bootstrap admin passphrase"
	gw := startGateway(t, "BOOTSTRAP_ADMIN_EMAIL="+email, "BOOTSTRAP_ADMIN_PASSWORD="+password)
	api := newClient(t, gw.URL)

	r := api.do(http.MethodPost, "/api/v1/auth/login", map[string]any{"email": email, "password": password})
	expect(t, "admin login", r, http.StatusOK, "")
	var admin tokenPair
	r.json(t, &admin)

	expect(t, "register a customer", api.do(http.MethodPost, "/api/v1/auth/register",
		map[string]any{"email": "cust@example.com", "password": "customer passphrase", "full_name": "C"}), http.StatusCreated, "")
	r = api.do(http.MethodPost, "/api/v1/auth/login", map[string]any{"email": "cust@example.com", "password": "customer passphrase"})
	var customer tokenPair
	r.json(t, &customer)

	r = api.withToken(admin.AccessToken).do(http.MethodGet, "/api/v1/users?email=cust", nil)
	expect(t, "admin lists users", r, http.StatusOK, "")
	var list struct {
		Items []struct {
			Email string `json:"email"`
		} `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}
	r.json(t, &list)
	if len(list.Items) != 1 || list.Items[0].Email != "cust@example.com" || list.NextCursor != nil {
		t.Fatalf("users?email=cust = %s, want exactly the customer and no next cursor", r.Body)
	}
	expect(t, "customer lists users", api.withToken(customer.AccessToken).do(http.MethodGet, "/api/v1/users", nil), http.StatusForbidden, "FORBIDDEN")
}
