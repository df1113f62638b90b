package wasi_crypto

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
)

// Ed25519 (RFC 8032) and X25519 (RFC 7748) from the standard library. Raw
// encodings are those of the RFCs; pkcs8 and pem (PKCS#8 and
// SubjectPublicKeyInfo, RFC 8410) are accepted too.

type ed25519Keys struct{}

type edPub struct{ k ed25519.PublicKey }

type edSec struct{ k ed25519.PrivateKey } // seed ‖ public key

func (ed25519Keys) generate() (secImpl, errno) {
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, errRNGError
	}
	return &edSec{k}, errSuccess
}

// x509Public parses a pkcs8 (SubjectPublicKeyInfo DER) or pem public key.
func x509Public(enc uint32, b []byte) (any, errno) {
	if enc == encPEM {
		blk, ok := pemBlock(b, "PUBLIC KEY")
		if !ok {
			return nil, errInvalidKey
		}
		b = blk.Bytes
	}
	k, err := x509.ParsePKIXPublicKey(b)
	if err != nil {
		return nil, errInvalidKey
	}
	return k, errSuccess
}

// x509Secret parses a pkcs8 or pem (PKCS#8) private key.
func x509Secret(enc uint32, b []byte) (any, errno) {
	if enc == encPEM {
		blk, ok := pemBlock(b, "PRIVATE KEY")
		if !ok {
			return nil, errInvalidKey
		}
		b = blk.Bytes
	}
	k, err := x509.ParsePKCS8PrivateKey(b)
	if err != nil {
		return nil, errInvalidKey
	}
	return k, errSuccess
}

func x509ExportPublic(k any, enc uint32) ([]byte, errno) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return nil, errInternalError
	}
	if enc == encPEM {
		return toPEM("PUBLIC KEY", der), errSuccess
	}
	return der, errSuccess
}

func x509ExportSecret(k any, enc uint32) ([]byte, errno) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, errInternalError
	}
	if enc == encPEM {
		defer clear(der)
		return toPEM("PRIVATE KEY", der), errSuccess
	}
	return der, errSuccess
}

func (ed25519Keys) importPublic(enc uint32, b []byte) (pubImpl, errno) {
	switch enc {
	case encRaw:
		if len(b) != ed25519.PublicKeySize {
			return nil, errInvalidKey
		}
		return &edPub{append(ed25519.PublicKey(nil), b...)}, errSuccess
	case encPKCS8, encPEM:
		k, e := x509Public(enc, b)
		if e != errSuccess {
			return nil, e
		}
		if pk, ok := k.(ed25519.PublicKey); ok {
			return &edPub{pk}, errSuccess
		}
		return nil, errInvalidKey
	}
	return nil, errUnsupportedEncoding
}

// importSecret: raw is the 32-byte seed.
func (ed25519Keys) importSecret(enc uint32, b []byte) (secImpl, errno) {
	switch enc {
	case encRaw:
		if len(b) != ed25519.SeedSize {
			return nil, errInvalidKey
		}
		return &edSec{ed25519.NewKeyFromSeed(b)}, errSuccess
	case encPKCS8, encPEM:
		k, e := x509Secret(enc, b)
		if e != errSuccess {
			return nil, e
		}
		if sk, ok := k.(ed25519.PrivateKey); ok {
			return &edSec{sk}, errSuccess
		}
		return nil, errInvalidKey
	}
	return nil, errUnsupportedEncoding
}

// importKeyPair: raw is seed ‖ public key (64 bytes, RFC 8032's form); the
// public half must be the seed's.
func (k ed25519Keys) importKeyPair(enc uint32, b []byte) (secImpl, errno) {
	if enc == encRaw {
		if len(b) != ed25519.PrivateKeySize {
			return nil, errInvalidKey
		}
		sk := ed25519.NewKeyFromSeed(b[:32])
		if !constantTimeEqual(sk[32:], b[32:]) {
			clear(sk)
			return nil, errInvalidKey
		}
		return &edSec{sk}, errSuccess
	}
	if enc == encSEC {
		return nil, errUnsupportedEncoding
	}
	return k.importSecret(enc, b)
}

