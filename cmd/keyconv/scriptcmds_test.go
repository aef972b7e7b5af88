package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// repoRoot is the module's root, for the tests that read its testdata
// besides the key fixtures.
var repoRoot = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Join(wd, "..", "..")
}()

func scriptSetup(env *testscript.Env) error {
	env.Setenv("TESTDATA", fixture.Path()) // the key fixtures, for the scripts
	env.Setenv("GOOS", runtime.GOOS)
	return nil
}

// scriptCommands are the script commands keyconv's tests add to
// testscript's own.
var scriptCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// perm FILE MODE: the file's permission bits are exactly MODE (octal).
	// Skipped on Windows, where Unix modes mean nothing.
	"perm": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: perm FILE MODE")
		}
		if runtime.GOOS == "windows" {
			return
		}
		want, err := strconv.ParseUint(args[1], 8, 32)
		ts.Check(err)
		info, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		got := info.Mode().Perm()
		if (got == os.FileMode(want)) == neg {
			ts.Fatalf("%s has mode %#o, want %s%#o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	},
	// hardlink OLD NEW: NEW is another name for OLD's file.
	"hardlink": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: hardlink OLD NEW")
		}
		ts.Check(os.Link(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
	},
	// chmod MODE FILE: set a file's permission bits (octal).
	"chmod": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: chmod MODE FILE")
		}
		mode, err := strconv.ParseUint(args[0], 8, 32)
		ts.Check(err)
		ts.Check(os.Chmod(ts.MkAbs(args[1]), os.FileMode(mode)))
	},
	// mkfile FILE SIZE: a file of SIZE zero bytes (sparse where the file
	// system allows), for inputs too large or too binary to embed.
	"mkfile": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: mkfile FILE SIZE")
		}
		size, err := strconv.ParseInt(args[1], 10, 64)
		ts.Check(err)
		f, err := os.Create(ts.MkAbs(args[0]))
		ts.Check(err)
		ts.Check(f.Truncate(size))
		ts.Check(f.Close())
	},
	// nofiles DIR GLOB: no file in DIR matches GLOB (temporary files left by
	// a failed atomic write, for instance).
	"nofiles": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: nofiles DIR GLOB")
		}
		matches, err := filepath.Glob(filepath.Join(ts.MkAbs(args[0]), args[1]))
		ts.Check(err)
		if len(matches) > 0 {
			ts.Fatalf("unexpected files: %v", matches)
		}
	},
}
