package wasi_crypto

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509/pkix"
	"encoding/asn1"
	"hash"
	"math/big"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	k256ecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// ecCurve is a short Weierstrass curve: P-256 and P-384 from the standard
// library, secp256k1 from decred's module.
type ecCurve struct {
	name string
	oid  asn1.ObjectIdentifier
	size int // bytes of a scalar or coordinate
	// point validates a SEC1 point (compressed or uncompressed) and returns
	// it uncompressed.
	point func(b []byte) ([]byte, bool)
	// scalar validates a secret scalar (size bytes, 0 < s < n) and returns
	// its public point.
	scalar   func(s []byte) ([]byte, bool)
	generate func() ([]byte, error)
	// signer and verifier are the ECDSA operations on parsed keys.
	parsePriv func(s []byte) (any, bool)
	parsePub  func(u []byte) (any, bool)
	sign      func(priv any, digest []byte) (r, s []byte, err error)
	verify    func(pub any, digest []byte, r, s *big.Int) bool
	// ecdh is the standard library's curve (nil for secp256k1).
	ecdh ecdh.Curve
}

func nistCurve(name string, oid asn1.ObjectIdentifier, c elliptic.Curve, e ecdh.Curve) *ecCurve {
	size := (c.Params().BitSize + 7) / 8
	return &ecCurve{
		name: name, oid: oid, size: size, ecdh: e,
		point: func(b []byte) ([]byte, bool) {
			if len(b) == 1+size && (b[0] == 2 || b[0] == 3) {
				x, y := elliptic.UnmarshalCompressed(c, b)
				if x == nil {
					return nil, false
				}
				b = elliptic.Marshal(c, x, y) //nolint:staticcheck // a validated point, re-encoded
			}
			if _, err := e.NewPublicKey(b); err != nil {
				return nil, false
			}
			return append([]byte(nil), b...), true
		},
		scalar: func(s []byte) ([]byte, bool) {
			k, err := e.NewPrivateKey(s)
			if err != nil {
				return nil, false
			}
			return k.PublicKey().Bytes(), true
		},
		generate: func() ([]byte, error) {
			k, err := e.GenerateKey(rand.Reader)
			if err != nil {
				return nil, err
			}
			return k.Bytes(), nil
		},
		parsePriv: func(s []byte) (any, bool) {
			k, err := ecdsa.ParseRawPrivateKey(c, s)
			return k, err == nil
		},
		parsePub: func(u []byte) (any, bool) {
			k, err := ecdsa.ParseUncompressedPublicKey(c, u)
			return k, err == nil
		},
		sign: func(priv any, digest []byte) ([]byte, []byte, error) {
			r, s, err := ecdsa.Sign(rand.Reader, priv.(*ecdsa.PrivateKey), digest)
			if err != nil {
				return nil, nil, err
			}
			return r.FillBytes(make([]byte, size)), s.FillBytes(make([]byte, size)), nil
		},
		verify: func(pub any, digest []byte, r, s *big.Int) bool {
			return ecdsa.Verify(pub.(*ecdsa.PublicKey), digest, r, s)
		},
	}
}

var (
	curveP256 = nistCurve("P-256", asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}, elliptic.P256(), ecdh.P256())
	curveP384 = nistCurve("P-384", asn1.ObjectIdentifier{1, 3, 132, 0, 34}, elliptic.P384(), ecdh.P384())
	curveK256 = &ecCurve{
		name: "secp256k1", oid: asn1.ObjectIdentifier{1, 3, 132, 0, 10}, size: 32,
		point: func(b []byte) ([]byte, bool) {
			k, err := secp256k1.ParsePubKey(b)
			if err != nil {
				return nil, false
			}
			return k.SerializeUncompressed(), true
		},
		scalar: func(s []byte) ([]byte, bool) {
			k, ok := k256Priv(s)
			if !ok {
				return nil, false
			}
			defer k.Zero()
			return k.PubKey().SerializeUncompressed(), true
		},
		generate: func() ([]byte, error) {
			k, err := secp256k1.GeneratePrivateKey()
			if err != nil {
				return nil, err
			}
			defer k.Zero()
			return k.Serialize(), nil
		},
		parsePriv: func(s []byte) (any, bool) { return k256Priv(s) },
		parsePub: func(u []byte) (any, bool) {
			k, err := secp256k1.ParsePubKey(u)
			return k, err == nil
		},
		sign: func(priv any, digest []byte) ([]byte, []byte, error) {
			sig := k256ecdsa.Sign(priv.(*secp256k1.PrivateKey), digest)
			r, s := sig.R(), sig.S()
			rb, sb := r.Bytes(), s.Bytes()
			return rb[:], sb[:], nil
		},
		verify: func(pub any, digest []byte, r, s *big.Int) bool {
			var rs, ss secp256k1.ModNScalar
			if r.Sign() <= 0 || s.Sign() <= 0 || r.BitLen() > 256 || s.BitLen() > 256 ||
				rs.SetByteSlice(r.FillBytes(make([]byte, 32))) || ss.SetByteSlice(s.FillBytes(make([]byte, 32))) {
				return false
			}
			return k256ecdsa.NewSignature(&rs, &ss).Verify(digest, pub.(*secp256k1.PublicKey))
		},
	}
)

