package main

import (
	"strings"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
)

func TestParsePPKParam(t *testing.T) {
	var o keyconv.PPKOptions
	if err := parsePPKParam("version=2,kdf=argon2d,mem=1024,parallel=2,passes=5", &o); err != nil {
		t.Fatal(err)
	}
	if o.Version != 2 || o.KDF != keyconv.Argon2d || o.Memory != 1024 || o.Parallelism != 2 || o.Passes != 5 {
		t.Errorf("got %+v", o)
	}
	if err := parsePPKParam("kdf=Argon2i,memory=2048,parallelism=3,time=250", &o); err != nil {
		t.Fatal(err)
	}
	if o.KDF != keyconv.Argon2i || o.Memory != 2048 || o.Parallelism != 3 || o.Passes != 0 || o.Time != 250*time.Millisecond || o.Version != 2 {
		t.Errorf("got %+v", o)
	}
	if err := parsePPKParam("time=0", &o); err != nil || o.Passes != 1 {
		t.Errorf("time=0: %+v, %v", o, err)
	}
	if err := parsePPKParam("time=100,passes=3", &o); err != nil || o.Passes != 3 || o.Time != 0 {
		t.Errorf("passes after time: %+v, %v", o, err)
	}
	for _, c := range []struct{ in, msg string }{
		{"", `"" has no value`},
		{"version", `"version" has no value`},
		{"version=4", "version=4: the PPK version must be 2 or 3"},
		{"version=3,,kdf=argon2id", `"" has no value`},
		{"kdf=scrypt", "kdf=scrypt: want argon2id"},
		{"memory=0x100", "memory=0x100: not a decimal number"},
		{"memory=-1", "not a decimal number"},
		{"memory=007", "not a decimal number"},
		{"memory=4", "memory must be 8 to"},
		{"memory=4294967296", "memory must be 8 to"},
		{"memory=99999999999999999999999", "memory must be 8 to"},
		{"passes=0", "passes must be 1 to"},
		{"passes=5000", "passes must be 1 to"},
		{"parallelism=0", "parallelism must be 1 to"},
		{"parallel=99999999", "parallelism must be 1 to"},
		{"time=99999999999", "time must be at most"},
		{"colour=blue", `unknown PPK parameter "colour"`},
	} {
		var o keyconv.PPKOptions
		if err := parsePPKParam(c.in, &o); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: got %v, want an error saying %q", c.in, err, c.msg)
		}
	}
}

func TestParseFingerprintHash(t *testing.T) {
	for name, want := range map[string]keyconv.FingerprintHash{"sha256": keyconv.SHA256, "SHA256": keyconv.SHA256, "md5": keyconv.MD5} {
		if got, err := parseFingerprintHash(name); err != nil || got != want || got.String() != strings.ToLower(name) {
			t.Errorf("%q: %v, %v; want %v", name, got, err, want)
		}
	}
	if _, err := parseFingerprintHash("sha1"); err == nil || !strings.Contains(err.Error(), "sha1") {
		t.Errorf("sha1: %v, want an error naming it", err)
	}
}
