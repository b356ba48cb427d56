package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// chromium returns the path of Debian's headless Chromium. Without it the test skips
// with one line — or fails where PEJLING_TEST_BROWSER=required (as in .ci/run).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PEJLING_TEST_BROWSER") == "required" {
		t.Fatal("chromium is not installed but PEJLING_TEST_BROWSER=required")
	}
	t.Skip("browser test skipped: chromium not installed (apt-get install chromium)")
	return ""
}

// browse loads url in headless Chromium, in a fresh profile, and returns the DOM after
// scripts ran. When screenshot is not empty it also saves a PNG of the page there.
func browse(t *testing.T, url, screenshot string) string {
	t.Helper()
	bin := chromium(t)
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-quic", "--user-data-dir=" + t.TempDir(), "--window-size=1280,900"}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if screenshot != "" {
		out, err := exec.CommandContext(ctx, bin, append(args, "--screenshot="+screenshot, url)...).CombinedOutput()
		if err != nil {
			t.Fatalf("chromium screenshot: %v\n%s", err, out)
		}
		if fi, err := os.Stat(screenshot); err != nil || fi.Size() < 1000 {
			t.Fatalf("no screenshot written: %v", err)
		}
	}
	args[len(args)-1] = "--user-data-dir=" + filepath.Join(t.TempDir(), "p2")
	out, err := exec.CommandContext(ctx, bin, append(args, "--dump-dom", url)...).Output()
	if err != nil {
		t.Fatalf("chromium dump-dom: %v", err)
	}
	return string(out)
}
