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

func TestRotateUnknownAgrees(t *testing.T) {
	for want, servers := range map[string][]string{
		"keep the old keypair old in the console until you know whether s2 uses it: its key file needs a passphrase to tell, so only keypair names and paths were compared; rotate it too (--server s2) if so":           {"s2"},
		"keep the old keypair old in the console until you know whether s1, s2 use it: their key files need a passphrase to tell, so only keypair names and paths were compared; rotate them too (--server s1,s2) if so": {"s1", "s2"},
	} {
		if got := RotateUnknown("old", servers); got != want {
			t.Errorf("RotateUnknown(%q) = %q, want %q", servers, got, want)
		}
	}
}
