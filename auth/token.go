package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// TokenBytes is the number of random bytes in a session or API token: 256 bits, far
// beyond guessing (ASVS 5.0 V7.2.3 asks for at least 128).
const TokenBytes = 32

// NewToken returns a new secret token for a session cookie or an API bearer token: 32
// bytes from crypto/rand in unpadded base64url (43 characters, safe in cookies, headers
// and URLs). Show it once; store only HashToken of it.
func NewToken() string {
	b := make([]byte, TokenBytes)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the hex SHA-256 of token, the form in which sessions and API tokens
// are stored and looked up. A fast hash is enough here, unlike for passwords: a token
// has 256 bits of entropy, so a stolen table of hashes cannot be reversed by guessing,
// and looking it up by its hash in an index involves no comparison of secrets in Go.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ValidTokenForm reports whether s looks like a token of NewToken (43 characters of
// base64url), so that anything else can be refused before it reaches the store.
func ValidTokenForm(s string) bool {
	if len(s) != base64.RawURLEncoding.EncodedLen(TokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil
}
