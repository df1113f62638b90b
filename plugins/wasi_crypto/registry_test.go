package wasi_crypto

import (
	"slices"
	"testing"
)

// The registries hold exactly the algorithms the package doc lists: every
// one of WasmEdge's 31 and the optional ones added.
func TestAlgorithmList(t *testing.T) {
	var sym, sig, kx []string
	for _, a := range symAlgs {
		sym = append(sym, a.name)
	}
	for _, a := range asymAlgs {
		if a.typ == algSignatures {
			sig = append(sig, a.name)
		} else {
			kx = append(kx, a.name)
		}
	}
	for _, c := range []struct {
		got, want []string
	}{
		{sym, []string{"AES-128-GCM", "AES-256-GCM", "BLAKE2B-256", "BLAKE2B-512", "CHACHA20-POLY1305",
			"HKDF-EXPAND/SHA-256", "HKDF-EXPAND/SHA-512", "HKDF-EXTRACT/SHA-256", "HKDF-EXTRACT/SHA-512",
			"HMAC/SHA-256", "HMAC/SHA-512", "SHA-256", "SHA-512", "SHA-512/256", "XCHACHA20-POLY1305"}},
		{sig, []string{"ECDSA_K256_SHA256", "ECDSA_P256_SHA256", "ECDSA_P384_SHA384", "Ed25519",
			"RSA_PKCS1_2048_SHA256", "RSA_PKCS1_2048_SHA384", "RSA_PKCS1_2048_SHA512", "RSA_PKCS1_3072_SHA384",
			"RSA_PKCS1_3072_SHA512", "RSA_PKCS1_4096_SHA512", "RSA_PSS_2048_SHA256", "RSA_PSS_2048_SHA384",
			"RSA_PSS_2048_SHA512", "RSA_PSS_3072_SHA384", "RSA_PSS_3072_SHA512", "RSA_PSS_4096_SHA512"}},
		{kx, []string{"ML-KEM-1024", "ML-KEM-768", "P256-SHA256", "P384-SHA384", "X25519"}},
	} {
		slices.Sort(c.got)
		if !slices.Equal(c.got, c.want) {
			t.Errorf("registry %v, want %v", c.got, c.want)
		}
	}
}
