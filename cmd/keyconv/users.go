package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient"
)

var cmdUsers = &command{
	Name:      "users",
	UsageLine: "users [OS]",
	Short:     "print the login user of each cloud image's OS",
	Long: `
Users prints the OS user table: the account each cloud image accepts the
keypair for, which has passwordless sudo. 'keyconv ssh --os OS' logs in as
that user.

With an OS, users prints that OS's login user alone. The OS may be written
as people write it: "Rocky Linux 9.4", "ubuntu-22.04", "CentOS 7",
"almalinux 8", or an /etc/os-release ID.
`,
	Setup:        noFlags(runUsers),
	Interspersed: true,
}

func runUsers(ctx context.Context, sio *stdio, args []string) error {
	table := sshclient.DefaultUsers()
	if len(args) > 0 {
		user, err := table.Lookup(strings.Join(args, " "))
		if err != nil {
			return withFixes(err, fix.Context{})
		}
		fmt.Fprintln(sio.Out, escape(user))
		return nil
	}
	tw := tabwriter.NewWriter(sio.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OS\tUSER")
	for _, e := range table.Entries() {
		fmt.Fprintf(tw, "%s\t%s\n", escape(e.OS), escape(e.User))
	}
	return tw.Flush()
}
