package wasi_crypto

import (
	"strings"
	"sync/atomic"
)

// The key and signature encodings of the proposal (witx 0.10).
const (
	encRaw   = 0
	encPKCS8 = 1
	encPEM   = 2
	encSEC   = 3 // public and secret keys; for key pairs 3 is local

	sigEncRaw = 0
	sigEncDER = 1
)

// asymAlg is a signature or key-exchange algorithm of the registry: adding
// one is one entry in asymAlgs.
type asymAlg struct {
	name string
	typ  algType
	keys keyScheme
	// sig is set for signature algorithms.
	sig sigScheme
	// dh is set for key-exchange algorithms: the shared secret of pub and sec.
	dh func(pub pubImpl, sec secImpl) ([]byte, errno)
	// kem is set for key-encapsulation algorithms.
	kem interface {
		encapsulate(pub pubImpl) (shared, ct []byte, e errno)
		decapsulate(sec secImpl, ct []byte) ([]byte, errno)
	}
}

// keyScheme imports and generates the keys of an algorithm family.
type keyScheme interface {
	generate() (secImpl, errno)
	importPublic(enc uint32, b []byte) (pubImpl, errno)
	importSecret(enc uint32, b []byte) (secImpl, errno)
	importKeyPair(enc uint32, b []byte) (secImpl, errno)
}

// pubImpl is a public key.
type pubImpl interface {
	export(enc uint32) ([]byte, errno)
	// check is publickey_verify: whether the key is valid for its algorithm.
	check() errno
	// raw is a canonical encoding, for comparing keys.
	raw() []byte
}

// secImpl is a secret key, from which the key pair and public key derive.
type secImpl interface {
	public() pubImpl
	export(enc uint32) ([]byte, errno)
	exportKeyPair(enc uint32) ([]byte, errno)
	wipe()
}

// sigScheme signs and verifies, and converts signatures; the internal form
// of a signature is its raw encoding.
type sigScheme interface {
	newSigner(sec secImpl) signer
	newVerifier(pub pubImpl) verifier
	importSig(enc uint32, b []byte) ([]byte, errno)
	exportSig(raw []byte, enc uint32) ([]byte, errno)
}

type signer interface {
	update(b []byte)
	retains() bool
	sign() ([]byte, errno)
	wipe()
}

type verifier interface {
	update(b []byte)
	retains() bool
	verify(raw []byte) errno
	wipe()
}

var asymAlgs = map[string]*asymAlg{}

func registerAsym(a *asymAlg) { asymAlgs[strings.ToUpper(a.name)] = a }

// lookupAsym finds an algorithm of type t (signatures or key_exchange).
func lookupAsym(t algType, name string) (*asymAlg, errno) {
	switch t {
	case algSymmetric:
		return nil, errInvalidOperation
	case algSignatures, algKeyExchange:
	default:
		return nil, errUnsupportedAlgorithm
	}
	a, ok := asymAlgs[strings.ToUpper(name)]
	if !ok || a.typ != t {
		return nil, errUnsupportedAlgorithm
	}
	return a, errSuccess
}

// secret is a secret key shared by a key pair handle and the secret key
// handles taken from it; the key material is wiped when the last closes.
type secret struct {
	impl secImpl
	refs atomic.Int32
}

func newSecret(s secImpl) *secret {
	n := &secret{impl: s}
	n.refs.Store(1)
	return n
}

func (s *secret) share() *secret { s.refs.Add(1); return s }

func (s *secret) release() {
	if s.refs.Add(-1) == 0 {
		s.impl.wipe()
	}
}

type keyPair struct {
	alg *asymAlg
	sec *secret
}

func (k *keyPair) close() { k.sec.release() }

type secretKey struct {
	alg *asymAlg
	sec *secret
}

func (k *secretKey) close() { k.sec.release() }

type publicKey struct {
	alg *asymAlg
	pub pubImpl
}

func (*publicKey) close() {}

// signature is a signature in its algorithm's raw encoding.
type signature struct {
	alg *asymAlg
	raw []byte
}

func (*signature) close() {}
