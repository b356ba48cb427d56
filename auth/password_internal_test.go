package auth

import "testing"

// TestVerifyPasswordConstantTime checks that the derived keys are compared with the
// constant-time comparison, for right and wrong passwords alike.
func TestVerifyPasswordConstantTime(t *testing.T) {
	calls := 0
	saved := constantTimeCompare
	constantTimeCompare = func(x, y []byte) int { calls++; return saved(x, y) }
	defer func() { constantTimeCompare = saved }()
	h, err := HashPasswordWith("a fine long password", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	VerifyPassword(h, "a fine long password")
	VerifyPassword(h, "wrong")
	if calls != 2 {
		t.Errorf("constant-time compare called %d times, want 2", calls)
	}
}
