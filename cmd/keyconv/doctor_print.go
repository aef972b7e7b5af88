package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/doctor"
)

// printDoctorText prints one line per check, then how to connect, then the
// tally:
//
//	ok   key-file      cafe24.pem is readable, mode 0600
//	FAIL network       no answer from 203.0.113.50:22 within 10s: ...; fix: add an inbound rule ...
func printDoctorText(w io.Writer, r *doctor.Report) error {
	var b strings.Builder
	for _, c := range r.Checks {
		// What a check found quotes file names and what the server
		// said: escaped, as every message is, so that each check stays
		// one line.
		line := fmt.Sprintf("%-4s %-13s %s", statusLabel(c.Status), c.ID, escape(c.Found))
		if c.Fix != "" {
			line += "; fix: " + escape(c.Fix)
		}
		b.WriteString(line + "\n")
	}
	if c := r.Connect; c != nil {
		p := c.PuTTY
		b.WriteString("\nHow to connect:\n")
		fmt.Fprintf(&b, "  OpenSSH: %s\n", escape(c.OpenSSH))
		fmt.Fprintf(&b, "  PuTTY:   Session > Host Name: %s, Port: %d\n", escape(p.HostName), p.Port)
		fmt.Fprintf(&b, "           Connection > Data > Auto-login username: %s\n", escape(p.User))
		fmt.Fprintf(&b, "           Connection > SSH > Auth > Credentials > Private key file: %s\n", escape(p.PrivateKeyFile))
		if c.Convert != "" {
			fmt.Fprintf(&b, "  Make the missing key file with: %s\n", escape(c.Convert))
		}
	}
	warnings := "warnings"
	if r.Count(doctor.Warn) == 1 {
		warnings = "warning"
	}
	fmt.Fprintf(&b, "\n%d ok, %d %s, %d failed, %d skipped\n",
		r.Count(doctor.OK), r.Count(doctor.Warn), warnings, r.Count(doctor.Fail), r.Count(doctor.Skip))
	_, err := io.WriteString(w, b.String())
	return err
}

// statusLabel writes a failure in capitals, so that it stands out of a
// column of lowercase words.
func statusLabel(s doctor.Status) string {
	if s == doctor.Fail {
		return "FAIL"
	}
	return string(s)
}

// doctorJSON is the document --json prints: the report, with the tally and
// the overall result that the exit status also gives.
type doctorJSON struct {
	*doctor.Report
	Counts map[doctor.Status]int `json:"counts"`
	Result string                `json:"result"`
}

func printDoctorJSON(w io.Writer, r *doctor.Report) error {
	doc := doctorJSON{Report: r, Counts: map[doctor.Status]int{}, Result: "ok"}
	for _, s := range []doctor.Status{doctor.OK, doctor.Warn, doctor.Fail, doctor.Skip} {
		doc.Counts[s] = r.Count(s)
	}
	if r.Failed() {
		doc.Result = "fail"
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(escapeJSON(out), '\n'))
	return err
}
