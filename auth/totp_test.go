package auth_test

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling/auth"
)

// The test vectors of RFC 6238 Appendix B for SHA-1 (key "12345678901234567890"),
// cut to 6 digits: the last six digits of the 8-digit codes.
func TestTOTPCodeRFC6238(t *testing.T) {
	key := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for _, c := range []struct {
		unix int64
		want string
	}{
		{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"},
		{1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
	} {
		got, err := auth.TOTPCode(key, auth.TOTPStep(time.Unix(c.unix, 0)))
		if err != nil || got != c.want {
			t.Errorf("T=%d: %q, %v; want %q", c.unix, got, err, c.want)
		}
	}
}

func TestCheckTOTP(t *testing.T) {
	key := auth.NewTOTPKey()
	if len(key) != 32 {
		t.Fatalf("key %q: want 32 base32 characters (160 bits)", key)
	}
	if auth.NewTOTPKey() == key {
		t.Fatal("two keys alike")
	}
	now := time.Date(2026, 11, 23, 12, 0, 15, 0, time.UTC)
	step := auth.TOTPStep(now)
	for d := int64(-1); d <= 1; d++ {
		code, _ := auth.TOTPCode(key, step+d)
		got, ok := auth.CheckTOTP(key, code[:3]+" "+code[3:], now)
		if !ok || got != step+d {
			t.Errorf("step %+d: %d, %v", d, got, ok)
		}
	}
	for _, d := range []int64{-2, 2, 100} {
		code, _ := auth.TOTPCode(key, step+d)
		if now, ok := auth.CheckTOTP(key, code, now); ok {
			// A code of another step may collide by chance (1 in 10⁶); check that
			// it is not the step tried.
			if now == step+d {
				t.Errorf("step %+d accepted", d)
			}
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef", "12345\x00", strings.Repeat("1", 10000)} {
		if _, ok := auth.CheckTOTP(key, bad, now); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, ok := auth.CheckTOTP("not base32!", "123456", now); ok {
		t.Error("a bad key accepted a code")
	}
	if _, err := auth.TOTPCode("", 1); err == nil {
		t.Error("empty key gave a code")
	}
}

func TestTOTPURI(t *testing.T) {
	u := auth.TOTPURI("Pejling", "anna kbh", "JBSWY3DPEHPK3PXP")
	want := "otpauth://totp/Pejling:anna%20kbh?algorithm=SHA1&digits=6&issuer=Pejling&period=30&secret=JBSWY3DPEHPK3PXP"
	if u != want {
		t.Errorf("got  %s\nwant %s", u, want)
	}
	if g := auth.GroupKey("JBSWY3DPEHPK3PXP"); g != "JBSW Y3DP EHPK 3PXP" {
		t.Errorf("GroupKey: %q", g)
	}
}
