package main

import "sync"

// serverNotes keeps the line a job on each server has to say when it
// succeeds ("s1: added ..."), written by the workers and printed with the
// server's result.
type serverNotes struct {
	mu    sync.Mutex
	notes map[string]string
}

func newServerNotes() *serverNotes { return &serverNotes{notes: map[string]string{}} }

func (n *serverNotes) set(server, note string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.notes[server] = note
}

func (n *serverNotes) get(server string) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.notes[server]
}
