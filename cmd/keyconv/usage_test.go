package main

import (
	"flag"
	"regexp"
	"testing"
)

// TestUsageLinesListEveryFlag: the usage line is what an error's hint
// prints, so a flag missing from it is a flag the user is never shown.
func TestUsageLinesListEveryFlag(t *testing.T) {
	for _, c := range commands {
		fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		c.Setup(fs)
		fs.VisitAll(func(f *flag.Flag) {
			want := "--" + f.Name
			if len(f.Name) == 1 {
				want = "-" + f.Name
			}
			if !listsFlag(c.UsageLine, want) {
				t.Errorf("keyconv %s: usage line %q does not list %s", c.Name, c.UsageLine, want)
			}
		})
	}
}

// listsFlag reports whether usage lists flag as a whole word: -o is not
// listed by --old-passphrase or --os.
func listsFlag(usage, flag string) bool {
	return regexp.MustCompile(`(^|[\s\[{|(])` + regexp.QuoteMeta(flag) + `($|[\s\]}|)=,])`).MatchString(usage)
}

func TestListsFlag(t *testing.T) {
	for _, tt := range []struct {
		usage, flag string
		want        bool
	}{
		{"pem2ppk [-o FILE] KEY", "-o", true},
		{"pem2ppk [--old-passphrase FILE] [--os OS] KEY", "-o", false},
		{"run [-f N | --parallel N]", "-f", true},
		{"run [--force-tty]", "--force", false},
		{"cp [--force]", "--force", true},
		{"x [-l USER] {--all|--server A}", "--all", true},
	} {
		if got := listsFlag(tt.usage, tt.flag); got != tt.want {
			t.Errorf("listsFlag(%q, %q) = %v, want %v", tt.usage, tt.flag, got, tt.want)
		}
	}
}
