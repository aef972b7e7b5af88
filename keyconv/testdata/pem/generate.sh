#!/usr/bin/env bash
# Regenerates the PEM and OpenSSH fixtures of keyconv's reader and writer
# tests, benchmarks and fuzz seeds with the reference tools (OpenSSL 3 and
# OpenSSH 9). Names are tool.type.format[.cipher].ext; encrypted files use
# the passphrase in passphrase.txt. Run from anywhere; it rewrites this
# folder's key files.
set -euo pipefail
cd "$(dirname "$0")"
pass=$(head -n1 passphrase.txt)
rm -f ./*.pem ./*.key

for t in rsa2048 dsa2048 p256 p384 p521 ed25519; do
	case $t in
	rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -quiet -out openssl.$t.pkcs8.pem ;;
	dsa2048)
		openssl genpkey -quiet -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out dsa.params
		openssl genpkey -paramfile dsa.params -out openssl.$t.pkcs8.pem
		rm dsa.params
		;;
	p256 | p384 | p521)
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-${t#p} -pkeyopt ec_param_enc:named_curve -out openssl.$t.pkcs8.pem
		;;
	ed25519) openssl genpkey -algorithm ED25519 -out openssl.$t.pkcs8.pem ;;
	esac
	openssl pkcs8 -topk8 -v2 aes-256-cbc -in openssl.$t.pkcs8.pem -passout "pass:$pass" -out openssl.$t.pkcs8.aes256.pem
	case $t in
	rsa2048) trad=(openssl rsa -traditional) ;;
	dsa2048) trad=(openssl dsa) ;;
	p*) trad=(openssl ec) ;;
	ed25519) trad=() ;;
	esac
	if [ ${#trad[@]} -gt 0 ]; then
		"${trad[@]}" -in openssl.$t.pkcs8.pem -out openssl.$t.trad.pem 2>/dev/null
		"${trad[@]}" -in openssl.$t.pkcs8.pem -des3 -passout "pass:$pass" -out openssl.$t.trad.des3.pem 2>/dev/null
		"${trad[@]}" -in openssl.$t.pkcs8.pem -aes256 -passout "pass:$pass" -out openssl.$t.trad.aes256.pem 2>/dev/null
	fi
	# ssh-keygen rewrites a key in place: give it copies of the OpenSSL key.
	# DSA keys must be 1024 bits for OpenSSH, so its DSA fixtures are its own.
	# Nor does it read OpenSSL's Ed25519 keys, so it makes its own.
	case $t in
	dsa2048)
		s=dsa1024
		ssh-keygen -q -t dsa -N '' -C "ssh-keygen $s" -f ssh-keygen.$s.openssh.key
		;;
	ed25519)
		s=$t
		ssh-keygen -q -t ed25519 -N '' -C "ssh-keygen $s" -f ssh-keygen.$s.openssh.key
		;;
	*)
		s=$t
		cp openssl.$t.pkcs8.pem ssh-keygen.$s.openssh.key
		chmod 600 ssh-keygen.$s.openssh.key
		ssh-keygen -q -p -N '' -f ssh-keygen.$s.openssh.key >/dev/null
		ssh-keygen -q -c -C "ssh-keygen $s" -f ssh-keygen.$s.openssh.key >/dev/null
		;;
	esac
	rm -f ssh-keygen.$s.openssh.key.pub
	cp ssh-keygen.$s.openssh.key ssh-keygen.$s.openssh.aes256-ctr.key
	ssh-keygen -q -p -N "$pass" -f ssh-keygen.$s.openssh.aes256-ctr.key >/dev/null
done

# The other ciphers ssh-keygen can write, and an empty comment.
for c in aes128-ctr aes256-cbc aes256-gcm@openssh.com chacha20-poly1305@openssh.com; do
	cp ssh-keygen.ed25519.openssh.key ssh-keygen.ed25519.openssh.${c%@*}.key
	ssh-keygen -q -p -N "$pass" -Z "$c" -f ssh-keygen.ed25519.openssh.${c%@*}.key >/dev/null
done
cp ssh-keygen.p256.openssh.key ssh-keygen.p256.openssh.nocomment.key
ssh-keygen -q -c -C "" -f ssh-keygen.p256.openssh.nocomment.key >/dev/null

# The other legacy PEM and PBES2 choices puttygen or OpenSSL make.
openssl rsa -in openssl.rsa2048.pkcs8.pem -traditional -aes128 -passout "pass:$pass" -out openssl.rsa2048.trad.aes128.pem 2>/dev/null
openssl ec -in openssl.p256.pkcs8.pem -aes192 -passout "pass:$pass" -out openssl.p256.trad.aes192.pem 2>/dev/null
openssl pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1 -in openssl.rsa2048.pkcs8.pem -passout "pass:$pass" -out openssl.rsa2048.pkcs8.aes128-sha1.pem
openssl pkcs8 -topk8 -v2 des3 -v2prf hmacWithSHA512 -in openssl.p384.pkcs8.pem -passout "pass:$pass" -out openssl.p384.pkcs8.des3-sha512.pem
openssl pkcs8 -topk8 -v2 aes-192-cbc -v2prf hmacWithSHA384 -in openssl.ed25519.pkcs8.pem -passout "pass:$pass" -out openssl.ed25519.pkcs8.aes192-sha384.pem

# openssl ecparam -genkey writes an EC PARAMETERS block before the key.
openssl ecparam -genkey -name prime256v1 -out openssl.p256.ecparam.pem
# Ed448, which keyconv refuses with a clear message.
openssl genpkey -algorithm ED448 -out openssl.ed448.pkcs8.pem
rm -f ./*.pub
chmod 644 ./*.pem ./*.key
