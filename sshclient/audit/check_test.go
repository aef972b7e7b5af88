package audit

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/keyconv"
	"golang.org/x/crypto/ssh"
)

func testKey(t testing.TB) *keyconv.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return toPublic(t, pub)
}

const (
	testHome = "/home/kc1"
	testSSH  = testHome + "/.ssh"
	testFile = testSSH + "/authorized_keys"
)

// goodFacts are a server where the key logs in as kc1: the guide's modes,
// the key's line intact, StrictModes yes.
func goodFacts(key *keyconv.PublicKey) *Facts {
	dir := func(mode fs.FileMode, uid int) PathInfo {
		return PathInfo{Exists: true, Dir: true, Mode: mode, UID: uid, GID: uid}
	}
	return &Facts{
		User: "kc1", UserFound: true, UID: 1500, GID: 1500, Home: testHome,
		Paths: map[string]PathInfo{
			"/": dir(0o755, 0), "/home": dir(0o755, 0), testHome: dir(0o700, 1500), testSSH: dir(0o700, 1500),
			testFile: {Exists: true, Regular: true, Mode: 0o600, UID: 1500, GID: 1500},
		},
		KeysFiles: []KeysFile{
			{Path: testFile, Exists: true, Readable: true, Data: []byte("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0 other\n" + authLine(key) + " me@laptop\n")},
			{Path: testSSH + "/authorized_keys2"},
		},
		SSHD: SSHD{Source: "listener", Config: "/etc/ssh/sshd_config", StrictModes: true, PubkeyAuth: true,
			Algorithms: []string{"ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256"}},
	}
}

func authLine(key *keyconv.PublicKey) string {
	return key.Algorithm + " " + base64.StdEncoding.EncodeToString(key.Blob)
}

// brief is a finding as the table writes it: kind, severity, path.
type brief struct {
	Kind       Kind
	Severity   Severity
	Path       string
	Repairable bool
}

func briefs(fs []Finding) []brief {
	var out []brief
	for _, f := range fs {
		out = append(out, brief{f.Kind, f.Severity, f.Path, f.Repairable})
	}
	return out
}