// k256Priv parses a secp256k1 scalar, refusing 0 and values >= n (decred's
// PrivKeyFromBytes would reduce them).
func k256Priv(s []byte) (*secp256k1.PrivateKey, bool) {
	if len(s) != 32 {
		return nil, false
	}
	var k secp256k1.ModNScalar
	if k.SetByteSlice(s) || k.IsZero() {
		return nil, false
	}
	return secp256k1.NewPrivateKey(&k), true
}

// ecKeys is the key scheme of one curve.
type ecKeys struct{ c *ecCurve }

// ecPub is a public point, uncompressed.
type ecPub struct {
	c      *ecCurve
	u      []byte
	parsed any // the curve's parsed key, made on first use
	ecdh   *ecdh.PublicKey
}

// ecSec is a secret scalar with its public point.
type ecSec struct {
	c      *ecCurve
	s      []byte
	pub    *ecPub
	parsed any
	ecdh   *ecdh.PrivateKey
}

func (k ecKeys) newSec(s []byte) (secImpl, errno) {
	u, ok := k.c.scalar(s)
	if !ok {
		return nil, errInvalidKey
	}
	return &ecSec{c: k.c, s: s, pub: &ecPub{c: k.c, u: u}}, errSuccess
}

func (k ecKeys) generate() (secImpl, errno) {
	s, err := k.c.generate()
	if err != nil {
		return nil, errRNGError
	}
	return k.newSec(s)
}

func (k ecKeys) algID() pkix.AlgorithmIdentifier {
	p, _ := asn1.Marshal(k.c.oid)
	return pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: p}}
}

func (k ecKeys) checkAlgID(a pkix.AlgorithmIdentifier) bool {
	var oid asn1.ObjectIdentifier
	return a.Algorithm.Equal(oidECPublicKey) && unmarshalDER(a.Parameters.FullBytes, &oid) && oid.Equal(k.c.oid)
}

func (k ecKeys) importPublic(enc uint32, b []byte) (pubImpl, errno) {
	switch enc {
	case encSEC:
	case encPEM:
		blk, ok := pemBlock(b, "PUBLIC KEY")
		if !ok {
			return nil, errInvalidKey
		}
		b = blk.Bytes
		fallthrough
	case encPKCS8:
		var spki spkiASN1
		if !unmarshalDER(b, &spki) || !k.checkAlgID(spki.Algorithm) || spki.PublicKey.BitLength%8 != 0 {
			return nil, errInvalidKey
		}
		b = spki.PublicKey.Bytes
	default:
		return nil, errUnsupportedEncoding
	}
	u, ok := k.c.point(b)
	if !ok {
		return nil, errInvalidKey
	}
	return &ecPub{c: k.c, u: u}, errSuccess
}

// importSecret: raw and sec are the big-endian scalar; pkcs8 and pem are
// PKCS#8, or SEC1's ECPrivateKey ("EC PRIVATE KEY").
func (k ecKeys) importSecret(enc uint32, b []byte) (secImpl, errno) {
	switch enc {
	case encRaw, encSEC:
		if len(b) != k.c.size {
			return nil, errInvalidKey
		}
		return k.newSec(append([]byte(nil), b...))
	case encPKCS8, encPEM:
		return k.importDER(enc, b)
	}
	return nil, errUnsupportedEncoding
}

