// Package firewall models the cloud firewalls in front of virtual servers:
// rules and attachments as data, read from a YAML or JSON file, validated,
// checked for reachability and linted.
package firewall
