package main

import "github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"

// fileArg is path as a hint spells it in a command to type, quoted for
// the platform's shell by the fix table's one rule.
func fileArg(path string) string { return fix.Quote(path) }