func TestCheck(t *testing.T) {
	key := testKey(t)
	blob := base64.StdEncoding.EncodeToString(key.Blob)
	for _, tc := range []struct {
		name   string
		change func(f *Facts)
		want   []brief
	}{
		{"good", func(*Facts) {}, nil},
		{"no user", func(f *Facts) { f.UserFound = false }, []brief{{UserMissing, Refused, "", false}}},
		{"no home", func(f *Facts) { delete(f.Paths, testHome) }, []brief{{HomeMissing, Refused, testHome, false}}},
		{"ssh dir 0777", func(f *Facts) { setMode(f, testSSH, 0o777) }, []brief{{Writable, Refused, testSSH, true}}},
		{"ssh dir 0755", func(f *Facts) { setMode(f, testSSH, 0o755) }, []brief{{GuideMode, Advice, testSSH, true}}},
		{"home 0777", func(f *Facts) { setMode(f, testHome, 0o777) }, []brief{{Writable, Refused, testHome, true}}},
		// Ubuntu's 750 and Debian's 755 homes: sshd accepts them, and
		// Repair leaves them.
		{"home 0750", func(f *Facts) { setMode(f, testHome, 0o750) }, []brief{{GuideMode, Advice, testHome, false}}},
		{"home 0755", func(f *Facts) { setMode(f, testHome, 0o755) }, []brief{{GuideMode, Advice, testHome, false}}},
		// sshd stops its walk at the home: /home is the guide's only.
		{"/home 0777", func(f *Facts) { setMode(f, "/home", 0o777) }, []brief{{Writable, Advice, "/home", true}}},
		{"file 0644", func(f *Facts) { setMode(f, testFile, 0o644) }, []brief{{GuideMode, Advice, testFile, true}}},
		{"file 0666", func(f *Facts) { setMode(f, testFile, 0o666) }, []brief{{Writable, Refused, testFile, true}}},
		{"file 0620 group-writable", func(f *Facts) { setMode(f, testFile, 0o620) }, []brief{{Writable, Refused, testFile, true}}},
		{"file of another user", func(f *Facts) { setOwner(f, testFile, 1600) }, []brief{{WrongOwner, Refused, testFile, true}}},
		{"file of root, unreadable", func(f *Facts) { setOwner(f, testFile, 0); f.KeysFiles[0].Readable = false },
			[]brief{{Unreadable, Refused, testFile, true}}},
		{"file of root, readable", func(f *Facts) { setOwner(f, testFile, 0) }, []brief{{WrongOwner, Advice, testFile, true}}},
		{"ssh dir of another user", func(f *Facts) { setOwner(f, testSSH, 1600) }, []brief{{WrongOwner, Refused, testSSH, true}}},
		{"home of another user", func(f *Facts) { setOwner(f, testHome, 1600) }, []brief{{WrongOwner, Refused, testHome, true}}},
		{"not a regular file", func(f *Facts) { p := f.Paths[testFile]; p.Regular = false; f.Paths[testFile] = p },
			[]brief{{NotRegular, Refused, testFile, false}}},
		{"StrictModes no, ssh dir 0777", func(f *Facts) { f.SSHD.StrictModes = false; setMode(f, testSSH, 0o777) },
			[]brief{{StrictModesOff, Advice, "", false}, {Writable, Advice, testSSH, true}}},
		{"no file", func(f *Facts) { delete(f.Paths, testFile); f.KeysFiles[0] = KeysFile{Path: testFile} },
			[]brief{{KeyMissing, Refused, testFile, true}}},
		{"no .ssh", func(f *Facts) {
			delete(f.Paths, testFile)
			delete(f.Paths, testSSH)
			f.KeysFiles[0] = KeysFile{Path: testFile}
		}, []brief{{KeyMissing, Refused, testFile, true}}},
		{"key missing", func(f *Facts) { f.KeysFiles[0].Data = []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOther\n") },
			[]brief{{KeyMissing, Refused, testFile, true}}},
		{"key in authorized_keys2 only", func(f *Facts) {
			f.KeysFiles[1] = KeysFile{Path: testSSH + "/authorized_keys2", Exists: true, Readable: true, Data: []byte(authLine(key) + "\n")}
			f.Paths[testSSH+"/authorized_keys2"] = PathInfo{Exists: true, Regular: true, Mode: 0o600, UID: 1500, GID: 1500}
			f.KeysFiles[0].Data = nil
		}, nil},
		{"first character cut", func(f *Facts) { f.KeysFiles[0].Data = []byte(authLine(key)[1:] + "\n") },
			[]brief{{KeyDamaged, Refused, testFile, true}}},
		{"damaged copy beside a good one", func(f *Facts) {
			f.KeysFiles[0].Data = []byte(authLine(key) + "\n\"" + authLine(key) + "\"\n")
		}, []brief{{KeyDamaged, Advice, testFile, true}}},
		{"CRLF", func(f *Facts) { f.KeysFiles[0].Data = []byte(authLine(key) + " me\r\n") }, []brief{{CRLF, Advice, testFile, true}}},
		{"CRLF and cut", func(f *Facts) { f.KeysFiles[0].Data = []byte("x\r\n" + blob[3:] + "\r\n") },
			[]brief{{KeyDamaged, Refused, testFile, true}, {CRLF, Advice, testFile, true}}},
		{"PubkeyAuthentication no", func(f *Facts) { f.SSHD.PubkeyAuth = false }, []brief{{PubkeyAuthOff, Refused, "", false}}},
		{"ed25519 not accepted", func(f *Facts) { f.SSHD.Algorithms = []string{"rsa-sha2-512", "rsa-sha2-256"} },
			[]brief{{AlgorithmRefused, Refused, "", false}}},
		{"sshd -T failed", func(f *Facts) { f.SSHD.Err = "sshd: no hostkeys available -- exiting." },
			[]brief{{SSHDUnknown, Advice, "", false}}},
		{"SELinux enforcing, mislabelled", func(f *Facts) {
			f.SELinux = "Enforcing"
			f.Relabel = []Relabel{{testSSH, "unconfined_u:object_r:user_home_t:s0", "unconfined_u:object_r:ssh_home_t:s0"}}
		}, []brief{{SELinuxLabel, Refused, testSSH, true}}},
		{"SELinux permissive, mislabelled", func(f *Facts) {
			f.SELinux = "Permissive"
			f.Relabel = []Relabel{{testSSH, "a", "b"}}
		}, nil},
		// A central file (AuthorizedKeysFile /etc/ssh/keys/%u), root's and
		// 0644 by design: only sshd's rules apply, and sshd walks to /.
		{"central file of root, 0644", central(0o644, 0, nil), nil},
		{"central file writable", central(0o666, 0, nil), []brief{{Writable, Refused, "/etc/ssh/keys/kc1", true}}},
		{"central file without the key", central(0o644, 0, []byte("# none\n")), []brief{{KeyMissing, Refused, "/etc/ssh/keys/kc1", false}}},
		{"central dir writable", func(f *Facts) { central(0o644, 0, nil)(f); setMode(f, "/etc/ssh/keys", 0o777) },
			[]brief{{Writable, Refused, "/etc/ssh/keys", false}}},
		{"refused first", func(f *Facts) { setMode(f, testFile, 0o644); setMode(f, testSSH, 0o777) },
			[]brief{{Writable, Refused, testSSH, true}, {GuideMode, Advice, testFile, true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := goodFacts(key)
			tc.change(f)
			got := briefs(Check(f, key))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Check:\n got %+v\nwant %+v", got, tc.want)
			}
			for _, fd := range Check(f, key) {
				if p := fd.Problem(); p == "" || strings.HasPrefix(p, "finding ") {
					t.Errorf("%v has no Problem text", fd.Kind)
				}
			}
		})
	}
}

func TestCheckRSAAlgorithms(t *testing.T) {
	rsaKey := testRSAKey(t)
	for _, tc := range []struct {
		algs []string
		want []brief
	}{
		{[]string{"rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"}, nil},
		{[]string{"rsa-sha2-512", "rsa-sha2-256"}, []brief{{NoSHA1, Advice, "", false}}},
		{[]string{"ssh-ed25519", "ssh-rsa"}, []brief{{SHA1Only, Refused, "", false}}},
		{[]string{"ssh-ed25519"}, []brief{{AlgorithmRefused, Refused, "", false}}},
	} {
		f := goodFacts(rsaKey)
		f.SSHD.Algorithms = tc.algs
		if got := briefs(Check(f, rsaKey)); !slices.Equal(got, tc.want) {
			t.Errorf("algorithms %v:\n got %+v\nwant %+v", tc.algs, got, tc.want)
		}
	}
}

func toPublic(t testing.TB, pub any) *keyconv.PublicKey {
	t.Helper()
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	p, err := keyconv.ParsePublicKeyBlob(k.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// central moves the keys to /etc/ssh/keys/kc1 with mode and owner uid,
// holding data (the key's line when nil).
func central(mode fs.FileMode, uid int, data []byte) func(f *Facts) {
	return func(f *Facts) {
		const file = "/etc/ssh/keys/kc1"
		if data == nil {
			data = f.KeysFiles[0].Data
		}
		for _, d := range []string{"/etc", "/etc/ssh", "/etc/ssh/keys"} {
			f.Paths[d] = PathInfo{Exists: true, Dir: true, Mode: 0o755}
		}
		delete(f.Paths, testFile)
		f.Paths[file] = PathInfo{Exists: true, Regular: true, Mode: mode, UID: uid, GID: uid}
		f.KeysFiles = []KeysFile{{Path: file, Exists: true, Readable: true, Data: data}}
	}
}

func setMode(f *Facts, path string, mode fs.FileMode) {
	p := f.Paths[path]
	p.Mode = mode
	f.Paths[path] = p
}

func setOwner(f *Facts, path string, uid int) {
	p := f.Paths[path]
	p.UID, p.GID = uid, uid
	f.Paths[path] = p
}
