ssh-dss 1024 c9:86:ad:9b:61:fc:b0:d6:94:e5:c3:9a:62:08:d6:f5
