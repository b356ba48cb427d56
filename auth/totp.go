package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP, RFC 6238 with the parameters every authenticator app supports: HMAC-SHA1,
// 6 digits, 30-second steps, a 160-bit key (RFC 4226 §4 R6).
const (
	TOTPDigits   = 6
	TOTPPeriod   = 30 * time.Second
	totpKeyBytes = 20
	// TOTPSkew is how many steps before and after now a code is accepted: clocks of
	// phones drift, and typing a code takes time (RFC 6238 §5.2 recommends one).
	TOTPSkew = 1
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPKey returns a new random TOTP key in unpadded base32, the form apps take.
func NewTOTPKey() string {
	b := make([]byte, totpKeyBytes)
	rand.Read(b)
	return b32.EncodeToString(b)
}

// TOTPStep is the time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// TOTPCode returns the code of the key for time step step (RFC 4226 HOTP with the
// step as counter), or an error if the key is not base32.
func TOTPCode(key string, step int64) (string, error) {
	k, err := b32.DecodeString(strings.ToUpper(strings.TrimRight(key, "=")))
	if err != nil || len(k) == 0 {
		return "", fmt.Errorf("the TOTP key is not base32")
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, k)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range TOTPDigits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", TOTPDigits, bin%mod), nil
}

// CheckTOTP returns the step whose code equals code, looking TOTPSkew steps either
// side of now, or ok false. Spaces in the code are ignored. The caller must refuse a
// step not after the last one accepted (a replay).
func CheckTOTP(key, code string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != TOTPDigits {
		return 0, false
	}
	base := TOTPStep(now)
	for d := int64(-TOTPSkew); d <= TOTPSkew; d++ {
		want, err := TOTPCode(key, base+d)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return base + d, true
		}
	}
	return 0, false
}

// TOTPURI is the otpauth:// link of the key for an authenticator app (the format of
// Google Authenticator's key URI, which the other apps read too).
func TOTPURI(issuer, account, key string) string {
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	q := url.Values{"secret": {key}, "issuer": {issuer}, "algorithm": {"SHA1"},
		"digits": {fmt.Sprint(TOTPDigits)}, "period": {fmt.Sprint(int(TOTPPeriod / time.Second))}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// GroupKey writes the key in groups of four for reading and typing.
func GroupKey(key string) string {
	var b strings.Builder
	for i, r := range key {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
