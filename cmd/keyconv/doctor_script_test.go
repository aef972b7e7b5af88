package main

import (
	"net/http"
	"net/http/httptest"

	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for the doctor scripts (testdata/script/doctor_*.txtar).
func init() {
	// echoserver NAME ANSWER: start an HTTP server on 127.0.0.1 that
	// answers every request with ANSWER, as the public-address echo
	// service does, and set $NAME to its URL, for --from auto
	// --echo-url $NAME. The scripts never ask a real service.
	scriptCommands["echoserver"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: echoserver NAME ANSWER")
		}
		answer := args[1]
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(answer + "\n"))
		}))
		ts.Defer(s.Close)
		ts.Setenv(args[0], s.URL)
	}
}
