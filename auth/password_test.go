package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pejling/pejling/auth"
)

// cheap are parameters that keep the tests fast; DefaultParams is tested once.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPassword(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("hash %q is not the PHC string of the defaults", h)
	}
	if ok, err := auth.VerifyPassword(h, "correct horse battery staple"); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	if ok, err := auth.VerifyPassword(h, "correct horse battery stapler"); ok || err != nil {
		t.Errorf("wrong password: %v, %v", ok, err)
	}
	if auth.NeedsRehash(h) {
		t.Error("a hash of the defaults needs rehashing")
	}
	h2, _ := auth.HashPassword("correct horse battery staple")
	if h2 == h {
		t.Error("two hashes of one password are equal: no fresh salt")
	}
}

func TestVerifyPassword(t *testing.T) {
	h, err := auth.HashPasswordWith("æøå blåbærgrød 🙂 x", cheap)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, password string
		want           bool
	}{
		{"Right", "æøå blåbærgrød 🙂 x", true},
		{"Case", "ÆØÅ blåbærgrød 🙂 x", false},
		{"Empty", "", false},
		{"Prefix", "æøå blåbærgrød", false},
		{"Huge", strings.Repeat("x", 10<<20), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ok, err := auth.VerifyPassword(h, tc.password); ok != tc.want || err != nil {
				t.Errorf("got %v, %v; want %v", ok, err, tc.want)
			}
		})
	}
	if !auth.NeedsRehash(h) {
		t.Error("a hash of other parameters does not need rehashing")
	}
}

// A stored hash that is garbled in any way is an error, never a panic or a match.
func TestVerifyPasswordMalformed(t *testing.T) {
	good, err := auth.HashPasswordWith("a fine long password", cheap)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	for name, h := range map[string]string{
		"Empty":          "",
		"Dollar":         "$",
		"Bcrypt":         "$2b$12$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
		"Argon2i":        "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"Version16":      "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"NoVersion":      "$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"ParamOrder":     "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key,
		"ParamMissing":   "$argon2id$v=19$m=64,t=1$" + salt + "$" + key,
		"ParamNegative":  "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key,
		"ParamHuge":      "$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + key,
		"MemoryTooBig":   "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key,
		"TimeZero":       "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key,
		"TimeHuge":       "$argon2id$v=19$m=64,t=1000000,p=1$" + salt + "$" + key,
		"ThreadsZero":    "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key,
		"Threads256":     "$argon2id$v=19$m=4096,t=1,p=256$" + salt + "$" + key,
		"MemoryBelow8p":  "$argon2id$v=19$m=8,t=1,p=2$" + salt + "$" + key,
		"LeadingZero":    "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key,
		"SaltNotBase64":  "$argon2id$v=19$m=64,t=1,p=1$!!!$" + key,
		"SaltPadded":     "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"SaltShort":      "$argon2id$v=19$m=64,t=1,p=1$YWJj$" + key,
		"KeyEmpty":       "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$",
		"KeyShort":       "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$YWJj",
		"ExtraField":     good + "$x",
		"NoLeadingDolar": strings.TrimPrefix(good, "$"),
		"Long":           good + strings.Repeat("A", 1000),
		"NUL":            strings.Replace(good, "m=64", "m=6\x004", 1),
	} {
		t.Run(name, func(t *testing.T) {
			ok, err := auth.VerifyPassword(h, "a fine long password")
			if ok || !errors.Is(err, auth.ErrMalformedHash) {
				t.Errorf("got %v, %v; want ErrMalformedHash", ok, err)
			}
			if !auth.NeedsRehash(h) {
				t.Error("a malformed hash does not need rehashing")
			}
		})
	}
}

func TestHashPasswordBadInput(t *testing.T) {
	if _, err := auth.HashPasswordWith("x", auth.Params{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32}); err == nil {
		t.Error("t=0 accepted")
	}
	if _, err := auth.HashPasswordWith("x", auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}); err == nil {
		t.Error("a 4-byte salt accepted")
	}
	if _, err := auth.HashPasswordWith(strings.Repeat("x", 10<<20), cheap); err == nil {
		t.Error("a 10 MB password hashed")
	}
}
