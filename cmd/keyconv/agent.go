package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"time"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh/agent"
)

var cmdAgent = &command{
	Name:      "agent",
	UsageLine: "agent add [--lifetime DURATION] [--confirm] [--passphrase-file FILE] KEYFILE...",
	Short:     "load keys into the running SSH agent",
	Long: `
Agent add loads private keys into the running SSH agent, as ssh-add does,
from any format keyconv reads: PEM, PKCS#8, OpenSSH and PuTTY's .ppk, plain
or encrypted (the passphrase is asked for, or read from --passphrase-file).
'keyconv ssh', 'run' and 'cp' then log in with the agent's copy, and an
encrypted key's passphrase is asked for once, here, not at every login.

The agent is the one SSH_AUTH_SOCK names; on Windows, the OpenSSH
Authentication Agent service. PuTTY's Pageant is not an OpenSSH agent:
load a .ppk into Pageant with Pageant itself.

--lifetime D has the agent forget the key after D (such as 8h, rounded up
to whole seconds); --confirm has it ask on the desktop before each use of
the key (it needs ssh-askpass).

With several key files each is loaded on its own, one failure stopping none
of the others, and one summary line follows; the exit status is 1 if any
failed.`,
	Interspersed:     true,
	DefaultInterrupt: true, // it never looks at ctx, as the key commands
	Setup:            setupAgent,
}

// agentFlags are the flags of cmdAgent.
type agentFlags struct {
	lifetime time.Duration
	confirm  bool
	loader   keyLoader
}

func setupAgent(fs *flag.FlagSet) runFunc {
	f := &agentFlags{}
	fs.DurationVar(&f.lifetime, "lifetime", 0, "have the agent forget the keys after `DURATION`, such as 8h (default: never)")
	fs.BoolVar(&f.confirm, "confirm", false, "have the agent ask before each use of the keys")
	fs.StringVar(&f.loader.passphraseFile, "passphrase-file", "", "read an encrypted key's passphrase from the first line of `FILE`")
	f.loader.passphraseFlag = "--passphrase-file"
	return f.run
}

func (f *agentFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageErrorf("agent's one subcommand is add: keyconv agent add KEYFILE...")
	}
	files := args[1:]
	if err := checkFileArgs("agent add", files, ""); err != nil {
		return err
	}
	lifetime, err := lifetimeSeconds(f.lifetime)
	if err != nil {
		return err
	}
	ag, err := sshclient.ConnectAgent()
	if errors.Is(err, sshclient.ErrNoAgent) {
		return withHints(errors.New("no SSH agent is running"), fix.NoAgent())
	}
	if err != nil {
		return err
	}
	defer ag.Close()
	f.loader.stdin, f.loader.stderr = sio.In, sio.Err
	return eachFile(sio, files, func(file string) error {
		key, err := f.loader.load(file)
		if err != nil {
			return err
		}
		pub, err := key.Public()
		if err != nil {
			return fmt.Errorf("%s: %w", displayName(file), err)
		}
		err = ag.Add(agent.AddedKey{
			PrivateKey:       key.PrivateKey,
			Comment:          key.Comment,
			LifetimeSecs:     lifetime,
			ConfirmBeforeUse: f.confirm,
		})
		if err != nil {
			return fmt.Errorf("%s: cannot add the %s key to the agent: %w", displayName(file), pub.Algorithm, err)
		}
		_, err = fmt.Fprintf(sio.Out, "added %s: %s\n", escape(displayName(file)), escape(pub.FingerprintLine(keyconv.SHA256)))
		return err
	})
}

// lifetimeSeconds is --lifetime as the agent protocol carries it: whole
// seconds, rounded up so that a key never expires sooner than asked, in 32
// bits; 0 means no lifetime.
func lifetimeSeconds(d time.Duration) (uint32, error) {
	if d == 0 {
		return 0, nil
	}
	secs := (d + time.Second - 1) / time.Second
	if d < 0 || secs > math.MaxUint32 {
		return 0, withHints(usageErrorf("--lifetime %v: the agent takes 1s to 136 years", d), fix.AgentLifetime)
	}
	return uint32(secs), nil
}
