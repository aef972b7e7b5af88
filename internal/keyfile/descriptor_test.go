package keyfile

import (
	"errors"
	"strings"
	"testing"
)

// Two local accounts of one Windows machine, as whoami /user prints them.
const (
	alice = "S-1-5-21-1004336348-1177238915-682003330-1001"
	bob   = "S-1-5-21-1004336348-1177238915-682003330-1002"
	// The machine's "None" group, the primary group of local accounts.
	none = "S-1-5-21-1004336348-1177238915-682003330-513"
)

// The descriptors of key files as Get-Acl's .Sddl shows them on Windows 10
// and 11, for alice running keyconv unless a case says otherwise.
var descriptorCases = []struct {
	name  string
	user  string
	sddl  string
	owner string // the owner the rule objects to, if any
	other string // the account the rule objects to, if any
	noACL bool
}{
	{
		// Downloads and .ssh inherit the profile's entries: SYSTEM,
		// Administrators and alice, all full control. Windows OpenSSH
		// accepts such a key as it is.
		name: "profile",
		sddl: "O:" + alice + "G:" + none + "D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FA;;;" + alice + ")",
	},
	{
		// A folder made at the root of C: inherits C:\'s entries:
		// Authenticated Users may modify, Users may read. This is the
		// case the issue starts from: "UNPROTECTED PRIVATE KEY FILE".
		name:  "C:\\keys",
		sddl:  "O:" + alice + "G:" + none + "D:AI(A;ID;FA;;;BA)(A;ID;FA;;;SY)(A;ID;0x1301bf;;;AU)(A;ID;0x1200a9;;;BU)",
		other: SIDAuthenticated,
	},
	{
		// The usual recipe, icacls KEY /inheritance:r /grant:r
		// "%USERNAME%:R": inheritance removed, alice may read.
		name: "icacls recipe",
		sddl: "O:" + alice + "G:" + none + "D:PAI(A;;FR;;;" + alice + ")",
	},
	{
		// The recipe that names groups, icacls KEY /inheritance:d
		// /remove "Authenticated Users" Users, on a German Windows:
		// the names do not exist there, icacls reports "No mapping
		// between account names and security IDs", and the copied
		// entries stay.
		name:  "icacls recipe with group names on a localized Windows",
		sddl:  "O:" + alice + "G:" + none + "D:PAI(A;;FA;;;BA)(A;;FA;;;SY)(A;;0x1301bf;;;AU)(A;;0x1200a9;;;BU)",
		other: SIDAuthenticated,
	},
	{
		// C:\ProgramData lets Users read what is created in it;
		// CREATOR OWNER becomes alice.
		name:  "C:\\ProgramData",
		sddl:  "O:" + alice + "G:" + none + "D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FA;;;" + alice + ")(A;ID;0x1200a9;;;BU)",
		other: SIDUsers,
	},
	{
		// bob copied the key to alice and granted her full control; the
		// file is still his.
		name:  "owned by another user",
		sddl:  "O:" + bob + "G:" + none + "D:PAI(A;;FA;;;" + bob + ")(A;;FA;;;" + alice + ")",
		owner: bob,
	},
	{
		// alice's profile key, used from bob's session.
		name:  "another user's key",
		user:  bob,
		sddl:  "O:" + alice + "G:" + none + "D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FA;;;" + alice + ")",
		owner: alice,
	},
	{
		// Written from an elevated prompt, whose objects Administrators
		// own by default.
		name: "owned by Administrators",
		sddl: "O:BAG:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FA;;;" + alice + ")",
	},
	{
		name: "owned by TrustedInstaller",
		sddl: "O:" + SIDTrustedInstaller + "G:SYD:PAI(A;;FR;;;SY)(A;;FR;;;BA)(A;;FR;;;" + alice + ")",
	},
	{
		// Read-only is still too much for a private key.
		name:  "Users may read",
		sddl:  "O:" + alice + "D:PAI(A;;FA;;;" + alice + ")(A;;FR;;;BU)",
		other: SIDUsers,
	},
	{
		name:  "Everyone may synchronize",
		sddl:  "O:" + alice + "D:PAI(A;;FA;;;" + alice + ")(A;;0x100000;;;WD)",
		other: SIDEveryone,
	},
	{
		// Deny entries are not looked at, whoever they name.
		name: "deny entries",
		sddl: "O:" + alice + "D:PAI(D;;FA;;;WD)(D;;FW;;;" + alice + ")(A;;FA;;;" + alice + ")",
	},
	{
		// Nor are object and callback entries, with their conditions.
		name: "other ACE types",
		sddl: "O:" + alice + "D:PAI(A;;FA;;;" + alice + ")(OA;;FA;bf967aba-0de6-11d0-a285-00aa003049e2;;WD)(XA;;FR;;;WD;(@User.Project==\"x\"))",
	},
	{
		name:  "no access list",
		sddl:  "O:" + alice + "D:NO_ACCESS_CONTROL",
		noACL: true,
	},
	{
		// An empty list grants nobody anything: private, if unreadable.
		name: "empty access list",
		sddl: "O:" + alice + "D:P",
	},
	{
		// SIDs compare as SIDs: ConvertSidToStringSid's "S-" is
		// upper case, but a hand-typed one may not be.
		name: "SID case",
		user: strings.ToLower(alice),
		sddl: "O:" + alice + "D:P(A;;FA;;;" + alice + ")",
	},
	{
		name: "what keyconv writes",
		sddl: "O:" + alice + privateSDDL(alice),
	},
	{
		name:  "what keyconv writes, used by another user",
		user:  bob,
		sddl:  "O:" + alice + privateSDDL(alice),
		owner: alice,
	},
}

