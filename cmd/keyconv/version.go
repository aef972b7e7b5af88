package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// version and revision are what a release build sets with
// -ldflags "-X main.version=v1.2.3 -X main.revision=COMMIT"; left empty,
// the build info the go command stamps into every binary says them.
var (
	version  string
	revision string
)

var cmdVersion = &command{
	Name:      "version",
	UsageLine: "version",
	Short:     "print keyconv's version",
	Long: `
Version prints keyconv's module version, the commit it was built from and
the Go version and platform it was built with, for bug reports.
"keyconv --version" does the same.`,
	DefaultInterrupt: true,
	Setup:            noFlags(runVersion),
}

func runVersion(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 0 {
		return usageErrorf("version takes no arguments")
	}
	info, _ := debug.ReadBuildInfo()
	_, err := fmt.Fprint(sio.Out, versionText(info, version, revision))
	return err
}

// versionText says what keyconv is from the build info (nil when the
// binary has none) and the -ldflags values, which win where set.
func versionText(info *debug.BuildInfo, ldVersion, ldRevision string) string {
	v, rev, when, modified, goVersion := ldVersion, ldRevision, "", false, runtime.Version()
	if info != nil {
		if v == "" && info.Main.Version != "" {
			v = info.Main.Version
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "keyconv %s\n", v)
	switch {
	case rev == "":
		fmt.Fprintf(&b, "revision: unknown (built without version control information)\n")
	default:
		var notes []string
		if when != "" {
			notes = append(notes, when)
		}
		if modified {
			notes = append(notes, "with uncommitted changes")
		}
		if len(notes) > 0 {
			rev += " (" + strings.Join(notes, ", ") + ")"
		}
		fmt.Fprintf(&b, "revision: %s\n", rev)
	}
	fmt.Fprintf(&b, "go: %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
