package main

import (
	"os"

	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// killAtStepEnv, "SERVER:STEP" (such as "s2:old key removed"), makes
// keyconv under test kill itself, as a crash or kill -9 would, the moment
// rotate has recorded that step for that server: no deferred function
// runs, no connection is closed cleanly.
const killAtStepEnv = "KEYCONV_TEST_KILL_AT"

func killAtStep(at string) func(server string, step fleet.RotationStep) {
	return func(server string, step fleet.RotationStep) {
		if server+":"+step.String() == at {
			p, err := os.FindProcess(os.Getpid())
			if err == nil {
				p.Kill()
			}
			select {} // the signal is on its way
		}
	}
}
