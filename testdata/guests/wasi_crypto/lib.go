package main

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"unsafe"
)

// Errno values of the proposal.
const (
	eSuccess              = 0
	eNotImplemented       = 2
	eUnsupportedFeature   = 3
	eProhibited           = 4
	eUnsupportedEncoding  = 5
	eUnsupportedAlgorithm = 6
	eUnsupportedOption    = 7
	eInvalidKey           = 8
	eInvalidLength        = 9
	eVerificationFailed   = 10
	eAlgorithmFailure     = 12
	eInvalidSignature     = 13
	eClosed               = 14
	eInvalidHandle        = 15
	eOverflow             = 16
	eTooManyHandles       = 18
	eKeyNotSupported      = 19
	eKeyRequired          = 20
	eInvalidTag           = 21
	eInvalidOperation     = 22
	eNonceRequired        = 23
	eInvalidNonce         = 24
	eOptionNotSet         = 25
	eIncompatibleKeys     = 29
)

// Algorithm types and encodings.
const (
	tSig, tSym, tKx = 0, 1, 2

	encRaw, encPKCS8, encPEM, encSEC = 0, 1, 2, 3
	sigRaw, sigDER                   = 0, 1
)

var failures, passes int

// check reports one named check: the Go test reads these lines.
func check(name string, ok bool, detail ...any) {
	if ok {
		passes++
		fmt.Println("PASS", name)
		return
	}
	failures++
	fmt.Println("FAIL", name, fmt.Sprint(detail...))
}

func expect(name string, got, want uint32) {
	check(name, got == want, "errno ", got, ", want ", want)
}

