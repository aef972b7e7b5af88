// Command keyconv converts cloud keypair private keys between PEM, OpenSSH and
// PuTTY's PPK formats exactly as puttygen does, checks key file names against
// keypair names, checks firewalls and logs in.
//
// Run "keyconv help" for the list of subcommands and "keyconv help NAME" for
// one of them.
//
// Each subcommand is a cmdNAME in a file named after it, listed in the
// commands table below; the commands that log in share loginflags.go, the
// commands that take several key files share manyfiles.go's loop, and
// puttygen.go reads puttygen's habits (package clients holds the table
// pem2ppk --for and info use); tui.go says how keyconv talks to people,
// and package fix words every hint it gives.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
)

// command is one keyconv subcommand, in the go command's style
// (cmd/go/internal/base.Command): the usage line, a one-line summary for
// the list, the long help for "keyconv help NAME", and a function that
// defines its flags on a fresh FlagSet and returns the command's run
// function. Each command is a variable cmdNAME in a file of its own, with
// a named setup function and a named run function (a method of its flags'
// struct when it has flags).
type command struct {
	Name      string
	UsageLine string // after "keyconv "
	Short     string
	Long      string

	// Setup defines the command's flags on fs and returns the function that
	// runs it with the positional arguments. A fresh FlagSet is made for
	// every run so that tests can call run repeatedly.
	Setup func(fs *flag.FlagSet) runFunc

	// Interspersed lets flags follow positional arguments, as puttygen users
	// type them ("keyconv pem2ppk key.pem -o key.ppk"). Commands that pass a
	// remote command line through (ssh) turn it off.
	Interspersed bool

	// DefaultInterrupt leaves Ctrl-C its default effect of ending the
	// process at once. The key commands set it: they never look at ctx,
	// and their one long step, Argon2 (up to ten minutes with
	// --ppk-param time=), cannot stop part way; with main's handler in
	// place Ctrl-C would do nothing until they had finished.
	DefaultInterrupt bool
}

// runFunc runs a command with its positional arguments, once its flags
// are parsed.
type runFunc func(ctx context.Context, sio *stdio, args []string) error

// noFlags is the Setup of a command that takes no flags.
func noFlags(run runFunc) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return run }
}

// commands is the ordered table "keyconv help" prints, in the order a user
// meets the commands: the key conversions first, then the checks, then the
// network.
var commands = []*command{
	cmdKeygen, cmdPem2ppk, cmdPpk2pem, cmdPub, cmdFingerprint, cmdInfo, cmdCheckName, cmdFixKey,
	cmdFirewall, cmdUsers, cmdSSH, cmdAgent, cmdDoctor, cmdRun, cmdCp, cmdAuthorize, cmdAddUser, cmdRotate, cmdFixServer, cmdExport, cmdKnownHosts, cmdVersion,
}

// commandFor is the command that a first argument runs: a command's name,
// -version or --version, or what puttygen's habits make pem2ppk (a key
// file, or one of its flags); nil for none.
func commandFor(name string) *command {
	switch name {
	case "-version", "--version":
		return cmdVersion
	}
	if cmd := lookup(name); cmd != nil {
		return cmd
	}
	if puttygenStyle(name) {
		return cmdPem2ppk
	}
	return nil
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// stdio carries the process's standard streams so tests can run the CLI in
// process with their own.
type stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

func main() {
	os.Exit(runProcess(os.Args[1:]))
}

// runProcess runs keyconv as a process of its own, with the real standard
// streams. Ctrl-C cancels the context the network commands watch, so that
// they can close their connections and say what was left undone, instead of
// killing the process. The tests run keyconv through here too, so that they
// see the same signal handling a user gets.
//
// The key commands keep Ctrl-C's default effect (DefaultInterrupt), so for
// them, aliases included, the handler is not set up at all: it would start
// the signal package's watcher, a thread of its own, in commands that must
// start as fast as puttygen (issue 13). Nothing has to undo it either
// (signal.Reset, even with no handler set, starts that thread too).
func runProcess(args []string) int {
	sio := &stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	if len(args) > 0 {
		if cmd := commandFor(args[0]); cmd != nil && cmd.DefaultInterrupt {
			return run(context.Background(), sio, args)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return run(ctx, sio, args)
}

// Exit statuses, as the go command and ssh use them.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// run executes one keyconv invocation and returns its exit status.
func run(ctx context.Context, sio *stdio, args []string) int {
	if len(args) == 0 {
		printCommands(sio.Err)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(sio, args[1:])
	}
	cmd := commandFor(name)
	if cmd == nil {
		errorf(sio.Err, "unknown command %q", name)
		hintf(sio.Err, "%s", fix.Help)
		return exitUsage
	}
	if cmd == cmdPem2ppk && name != cmd.Name {
		args = append([]string{cmd.Name}, args...) // "keyconv KEYFILE ...", as puttygen is typed
	}
	fs := flag.NewFlagSet("keyconv "+cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := cmd.Setup(fs)
	positional, err := parseFlags(fs, args[1:], cmd.Interspersed)
	if err == flag.ErrHelp {
		printUsage(sio.Out, cmd, fs)
		return exitOK
	}
	if err != nil {
		return report(sio.Err, flagError(err, cmd), cmd)
	}
	return report(sio.Err, runFn(ctx, sio, positional), cmd)
}

// parseFlags parses fs from args. With interspersed set, flags may appear
// anywhere; "--" ends flag parsing either way.
func parseFlags(fs *flag.FlagSet, args []string, interspersed bool) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if !interspersed || len(rest) == 0 {
			return append(positional, rest...), nil
		}
		// flag.Parse stops at "--" having consumed it, or at the first
		// positional argument; tell the two apart by what came before.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func runHelp(sio *stdio, args []string) int {
	if len(args) == 0 {
		printCommands(sio.Out)
		return exitOK
	}
	cmd := lookup(args[0])
	if cmd == nil {
		errorf(sio.Err, "unknown help topic %q", args[0])
		return exitUsage
	}
	fs := flag.NewFlagSet("keyconv "+cmd.Name, flag.ContinueOnError)
	cmd.Setup(fs)
	printUsage(sio.Out, cmd, fs)
	return exitOK
}

func printCommands(w io.Writer) {
	fmt.Fprintf(w, "keyconv converts and checks cloud keypair keys, firewalls and logins.\n\nUsage:\n\n\tkeyconv <command> [arguments]\n\nThe commands are:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-12s %s\n", c.Name, c.Short)
	}
	fmt.Fprintf(w, "\nUse \"keyconv help <command>\" for more information about a command.\n")
}

func printUsage(w io.Writer, cmd *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: keyconv %s\n\n%s\n", cmd.UsageLine, strings.TrimSpace(cmd.Long))
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
