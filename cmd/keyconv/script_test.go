package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The CLI is tested with testscript scripts in testdata/script/*.txtar, in
// filippo.io/age's style: each script runs the real keyconv binary (this
// test binary, re-executed), and checks output files, exit status and what
// is printed. After every failing command a script checks that no output
// file was left behind.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"keyconv": func() {
			detachFromTerminal()
			if os.Getenv(pauseBeforeCommitEnv) != "" {
				testHookBeforeCommit = pauseBeforeCommit
			}
			if at := os.Getenv(killAtStepEnv); at != "" {
				testHookRotateStep = killAtStep(at)
			}
			os.Exit(runProcess(os.Args[1:]))
		},
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup:               scriptSetup,
		Cmds:                scriptCommands,
		Condition:           scriptCondition,
	})
}

// pauseBeforeCommitEnv makes keyconv under test stop for a second with its
// output complete in the temporary file, saying so on standard error.
const pauseBeforeCommitEnv = "KEYCONV_TEST_PAUSE_BEFORE_COMMIT"

func pauseBeforeCommit() {
	fmt.Fprintln(os.Stderr, "paused before commit")
	time.Sleep(time.Second)
}
