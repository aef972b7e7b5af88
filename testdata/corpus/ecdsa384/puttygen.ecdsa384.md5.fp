ecdsa-sha2-nistp384 384 52:d9:e3:33:e2:12:cd:6c:64:8b:ac:1b:6f:27:54:99
