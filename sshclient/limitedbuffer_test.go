package sshclient_test

import (
	"bytes"
	"testing"

	"github.com/cloudkeypair/keypair/sshclient"
)

func TestLimitedBuffer(t *testing.T) {
	overflows := 0
	b := &sshclient.LimitedBuffer{Limit: 5, OnOverflow: func() { overflows++ }}
	for _, p := range []string{"abc", "de", "fgh", "ij"} {
		if n, err := b.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("Write(%q) = %d, %v: every write must look whole", p, n, err)
		}
		if p == "de" && (b.Truncated() || overflows != 0) {
			t.Error("exactly Limit bytes is not truncated")
		}
	}
	if !bytes.Equal(b.Bytes(), []byte("abcde")) || !b.Truncated() || overflows != 1 {
		t.Errorf("kept %q, truncated %v, %d overflows; want \"abcde\", true, 1", b.Bytes(), b.Truncated(), overflows)
	}
	var zero sshclient.LimitedBuffer
	zero.Write(make([]byte, sshclient.DefaultOutputLimit+1))
	if len(zero.Bytes()) != sshclient.DefaultOutputLimit || !zero.Truncated() {
		t.Errorf("zero value kept %d bytes, want DefaultOutputLimit", len(zero.Bytes()))
	}
}
