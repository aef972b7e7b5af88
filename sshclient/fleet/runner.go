package fleet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// Defaults for zero fields of [Runner] and [Command].
const (
	DefaultParallel  = 32
	DefaultStopGrace = 2 * time.Second
	DefaultMaxOutput = sshclient.DefaultOutputLimit
)

// Runner works on many servers at once. The zero value works: 32 servers
// at once, sshclient's connect timeout, strict host keys against
// ~/.ssh/known_hosts. A Runner is only read, so one may serve several runs.
type Runner struct {
	// Parallel is the most servers worked on at once. If zero, 32.
	Parallel int

	// ConnectTimeout bounds connecting to each server (TCP, handshake,
	// login). If zero, [sshclient.DefaultConnectTimeout].
	ConnectTimeout time.Duration

	// Timeout, if positive, bounds the whole of each server's work,
	// connecting included; a server past it is [TimedOut].
	Timeout time.Duration

	// HostKeyPolicy and KnownHostsFiles are as in [sshclient.Config]. With
	// [sshclient.HostKeyAcceptNew], one [sshclient.KnownHostsWriter] on the
	// first file records new keys for the whole run.
	HostKeyPolicy   sshclient.HostKeyPolicy
	KnownHostsFiles []string

	// Users is the OS user table. If nil, [sshclient.DefaultUsers].
	Users *sshclient.UserTable

	// Passphrase, if set, is asked once for each encrypted key file.
	Passphrase func(keyFile string) keyconv.PassphraseFunc

	// Agent, if set, is asked for each key file's key first, as
	// [sshclient.Config.Agent] is: a key it holds needs no passphrase.
	Agent agent.Agent

	// StopGrace is how long a running command is given to end after TERM
	// when ctx ends. If zero, 2 seconds.
	StopGrace time.Duration

	// OnStart, if set, is called as each server's work begins (before
	// connecting), from the goroutine working on it: for progress.
	OnStart func(t *Target)

	// DialContext, if set, opens the TCP connections (tests, proxies).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Job is work on one server over its logged-in connection. It must return
// when ctx ends.
type Job func(ctx context.Context, c *sshclient.Client, t *Target) error

// Do logs in to every target, at most Parallel at once, runs job on each,
// and sends one Result per target on the returned channel as each
// finishes; the channel is closed when all are done. Each key file is
// loaded once, before any connection. When ctx ends, servers not yet
// started are NotStarted and those being worked on are Interrupted.
func (r *Runner) Do(ctx context.Context, targets []Target, job Job) <-chan Result {
	return r.do(ctx, targets, func(ctx context.Context, c *sshclient.Client, t *Target, res *Result) error {
		res.Started = true
		return job(ctx, c, t)
	})
}

// step is Do's job with the Result to fill in.
type step func(ctx context.Context, c *sshclient.Client, t *Target, res *Result) error

func (r *Runner) do(ctx context.Context, targets []Target, job step) <-chan Result {
	results := make(chan Result, len(targets))
	base, err := r.baseConfig()
	keys := r.loadKeys(targets)
	parallel := r.Parallel
	if parallel <= 0 {
		parallel = DefaultParallel
	}
	work := make(chan *Target)
	var wg sync.WaitGroup
	for range min(parallel, max(len(targets), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				if err != nil {
					results <- Result{Target: t, Class: Failed, Err: err, ExitStatus: -1}
					continue
				}
				results <- r.one(ctx, base, keys, t, job)
			}
		}()
	}
	go func() {
		for i := range targets {
			t := &targets[i]
			if ctx.Err() != nil {
				results <- notStarted(t)
				continue
			}
			select {
			case work <- t:
			case <-ctx.Done():
				results <- notStarted(t)
			}
		}
		close(work)
		wg.Wait()
		close(results)
	}()
	return results
}

func notStarted(t *Target) Result {
	return Result{Target: t, Class: NotStarted, Err: fmt.Errorf("fleet: %s: %w", t.Name, ErrNotStarted), ExitStatus: -1}
}

// baseConfig is what every server's sshclient.Config shares.
func (r *Runner) baseConfig() (sshclient.Config, error) {
	cfg := sshclient.Config{
		ConnectTimeout:  r.ConnectTimeout,
		HostKeyPolicy:   r.HostKeyPolicy,
		KnownHostsFiles: r.KnownHostsFiles,
		Users:           r.Users,
		DialContext:     r.DialContext,
	}
	if cfg.KnownHostsFiles == nil && cfg.HostKeyPolicy != sshclient.InsecureIgnoreHostKey {
		file, err := sshclient.DefaultKnownHostsFile()
		if err != nil {
			return cfg, fmt.Errorf("fleet: %w", err)
		}
		cfg.KnownHostsFiles = []string{file}
	}
	if cfg.HostKeyPolicy == sshclient.HostKeyAcceptNew && len(cfg.KnownHostsFiles) > 0 {
		cfg.KnownHostsWriter = sshclient.NewKnownHostsWriter(cfg.KnownHostsFiles[0])
	}
	return cfg, nil
}

