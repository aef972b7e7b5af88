package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestVersionText(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	stamped := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/cloudkeypair/keypair", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{
			{Key: "-trimpath", Value: "true"},
			{Key: "vcs.revision", Value: "946e834abcdef0123456789abcdef0123456789a"},
			{Key: "vcs.time", Value: "2026-12-01T19:00:00Z"},
			{Key: "vcs.modified", Value: "false"},
		},
	}
	dirty := &debug.BuildInfo{
		GoVersion: "go1.27.3",
		Main:      debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	for _, tc := range []struct {
		name       string
		info       *debug.BuildInfo
		ldVersion  string
		ldRevision string
		want       string
	}{
		{"go install of a tag", stamped, "", "",
			"keyconv v1.2.3\nrevision: 946e834abcdef0123456789abcdef0123456789a (2026-12-01T19:00:00Z)\ngo: go1.26.8 " + platform + "\n"},
		{"a clone with changes", dirty, "", "",
			"keyconv (devel)\nrevision: 0123 (with uncommitted changes)\ngo: go1.27.3 " + platform + "\n"},
		{"-ldflags win", stamped, "v2.0.0-rc1", "feedface", "keyconv v2.0.0-rc1\nrevision: feedface (2026-12-01T19:00:00Z)\ngo: go1.26.8 " + platform + "\n"},
		{"no build info", nil, "", "",
			"keyconv (devel)\nrevision: unknown (built without version control information)\ngo: " + runtime.Version() + " " + platform + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionText(tc.info, tc.ldVersion, tc.ldRevision); got != tc.want {
				t.Errorf("versionText:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
