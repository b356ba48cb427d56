package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// The password policy follows OWASP ASVS 5.0 level 2 (V6.2): a length of at least 12
// characters, up to at least 64 allowed (we allow 128), any characters including spaces
// and Unicode, no composition rules (no "one digit, one capital"), no periodic change,
// and a check against the most common passwords and the user's own name.
const (
	MinPasswordLen = 12  // characters (Unicode code points)
	MaxPasswordLen = 128 // characters
)

//go:embed common_passwords.txt
var commonPasswordsText string

var (
	commonOnce sync.Once
	common     map[string]bool
)

// commonPasswords returns the embedded list as a set, read once.
func commonPasswords() map[string]bool {
	commonOnce.Do(func() {
		common = map[string]bool{}
		for _, line := range strings.Split(commonPasswordsText, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				common[line] = true
			}
		}
	})
	return common
}

// IsCommonPassword reports whether password is, in any case, one of the embedded list of
// most common passwords.
func IsCommonPassword(password string) bool { return commonPasswords()[strings.ToLower(password)] }

// CheckPassword returns an EINVALID error saying what is wrong when password may not be
// used by the user userName, and nil when it may: 12–128 characters of valid UTF-8
// without control characters, not a common password, and not the user name (nor
// containing it, in any case, for names of 4 characters or more).
func CheckPassword(password, userName string) error {
	if !utf8.ValidString(password) {
		return pejling.Errorf(pejling.EINVALID, "the password is not valid UTF-8 text")
	}
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return pejling.Errorf(pejling.EINVALID, "the password is too short: at least %d characters are needed (it has %d); a few unrelated words make a good one", MinPasswordLen, n)
	}
	if n > MaxPasswordLen {
		return pejling.Errorf(pejling.EINVALID, "the password is too long: at most %d characters", MaxPasswordLen)
	}
	for _, r := range password {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return pejling.Errorf(pejling.EINVALID, "the password holds a control character")
		}
	}
	lower, name := strings.ToLower(password), strings.ToLower(userName)
	if name != "" && (lower == name || (len(name) >= 4 && strings.Contains(lower, name))) {
		return pejling.Errorf(pejling.EINVALID, "the password may not contain the user name")
	}
	if IsCommonPassword(password) {
		return pejling.Errorf(pejling.EINVALID, "the password is one of the most common passwords: choose another")
	}
	return nil
}