// loadedKey is a key file loaded once for the run.
type loadedKey struct {
	signer ssh.Signer
	err    error
}

// loadKeys loads every key file the targets use, once each, one after
// another so that passphrase prompts never overlap.
func (r *Runner) loadKeys(targets []Target) map[string]loadedKey {
	keys := map[string]loadedKey{}
	for _, t := range targets {
		if _, done := keys[t.KeyFile]; done || t.KeyFile == "" || t.Signer != nil {
			continue
		}
		var pass keyconv.PassphraseFunc
		if r.Passphrase != nil {
			pass = r.Passphrase(t.KeyFile)
		}
		s, err := sshclient.LoadKeyFileWithAgent(t.KeyFile, pass, r.Agent)
		keys[t.KeyFile] = loadedKey{s, err}
	}
	return keys
}

// one works on one server.
func (r *Runner) one(run context.Context, base sshclient.Config, keys map[string]loadedKey, t *Target, job step) Result {
	if r.OnStart != nil {
		r.OnStart(t)
	}
	start := time.Now()
	res := Result{Target: t, ExitStatus: -1}
	err := r.login(run, base, keys, t, &res, job)
	res.Duration = time.Since(start)
	res.Class = classify(run, err)
	if err != nil {
		res.Err = fmt.Errorf("fleet: %s (%s): %w", t.Name, t.Addr(), err)
	}
	return res
}

func (r *Runner) login(run context.Context, base sshclient.Config, keys map[string]loadedKey, t *Target, res *Result, job step) error {
	ctx := run
	if r.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(run, r.Timeout, errCommandTimeout)
		defer cancel()
	}
	user, err := t.LoginUser(r.Users)
	if err != nil {
		return err
	}
	res.User = user
	key, ok := keys[t.KeyFile]
	if t.Signer != nil {
		key, ok = loadedKey{signer: t.Signer}, true
	}
	if !ok {
		return errors.New("fleet: no key file")
	}
	if key.err != nil {
		return key.err
	}
	cfg := base
	cfg.Host, cfg.Port, cfg.User, cfg.Signer = t.Host, t.Port, user, key.signer
	c, err := sshclient.Dial(ctx, &cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	err = job(ctx, c, t, res)
	if err != nil && ctx.Err() != nil && run.Err() == nil && !errors.Is(err, errCommandTimeout) {
		return fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	return err
}

// Dial logs in to t afresh as user with signer alone, with the Runner's
// host key and timeout settings: a connection of its own, to prove that a
// key logs in, or that it no longer does.
func (r *Runner) Dial(ctx context.Context, t *Target, user string, signer ssh.Signer) (*sshclient.Client, error) {
	cfg, err := r.baseConfig()
	if err != nil {
		return nil, err
	}
	cfg.Host, cfg.Port, cfg.User, cfg.Signer = t.Host, t.Port, user, signer
	return sshclient.Dial(ctx, &cfg)
}

// Command is a command line to run on every server.
type Command struct {
	Line string
	Root bool // through sudo -n, as [sshclient.Command.Root]

	// Stream, if set, gives each server's stdout and stderr writers, which
	// receive the output as it arrives and are closed when the command
	// has ended ([Printer.Streams] is one). If nil, output is gathered
	// into the Result.
	Stream func(t *Target) (stdout, stderr io.WriteCloser)

	// MaxOutput caps each gathered stream. If zero, 1 MiB.
	MaxOutput int
}

// Run runs cmd on every target, as [Runner.Do] does any job.
func (r *Runner) Run(ctx context.Context, targets []Target, cmd *Command) <-chan Result {
	grace := r.StopGrace
	if grace <= 0 {
		grace = DefaultStopGrace
	}
	limit := cmd.MaxOutput
	if limit <= 0 {
		limit = DefaultMaxOutput
	}
	return r.do(ctx, targets, func(ctx context.Context, c *sshclient.Client, t *Target, res *Result) error {
		sc := &sshclient.Command{Line: cmd.Line, Root: cmd.Root, StopGrace: grace}
		var outBuf, errBuf *sshclient.LimitedBuffer
		if cmd.Stream != nil {
			stdout, stderr := cmd.Stream(t)
			defer stdout.Close()
			defer stderr.Close()
			sc.Stdout, sc.Stderr = stdout, stderr
		} else {
			outBuf, errBuf = &sshclient.LimitedBuffer{Limit: limit}, &sshclient.LimitedBuffer{Limit: limit}
			sc.Stdout, sc.Stderr = outBuf, errBuf
		}
		res.Started = true
		err := c.Run(ctx, sc)
		if outBuf != nil {
			res.Stdout, res.Stderr = outBuf.Bytes(), errBuf.Bytes()
			res.Truncated = outBuf.Truncated() || errBuf.Truncated()
		}
		var exit *sshclient.ExitError
		switch {
		case err == nil:
			res.ExitStatus = 0
		case errors.As(err, &exit):
			res.ExitStatus = exit.Status
		}
		return err
	})
}
