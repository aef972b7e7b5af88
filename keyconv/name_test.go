package keyconv

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCheckKeyFileName(t *testing.T) {
	tests := []struct {
		file    string
		keypair string
		problem NameProblem // zero: the name matches
		want    string
	}{
		{"cafe24.pem", "cafe24", 0, ""},
		{"cafe24.ppk", "cafe24", 0, ""},
		{"/home/me/Downloads/cafe24.pem", "cafe24", 0, ""},
		{`C:\Users\me\Downloads\cafe24.ppk`, "cafe24", 0, ""},
		{"cafe24.PEM", "cafe24", 0, ""},
		{"web-1.pem", "web-1", 0, ""},
		{"web.pem", "cafe24", NameDifferent, "cafe24.pem"},
		{"Cafe24.pem", "cafe24", NameCaseOnly, "cafe24.pem"},
		{"CAFE24.ppk", "cafe24", NameCaseOnly, "cafe24.ppk"},
		{"cafe24 (1).pem", "cafe24", NameDuplicateSuffix, "cafe24.pem"},
		{"cafe24(2).pem", "cafe24", NameDuplicateSuffix, "cafe24.pem"},
		{"cafe24-1.pem", "cafe24", NameDuplicateSuffix, "cafe24.pem"},
		{"cafe24 - Copy.ppk", "cafe24", NameDuplicateSuffix, "cafe24.ppk"},
		{"cafe24.ppk.txt", "cafe24", NameDoubledExtension, "cafe24.ppk"},
		{"cafe24.pem.txt", "cafe24", NameDoubledExtension, "cafe24.pem"},
		{"cafe24.pem.ppk", "cafe24", NameDoubledExtension, "cafe24.ppk"},
		{" cafe24.pem", "cafe24", NameStraySpaces, "cafe24.pem"},
		{"cafe24 .pem", "cafe24", NameStraySpaces, "cafe24.pem"},
		{"cafe24.pem ", "cafe24", NameStraySpaces, "cafe24.pem"},
		{"cafe24.key", "cafe24", NameWrongExtension, "cafe24.pem"},
		{"cafe24", "cafe24", NameWrongExtension, "cafe24.pem"},
		{"web-1.pem", "web", NameDuplicateSuffix, "web.pem"},
		{"other.ppk.txt", "cafe24", NameDifferent, "cafe24.pem"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"~"+tt.keypair, func(t *testing.T) {
			err := CheckKeyFileName(tt.file, tt.keypair)
			if tt.problem == 0 {
				require.NoError(t, err)
				return
			}
			var mismatch *NameMismatchError
			require.True(t, errors.As(err, &mismatch), "got %v", err)
			require.Equal(t, tt.problem, mismatch.Problem)
			require.Equal(t, tt.want, mismatch.Want)
			require.Contains(t, err.Error(), tt.want)
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestNameMismatchMessagesExplain(t *testing.T) {
	for file, phrase := range map[string]string{
		"cafe24 (1).pem": "second download",
		"Cafe24.pem":     "case",
		"cafe24.ppk.txt": "two extensions",
		" cafe24.pem":    "stray spaces",
		"web.pem":        "only the keypair it was created with",
		"cafe24.key":     ".pem or .ppk",
	} {
		require.ErrorContains(t, CheckKeyFileName(file, "cafe24"), phrase, file)
	}
}

func TestValidateKeypairName(t *testing.T) {
	for _, good := range []string{"cafe24", "a", "web_server-01", "A1"} {
		require.NoError(t, ValidateKeypairName(good), good)
	}
	for _, bad := range []string{"", "-lead", "has space", "dot.name", "slash/name", "é", string(make([]byte, 65))} {
		require.Error(t, ValidateKeypairName(bad), "%q", bad)
		require.Error(t, CheckKeyFileName("x.pem", bad), "%q", bad)
	}
}

// The extensions are the package's: a caller changing its copy changes
// nothing the name check sees.
func TestKeyFileExtensionsIsACopy(t *testing.T) {
	exts := KeyFileExtensions()
	require.Equal(t, []string{".pem", ".ppk"}, exts)
	exts[0] = ".txt"
	require.NoError(t, CheckKeyFileName("cafe24.pem", "cafe24"))
	require.Equal(t, ".pem", KeyFileExtensions()[0])
}

func TestNameProblemString(t *testing.T) {
	require.Equal(t, "duplicate-suffix", NameDuplicateSuffix.String())
	require.Equal(t, "NameProblem(99)", NameProblem(99).String())
}

// The console names keypairs with 1 to 20 English letters and digits;
// keyconv accepts wider names but can tell them apart.
func TestIsConsoleKeypairName(t *testing.T) {
	for _, good := range []string{"cafe24", "a", "A1", "k2345678901234567890"} {
		require.True(t, IsConsoleKeypairName(good), good)
		require.NoError(t, ValidateKeypairName(good), good)
	}
	for _, other := range []string{"web_server-01", "my_key", "cafe-24", "k23456789012345678901", strings.Repeat("a", 64)} {
		require.False(t, IsConsoleKeypairName(other), other)
		require.NoError(t, ValidateKeypairName(other), "%q is still a name keyconv accepts", other)
	}
	for _, bad := range []string{"", "has space", "../x", "é"} {
		require.False(t, IsConsoleKeypairName(bad), "%q", bad)
	}
}
