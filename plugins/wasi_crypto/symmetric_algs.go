package wasi_crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding"
	"hash"
	"strings"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/chacha20poly1305"
)

// symAlg is a symmetric algorithm of the registry: adding one is one entry
// in symAlgs.
type symAlg struct {
	name string
	// keyLen is the length of a generated key; 0 with genErr set means keys
	// are not generated (genErr says why).
	keyLen int
	genErr errno
	// keyed: states need a key (key_required without one); unkeyed
	// algorithms refuse one (key_not_supported).
	keyed bool
	// checkKey validates an imported key; nil accepts any length.
	checkKey func(a *symAlg, k []byte) errno
	// open creates a state; key is nil for unkeyed algorithms and opts nil
	// when none were given (both are copies the state owns).
	open func(a *symAlg, key []byte, opts *options) (symState, errno)
	// hash is the hash function of hash, HMAC and HKDF algorithms.
	hash func() hash.Hash
	// expand names the HKDF-EXPAND algorithm an HKDF-EXTRACT state's
	// squeeze_key produces.
	expand string
}

// symAlgs is the symmetric registry, keyed by upper-case name.
var symAlgs = map[string]*symAlg{}

func registerSym(a *symAlg) { symAlgs[strings.ToUpper(a.name)] = a }

func init() {
	for _, h := range []struct {
		name string
		fn   func() hash.Hash
	}{
		{"SHA-256", sha256.New}, {"SHA-512", sha512.New}, {"SHA-512/256", sha512.New512_256},
		{"BLAKE2B-256", blake2bHash(blake2b.New256)}, {"BLAKE2B-512", blake2bHash(blake2b.New512)},
	} {
		registerSym(&symAlg{name: h.name, genErr: errKeyNotSupported, hash: h.fn, open: openHash})
	}
	for _, h := range []struct {
		bits string
		fn   func() hash.Hash
		size int
	}{{"256", sha256.New, 32}, {"512", sha512.New, 64}} {
		registerSym(&symAlg{name: "HMAC/SHA-" + h.bits, keyLen: h.size, keyed: true, hash: h.fn, open: openHMAC})
		registerSym(&symAlg{name: "HKDF-EXTRACT/SHA-" + h.bits, keyLen: h.size, keyed: true, hash: h.fn,
			open: openHKDFExtract, expand: "HKDF-EXPAND/SHA-" + h.bits})
		registerSym(&symAlg{name: "HKDF-EXPAND/SHA-" + h.bits, genErr: errUnsupportedFeature, keyed: true, hash: h.fn,
			checkKey: checkPRK, open: openHKDFExpand})
	}
	for _, a := range []struct {
		name     string
		keyLen   int
		nonceLen int
		aead     func(key []byte) (cipher.AEAD, error)
	}{
		{"AES-128-GCM", 16, 12, newGCM},
		{"AES-256-GCM", 32, 12, newGCM},
		{"CHACHA20-POLY1305", 32, chacha20poly1305.NonceSize, chacha20poly1305.New},
		{"XCHACHA20-POLY1305", 32, chacha20poly1305.NonceSizeX, chacha20poly1305.NewX},
	} {
		a := a
		registerSym(&symAlg{name: a.name, keyLen: a.keyLen, keyed: true, checkKey: checkExactKey,
			open: func(alg *symAlg, key []byte, opts *options) (symState, errno) {
				return openAEAD(alg, key, opts, a.nonceLen, a.aead)
			}})
	}
}

// blake2bHash adapts an unkeyed BLAKE2b constructor (which cannot fail
// without a key).
func blake2bHash(mk func(key []byte) (hash.Hash, error)) func() hash.Hash {
	return func() hash.Hash {
		h, err := mk(nil)
		if err != nil {
			panic(err)
		}
		return h
	}
}

