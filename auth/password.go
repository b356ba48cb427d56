// Package auth holds the pure parts of signing in to Pejling: password hashing with
// argon2id in the PHC string format, the password policy, session and API tokens, and
// the login throttle. It knows no database and no HTTP: sqldb stores what it makes, and
// the web server calls it.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the cost parameters of argon2id (RFC 9106).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes of random salt
	KeyLen  uint32 // bytes of derived key
}

// DefaultParams returns the parameters new hashes are made with: the first of the
// OWASP Password Storage Cheat Sheet's argon2id settings, m=19456 KiB (19 MiB), t=2,
// p=1, which costs some 20–40 ms per hash on a server core — slow for a guesser,
// unnoticeable at sign-in — with a 16-byte salt and a 32-byte key (RFC 9106 §3.1).
// Raising them makes NeedsRehash true for older hashes, which are replaced at the next
// sign-in.
func DefaultParams() Params {
	return Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// maxPasswordBytes bounds what is hashed: the policy allows 128 characters, at most 512
// bytes of UTF-8; anything much longer is refused rather than hashed, so a sign-in form
// cannot be made to hash megabytes.
const maxPasswordBytes = 1024

// Bounds on the parameters read from a stored hash, so that a corrupt or planted hash
// cannot make a verification take gigabytes or minutes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 128
	maxHashLen = 512
)

// ErrMalformedHash is returned for a stored hash that is not an argon2id PHC string
// this package can check.
var ErrMalformedHash = errors.New("malformed password hash")

// b64 is the PHC string format's base64: standard alphabet, no padding.
var b64 = base64.RawStdEncoding

// constantTimeCompare compares derived keys; a variable so that a test can see it used.
var constantTimeCompare = subtle.ConstantTimeCompare

// HashPassword hashes password with DefaultParams and a fresh random salt and returns
// the PHC string $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(password string) (string, error) {
	return HashPasswordWith(password, DefaultParams())
}

// HashPasswordWith hashes password with the parameters p.
func HashPasswordWith(password string, p Params) (string, error) {
	if len(password) > maxPasswordBytes {
		return "", fmt.Errorf("password of %d bytes: at most %d are hashed", len(password), maxPasswordBytes)
	}
	if p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory || p.Time < 1 || p.Time > maxTime || p.Threads < 1 ||
		p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen || p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen {
		return "", fmt.Errorf("argon2id parameters %+v out of range", p)
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails (crypto/rand, Go 1.24+)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC string hash. The derived
// keys are compared in constant time. A malformed hash is an error wrapping
// ErrMalformedHash (never a panic, never a match); a password too long to have been
// hashed is simply wrong.
func VerifyPassword(hash, password string) (bool, error) {
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	if len(password) > maxPasswordBytes {
		return false, nil
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return constantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash should be replaced by a new hash of the same
// password (made at the next successful sign-in): it was made with other parameters
// than DefaultParams, or cannot be read.
func NeedsRehash(hash string) bool {
	p, _, _, err := parseHash(hash)
	return err != nil || p != DefaultParams()
}

// parseHash reads a PHC string $argon2id$v=19$m=M,t=T,p=P$salt$key, strictly: the
// fields in that order, decimal numbers within bounds, salt and key in unpadded
// standard base64.
func parseHash(hash string) (Params, []byte, []byte, error) {
	bad := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	if len(hash) > maxHashLen {
		return bad("too long")
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("not a PHC string of 5 fields")
	}
	if parts[1] != "argon2id" {
		return bad("algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version is not 19")
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return bad("parameters are not m,t,p")
	}
	var v [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		num, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok || num == "" || (len(num) > 1 && num[0] == '0') {
			return bad("parameter " + name)
		}
		n, err := strconv.ParseUint(num, 10, 32)
		if err != nil {
			return bad("parameter " + name)
		}
		v[i] = n
	}
	p := Params{Memory: uint32(v[0]), Time: uint32(v[1])}
	if v[2] < 1 || v[2] > 255 || v[1] < 1 || v[1] > maxTime || v[0] > maxMemory || v[0] < 8*v[2] {
		return bad("parameters out of range")
	}
	p.Threads = uint8(v[2])
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return bad("salt")
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return bad("hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
