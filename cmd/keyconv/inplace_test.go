package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// A rename that fails after the backup was taken leaves no KEY.bak: the
// key is still where it was, and the failure must leave no other file.
func TestRewriteInPlaceFailedRenameLeavesNoBackup(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(key, fixture.Read(t, "cafe24.pem"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "new.txt"), []byte("a new passphrase\n"), 0o600))
	t.Chdir(dir)

	// Between the read-back (which takes the backup) and the rename, the
	// key's name becomes a directory that is not empty, which no rename
	// can replace.
	saved := testHookBeforeCommit
	t.Cleanup(func() { testHookBeforeCommit = saved })
	testHookBeforeCommit = func() {
		if _, err := os.Lstat(key + ".bak"); err != nil {
			return // the backup's own write
		}
		require.NoError(t, os.Rename(key, key+".moved"))
		require.NoError(t, os.Mkdir(key, 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(key, "x"), nil, 0o600))
	}
	var stderr bytes.Buffer
	code := run(context.Background(), &stdio{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &stderr},
		[]string{"pem2ppk", "-P", "--backup", "--new-passphrase", "new.txt", "key.pem"})
	assert.Equal(t, exitFailure, code, stderr.String())
	assert.Contains(t, stderr.String(), "cannot write key.pem")
	assert.NoFileExists(t, key+".bak")
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	assert.Empty(t, tmps)
}
