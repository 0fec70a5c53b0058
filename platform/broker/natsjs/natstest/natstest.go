// Package natstest names the NATS server that tests of the broker use.
package natstest

import "os"

// URL is the server the tests use: TEST_NATS_URL, or the machine's local one.
func URL() string {
	if url := os.Getenv("TEST_NATS_URL"); url != "" {
		return url
	}
	return "nats://127.0.0.1:4222"
}
