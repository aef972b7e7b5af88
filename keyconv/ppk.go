package keyconv

// Placeholder until the PPK codec lands; replaced wholesale by it.
func parsePPK(data []byte, passphrase PassphraseFunc) (*Key, error) {
	return nil, errUnsupportedf("PPK reading is not built yet")
}
