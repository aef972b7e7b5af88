package sshclient

import (
	"slices"

	"golang.org/x/crypto/ssh"
)

// The client offers what x/crypto supports minus what OpenSSH 9.2's client
// no longer offers by default, so that keyconv never connects where ssh
// would refuse. x/crypto's own defaults still include
// diffie-hellman-group14-sha1 and hmac-sha1-96, and its client signs with
// ssh-rsa (SHA-1) when a server does not say which RSA signatures it
// takes; OpenSSH dropped SHA-1 key exchanges and ssh-rsa signatures in 8.8
// and CBC ciphers long before. The package doc lists the result.

// notOfferedByOpenSSH are algorithms x/crypto implements that OpenSSH 9.2's
// client does not offer by default, or, for hmac-sha1, that it offers only
// after better MACs every server of the last decade has.
var notOfferedByOpenSSH = []string{
	ssh.InsecureKeyExchangeDH1SHA1, ssh.InsecureKeyExchangeDH14SHA1, ssh.InsecureKeyExchangeDHGEXSHA1,
	ssh.InsecureCipherAES128CBC, ssh.InsecureCipherTripleDESCBC,
	ssh.InsecureCipherRC4, ssh.InsecureCipherRC4128, ssh.InsecureCipherRC4256,
	ssh.HMACSHA1, ssh.InsecureHMACSHA196,
}

// offered returns x/crypto's supported algorithms of one kind, in its
// order of preference, without those OpenSSH no longer offers.
func offered(supported []string) []string {
	return slices.DeleteFunc(slices.Clone(supported), func(a string) bool {
		return slices.Contains(notOfferedByOpenSSH, a)
	})
}

// clientAlgorithms is what Dial offers. Host key algorithms are not in it:
// hostKeyChecker orders them per host (see preferredHostKeyAlgorithms).
var clientAlgorithms = func() ssh.Config {
	s := ssh.SupportedAlgorithms()
	return ssh.Config{
		KeyExchanges: offered(s.KeyExchanges),
		Ciphers:      offered(s.Ciphers),
		MACs:         offered(s.MACs),
	}
}()

// rsaSignatureAlgorithms are the signatures an RSA user key makes: never
// ssh-rsa's SHA-1, which x/crypto falls back to with a server that sends
// no server-sig-algs and which OpenSSH's client no longer uses.
var rsaSignatureAlgorithms = []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256}

// restrictSigner keeps an RSA signer to SHA-2 signatures; other signers
// are returned as they are.
func restrictSigner(signer ssh.Signer) (ssh.Signer, error) {
	if signer.PublicKey().Type() != ssh.KeyAlgoRSA {
		return signer, nil
	}
	algSigner, ok := signer.(ssh.AlgorithmSigner)
	if !ok {
		return signer, nil
	}
	return ssh.NewSignerWithAlgorithms(algSigner, rsaSignatureAlgorithms)
}
