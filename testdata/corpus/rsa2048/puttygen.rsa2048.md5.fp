ssh-rsa 2048 6e:8b:eb:de:1b:db:7a:8c:77:ef:b2:69:52:34:e1:94
