package fix

import (
	"runtime"
	"testing"
)

// Both shells' forms are checked on every OS: CI runs no Windows, and a
// Windows user pasting "mv" or "chmod" into cmd.exe gets nothing done.
func TestShellForms(t *testing.T) {
	for _, c := range []struct {
		name, got, want string
	}{
		{"posix rename", POSIX.Rename("cafe24 (1).pem", "cafe24.pem"), "mv -- 'cafe24 (1).pem' cafe24.pem"},
		{"cmd rename", Cmd.Rename(`C:\keys\cafe24 (1).pem`, `C:\keys\cafe24.pem`), `ren "C:\keys\cafe24 (1).pem" cafe24.pem`},
		{"posix key mode", POSIX.KeyMode("my key.pem"), "chmod 600 'my key.pem'"},
		{"cmd key mode", Cmd.KeyMode(`C:\Users\Kim Min\cafe24.pem`), `keyconv fix-key "C:\Users\Kim Min\cafe24.pem"`},
		{"cmd plain path", Cmd.Quote(`C:\keys\cafe24.pem`), `C:\keys\cafe24.pem`},
		{"cmd empty", Cmd.Quote(""), `""`},
		{"cmd percent", Cmd.Quote(`%USERPROFILE%\k.pem`), `"%USERPROFILE%\k.pem"`},
		{"posix quote", POSIX.Quote("it's.pem"), `'it'\''s.pem'`},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.name, c.got, c.want)
		}
	}
}

// The fixes print the native form: no sh quoting or chmod on Windows.
func TestNativeShellIsTheOS(t *testing.T) {
	want := POSIX
	if runtime.GOOS == "windows" {
		want = Cmd
	}
	if Native != want {
		t.Fatalf("Native = %d on %s, want %d", Native, runtime.GOOS, want)
	}
	if KeyMode("k.pem") != want.KeyMode("k.pem") || Rename("a", "b") != want.Rename("a", "b") {
		t.Error("the package-level fixes do not use the native shell")
	}
}
