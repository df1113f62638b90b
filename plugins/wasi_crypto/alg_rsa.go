package wasi_crypto

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"hash"
)

// RSA signatures (crypto/rsa): PKCS#1 v1.5 and PSS (MGF1 with the same
// hash, and a salt as long as the hash, RFC 8017's recommendation, when
// signing and verifying). Keys are
// pkcs8/pem only: PKCS#8 and SubjectPublicKeyInfo (PKCS#1 accepted on
// import); the modulus must have the algorithm's size.

type rsaKeys struct{ bits int }

type rsaPub struct{ k *rsa.PublicKey }

type rsaSec struct{ k *rsa.PrivateKey }

func (r rsaKeys) generate() (secImpl, errno) {
	k, err := rsa.GenerateKey(rand.Reader, r.bits)
	if err != nil {
		return nil, errAlgorithmFailure
	}
	return &rsaSec{k}, errSuccess
}

func (r rsaKeys) importPublic(enc uint32, b []byte) (pubImpl, errno) {
	if enc != encPKCS8 && enc != encPEM {
		return nil, errUnsupportedEncoding
	}
	if enc == encPEM {
		if blk, ok := pemBlock(b, "RSA PUBLIC KEY"); ok {
			k, err := x509.ParsePKCS1PublicKey(blk.Bytes)
			if err != nil {
				return nil, errInvalidKey
			}
			return r.pub(k)
		}
	}
	k, e := x509Public(enc, b)
	if e != errSuccess {
		return nil, e
	}
	pk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, errInvalidKey
	}
	return r.pub(pk)
}

func (r rsaKeys) pub(k *rsa.PublicKey) (pubImpl, errno) {
	if k.N.BitLen() != r.bits {
		return nil, errInvalidKey
	}
	return &rsaPub{k}, errSuccess
}

func (r rsaKeys) importSecret(enc uint32, b []byte) (secImpl, errno) {
	var k *rsa.PrivateKey
	switch enc {
	case encPKCS8, encPEM:
		if enc == encPEM {
			if blk, ok := pemBlock(b, "RSA PRIVATE KEY"); ok {
				b, enc = blk.Bytes, encPKCS8
				var err error
				if k, err = x509.ParsePKCS1PrivateKey(b); err != nil {
					return nil, errInvalidKey
				}
				break
			}
		}
		pk, e := x509Secret(enc, b)
		if e != errSuccess {
			if k1, err := x509.ParsePKCS1PrivateKey(b); enc == encPKCS8 && err == nil {
				k = k1
				break
			}
			return nil, e
		}
		var ok bool
		if k, ok = pk.(*rsa.PrivateKey); !ok {
			return nil, errInvalidKey
		}
	default:
		return nil, errUnsupportedEncoding
	}
	if k.N.BitLen() != r.bits {
		return nil, errInvalidKey
	}
	return &rsaSec{k}, errSuccess
}

func (r rsaKeys) importKeyPair(enc uint32, b []byte) (secImpl, errno) {
	if enc == encSEC {
		return nil, errUnsupportedEncoding
	}
	return r.importSecret(enc, b)
}

func (p *rsaPub) raw() []byte { return x509.MarshalPKCS1PublicKey(p.k) }
func (p *rsaPub) check() errno {
	if p.k.E < 3 || p.k.E%2 == 0 {
		return errInvalidKey
	}
	return errSuccess
}
func (p *rsaPub) export(enc uint32) ([]byte, errno) {
	if enc != encPKCS8 && enc != encPEM {
		return nil, errUnsupportedEncoding
	}
	return x509ExportPublic(p.k, enc)
}

func (s *rsaSec) public() pubImpl { return &rsaPub{&s.k.PublicKey} }

