ecdsa-sha2-nistp384 384 SHA256:g6T6vnN+llMexndp7dojaJGRoDazF/0Q/cm9CZlP7yc