func expectBytes(name string, got []byte, want string) {
	w := unhex(want)
	check(name, bytes.Equal(got, w), "got ", hex.EncodeToString(got), " want ", want)
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

var empty [1]byte

// ptr is the address of b (of a static byte when b is empty).
func ptr(b []byte) uint32 {
	if len(b) == 0 {
		return uint32(uintptr(unsafe.Pointer(&empty[0])))
	}
	return uint32(uintptr(unsafe.Pointer(&b[0])))
}

func sp(b []byte) (uint32, uint32) { return ptr(b), uint32(len(b)) }

func ss(s string) (uint32, uint32) { return sp([]byte(s)) }

// out is a 4-byte out-parameter.
type out struct{ b [8]byte }

func (o *out) p() uint32   { return uint32(uintptr(unsafe.Pointer(&o.b[0]))) }
func (o *out) u32() uint32 { return binary.LittleEndian.Uint32(o.b[:]) }
func (o *out) u64() uint64 { return binary.LittleEndian.Uint64(o.b[:]) }

// opt is an opt_options / opt_symmetric_key struct.
type opt struct{ b [8]byte }

func some(h uint32) *opt {
	o := &opt{}
	binary.LittleEndian.PutUint32(o.b[4:], h)
	return o
}

func none() *opt { o := &opt{}; o.b[0] = 1; return o }

func (o *opt) p() uint32 { return uint32(uintptr(unsafe.Pointer(&o.b[0]))) }

// pull reads an array output whole.
func pull(h uint32) ([]byte, uint32) {
	var n out
	if e := cArrayOutputLen(h, n.p()); e != 0 {
		return nil, e
	}
	buf := make([]byte, n.u32())
	var got out
	if e := cArrayOutputPull(h, ptr(buf), uint32(len(buf)), got.p()); e != 0 {
		return nil, e
	}
	return buf[:got.u32()], 0
}

// must fails the named check and returns false when e is not success.
func must(name string, e uint32) bool {
	if e != 0 {
		check(name, false, "errno ", e)
		return false
	}
	return true
}

// symKeyImport imports a raw symmetric key.
func symKeyImport(alg string, key []byte) (uint32, uint32) {
	var h out
	ap, al := ss(alg)
	kp, kl := sp(key)
	e := cSymmetricKeyImport(ap, al, kp, kl, h.p())
	return h.u32(), e
}

// symOpen opens a symmetric state; key and opts 0 mean none.
func symOpen(alg string, key, opts uint32, hasKey, hasOpts bool) (uint32, uint32) {
	k, o := none(), none()
	if hasKey {
		k = some(key)
	}
	if hasOpts {
		o = some(opts)
	}
	var h out
	ap, al := ss(alg)
	e := cSymmetricStateOpen(ap, al, k.p(), o.p(), h.p())
	return h.u32(), e
}

func absorb(st uint32, b []byte) uint32 { p, n := sp(b); return cSymmetricStateAbsorb(st, p, n) }

func squeeze(st uint32, n int) ([]byte, uint32) {
	b := make([]byte, n)
	p, l := sp(b)
	return b, cSymmetricStateSqueeze(st, p, l)
}

// tagBytes pulls a tag (closing it).
func tagBytes(t uint32) ([]byte, uint32) {
	var n out
	if e := cSymmetricTagLen(t, n.p()); e != 0 {
		return nil, e
	}
	b := make([]byte, n.u32())
	var got out
	p, l := sp(b)
	return b, cSymmetricTagPull(t, p, l, got.p())
}

func optionsOpen(t uint32) uint32 {
	var h out
	if e := cOptionsOpen(t, h.p()); e != 0 {
		panic(fmt.Sprint("options_open: ", e))
	}
	return h.u32()
}

func optionsSet(o uint32, name string, v []byte) uint32 {
	np, nl := ss(name)
	vp, vl := sp(v)
	return cOptionsSet(o, np, nl, vp, vl)
}

// aeadOpen opens an AEAD state with a key and nonce.
func aeadOpen(alg string, key, nonce []byte) (uint32, uint32) {
	k, e := symKeyImport(alg, key)
	if e != 0 {
		return 0, e
	}
	defer cSymmetricKeyClose(k)
	o := optionsOpen(tSym)
	defer cOptionsClose(o)
	if e := optionsSet(o, "nonce", nonce); e != 0 {
		return 0, e
	}
	return symOpen(alg, k, o, true, true)
}

func encrypt(st uint32, msg []byte) ([]byte, uint32) {
	ct := make([]byte, len(msg)+16)
	var n out
	cp, cl := sp(ct)
	mp, ml := sp(msg)
	e := cSymmetricStateEncrypt(st, cp, cl, mp, ml, n.p())
	return ct[:n.u32()], e
}

func decrypt(st uint32, ct []byte) ([]byte, uint32) {
	if len(ct) < 16 {
		return nil, eInvalidLength
	}
	pt := make([]byte, len(ct)-16)
	var n out
	pp, pl := sp(pt)
	cp, cl := sp(ct)
	e := cSymmetricStateDecrypt(st, pp, pl, cp, cl, n.p())
	return pt[:n.u32()], e
}

func pkImport(t uint32, alg string, b []byte, enc uint32) (uint32, uint32) {
	var h out
	ap, al := ss(alg)
	bp, bl := sp(b)
	e := cPublickeyImport(t, ap, al, bp, bl, enc, h.p())
	return h.u32(), e
}

func skImport(t uint32, alg string, b []byte, enc uint32) (uint32, uint32) {
	var h out
	ap, al := ss(alg)
	bp, bl := sp(b)
	e := cSecretkeyImport(t, ap, al, bp, bl, enc, h.p())
	return h.u32(), e
}

func kpImport(t uint32, alg string, b []byte, enc uint32) (uint32, uint32) {
	var h out
	ap, al := ss(alg)
	bp, bl := sp(b)
	e := cKeypairImport(t, ap, al, bp, bl, enc, h.p())
	return h.u32(), e
}

func kpGenerate(t uint32, alg string) (uint32, uint32) {
	var h out
	ap, al := ss(alg)
	e := cKeypairGenerate(t, ap, al, none().p(), h.p())
	return h.u32(), e
}

// exportWith calls an export function and pulls the result.
func exportWith(f func(h, enc, out uint32) uint32, h, enc uint32) ([]byte, uint32) {
	var o out
	if e := f(h, enc, o.p()); e != 0 {
		return nil, e
	}
	return pull(o.u32())
}

func kpPublic(kp uint32) uint32 {
	var h out
	if e := cKeypairPublickey(kp, h.p()); e != 0 {
		panic(fmt.Sprint("keypair_publickey: ", e))
	}
	return h.u32()
}

func kpSecret(kp uint32) uint32 {
	var h out
	if e := cKeypairSecretkey(kp, h.p()); e != 0 {
		panic(fmt.Sprint("keypair_secretkey: ", e))
	}
	return h.u32()
}

// sign signs msg (given in parts) with key pair kp and returns the signature handle.
func sign(kp uint32, parts ...[]byte) (uint32, uint32) {
	var st out
	if e := cSignatureStateOpen(kp, st.p()); e != 0 {
		return 0, e
	}
	defer cSignatureStateClose(st.u32())
	for _, m := range parts {
		p, n := sp(m)
		if e := cSignatureStateUpdate(st.u32(), p, n); e != 0 {
			return 0, e
		}
	}
	var sig out
	e := cSignatureStateSign(st.u32(), sig.p())
	return sig.u32(), e
}

// verify verifies signature handle sig over msg with public key pk.
func verify(pk, sig uint32, parts ...[]byte) uint32 {
	var st out
	if e := cSignatureVerificationStateOpen(pk, st.p()); e != 0 {
		return e
	}
	defer cSignatureVerificationStateClose(st.u32())
	for _, m := range parts {
		p, n := sp(m)
		if e := cSignatureVerificationStateUpdate(st.u32(), p, n); e != 0 {
			return e
		}
	}
	return cSignatureVerificationStateVerify(st.u32(), sig)
}

func sigImport(alg string, b []byte, enc uint32) (uint32, uint32) {
	var h out
	ap, al := ss(alg)
	bp, bl := sp(b)
	e := cSignatureImport(ap, al, bp, bl, enc, h.p())
	return h.u32(), e
}

func dh(pk, sk uint32) ([]byte, uint32) {
	var o out
	if e := cKxDh(pk, sk, o.p()); e != 0 {
		return nil, e
	}
	return pull(o.u32())
}
