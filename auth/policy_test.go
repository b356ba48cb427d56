package auth_test

import (
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
)

func TestCheckPassword(t *testing.T) {
	for _, ok := range []string{
		"correct horse battery staple",
		"tolv tegn her",
		"æøåæøåæøåæøå",           // 12 characters, 24 bytes
		strings.Repeat("z", 128), // no composition rules
		"no digits NO symbols at all",
		"🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
	} {
		if err := auth.CheckPassword(ok, "anna"); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for name, bad := range map[string]string{
		"Empty":       "",
		"Short":       "elevenchars",
		"ShortBytes":  "æøåæøåæøåæ", // 22 bytes but 11 characters
		"TooLong":     strings.Repeat("z", 129),
		"Huge":        strings.Repeat("z", 10<<20),
		"Common":      "password1234",
		"CommonCase":  "QWERTY123456",
		"CommonDK":    "Velkommen123",
		"UserName":    "anna.hansen@aarhus.dk",
		"ContainsNam": "my name is ANNA.HANSEN@aarhus.dk ok",
		"Control":     "twelve chars\x00here",
		"Newline":     "twelve chars\nhere",
		"BadUTF8":     "twelve chars\xff\xfehere",
	} {
		t.Run(name, func(t *testing.T) {
			if err := auth.CheckPassword(bad, "anna.hansen@aarhus.dk"); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("got %v, want EINVALID", err)
			}
		})
	}
	t.Run("ShortNameNotSubstring", func(t *testing.T) {
		// A name of under 4 characters is refused only as the whole password.
		if err := auth.CheckPassword("bo and some more words", "bo"); err != nil {
			t.Error(err)
		}
		if err := auth.CheckPassword("abcdefghijkl", "ABCDEFGHIJKL"); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Error("the name itself accepted")
		}
	})
}

func TestCommonPasswords(t *testing.T) {
	for _, p := range []string{"password", "123456", "Qwerty", "kodeord", "password1234", "iloveyou"} {
		if !auth.IsCommonPassword(p) {
			t.Errorf("%q not in the list", p)
		}
	}
	if auth.IsCommonPassword("correct horse battery staple") || auth.IsCommonPassword("") || auth.IsCommonPassword("# the most") {
		t.Error("an uncommon password, the empty string or a comment is in the list")
	}
}
