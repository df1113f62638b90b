package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"strings"
)

// pkcs8Key is RFC 5208's PrivateKeyInfo, the outer form of PKCS#8.
type pkcs8Key struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
}

// testKeyPairPKCS8 checks the deviation from WasmEdge the package doc
// lists: keypair_export(pkcs8) is PKCS#8 for every algorithm (WasmEdge
// exports SEC1 ECPrivateKey for ECDSA and PKCS#1 for RSA_PKCS1_*), and
// WasmEdge's forms are accepted on import.
func testKeyPairPKCS8(name, alg string, kp uint32) {
	der, e := exportKP(kp, encPKCS8)
	if !must(name+"/kp-pkcs8", e) {
		return
	}
	var k pkcs8Key
	rest, err := asn1.Unmarshal(der, &k)
	check(name+"/kp-pkcs8-is-pkcs8", err == nil && len(rest) == 0 && k.Version == 0 && len(k.PrivateKey) > 0, err)
	if strings.HasPrefix(alg, "ECDSA_K256") {
		return // crypto/x509 does not know secp256k1
	}
	key, err := x509.ParsePKCS8PrivateKey(der)
	check(name+"/kp-pkcs8-parses", err == nil, err)
	if err != nil {
		return
	}
	var wasmedge []byte
	switch key := key.(type) {
	case *ecdsa.PrivateKey:
		wasmedge, err = x509.MarshalECPrivateKey(key)
	case *rsa.PrivateKey:
		wasmedge = x509.MarshalPKCS1PrivateKey(key)
	default:
		return
	}
	check(name+"/kp-wasmedge-form", err == nil, err)
	if err != nil {
		return
	}
	kp2, e := kpImport(tSig, alg, wasmedge, encPKCS8)
	if !must(name+"/kp-wasmedge-form-import", e) {
		return
	}
	der2, _ := exportKP(kp2, encPKCS8)
	check(name+"/kp-wasmedge-form-same-key", bytes.Equal(der, der2))
	cKeypairClose(kp2)
}
