package main

import (
	"encoding/base64"
	"encoding/json"
	"unicode/utf8"

	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// jsonResult is one line of --json; the schema is in run's help.
type jsonResult struct {
	Name       string `json:"name"`
	Address    string `json:"address"`
	User       string `json:"user"`
	Status     string `json:"status"`
	ExitStatus *int   `json:"exit_status"`
	Error      string `json:"error,omitempty"`
	Encoding   string `json:"encoding"`
	Stdout     string `json:"stdout"`
	Stderr     string `json:"stderr"`
	Truncated  bool   `json:"truncated"`
	Started    bool   `json:"started"`
	DurationMS int64  `json:"duration_ms"`
}

func (o *runOutput) jsonLine(res fleet.Result) string {
	j := jsonResult{
		Name: res.Target.Name, Address: res.Target.Addr(), User: res.User, Status: status(res),
		Encoding: "utf-8", Stdout: string(res.Stdout), Stderr: string(res.Stderr),
		Truncated: res.Truncated, Started: res.Started, DurationMS: res.Duration.Milliseconds(),
	}
	if res.ExitStatus >= 0 {
		j.ExitStatus = &res.ExitStatus
	}
	if res.Err != nil {
		j.Error = res.Err.Error()
	}
	if !utf8.Valid(res.Stdout) || !utf8.Valid(res.Stderr) {
		j.Encoding = "base64"
		j.Stdout, j.Stderr = base64.StdEncoding.EncodeToString(res.Stdout), base64.StdEncoding.EncodeToString(res.Stderr)
	}
	line, _ := json.Marshal(j)
	return string(line) + "\n"
}
