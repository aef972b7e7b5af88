ssh-dss 1024 SHA256:xufoIYWazm4ltid+kzyei4UT8Sc2L+V2DdtR6zVpSOI