func (k ecKeys) importDER(enc uint32, b []byte) (secImpl, errno) {
	if enc == encPEM {
		blk, ok := pemBlock(b, "PRIVATE KEY", "EC PRIVATE KEY")
		if !ok {
			return nil, errInvalidKey
		}
		b = blk.Bytes
	}
	var p8 pkcs8ASN1
	var ec ecPrivateKeyASN1
	if unmarshalDER(b, &p8) {
		if !k.checkAlgID(p8.Algorithm) || !unmarshalDER(p8.PrivateKey, &ec) {
			return nil, errInvalidKey
		}
	} else if !unmarshalDER(b, &ec) || (ec.NamedCurveOID != nil && !ec.NamedCurveOID.Equal(k.c.oid)) {
		return nil, errInvalidKey
	}
	if ec.Version != 1 || len(ec.PrivateKey) > k.c.size {
		return nil, errInvalidKey
	}
	s := make([]byte, k.c.size)
	copy(s[k.c.size-len(ec.PrivateKey):], ec.PrivateKey)
	clear(ec.PrivateKey)
	sec, e := k.newSec(s)
	if e == errSuccess && len(ec.PublicKey.Bytes) > 0 {
		if !constantTimeEqual(ec.PublicKey.Bytes, sec.public().raw()) {
			sec.wipe()
			return nil, errInvalidKey
		}
	}
	return sec, e
}

func (k ecKeys) importKeyPair(enc uint32, b []byte) (secImpl, errno) {
	switch enc {
	case encRaw:
		return k.importSecret(encRaw, b)
	case encPKCS8, encPEM:
		return k.importDER(enc, b)
	}
	return nil, errUnsupportedEncoding
}

func (p *ecPub) raw() []byte { return p.u }
func (p *ecPub) check() errno {
	if _, ok := p.c.point(p.u); !ok {
		return errInvalidKey
	}
	return errSuccess
}

// export: sec is the uncompressed point; pkcs8 is SubjectPublicKeyInfo DER.
func (p *ecPub) export(enc uint32) ([]byte, errno) {
	switch enc {
	case encSEC:
		return append([]byte(nil), p.u...), errSuccess
	case encPKCS8, encPEM:
		der, err := asn1.Marshal(spkiASN1{Algorithm: ecKeys{p.c}.algID(), PublicKey: asn1.BitString{Bytes: p.u, BitLength: 8 * len(p.u)}})
		if err != nil {
			return nil, errInternalError
		}
		if enc == encPEM {
			return toPEM("PUBLIC KEY", der), errSuccess
		}
		return der, errSuccess
	}
	return nil, errUnsupportedEncoding
}

func (p *ecPub) key() (any, errno) {
	if p.parsed == nil {
		k, ok := p.c.parsePub(p.u)
		if !ok {
			return nil, errInvalidKey
		}
		p.parsed = k
	}
	return p.parsed, errSuccess
}

func (s *ecSec) public() pubImpl { return s.pub }
func (s *ecSec) wipe() {
	clear(s.s)
	if k, ok := s.parsed.(*secp256k1.PrivateKey); ok {
		k.Zero()
	}
	s.parsed, s.ecdh = nil, nil
}

func (s *ecSec) key() (any, errno) {
	if s.parsed == nil {
		k, ok := s.c.parsePriv(s.s)
		if !ok {
			return nil, errInvalidKey
		}
		s.parsed = k
	}
	return s.parsed, errSuccess
}

// pkcs8 is the PKCS#8 DER of the key (with its public point).
func (s *ecSec) pkcs8() ([]byte, errno) {
	k := ecKeys{s.c}
	inner, err := asn1.Marshal(ecPrivateKeyASN1{Version: 1, PrivateKey: s.s,
		PublicKey: asn1.BitString{Bytes: s.pub.u, BitLength: 8 * len(s.pub.u)}})
	if err != nil {
		return nil, errInternalError
	}
	der, err := asn1.Marshal(pkcs8ASN1{Algorithm: k.algID(), PrivateKey: inner})
	clear(inner)
	if err != nil {
		return nil, errInternalError
	}
	return der, errSuccess
}

// export: raw and sec are the big-endian scalar, padded to the curve's
// size; pkcs8 and pem are PKCS#8.
func (s *ecSec) export(enc uint32) ([]byte, errno) {
	switch enc {
	case encRaw, encSEC:
		return append([]byte(nil), s.s...), errSuccess
	case encPKCS8:
		return s.pkcs8()
	case encPEM:
		der, e := s.pkcs8()
		if e != errSuccess {
			return nil, e
		}
		defer clear(der)
		return toPEM("PRIVATE KEY", der), errSuccess
	}
	return nil, errUnsupportedEncoding
}

func (s *ecSec) exportKeyPair(enc uint32) ([]byte, errno) {
	if enc == encSEC { // key pair encoding 3 is local
		return nil, errUnsupportedEncoding
	}
	return s.export(enc)
}

// ecdsaScheme is ECDSA over a curve with a hash.
type ecdsaScheme struct {
	c    *ecCurve
	hash func() hash.Hash
}

type ecdsaSigner struct {
	sc  ecdsaScheme
	sec *ecSec
	h   hash.Hash
}

