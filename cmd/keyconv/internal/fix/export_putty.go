package fix

// The fixes keyconv export gives for PuTTY's saved sessions.

// PuTTYOnWindows is the fix for the putty format on Windows, where PuTTY
// keeps its sessions in the registry.
const PuTTYOnWindows = "export putty-reg -o putty.reg instead, then merge it with 'reg import putty.reg' (or double-click it)"

// PuTTYDir is the fix for a PuTTY settings directory keyconv cannot find
// by itself (no home directory).
const PuTTYDir = "name PuTTY's settings directory with --putty-dir DIR (PuTTY reads $PUTTYDIR, else ~/.config/putty or ~/.putty)"
