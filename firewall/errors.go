package firewall

import (
	"fmt"
	"strconv"
)

// Error is a problem with a firewall file or a hand-built [Config]: what is
// wrong, and where. Its message is one line,
//
//	firewall: cloud.yaml:12: firewall "web" inbound[2]: ports: 0 is out of range 1-65535
type Error struct {
	File  string // "" for a config built by hand
	Line  int    // 0 when unknown
	Where string // the firewall, rule or server, e.g. `firewall "web" inbound[2]`
	Field string // the key at fault, e.g. "ports"; "" for the whole item
	Msg   string
}

// Error returns the one-line message shown above.
func (e *Error) Error() string {
	msg := e.Msg
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	return "firewall: " + location(e.File, e.Line, e.Where) + msg
}

// location formats "file:line: where: ", leaving out what is unknown.
func location(file string, line int, where string) string {
	var loc string
	switch {
	case file != "" && line > 0:
		loc = file + ":" + strconv.Itoa(line) + ": "
	case file != "":
		loc = file + ": "
	case line > 0:
		loc = "line " + strconv.Itoa(line) + ": "
	}
	if where != "" {
		loc += where + ": "
	}
	return loc
}

// whereFirewall and friends name the item an error is about, as the file's
// structure does: firewall "web" inbound[2], or firewalls[3] before the
// name is known.
func whereFirewall(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("firewalls[%d]", i)
	}
	return fmt.Sprintf("firewall %q", name)
}

func whereRule(fwIndex int, fwName string, i int) string {
	return fmt.Sprintf("%s inbound[%d]", whereFirewall(fwIndex, fwName), i)
}

func whereServer(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("servers[%d]", i)
	}
	return fmt.Sprintf("server %q", name)
}
