package fix

import "testing"

func TestRotateStillUsedAgrees(t *testing.T) {
	for want, servers := range map[string][]string{
		"keep the old keypair old in the console: s2 still uses it; rotate it too (--server s2) before retiring it":         {"s2"},
		"keep the old keypair old in the console: s1, s2 still use it; rotate them too (--server s1,s2) before retiring it": {"s1", "s2"},
	} {
		if got := RotateStillUsed("old", servers); got != want {
			t.Errorf("RotateStillUsed(%q) = %q, want %q", servers, got, want)
		}
	}
}
