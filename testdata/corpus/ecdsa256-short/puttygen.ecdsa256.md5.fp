ecdsa-sha2-nistp256 256 a3:22:df:14:d3:29:1c:00:b2:fb:f2:45:2a:17:c6:e4
