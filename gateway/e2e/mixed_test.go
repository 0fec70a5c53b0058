package e2e_test

import (
	"path/filepath"
	"testing"
)

// TestMixedTopologyOnlyPaymentsRemote: the gateway runs auth and orders in process and forwards
// payments to payments-service, which asks orders and fetches keys back through the gateway;
// events cross over NATS both ways. The same shop flow passes.
func TestMixedTopologyOnlyPaymentsRemote(t *testing.T) {
	t.Parallel()
	requireService(t, "NATS", "127.0.0.1:4222")
	run := randomName(t)
	broker := []string{"BROKER_URL=nats://127.0.0.1:4222", "BROKER_STREAM=E2E_MIXED_" + run}
	gatewayAddr, paymentsAddr := freeAddr(t), freeAddr(t)
	dir := t.TempDir()
	gw := startProcess(t, gatewayBinary(t), gatewayAddr, append(broker,
		"DATABASE_URL=sqlite:"+filepath.Join(dir, "shop.db"), "JWT_SIGNING_KEY_FILE="+filepath.Join(dir, "jwt.pem"),
		"BOOTSTRAP_ADMIN_EMAIL="+splitAdminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+splitAdminPassword,
		"PAYMENTS_URL=http://"+paymentsAddr)...)
	startProcess(t, buildBinary(t, "../../payments/cmd/payments-service"), paymentsAddr, append(broker,
		"DATABASE_URL=sqlite:"+filepath.Join(dir, "payments.db"),
		"AUTH_URL="+gw.URL, "ORDERS_URL="+gw.URL)...)
	runShopFlow(t, gw.URL, login(t, newClient(t, gw.URL), splitAdminEmail, splitAdminPassword))
}
