package fix

// The fixes for the SSH agent that 'keyconv agent add' loads keys into.

// NoAgent is the fix for 'agent add' with no agent running, in the
// platform's form: Windows OpenSSH's agent is a service, started once;
// on Unix the shell learns the agent's socket from ssh-agent's output.
// Pageant is named because PuTTY users reach for it: it is not an
// OpenSSH agent, and keyconv does not load it.
func NoAgent() string {
	if Native == Cmd {
		return "start the OpenSSH agent service (as administrator: sc config ssh-agent start= auto, then sc start ssh-agent); for Pageant, load the .ppk in Pageant itself"
	}
	return "start an agent in this shell with eval \"$(ssh-agent)\" and run the command again"
}

// AgentLifetime is the fix for a --lifetime the agent cannot take.
const AgentLifetime = "give --lifetime a positive duration of at most 136 years, such as 8h"
