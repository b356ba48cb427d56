package pejling

import (
	"errors"
	"fmt"
)

// Error codes. The web maps them to HTTP status in one table; the CLI prints the message.
const (
	ECONFLICT     = "conflict"     // the action conflicts with the current state
	EINTERNAL     = "internal"     // a fault of ours
	EINVALID      = "invalid"      // bad input from the user
	ENOTFOUND     = "not_found"    // the thing does not exist
	EUNAUTHORIZED = "unauthorized" // not signed in
	EFORBIDDEN    = "forbidden"    // signed in but not allowed
)

// Error is the one error type of Pejling that carries a code and a message meant for the
// user. Other errors are internal and shown as such.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("pejling error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: that of its *Error, or a generic
// text for internal errors, which must not leak details.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// Clip shortens user input that a message repeats to at most 60 characters (runes, so
// a multi-byte character is never cut in half), marking the cut with "…": a message
// names what was wrong without echoing a megabyte back.
func Clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
