ssh-rsa 4096 7a:e3:d7:7b:40:b0:24:a0:6f:6a:df:0a:c7:44:81:ed
