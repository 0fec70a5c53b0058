package tokens

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

const (
	privateKeyBlock = "PRIVATE KEY" // PKCS#8
	publicKeyBlock  = "PUBLIC KEY"  // PKIX
)

// parsePrivateKeyPEM reads exactly one PKCS#8 Ed25519 private key.
func parsePrivateKeyPEM(data []byte) (ed25519.PrivateKey, error) {
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("no PEM block found; want one %q block (PKCS#8)", privateKeyBlock)
	}
	if block.Type != privateKeyBlock {
		return nil, fmt.Errorf("PEM block is %q; want %q (PKCS#8)", block.Type, privateKeyBlock)
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return nil, errors.New("unexpected data after the private key's PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("PEM block is not a PKCS#8 private key: %w", err)
	}
	ed, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private key is %T; want Ed25519", k)
	}
	return ed, nil
}

// parsePublicKeysPEM reads zero or more PKIX Ed25519 public keys, refusing anything else so that
// a pasting mistake fails at start rather than silently dropping a key.
func parsePublicKeysPEM(data []byte) ([]ed25519.PublicKey, error) {
	var keys []ed25519.PublicKey
	for rest := bytes.TrimSpace(data); len(rest) > 0; rest = bytes.TrimSpace(rest) {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("key %d: not a PEM block; want %q blocks (PKIX)", len(keys)+1, publicKeyBlock)
		}
		if block.Type != publicKeyBlock {
			return nil, fmt.Errorf("key %d: PEM block is %q; want %q (PKIX)", len(keys)+1, block.Type, publicKeyBlock)
		}
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("key %d: not a PKIX public key: %w", len(keys)+1, err)
		}
		ed, ok := k.(ed25519.PublicKey)
		if !ok {
			return nil, fmt.Errorf("key %d: public key is %T; want Ed25519", len(keys)+1, k)
		}
		keys = append(keys, ed)
	}
	return keys, nil
}

func encodePrivateKeyPEM(k ed25519.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: privateKeyBlock, Bytes: der}), nil
}
