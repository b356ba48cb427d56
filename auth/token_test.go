package auth_test

import (
	"encoding/base64"
	"regexp"
	"testing"

	"github.com/pejling/pejling/auth"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := auth.NewToken()
		if b, err := base64.RawURLEncoding.DecodeString(tok); err != nil || len(b) != 32 {
			t.Fatalf("token %q: %d bytes, %v", tok, len(b), err)
		}
		if seen[tok] {
			t.Fatal("a token repeated")
		}
		seen[tok] = true
		if !auth.ValidTokenForm(tok) {
			t.Fatalf("%q not of the token form", tok)
		}
	}
}

func TestHashToken(t *testing.T) {
	// SHA-256("abc"), FIPS 180-2 appendix B.1.
	if got := auth.HashToken("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("HashToken(abc) = %s", got)
	}
	tok := auth.NewToken()
	if h := auth.HashToken(tok); !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(h) || h == tok {
		t.Errorf("hash %q", h)
	}
}

func TestValidTokenForm(t *testing.T) {
	for _, s := range []string{"", "abc", auth.NewToken() + "A", auth.NewToken()[:42] + "=", "'; DROP TABLE sessions; --xxxxxxxxxxxxxxxxx"} {
		if auth.ValidTokenForm(s) {
			t.Errorf("%q accepted", s)
		}
	}
}
