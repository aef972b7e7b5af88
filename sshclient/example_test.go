package sshclient_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/cloudkeypair/keypair/sshclient"
)

func ExampleUserTable_Lookup() {
	users := sshclient.DefaultUsers()
	for _, os := range []string{"Rocky Linux 9.4", "ubuntu-22.04", "CentOS 7", "almalinux 8"} {
		user, _ := users.Lookup(os)
		fmt.Printf("%s: %s\n", os, user)
	}
	_, err := users.Lookup("Debian 12")
	fmt.Println(err)

	// A custom image with its own default user.
	users.Set("Debian", "admin")
	user, _ := users.Lookup("Debian 12")
	fmt.Println("Debian 12:", user)
	// Output:
	// Rocky Linux 9.4: rocky
	// ubuntu-22.04: ubuntu
	// CentOS 7: centos
	// almalinux 8: almalinux
	// sshclient: unknown OS "Debian 12"; known: AlmaLinux, CentOS, Rocky, Ubuntu
	// Debian 12: admin
}

// Log in as the image's default user with the keypair the console gave,
// and update the server as root.
func ExampleDial() {
	ctx := context.Background()
	client, err := sshclient.Dial(ctx, &sshclient.Config{
		Host:    "203.0.113.10",
		OS:      "Rocky Linux 9",
		KeyFile: "cafe24.pem",
	})
	var timeout *sshclient.TimeoutError
	if errors.As(err, &timeout) {
		fmt.Println("check the firewall:", err)
		return
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close()
	err = client.Run(ctx, &sshclient.Command{Line: "dnf -y update", Root: true, Stdout: os.Stdout, Stderr: os.Stderr})
	var exit *sshclient.ExitError
	if errors.As(err, &exit) {
		fmt.Println("dnf exited with status", exit.Status)
	}
}