func (p *edPub) raw() []byte  { return p.k }
func (p *edPub) check() errno { return errSuccess }
func (p *edPub) export(enc uint32) ([]byte, errno) {
	switch enc {
	case encRaw:
		return append([]byte(nil), p.k...), errSuccess
	case encPKCS8, encPEM:
		return x509ExportPublic(p.k, enc)
	}
	return nil, errUnsupportedEncoding
}

func (s *edSec) public() pubImpl { return &edPub{s.k.Public().(ed25519.PublicKey)} }
func (s *edSec) wipe()           { clear(s.k) }
func (s *edSec) export(enc uint32) ([]byte, errno) {
	switch enc {
	case encRaw:
		return append([]byte(nil), s.k.Seed()...), errSuccess
	case encPKCS8, encPEM:
		return x509ExportSecret(s.k, enc)
	}
	return nil, errUnsupportedEncoding
}
func (s *edSec) exportKeyPair(enc uint32) ([]byte, errno) {
	switch enc {
	case encRaw:
		return append([]byte(nil), s.k...), errSuccess
	case encPKCS8, encPEM:
		return x509ExportSecret(s.k, enc)
	}
	return nil, errUnsupportedEncoding
}

// ed25519Scheme: pure Ed25519 over everything absorbed (so the message is
// buffered); signatures are 64 raw bytes.
type ed25519Scheme struct{}

type edSigner struct {
	sec *edSec
	msg []byte
}

func (ed25519Scheme) newSigner(sec secImpl) signer { return &edSigner{sec: sec.(*edSec)} }
func (s *edSigner) update(b []byte)                { s.msg = append(s.msg, b...) }
func (s *edSigner) retains() bool                  { return true }
func (s *edSigner) wipe()                          { clear(s.msg) }
func (s *edSigner) sign() ([]byte, errno)          { return ed25519.Sign(s.sec.k, s.msg), errSuccess }

type edVerifier struct {
	pub *edPub
	msg []byte
}

func (ed25519Scheme) newVerifier(pub pubImpl) verifier { return &edVerifier{pub: pub.(*edPub)} }
func (v *edVerifier) update(b []byte)                  { v.msg = append(v.msg, b...) }
func (v *edVerifier) retains() bool                    { return true }
func (v *edVerifier) wipe()                            {}
func (v *edVerifier) verify(raw []byte) errno {
	if !ed25519.Verify(v.pub.k, v.msg, raw) {
		return errVerificationFailed
	}
	return errSuccess
}

func (ed25519Scheme) importSig(enc uint32, b []byte) ([]byte, errno) {
	if enc != sigEncRaw {
		return nil, errUnsupportedEncoding
	}
	if len(b) != ed25519.SignatureSize {
		return nil, errInvalidSignature
	}
	return append([]byte(nil), b...), errSuccess
}

func (ed25519Scheme) exportSig(raw []byte, enc uint32) ([]byte, errno) {
	if enc != sigEncRaw {
		return nil, errUnsupportedEncoding
	}
	return append([]byte(nil), raw...), errSuccess
}

// x25519Keys: raw keys of 32 bytes; a raw key pair is public ‖ secret
// (WasmEdge's layout; the proposal defines none).
type x25519Keys struct{}

type xPub struct{ k *ecdh.PublicKey }

type xSec struct {
	k   *ecdh.PrivateKey
	raw []byte
}

func newXSec(k *ecdh.PrivateKey) *xSec { return &xSec{k: k, raw: k.Bytes()} }

func (x25519Keys) generate() (secImpl, errno) {
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, errRNGError
	}
	return newXSec(k), errSuccess
}

