package wasi_crypto

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The ASN.1 structures of key encodings (RFC 5280 SubjectPublicKeyInfo,
// RFC 5208 PKCS#8, RFC 5915 ECPrivateKey), for the curves crypto/x509 does
// not know (secp256k1); they carry keys only, no cryptography.

type spkiASN1 struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

type pkcs8ASN1 struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
}

type ecPrivateKeyASN1 struct {
	Version       int
	PrivateKey    []byte
	NamedCurveOID asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	PublicKey     asn1.BitString        `asn1:"optional,explicit,tag:1"`
}

var oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}

// unmarshalDER parses b into v and refuses trailing data.
func unmarshalDER(b []byte, v any) bool {
	rest, err := asn1.Unmarshal(b, v)
	return err == nil && len(rest) == 0
}

// pemBlock decodes one PEM block whose type is one of types.
func pemBlock(b []byte, types ...string) (*pem.Block, bool) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, false
	}
	for _, t := range types {
		if blk.Type == t {
			return blk, true
		}
	}
	return nil, false
}

func toPEM(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// parseDERSignature parses an ECDSA signature SEQUENCE { r INTEGER, s
// INTEGER } strictly (DER lengths, minimal integers, no trailing bytes).
func parseDERSignature(b []byte) (r, s *big.Int, ok bool) {
	r, s = new(big.Int), new(big.Int)
	in := cryptobyte.String(b)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() ||
		!seq.ReadASN1Integer(r) || !seq.ReadASN1Integer(s) || !seq.Empty() {
		return nil, nil, false
	}
	return r, s, true
}

func marshalDERSignature(r, s *big.Int) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(r)
		b.AddASN1BigInt(s)
	})
	return b.BytesOrPanic()
}
