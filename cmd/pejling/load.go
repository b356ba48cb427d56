package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

// runLoad is a bounded load test of a running server on this machine: users concurrent
// sessions for a duration, each reading dashboards and the figures API of random
// municipalities back to back; it reports throughput, latency percentiles and errors.
func runLoad(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "load", "",
		"Load-tests a running pejling serve on this machine (127.0.0.1, ::1 or localhost only):\n"+
			"--users concurrent sessions for --duration, each alternating a municipality dashboard and\n"+
			"/api/v1/figures (one municipality, all groups, 12 months) of a random municipality.\n"+
			"Prints requests, throughput, p50/p95/p99 per kind, and every error; exit 1 on any error.")
	base := fs.String("url", "http://127.0.0.1:8080", "the server")
	users := fs.Int("users", 50, "concurrent sessions")
	duration := fs.Duration("duration", 60*time.Second, "how long (at most 10m)")
	year := fs.Int("year", 2024, "the year of the dashboards and the API's months")
	token := fs.String("token", envOr(env, "PEJLING_TOKEN", ""), "an API token (pejling token create) sent as the bearer of every request (env PEJLING_TOKEN)")
	if err := parse(fs, args); err != nil {
		return err
	}
	u, err := url.Parse(*base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return pejling.Errorf(pejling.EINVALID, "--url %q: give http://127.0.0.1:PORT", pejling.Clip(*base))
	}
	if h := u.Hostname(); h != "localhost" && !isLoopback(h) {
		return pejling.Errorf(pejling.EINVALID, "--url %s: the load test runs against this machine only (127.0.0.1, ::1, localhost)", pejling.Clip(h))
	}
	if *users < 1 || *users > 1000 || *duration <= 0 || *duration > 10*time.Minute {
		return pejling.Errorf(pejling.EINVALID, "--users must be 1–1000 and --duration at most 10m")
	}
	codes := []int{}
	for _, m := range dk.Municipalities() {
		codes = append(codes, m.Code)
	}
	// Redirects are not followed: a redirect to the sign-in page is an error, not a page.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *users},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	type result struct {
		kind string
		took time.Duration
		err  error
	}
	results := make(chan result, 1024)
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	var wg sync.WaitGroup
	for i := range *users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for n := 0; ctx.Err() == nil; n++ {
				m := codes[rng.IntN(len(codes))]
				kind, path := "dashboard", fmt.Sprintf("/kommuner/%d?period=%d", m, *year)
				if n%2 == 1 {
					kind, path = "api", fmt.Sprintf("/api/v1/figures?municipality=%d&from=%d-01-01&to=%d-12-31&every=month", m, *year, *year)
				}
				start := time.Now()
				req, _ := http.NewRequestWithContext(ctx, "GET", *base+path, nil)
				if *token != "" {
					req.Header.Set("Authorization", "Bearer "+*token)
				}
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != 200 {
						err = fmt.Errorf("%s: status %d", path, resp.StatusCode)
					}
				}
				if ctx.Err() != nil {
					return // cut off by the end of the run: not counted
				}
				results <- result{kind, time.Since(start), err}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	took := map[string][]time.Duration{}
	var errs []error
	start := time.Now()
	for r := range results {
		took[r.kind] = append(took[r.kind], r.took)
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	elapsed := time.Since(start)
	total := 0
	for _, kind := range []string{"dashboard", "api"} {
		ds := took[kind]
		total += len(ds)
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		fmt.Fprintf(env.Stdout, "%-9s %7d requests  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms\n", kind, len(ds),
			ms(q(0.50)), ms(q(0.95)), ms(q(0.99)), ms(ds[len(ds)-1]))
	}
	fmt.Fprintf(env.Stdout, "total     %7d requests in %.1fs by %d users: %.0f requests/s, %d errors\n", total, elapsed.Seconds(), *users, float64(total)/elapsed.Seconds(), len(errs))
	for i, e := range errs {
		if i == 10 {
			fmt.Fprintf(env.Stdout, "… and %d more errors\n", len(errs)-10)
			break
		}
		fmt.Fprintln(env.Stdout, "error:", e)
	}
	if len(errs) > 0 {
		return pejling.Errorf(pejling.EINTERNAL, "%d of %d requests failed", len(errs), total)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