// wipe: Go's big integers cannot be overwritten reliably; the key is
// dropped for the garbage collector.
func (s *rsaSec) wipe() {}
func (s *rsaSec) export(enc uint32) ([]byte, errno) {
	if enc != encPKCS8 && enc != encPEM {
		return nil, errUnsupportedEncoding
	}
	return x509ExportSecret(s.k, enc)
}
func (s *rsaSec) exportKeyPair(enc uint32) ([]byte, errno) {
	if enc == encSEC {
		return nil, errUnsupportedEncoding
	}
	return s.export(enc)
}

// rsaScheme is one RSA signature algorithm.
type rsaScheme struct {
	pss  bool
	hash crypto.Hash
}

type rsaSigner struct {
	sc rsaScheme
	k  *rsa.PrivateKey
	h  hash.Hash
}

func (sc rsaScheme) newSigner(sec secImpl) signer {
	return &rsaSigner{sc, sec.(*rsaSec).k, sc.hash.New()}
}
func (s *rsaSigner) update(b []byte) { s.h.Write(b) }
func (s *rsaSigner) retains() bool   { return false }
func (s *rsaSigner) wipe()           {}
func (s *rsaSigner) sign() ([]byte, errno) {
	var sig []byte
	var err error
	if s.sc.pss {
		sig, err = rsa.SignPSS(rand.Reader, s.k, s.sc.hash, s.h.Sum(nil), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	} else {
		sig, err = rsa.SignPKCS1v15(rand.Reader, s.k, s.sc.hash, s.h.Sum(nil))
	}
	if err != nil {
		return nil, errAlgorithmFailure
	}
	return sig, errSuccess
}

type rsaVerifier struct {
	sc rsaScheme
	k  *rsa.PublicKey
	h  hash.Hash
}

func (sc rsaScheme) newVerifier(pub pubImpl) verifier {
	return &rsaVerifier{sc, pub.(*rsaPub).k, sc.hash.New()}
}
func (v *rsaVerifier) update(b []byte) { v.h.Write(b) }
func (v *rsaVerifier) retains() bool   { return false }
func (v *rsaVerifier) wipe()           {}
func (v *rsaVerifier) verify(raw []byte) errno {
	if len(raw) != v.k.Size() {
		return errInvalidSignature
	}
	var err error
	if v.sc.pss {
		err = rsa.VerifyPSS(v.k, v.sc.hash, v.h.Sum(nil), raw, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	} else {
		err = rsa.VerifyPKCS1v15(v.k, v.sc.hash, v.h.Sum(nil), raw)
	}
	if err != nil {
		return errVerificationFailed
	}
	return errSuccess
}

// rsaSigScheme adds the signature encodings: raw only (the modulus size,
// checked at verification, since the size is the key's).
type rsaSigScheme struct {
	rsaScheme
	bits int
}

func (sc rsaSigScheme) importSig(enc uint32, b []byte) ([]byte, errno) {
	if enc != sigEncRaw {
		return nil, errUnsupportedEncoding
	}
	if len(b) != sc.bits/8 {
		return nil, errInvalidSignature
	}
	return append([]byte(nil), b...), errSuccess
}

func (sc rsaSigScheme) exportSig(raw []byte, enc uint32) ([]byte, errno) {
	if enc != sigEncRaw {
		return nil, errUnsupportedEncoding
	}
	return append([]byte(nil), raw...), errSuccess
}

func init() {
	for _, v := range []struct {
		bits int
		hash crypto.Hash
	}{
		{2048, crypto.SHA256}, {2048, crypto.SHA384}, {2048, crypto.SHA512},
		{3072, crypto.SHA384}, {3072, crypto.SHA512}, {4096, crypto.SHA512},
	} {
		hb := v.hash.Size() * 8
		for _, pss := range []bool{false, true} {
			prefix := "RSA_PKCS1"
			if pss {
				prefix = "RSA_PSS"
			}
			registerAsym(&asymAlg{
				name: fmt.Sprintf("%s_%d_SHA%d", prefix, v.bits, hb), typ: algSignatures,
				keys: rsaKeys{v.bits}, sig: rsaSigScheme{rsaScheme{pss, v.hash}, v.bits},
			})
		}
	}
}
