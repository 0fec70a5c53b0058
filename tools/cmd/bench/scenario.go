package main

import (
	"fmt"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// scenario is one endpoint to measure.
type scenario struct {
	name, method, path, token string
	body                      []byte
	rate                      int // requests per second of the open-loop latency run
}

type result struct {
	maxThroughput float64
	p50, p95, p99 time.Duration
	statements    string
	requests      uint64 // all the requests sent, both runs and the statements probe
}

func (s scenario) target(base string) vegeta.Target {
	h := http.Header{}
	if s.token != "" {
		h.Set("Authorization", "Bearer "+s.token)
	}
	if s.body != nil {
		h.Set("Content-Type", "application/json")
	}
	return vegeta.Target{Method: s.method, URL: base + s.path, Header: h, Body: s.body}
}

func (s scenario) measure(base string, o options) (result, error) {
	var r result
	stmts, err := s.statements(base)
	if err != nil {
		return r, err
	}
	r.statements = stmts

	// Closed loop: as fast as 32 connections go.
	closed := vegeta.NewAttacker(vegeta.Workers(uint64(o.connections)), vegeta.MaxWorkers(uint64(o.connections)), vegeta.Connections(o.connections), vegeta.KeepAlive(true))
	m, err := s.attack(closed, base, vegeta.Rate{Freq: 0}, o.duration)
	if err != nil {
		return r, err
	}
	r.maxThroughput = m.Throughput
	r.requests = 1 + m.Requests

	// Open loop: a fixed arrival rate, so slow responses cannot hide queueing (coordinated omission).
	if m, err = s.attack(openAttacker(), base, rateOf(s.rate), o.duration); err != nil {
		return r, err
	}
	r.p50, r.p95, r.p99 = m.Latencies.P50, m.Latencies.P95, m.Latencies.P99
	r.requests += m.Requests
	return r, nil
}

func (s scenario) attack(a *vegeta.Attacker, base string, rate vegeta.Rate, d time.Duration) (*vegeta.Metrics, error) {
	var m vegeta.Metrics
	for res := range a.Attack(vegeta.NewStaticTargeter(s.target(base)), rate, d, s.name) {
		m.Add(res)
	}
	m.Close()
	if m.Success < 0.999 {
		return &m, fmt.Errorf("only %.2f%% succeeded (status codes %v, errors %v)", m.Success*100, m.StatusCodes, first(m.Errors, 3))
	}
	return &m, nil
}

// statements asks the gateway (started with SQL_STATEMENT_HEADER=true) how many SQL statements
// one request runs.
func (s scenario) statements(base string) (string, error) {
	t := s.target(base)
	req, err := t.Request()
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if v := resp.Header.Get("X-SQL-Statements"); v != "" {
		return v, nil
	}
	return "?", nil
}

func first(errs []string, n int) []string {
	if len(errs) > n {
		return errs[:n]
	}
	return errs
}

func openAttacker() *vegeta.Attacker {
	return vegeta.NewAttacker(vegeta.Connections(256), vegeta.KeepAlive(true))
}

func rateOf(perSecond int) vegeta.Rate { return vegeta.Rate{Freq: perSecond, Per: time.Second} }

// warmUp sends the scenario for a second at its rate and forgets the answers: connections,
// caches and the pages of the rows it reads are then as the measurement that follows finds them
// in a running system.
func warmUp(s scenario, base string) {
	results := openAttacker().Attack(vegeta.NewStaticTargeter(s.target(base)), rateOf(s.rate), time.Second, s.name+" (warm-up)")
	for range results { // drained: only the load matters
	}
}
