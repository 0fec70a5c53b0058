package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// metricsEnv gives a process its own METRICS_ADDR listener, where it serves Go's profiles, when
// the run collects profiles (-profile); otherwise nothing.
func metricsEnv(o options) ([]string, string, error) {
	if o.profileDir == "" {
		return nil, "", nil
	}
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	addr := "127.0.0.1:" + port
	return []string{"METRICS_ADDR=" + addr}, addr, nil
}

// profiled is a process whose CPU profile is taken while a measurement runs.
type profiled struct {
	name, metricsAddr string
}

// cpuProfiles runs measure while taking a CPU profile of each process for d, and writes them to
// dir as <name>-<label>.pprof (for `go tool pprof -top`).
func cpuProfiles(dir, label string, d time.Duration, procs []profiled, measure func() error) error {
	if dir == "" {
		return measure()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(procs))
	seconds := max(1, int(d/time.Second)-1) // within the measurement, not past its end
	for i, p := range procs {
		wg.Go(func() {
			errs[i] = fetchProfile(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", p.metricsAddr, seconds),
				filepath.Join(dir, p.name+"-"+label+".pprof"))
		})
	}
	err := measure()
	wg.Wait()
	if err != nil {
		return err
	}
	for i, e := range errs {
		if e != nil {
			return fmt.Errorf("profile of %s: %w", procs[i].name, e)
		}
	}
	return nil
}

func fetchProfile(url, path string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
