package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestEachFile(t *testing.T) {
	t.Run("one file returns its error as it is", func(t *testing.T) {
		var stderr bytes.Buffer
		want := errors.New("boom")
		err := eachFile(&stdio{Err: &stderr}, []string{"a"}, func(string) error { return want })
		if err != want || stderr.Len() != 0 {
			t.Fatalf("err %v, stderr %q; want the file's own error and nothing printed", err, stderr.String())
		}
	})
	t.Run("a failure stops none of the others", func(t *testing.T) {
		var stderr bytes.Buffer
		var seen []string
		err := eachFile(&stdio{Err: &stderr}, []string{"a", "b", "c"}, func(f string) error {
			seen = append(seen, f)
			if f == "b" {
				return errors.New("b is bad")
			}
			return nil
		})
		var exit *exitError
		if !errors.As(err, &exit) || exit.code != exitFailure || exit.err != nil {
			t.Fatalf("err %v; want a silent exit status 1", err)
		}
		if strings.Join(seen, ",") != "a,b,c" {
			t.Errorf("ran %v, want a, b and c", seen)
		}
		if want := "keyconv: error: b is bad\nkeyconv: 3 files, 2 done, 1 failed: b\n"; stderr.String() != want {
			t.Errorf("stderr %q, want %q", stderr.String(), want)
		}
	})
	t.Run("Ctrl-C at a prompt stops the whole call", func(t *testing.T) {
		var seen []string
		err := eachFile(&stdio{Err: &bytes.Buffer{}}, []string{"a", "b", "c"}, func(f string) error {
			seen = append(seen, f)
			if f == "b" {
				return errInterrupted
			}
			return nil
		})
		if !errors.Is(err, errInterrupted) || len(seen) != 2 {
			t.Fatalf("err %v after %v; want errInterrupted after a and b", err, seen)
		}
	})
}
