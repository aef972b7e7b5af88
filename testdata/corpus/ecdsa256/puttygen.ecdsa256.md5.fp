ecdsa-sha2-nistp256 256 39:21:b7:ac:49:2b:19:11:0b:1c:3a:55:78:5f:a2:d3