func lookupSym(name string) (*symAlg, errno) {
	if a, ok := symAlgs[strings.ToUpper(name)]; ok {
		return a, errSuccess
	}
	return nil, errUnsupportedAlgorithm
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func checkExactKey(a *symAlg, k []byte) errno {
	if len(k) != a.keyLen {
		return errInvalidKey
	}
	return errSuccess
}

// checkPRK: an HKDF-EXPAND key is a pseudorandom key of at least the hash
// length (RFC 5869 section 2.3).
func checkPRK(a *symAlg, k []byte) errno {
	if len(k) < a.hash().Size() {
		return errInvalidKey
	}
	return errSuccess
}

// generateSymKey makes a random key for a.
func generateSymKey(a *symAlg) ([]byte, errno) {
	if a.keyLen == 0 {
		return nil, a.genErr
	}
	k := make([]byte, a.keyLen)
	if _, err := rand.Read(k); err != nil {
		return nil, errRNGError
	}
	return k, errSuccess
}

// symState is an open symmetric state. Every method of an operation the
// algorithm lacks returns invalid_operation (noOps).
type symState interface {
	absorb(data []byte) errno
	// retains reports whether absorbed data is kept (and so charged to the
	// context's budget) rather than streamed.
	retains() bool
	squeeze(out []byte) errno
	squeezeTag() ([]byte, errno)
	squeezeKey(target *symAlg) ([]byte, errno)
	maxTagLen() (int, errno)
	encrypt(out, data []byte) errno
	encryptDetached(out, data []byte) ([]byte, errno)
	decrypt(out, data []byte) errno
	decryptDetached(out, data, tag []byte) errno
	ratchet() errno
	clone() (symState, errno)
	opts() *options
	close()
}

// noOps is embedded by every state: the operations its algorithm lacks.
type noOps struct{ o *options }

func (noOps) absorb([]byte) errno                         { return errInvalidOperation }
func (noOps) retains() bool                               { return false }
func (noOps) squeeze([]byte) errno                        { return errInvalidOperation }
func (noOps) squeezeTag() ([]byte, errno)                 { return nil, errInvalidOperation }
func (noOps) squeezeKey(*symAlg) ([]byte, errno)          { return nil, errInvalidOperation }
func (noOps) maxTagLen() (int, errno)                     { return 0, errInvalidOperation }
func (noOps) encrypt(_, _ []byte) errno                   { return errInvalidOperation }
func (noOps) encryptDetached(_, _ []byte) ([]byte, errno) { return nil, errInvalidOperation }
func (noOps) decrypt(_, _ []byte) errno                   { return errInvalidOperation }
func (noOps) decryptDetached(_, _, _ []byte) errno        { return errInvalidOperation }
func (noOps) ratchet() errno                              { return errInvalidOperation }
func (n noOps) opts() *options                            { return n.o }
func (n noOps) closeOpts() {
	if n.o != nil {
		n.o.close()
	}
}

// cloneHash copies a hash's state: hash.Cloner, or a marshalled state
// restored into a fresh hash from mk.
func cloneHash(h hash.Hash, mk func() hash.Hash) (hash.Hash, errno) {
	if c, ok := h.(hash.Cloner); ok {
		n, err := c.Clone()
		if err != nil {
			return nil, errInternalError
		}
		return n, errSuccess
	}
	m, ok1 := h.(encoding.BinaryMarshaler)
	if !ok1 || mk == nil {
		return nil, errNotImplemented
	}
	n := mk()
	u, ok2 := n.(encoding.BinaryUnmarshaler)
	if !ok1 || !ok2 {
		return nil, errNotImplemented
	}
	b, err := m.MarshalBinary()
	if err != nil || u.UnmarshalBinary(b) != nil {
		return nil, errInternalError
	}
	return n, errSuccess
}

// hashState: absorb updates the hash; squeeze writes a (possibly truncated)
// digest of everything so far, leaving the state as it was.
type hashState struct {
	noOps
	alg *symAlg
	h   hash.Hash
}

func openHash(a *symAlg, _ []byte, opts *options) (symState, errno) {
	return &hashState{noOps{opts}, a, a.hash()}, errSuccess
}

func (s *hashState) absorb(d []byte) errno { s.h.Write(d); return errSuccess }

func (s *hashState) squeeze(out []byte) errno {
	if len(out) > s.h.Size() {
		return errInvalidLength
	}
	sum := s.h.Sum(nil)
	copy(out, sum)
	return errSuccess
}

func (s *hashState) clone() (symState, errno) {
	h, e := cloneHash(s.h, s.alg.hash)
	if e != errSuccess {
		return nil, e
	}
	return &hashState{noOps{s.o.clone()}, s.alg, h}, errSuccess
}

func (s *hashState) close() { s.h.Reset(); s.closeOpts() }

// hmacState: absorb updates the MAC; squeeze_tag returns the tag of
// everything so far.
type hmacState struct {
	noOps
	h hash.Hash
}

func openHMAC(a *symAlg, key []byte, opts *options) (symState, errno) {
	s := &hmacState{noOps{opts}, hmac.New(a.hash, key)}
	clear(key)
	return s, errSuccess
}

func (s *hmacState) absorb(d []byte) errno       { s.h.Write(d); return errSuccess }
func (s *hmacState) squeezeTag() ([]byte, errno) { return s.h.Sum(nil), errSuccess }

func (s *hmacState) clone() (symState, errno) {
	h, e := cloneHash(s.h, nil)
	if e != errSuccess {
		return nil, e
	}
	return &hmacState{noOps{s.o.clone()}, h}, errSuccess
}

func (s *hmacState) close() { s.h.Reset(); s.closeOpts() }

// hkdfState is HKDF-EXTRACT (key = IKM, absorb = salt, squeeze_key = PRK)
// or HKDF-EXPAND (key = PRK, absorb = info, squeeze = OKM).
type hkdfState struct {
	noOps
	alg  *symAlg
	key  []byte
	data []byte // salt or info
}

func openHKDFExtract(a *symAlg, key []byte, opts *options) (symState, errno) {
	return &hkdfState{noOps: noOps{opts}, alg: a, key: key}, errSuccess
}

type hkdfExpandState struct{ hkdfState }

func openHKDFExpand(a *symAlg, key []byte, opts *options) (symState, errno) {
	if e := checkPRK(a, key); e != errSuccess {
		return nil, e
	}
	return &hkdfExpandState{hkdfState{noOps: noOps{opts}, alg: a, key: key}}, errSuccess
}

func (s *hkdfState) absorb(d []byte) errno { s.data = append(s.data, d...); return errSuccess }
func (s *hkdfState) retains() bool         { return true }

func (s *hkdfState) squeezeKey(target *symAlg) ([]byte, errno) {
	if !strings.EqualFold(target.name, s.alg.expand) {
		return nil, errUnsupportedAlgorithm
	}
	prk, err := hkdf.Extract(s.alg.hash, s.key, s.data)
	if err != nil {
		return nil, errAlgorithmFailure
	}
	return prk, errSuccess
}

func (s *hkdfState) clone() (symState, errno) {
	return &hkdfState{noOps{s.o.clone()}, s.alg, append([]byte(nil), s.key...), append([]byte(nil), s.data...)}, errSuccess
}

func (s *hkdfState) close() { clear(s.key); clear(s.data); s.closeOpts() }

func (s *hkdfExpandState) squeezeKey(*symAlg) ([]byte, errno) { return nil, errInvalidOperation }

func (s *hkdfExpandState) squeeze(out []byte) errno {
	if len(out) == 0 || len(out) > 255*s.alg.hash().Size() {
		return errInvalidLength
	}
	okm, err := hkdf.Expand(s.alg.hash, s.key, string(s.data), len(out))
	if err != nil {
		return errAlgorithmFailure
	}
	copy(out, okm)
	clear(okm)
	return errSuccess
}

func (s *hkdfExpandState) clone() (symState, errno) {
	c, _ := s.hkdfState.clone()
	return &hkdfExpandState{*c.(*hkdfState)}, errSuccess
}

// aeadState: the nonce comes from the "nonce" option (required), absorb
// adds additional data, and one encryption is allowed per state (a second
// would reuse the nonce). Tags are appended (16 bytes).
type aeadState struct {
	noOps
	key    []byte
	aead   cipher.AEAD
	nonce  []byte
	ad     []byte
	sealed bool
}

func openAEAD(_ *symAlg, key []byte, opts *options, nonceLen int, mk func([]byte) (cipher.AEAD, error)) (symState, errno) {
	if opts == nil {
		clear(key)
		return nil, errNonceRequired
	}
	nonce, ok := opts.values["nonce"]
	if !ok {
		clear(key)
		return nil, errNonceRequired
	}
	if len(nonce) != nonceLen {
		clear(key)
		return nil, errInvalidNonce
	}
	a, err := mk(key)
	if err != nil {
		clear(key)
		return nil, errInvalidKey
	}
	return &aeadState{noOps: noOps{opts}, key: key, aead: a, nonce: append([]byte(nil), nonce...)}, errSuccess
}

func (s *aeadState) absorb(d []byte) errno { s.ad = append(s.ad, d...); return errSuccess }
func (s *aeadState) retains() bool         { return true }
func (s *aeadState) maxTagLen() (int, errno) {
	return s.aead.Overhead(), errSuccess
}

// sizes checks an output length against the one required: smaller is
// overflow, larger invalid_length (the proposal's rule).
func sizes(have, want int) errno {
	switch {
	case have < want:
		return errOverflow
	case have > want:
		return errInvalidLength
	}
	return errSuccess
}

func (s *aeadState) seal() errno {
	if s.sealed {
		return errProhibitedOperation
	}
	s.sealed = true
	return errSuccess
}

// encrypt writes ciphertext ‖ tag to out (len(data)+16 bytes); out and data
// may start at the same address (the caller copies data otherwise).
func (s *aeadState) encrypt(out, data []byte) errno {
	if e := sizes(len(out), len(data)+s.aead.Overhead()); e != errSuccess {
		return e
	}
	if e := s.seal(); e != errSuccess {
		return e
	}
	s.aead.Seal(out[:0], s.nonce, data, s.ad)
	return errSuccess
}

func (s *aeadState) encryptDetached(out, data []byte) ([]byte, errno) {
	if e := sizes(len(out), len(data)); e != errSuccess {
		return nil, e
	}
	if e := s.seal(); e != errSuccess {
		return nil, e
	}
	ct := s.aead.Seal(nil, s.nonce, data, s.ad)
	n := copy(out, ct)
	return ct[n:], errSuccess
}

func (s *aeadState) decrypt(out, data []byte) errno {
	t := s.aead.Overhead()
	if len(data) < t {
		return errInvalidLength
	}
	if e := sizes(len(out), len(data)-t); e != errSuccess {
		return e
	}
	if _, err := s.aead.Open(out[:0], s.nonce, data, s.ad); err != nil {
		clear(out)
		return errInvalidTag
	}
	return errSuccess
}

func (s *aeadState) decryptDetached(out, data, tag []byte) errno {
	if e := sizes(len(out), len(data)); e != errSuccess {
		return e
	}
	if len(tag) != s.aead.Overhead() {
		return errInvalidTag
	}
	ct := append(append(make([]byte, 0, len(data)+len(tag)), data...), tag...)
	if _, err := s.aead.Open(out[:0], s.nonce, ct, s.ad); err != nil {
		clear(out)
		return errInvalidTag
	}
	return errSuccess
}

func (s *aeadState) clone() (symState, errno) {
	n := *s
	n.o = s.o.clone()
	n.key = append([]byte(nil), s.key...)
	n.ad = append([]byte(nil), s.ad...)
	n.nonce = append([]byte(nil), s.nonce...)
	return &n, errSuccess
}

func (s *aeadState) close() { clear(s.key); clear(s.ad); s.closeOpts() }

// symKey is a symmetric key of one algorithm.
type symKey struct {
	alg *symAlg
	b   []byte
}

func (k *symKey) close() { clear(k.b) }

// symTag is an authentication tag.
type symTag struct{ b []byte }

func (t *symTag) close() { clear(t.b) }