func (sc ecdsaScheme) newSigner(sec secImpl) signer {
	return &ecdsaSigner{sc, sec.(*ecSec), sc.hash()}
}
func (s *ecdsaSigner) update(b []byte) { s.h.Write(b) }
func (s *ecdsaSigner) retains() bool   { return false }
func (s *ecdsaSigner) wipe()           { s.h.Reset() }
func (s *ecdsaSigner) sign() ([]byte, errno) {
	k, e := s.sec.key()
	if e != errSuccess {
		return nil, e
	}
	r, ss, err := s.sc.c.sign(k, s.h.Sum(nil))
	if err != nil {
		return nil, errAlgorithmFailure
	}
	return append(r, ss...), errSuccess
}

type ecdsaVerifier struct {
	sc  ecdsaScheme
	pub *ecPub
	h   hash.Hash
}

func (sc ecdsaScheme) newVerifier(pub pubImpl) verifier {
	return &ecdsaVerifier{sc, pub.(*ecPub), sc.hash()}
}
func (v *ecdsaVerifier) update(b []byte) { v.h.Write(b) }
func (v *ecdsaVerifier) retains() bool   { return false }
func (v *ecdsaVerifier) wipe()           {}
func (v *ecdsaVerifier) verify(raw []byte) errno {
	k, e := v.pub.key()
	if e != errSuccess {
		return e
	}
	n := v.sc.c.size
	r, s := new(big.Int).SetBytes(raw[:n]), new(big.Int).SetBytes(raw[n:])
	if !v.sc.c.verify(k, v.h.Sum(nil), r, s) {
		return errVerificationFailed
	}
	return errSuccess
}

// importSig: raw is r ‖ s, each padded to the curve's size; der is the
// strict DER SEQUENCE of two positive INTEGERs.
func (sc ecdsaScheme) importSig(enc uint32, b []byte) ([]byte, errno) {
	n := sc.c.size
	switch enc {
	case sigEncRaw:
		if len(b) != 2*n {
			return nil, errInvalidSignature
		}
		return append([]byte(nil), b...), errSuccess
	case sigEncDER:
		r, s, ok := parseDERSignature(b)
		if !ok || r.Sign() <= 0 || s.Sign() <= 0 || r.BitLen() > 8*n || s.BitLen() > 8*n {
			return nil, errInvalidSignature
		}
		raw := make([]byte, 2*n)
		r.FillBytes(raw[:n])
		s.FillBytes(raw[n:])
		return raw, errSuccess
	}
	return nil, errUnsupportedEncoding
}

func (sc ecdsaScheme) exportSig(raw []byte, enc uint32) ([]byte, errno) {
	n := sc.c.size
	switch enc {
	case sigEncRaw:
		return append([]byte(nil), raw...), errSuccess
	case sigEncDER:
		return marshalDERSignature(new(big.Int).SetBytes(raw[:n]), new(big.Int).SetBytes(raw[n:])), errSuccess
	}
	return nil, errUnsupportedEncoding
}

// ecdhShared is the x-coordinate of sec·pub (crypto/ecdh).
func ecdhShared(pub pubImpl, sec secImpl) ([]byte, errno) {
	p, s := pub.(*ecPub), sec.(*ecSec)
	if p.c != s.c || p.c.ecdh == nil {
		return nil, errInvalidKey
	}
	if p.ecdh == nil {
		k, err := p.c.ecdh.NewPublicKey(p.u)
		if err != nil {
			return nil, errInvalidKey
		}
		p.ecdh = k
	}
	if s.ecdh == nil {
		k, err := s.c.ecdh.NewPrivateKey(s.s)
		if err != nil {
			return nil, errInvalidKey
		}
		s.ecdh = k
	}
	z, err := s.ecdh.ECDH(p.ecdh)
	if err != nil {
		return nil, errInvalidKey
	}
	return z, errSuccess
}

func init() {
	for _, a := range []struct {
		name string
		c    *ecCurve
		h    func() hash.Hash
	}{
		{"ECDSA_P256_SHA256", curveP256, sha256.New},
		{"ECDSA_K256_SHA256", curveK256, sha256.New},
		{"ECDSA_P384_SHA384", curveP384, sha512.New384},
	} {
		registerAsym(&asymAlg{name: a.name, typ: algSignatures, keys: ecKeys{a.c}, sig: ecdsaScheme{a.c, a.h}})
	}
	registerAsym(&asymAlg{name: "P256-SHA256", typ: algKeyExchange, keys: ecKeys{curveP256}, dh: ecdhShared})
	registerAsym(&asymAlg{name: "P384-SHA384", typ: algKeyExchange, keys: ecKeys{curveP384}, dh: ecdhShared})
}
