ecdsa-sha2-nistp521 521 b5:4b:c3:90:c6:fc:34:2d:fd:21:28:ef:d7:10:5e:86