func TestCheckDescriptor(t *testing.T) {
	for _, tc := range descriptorCases {
		t.Run(tc.name, func(t *testing.T) {
			sd, err := parseSDDL(tc.sddl)
			if err != nil {
				t.Fatal(err)
			}
			user := tc.user
			if user == "" {
				user = alice
			}
			err = CheckDescriptor(sd, user)
			if tc.owner == "" && tc.other == "" && !tc.noACL {
				if err != nil {
					t.Fatalf("CheckDescriptor = %v, want nil", err)
				}
				return
			}
			var np *NotPrivateError
			if !errors.As(err, &np) {
				t.Fatalf("CheckDescriptor = %v, want a *NotPrivateError", err)
			}
			if got := accountID(np.Owner); got != tc.owner {
				t.Errorf("Owner = %q, want %q", got, tc.owner)
			}
			if got := accountID(np.Other); got != tc.other {
				t.Errorf("Other = %q, want %q", got, tc.other)
			}
			if np.NoDACL != tc.noACL {
				t.Errorf("NoDACL = %v, want %v", np.NoDACL, tc.noACL)
			}
			np.Path = `C:\keys\cafe24.pem`
			if msg := np.Error(); !strings.HasPrefix(msg, `keyfile: C:\keys\cafe24.pem `) || !strings.Contains(msg, "Windows OpenSSH refuses") {
				t.Errorf("message %q does not name the file and say why", msg)
			}
		})
	}
}

func accountID(a *Account) string {
	if a == nil {
		return ""
	}
	return a.ID
}

// The parser the cases rely on must read what they say.
func TestParseSDDL(t *testing.T) {
	sd, err := parseSDDL("O:BAG:SYD:PAI(A;OICIID;0x1200a9;;;BU)(D;;FA;;;" + bob + ")")
	if err != nil {
		t.Fatal(err)
	}
	want := Descriptor{Owner: SIDAdministrators, DACL: []ACE{
		{Type: AccessAllowed, Flags: 0x13, Mask: 0x1200a9, SID: SIDUsers},
		{Type: AccessDenied, Mask: 0x1f01ff, SID: bob},
	}}
	if sd.Owner != want.Owner || len(sd.DACL) != len(want.DACL) || sd.NullDACL {
		t.Fatalf("parseSDDL = %+v, want %+v", sd, want)
	}
	for i := range want.DACL {
		if sd.DACL[i] != want.DACL[i] {
			t.Errorf("ACE %d = %+v, want %+v", i, sd.DACL[i], want.DACL[i])
		}
	}
	for _, bad := range []string{"O:XX", "D:(A;;FA;;;BA", "D:(Q;;FA;;;BA)", "D:(A;;ZZ;;;BA)", "O:S-1-5-x", "Q:BA"} {
		if _, err := parseSDDL(bad); err == nil {
			t.Errorf("parseSDDL(%q) succeeded", bad)
		}
	}
}