func (x25519Keys) importPublic(enc uint32, b []byte) (pubImpl, errno) {
	switch enc {
	case encRaw:
		k, err := ecdh.X25519().NewPublicKey(b)
		if err != nil {
			return nil, errInvalidKey
		}
		return &xPub{k}, errSuccess
	case encPKCS8, encPEM:
		k, e := x509Public(enc, b)
		if e != errSuccess {
			return nil, e
		}
		if pk, ok := k.(*ecdh.PublicKey); ok && pk.Curve() == ecdh.X25519() {
			return &xPub{pk}, errSuccess
		}
		return nil, errInvalidKey
	}
	return nil, errUnsupportedEncoding
}

func (x25519Keys) importSecret(enc uint32, b []byte) (secImpl, errno) {
	switch enc {
	case encRaw:
		k, err := ecdh.X25519().NewPrivateKey(b)
		if err != nil {
			return nil, errInvalidKey
		}
		return newXSec(k), errSuccess
	case encPKCS8, encPEM:
		k, e := x509Secret(enc, b)
		if e != errSuccess {
			return nil, e
		}
		if sk, ok := k.(*ecdh.PrivateKey); ok && sk.Curve() == ecdh.X25519() {
			return newXSec(sk), errSuccess
		}
		return nil, errInvalidKey
	}
	return nil, errUnsupportedEncoding
}

func (k x25519Keys) importKeyPair(enc uint32, b []byte) (secImpl, errno) {
	if enc == encRaw {
		if len(b) != 64 {
			return nil, errInvalidKey
		}
		s, e := k.importSecret(encRaw, b[32:])
		if e == errSuccess && !constantTimeEqual(s.public().raw(), b[:32]) {
			s.wipe()
			return nil, errInvalidKey
		}
		return s, e
	}
	if enc == encSEC {
		return nil, errUnsupportedEncoding
	}
	return k.importSecret(enc, b)
}

func (p *xPub) raw() []byte  { return p.k.Bytes() }
func (p *xPub) check() errno { return errSuccess }
func (p *xPub) export(enc uint32) ([]byte, errno) {
	switch enc {
	case encRaw:
		return p.k.Bytes(), errSuccess
	case encPKCS8, encPEM:
		return x509ExportPublic(p.k, enc)
	}
	return nil, errUnsupportedEncoding
}

func (s *xSec) public() pubImpl { return &xPub{s.k.PublicKey()} }
func (s *xSec) wipe()           { clear(s.raw) }
func (s *xSec) export(enc uint32) ([]byte, errno) {
	switch enc {
	case encRaw:
		return append([]byte(nil), s.raw...), errSuccess
	case encPKCS8, encPEM:
		return x509ExportSecret(s.k, enc)
	}
	return nil, errUnsupportedEncoding
}
func (s *xSec) exportKeyPair(enc uint32) ([]byte, errno) {
	if enc == encRaw {
		return append(s.k.PublicKey().Bytes(), s.raw...), errSuccess
	}
	if enc == encSEC {
		return nil, errUnsupportedEncoding
	}
	return s.export(enc)
}

// x25519Shared is RFC 7748's X25519; an all-zero result (a low-order point)
// is invalid_key.
func x25519Shared(pub pubImpl, sec secImpl) ([]byte, errno) {
	p, ok1 := pub.(*xPub)
	s, ok2 := sec.(*xSec)
	if !ok1 || !ok2 {
		return nil, errInvalidKey
	}
	z, err := s.k.ECDH(p.k)
	if err != nil {
		return nil, errInvalidKey
	}
	return z, errSuccess
}

func init() {
	registerAsym(&asymAlg{name: "Ed25519", typ: algSignatures, keys: ed25519Keys{}, sig: ed25519Scheme{}})
	registerAsym(&asymAlg{name: "X25519", typ: algKeyExchange, keys: x25519Keys{}, dh: x25519Shared})
}
