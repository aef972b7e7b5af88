ssh-ed25519 255 87:82:b1:12:40:f5:e7:f1:8d:4b:df:b8:2a:e9:cf:8e
