package main

import (
	"flag"
	"strings"
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
			if !strings.Contains(c.UsageLine, want) {
				t.Errorf("keyconv %s: usage line %q does not list %s", c.Name, c.UsageLine, want)
			}
		})
	}
}
