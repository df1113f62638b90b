package main

import "fmt"

func testHostile() {
	for _, f := range allBad {
		expect("hostile/all-bad/"+f.name, f.call(), f.want)
	}
	// a range that ends past memory by one byte: ptr valid, len too long
	var o out
	ap, _ := ss("SHA-256")
	expect("hostile/range-past-end", cSymmetricStateOpen(ap, 0xFFFFFFFF, none().p(), none().p(), o.p()), eAlgorithmFailure)
	expect("hostile/out-pointer-past-end", cOptionsOpen(tSym, 0xFFFFFFFE), eAlgorithmFailure)
	// unknown handle with good pointers
	buf := make([]byte, 64)
	bp := ptr(buf)
	expect("hostile/unknown/array_output_len", cArrayOutputLen(9999, o.p()), eInvalidHandle)
	expect("hostile/unknown/array_output_pull", cArrayOutputPull(9999, bp, 64, o.p()), eInvalidHandle)
	expect("hostile/unknown/symmetric_state_absorb", cSymmetricStateAbsorb(9999, bp, 4), eInvalidHandle)
	expect("hostile/unknown/keypair_export", cKeypairExport(9999, 0, o.p()), eInvalidHandle)
	expect("hostile/unknown/signature_state_open", cSignatureStateOpen(9999, o.p()), eInvalidHandle)
	expect("hostile/unknown/kx_dh", cKxDh(9999, 9999, o.p()), eInvalidHandle)
	expect("hostile/unknown/symmetric_tag_verify", cSymmetricTagVerify(9999, bp, 16), eInvalidHandle)
	// wrong handle types: each object's handle given where another is wanted
	opts := optionsOpen(tSym)
	k, _ := symKeyImport("HMAC/SHA-256", []byte("key"))
	st, _ := symOpen("HMAC/SHA-256", k, 0, true, false)
	kp, _ := kpGenerate(tSig, "Ed25519")
	pk := kpPublic(kp)
	sk := kpSecret(kp)
	sig, _ := sign(kp, []byte("m"))
	var tag out
	cSymmetricStateSqueezeTag(st, tag.p())
	handles := map[string]uint32{"options": opts, "symmetric_key": k, "symmetric_state": st, "keypair": kp, "publickey": pk, "secretkey": sk, "signature": sig, "tag": tag.u32()}
	uses := map[string]func(h uint32) uint32{
		"options":         func(h uint32) uint32 { return optionsSet(h, "nonce", []byte("x")) },
		"symmetric_key":   func(h uint32) uint32 { return cSymmetricKeyExport(h, o.p()) },
		"symmetric_state": func(h uint32) uint32 { return cSymmetricStateAbsorb(h, bp, 1) },
		"keypair":         func(h uint32) uint32 { return cKeypairPublickey(h, o.p()) },
		"publickey":       func(h uint32) uint32 { return cPublickeyVerify(h) },
		"secretkey":       func(h uint32) uint32 { return cPublickeyFromSecretkey(h, o.p()) },
		"signature":       func(h uint32) uint32 { return cSignatureExport(h, sigRaw, o.p()) },
		"tag":             func(h uint32) uint32 { return cSymmetricTagLen(h, o.p()) },
	}
	for want, use := range uses {
		for have, h := range handles {
			if have == want {
				continue
			}
			expect(fmt.Sprintf("hostile/wrong-type/%s-as-%s", have, want), use(h), eInvalidHandle)
		}
	}
	closes := map[string]func(h uint32) uint32{
		"options": cOptionsClose, "symmetric_key": cSymmetricKeyClose, "symmetric_state": cSymmetricStateClose,
		"keypair": cKeypairClose, "publickey": cPublickeyClose, "secretkey": cSecretkeyClose, "signature": cSignatureClose, "tag": cSymmetricTagClose,
	}
	for name, h := range handles {
		for other, cl := range closes {
			if other != name {
				expect(fmt.Sprintf("hostile/close-wrong-type/%s-by-%s", name, other), cl(h), eClosed)
			}
		}
		expect("hostile/close/"+name, closes[name](h), 0)
		expect("hostile/closed/"+name, uses[name](h), eInvalidHandle)
	}
}

// testHandleLimit runs in a fresh instance: it opens handles until the
// limit, checks the count, and that closing makes room.
func testHandleLimit() {
	var hs []uint32
	var e uint32
	for len(hs) < 100000 {
		var h out
		if e = cOptionsOpen(tSym, h.p()); e != 0 {
			break
		}
		hs = append(hs, h.u32())
	}
	expect("limits/too_many_handles", e, eTooManyHandles)
	check("limits/handle-count", len(hs) == 4096, len(hs))
	seen := map[uint32]bool{}
	for _, h := range hs {
		seen[h] = true
	}
	check("limits/handles-distinct", len(seen) == len(hs))
	cOptionsClose(hs[0])
	var h out
	expect("limits/room-after-close", cOptionsOpen(tSym, h.p()), 0)
	check("limits/no-reuse-of-closed", h.u32() != hs[0])
	cOptionsClose(h.u32())
	for _, h := range hs[1:] {
		cOptionsClose(h)
	}
	expect("limits/after-closing-all", cOptionsOpen(tSym, h.p()), 0)
	cOptionsClose(h.u32())
}

// testByteLimit: buffered data (AEAD additional data) is bounded.
func testByteLimit() {
	st, e := aeadOpen("AES-256-GCM", make([]byte, 32), make([]byte, 12))
	if !must("limits/bytes-open", e) {
		return
	}
	chunk := make([]byte, 1<<20)
	n := 0
	for ; n < 100; n++ {
		if e = absorb(st, chunk); e != 0 {
			break
		}
	}
	expect("limits/bytes-overflow", e, eOverflow)
	check("limits/bytes-64MiB", n == 63 || n == 64, n)
	// a hash streams: no limit
	h, _ := symOpen("SHA-256", 0, 0, false, false)
	expect("limits/hash-streams", absorb(h, chunk), 0)
	cSymmetricStateClose(h)
	cSymmetricStateClose(st)
	st, _ = aeadOpen("AES-256-GCM", make([]byte, 32), make([]byte, 12))
	expect("limits/bytes-released", absorb(st, chunk), 0)
	cSymmetricStateClose(st)
	// Ed25519 buffers its message too
	kp, _ := kpGenerate(tSig, "Ed25519")
	var s out
	cSignatureStateOpen(kp, s.p())
	for n = 0; n < 100; n++ {
		p, l := sp(chunk)
		if e = cSignatureStateUpdate(s.u32(), p, l); e != 0 {
			break
		}
	}
	expect("limits/ed25519-overflow", e, eOverflow)
	cSignatureStateClose(s.u32())
	cKeypairClose(kp)
}
