package sshclient

import (
	"errors"
	"strings"
	"testing"
)

func TestUserTableLookup(t *testing.T) {
	users := DefaultUsers()
	for _, tc := range []struct{ os, want string }{
		{"Rocky", "rocky"},
		{"rocky", "rocky"},
		{"ROCKY LINUX 9.4", "rocky"},
		{"Rocky Linux 8 (Green Obsidian)", "rocky"},
		{"ubuntu-22.04", "ubuntu"},
		{"Ubuntu 24.04 LTS", "ubuntu"},
		{"Ubuntu Server 20.04", "ubuntu"},
		{"CentOS 7", "centos"},
		{"centos7", "centos"},
		{"CentOS Stream 9", "centos"},
		{"almalinux 8", "almalinux"},
		{"AlmaLinux OS 9.3", "almalinux"},
		{"Alma Linux 9", "almalinux"},
		{"  AlmaLinux-9-x86_64  ", "almalinux"},
	} {
		got, err := users.Lookup(tc.os)
		if err != nil || got != tc.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tc.os, got, err, tc.want)
		}
	}
}

func TestUserTableRefusesToGuess(t *testing.T) {
	users := DefaultUsers()
	for _, os := range []string{"", "Windows Server 2022", "Debian 12", "Linux", "rocky or centos", "9.4"} {
		_, err := users.Lookup(os)
		var unknown *UnknownOSError
		if !errors.As(err, &unknown) {
			t.Errorf("Lookup(%q) = %v, want *UnknownOSError", os, err)
			continue
		}
		if want := "AlmaLinux, CentOS, Rocky, Ubuntu"; strings.Join(unknown.Known, ", ") != want || !strings.Contains(err.Error(), want) {
			t.Errorf("Lookup(%q) error %q does not list %s", os, err, want)
		}
	}
}

func TestUserTableSet(t *testing.T) {
	users := DefaultUsers()
	users.Set("Ubuntu", "admin")
	users.Set("Debian 12", "debian")
	users.Set("My Company Image", "ops")
	for os, want := range map[string]string{
		"ubuntu-22.04":     "admin",
		"debian":           "debian",
		"my-company-image": "ops",
		"rocky":            "rocky",
	} {
		if got, err := users.Lookup(os); err != nil || got != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", os, got, err, want)
		}
	}
	if n := len(users.Entries()); n != 6 {
		t.Errorf("table has %d entries, want 6 (the override replaced, not added)", n)
	}
	if n := len(DefaultUsers().Entries()); n != 4 {
		t.Errorf("DefaultUsers shares state with a modified table: %d entries", n)
	}
}

func TestExplicitUserWinsOverOS(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{OS: "Ubuntu", User: "root"}, "root"},
		{Config{OS: "Ubuntu"}, "ubuntu"},
		{Config{OS: "Windows", User: "admin"}, "admin"},
	} {
		if got, err := tc.cfg.loginUser(); err != nil || got != tc.want {
			t.Errorf("%+v: login user %q, %v; want %q", tc.cfg, got, err, tc.want)
		}
	}
}
