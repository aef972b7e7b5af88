package firewall

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Severity ranks lint findings.
type Severity uint8

// The severities, lowest first. `keyconv firewall lint` fails on
// SeverityWarning and above.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// MarshalText writes the severity as [Severity.String] does.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// lintRule is one entry of the lint table documented in the package doc.
// IDs and names are stable: tools match on them.
type lintRule struct {
	id, name string
	severity Severity
}

var (
	lintAdminPort     = lintRule{"FW001", "admin-port-internet", SeverityError}
	lintSensitivePort = lintRule{"FW002", "sensitive-port-internet", SeverityError}
	lintWidePortRange = lintRule{"FW003", "wide-port-range", SeverityWarning}
	lintDuplicate     = lintRule{"FW004", "duplicate-rule", SeverityWarning}
	lintShadowed      = lintRule{"FW005", "shadowed-rule", SeverityInfo}
	lintNoFirewall    = lintRule{"FW006", "server-no-firewall", SeverityWarning}
	lintNoSSH         = lintRule{"FW007", "server-no-ssh", SeverityWarning}
	lintEmptyFirewall = lintRule{"FW008", "firewall-no-rules", SeverityWarning}
	lintUnattached    = lintRule{"FW009", "firewall-unattached", SeverityWarning}
	lintWideSSHSource = lintRule{"FW010", "ssh-source-wide", SeverityWarning}
	lintNullList      = lintRule{"FW011", "null-list", SeverityWarning}
	lintSharedAddress = lintRule{"FW012", "shared-address", SeverityWarning}
	lintAddressKind   = lintRule{"FW013", "address-kind", SeverityWarning}
	lintSameAddress   = lintRule{"FW014", "public-equals-private", SeverityWarning}
	// FW008 again, milder: a firewall with no rules that allows the
	// internal network still does something.
	lintInternalOnly = lintRule{"FW008", "firewall-no-rules", SeverityInfo}
)

// Finding is one lint result.
type Finding struct {
	ID       string   // stable, e.g. "FW001"
	Name     string   // stable, e.g. "admin-port-internet"
	Severity Severity // for FW008, SeverityInfo when the firewall still allows the internal network

	// Where the finding points: a rule (Firewall and Rule, its index), a
	// firewall (Rule -1), or a server (Firewall "", Rule -1). Server is
	// also set for findings about one server's merged rules.
	File     string
	Line     int
	Firewall string
	Rule     int
	Server   string

	Message string
}

// String is the finding as one line: "cloud.yaml:9: error: ... [FW001 admin-port-internet]".
func (f Finding) String() string {
	return fmt.Sprintf("%s%s: %s [%s %s]", location(f.File, f.Line, ""), f.Severity, f.Message, f.ID, f.Name)
}

// MarshalJSON writes the finding as the package doc's schema says, with
// "rule" null when the finding is not about one rule.
func (f Finding) MarshalJSON() ([]byte, error) {
	var rule *int
	if f.Rule >= 0 {
		rule = &f.Rule
	}
	return json.Marshal(struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		Severity Severity `json:"severity"`
		File     string   `json:"file,omitempty"`
		Line     int      `json:"line,omitempty"`
		Firewall string   `json:"firewall,omitempty"`
		Rule     *int     `json:"rule"`
		Server   string   `json:"server,omitempty"`
		Message  string   `json:"message"`
	}{f.ID, f.Name, f.Severity, f.File, f.Line, f.Firewall, rule, f.Server, f.Message})
}

// Lint looks for exposures and mistakes in c and returns what it finds,
// ordered by line. Address coverage is computed on sets, so rules for
// 0.0.0.0/1 and 128.0.0.0/1 together open a port to the whole internet.
// The rules are listed in the package doc.
func (c *Config) Lint() []Finding {
	l := &linter{cfg: c, attach: c.attachIndex(), used: make([]bool, len(c.Firewalls))}
	for _, set := range l.attach.sets {
		for _, i := range set.firewalls {
			l.used[i] = true
		}
	}
	l.exposure()
	l.ruleShapes()
	l.overlaps()
	l.attachments()
	l.nullLists()
	l.addresses()
	slices.SortStableFunc(l.findings, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.ID, b.ID)
	})
	return l.findings
}

// linter collects findings for one config.
type linter struct {
	cfg      *Config
	findings []Finding

	attach *attachIndex // each server's firewalls, from either side
	used   []bool       // by firewall index: attached to some server

	exposed      map[exposureKey]bool // FW001/FW002 already reported
	adminExposed map[ruleKey]bool     // rules in an FW001 finding, which FW010 need not repeat
}

func (l *linter) add(r lintRule, line int, firewall string, rule int, server, format string, args ...any) {
	l.findings = append(l.findings, Finding{
		ID: r.id, Name: r.name, Severity: r.severity,
		File: l.cfg.File, Line: line, Firewall: firewall, Rule: rule, Server: server,
		Message: fmt.Sprintf(format, args...),
	})
}

// addRule adds a finding about one rule.
func (l *linter) addRule(r lintRule, ref RuleRef, server, format string, args ...any) {
	l.add(r, ref.Rule.Line, ref.Firewall, ref.Index, server, format, args...)
}

// ruleName names a rule in messages: firewall "web" inbound[0] (SSH tcp/22 from 0.0.0.0/0).
func ruleName(ref RuleRef) string {
	return fmt.Sprintf("firewall %q inbound[%d] (%s/%s from %s)", ref.Firewall, ref.Index, ref.Rule.Protocol, ref.Rule.Ports, ref.Rule.Source)
}
