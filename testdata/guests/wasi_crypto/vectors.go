package main

import (
	"bytes"
	"fmt"
	"strings"
)

// Published vectors: NIST FIPS 180-4 examples (SHA-2), RFC 4231 (HMAC),
// RFC 5869 (HKDF), the GCM specification's test cases (AES-GCM), RFC 8439
// section 2.8.2 (ChaCha20-Poly1305), RFC 8032 section 7.1 (Ed25519),
// RFC 7748 section 6.1 (X25519).

func testHashes() {
	abc := []byte("abc")
	two := []byte("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
	for _, v := range []struct{ alg, msg, want string }{
		{"SHA-256", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"SHA-256", string(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"SHA-512", "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
		{"SHA-512/256", "abc", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"},
		{"sha-256", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		// RFC 7693 appendix A, and BLAKE2b-256 of the same input
		{"BLAKE2B-512", "abc", "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"},
		{"BLAKE2B-256", "abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
	} {
		name := "hash/" + v.alg + "/" + fmt.Sprint(len(v.msg))
		st, e := symOpen(v.alg, 0, 0, false, false)
		if !must(name, e) {
			continue
		}
		// absorb in two parts
		m := []byte(v.msg)
		absorb(st, m[:len(m)/2])
		absorb(st, m[len(m)/2:])
		got, e := squeeze(st, len(v.want)/2)
		expect(name+"/squeeze", e, 0)
		expectBytes(name, got, v.want)
		cSymmetricStateClose(st)
	}
	b2, _ := symOpen("BLAKE2B-256", 0, 0, false, false)
	absorb(b2, abc[:1])
	var b2c out
	expect("hash/blake2b-clone", cSymmetricStateClone(b2, b2c.p()), 0)
	absorb(b2c.u32(), abc[1:])
	got, _ := squeeze(b2c.u32(), 32)
	expectBytes("hash/blake2b-clone-independent", got, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
	cSymmetricStateClose(b2)
	cSymmetricStateClose(b2c.u32())
	st, _ := symOpen("SHA-256", 0, 0, false, false)
	absorb(st, abc[:1])
	c := out{}
	expect("hash/clone", cSymmetricStateClone(st, c.p()), 0)
	absorb(c.u32(), abc[1:])
	got, _ = squeeze(c.u32(), 32)
	expectBytes("hash/clone-independent", got, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
	got, _ = squeeze(st, 16)
	expectBytes("hash/truncated-squeeze-of-original", got, "ca978112ca1bbdcafac231b39a23dc4d") // SHA-256("a")[:16]
	absorb(st, abc[1:])
	got, _ = squeeze(st, 32)
	expectBytes("hash/squeeze-then-absorb", got, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
	_, e := squeeze(st, 33)
	expect("hash/squeeze-too-long", e, eInvalidLength)
	var o out
	expect("hash/squeeze_tag", cSymmetricStateSqueezeTag(st, o.p()), eInvalidOperation)
	ap, al := ss("SHA-256")
	expect("hash/squeeze_key", cSymmetricStateSqueezeKey(st, ap, al, o.p()), eInvalidOperation)
	expect("hash/max_tag_len", cSymmetricStateMaxTagLen(st, o.p()), eInvalidOperation)
	expect("hash/ratchet", cSymmetricStateRatchet(st), eInvalidOperation)
	_, e = encrypt(st, abc)
	expect("hash/encrypt", e, eInvalidOperation)
	np, nl := ss("nonce")
	expect("hash/options_get-unset", cSymmetricStateOptionsGet(st, np, nl, o.p(), 4, o.p()), eOptionNotSet)
	fp, fl := ss("foo")
	expect("hash/options_get-unknown", cSymmetricStateOptionsGet(st, fp, fl, o.p(), 4, o.p()), eUnsupportedOption)
	expect("hash/close", cSymmetricStateClose(st), 0)
	expect("hash/closed", absorb(st, abc), eInvalidHandle)
	expect("hash/close-twice", cSymmetricStateClose(st), eClosed)
	expect("hash/key_generate", cSymmetricKeyGenerate(ap, al, none().p(), o.p()), eKeyNotSupported)
	_, e = symKeyImport("SHA-256", abc)
	expect("hash/key_import", e, eKeyNotSupported)
	k, _ := symKeyImport("HMAC/SHA-256", abc)
	_, e = symOpen("SHA-256", k, 0, true, false)
	expect("hash/open-with-key", e, eKeyNotSupported)
	cSymmetricKeyClose(k)
	_, e = symOpen("SHA-384", 0, 0, false, false)
	expect("hash/unknown-algorithm", e, eUnsupportedAlgorithm)
}

func testHMAC() {
	for _, v := range []struct{ tc, key, data, s256, s512 string }{
		{"1", strings.Repeat("0b", 20), "4869205468657265",
			"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
			"87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
		{"2", "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
			"164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
		{"3", strings.Repeat("aa", 20), strings.Repeat("dd", 50),
			"773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
			"fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
	} {
		for _, a := range []struct{ alg, want string }{{"HMAC/SHA-256", v.s256}, {"HMAC/SHA-512", v.s512}} {
			name := "rfc4231/" + v.tc + "/" + a.alg
			k, e := symKeyImport(a.alg, unhex(v.key))
			if !must(name, e) {
				continue
			}
			st, e := symOpen(a.alg, k, 0, true, false)
			if !must(name, e) {
				continue
			}
			absorb(st, unhex(v.data))
			var t out
			expect(name+"/squeeze_tag", cSymmetricStateSqueezeTag(st, t.p()), 0)
			tp, tl := sp(unhex(a.want))
			expect(name+"/verify", cSymmetricTagVerify(t.u32(), tp, tl), 0)
			bad := unhex(a.want)
			bad[0] ^= 1
			bp, bl := sp(bad)
			expect(name+"/verify-wrong", cSymmetricTagVerify(t.u32(), bp, bl), eInvalidTag)
			expect(name+"/verify-truncated", cSymmetricTagVerify(t.u32(), tp, tl-1), eInvalidTag)
			expect(name+"/verify-empty", cSymmetricTagVerify(t.u32(), tp, 0), eInvalidTag)
			got, e := tagBytes(t.u32())
			expect(name+"/pull", e, 0)
			expectBytes(name, got, a.want)
			expect(name+"/pulled-tag-closed", cSymmetricTagVerify(t.u32(), tp, tl), eInvalidHandle)
			var c out
			expect(name+"/clone", cSymmetricStateClone(st, c.p()), 0)
			absorb(c.u32(), []byte("x"))
			var t2 out
			cSymmetricStateSqueezeTag(st, t2.p())
			expect(name+"/tag-after-clone", cSymmetricTagVerify(t2.u32(), tp, tl), 0)
			buf := make([]byte, tl+1)
			var n out
			expect(name+"/pull-too-large", cSymmetricTagPull(t2.u32(), ptr(buf), tl+1, n.p()), eInvalidLength)
			expect(name+"/pull-too-small", cSymmetricTagPull(t2.u32(), ptr(buf), tl-1, n.p()), eOverflow)
			expect(name+"/tag_close", cSymmetricTagClose(t2.u32()), 0)
			_, e = squeeze(st, 4)
			expect(name+"/squeeze", e, eInvalidOperation)
			cSymmetricStateClose(c.u32())
			cSymmetricStateClose(st)
			_, e = symOpen(a.alg, 0, 0, false, false)
			expect(name+"/open-without-key", e, eKeyRequired)
			k2, _ := symKeyImport("HMAC/SHA-256", []byte("k"))
			if a.alg == "HMAC/SHA-512" {
				_, e = symOpen(a.alg, k2, 0, true, false)
				expect(name+"/key-of-another-algorithm", e, eInvalidKey)
			}
			cSymmetricKeyClose(k2)
			cSymmetricKeyClose(k)
		}
	}
	for alg, n := range map[string]uint32{"HMAC/SHA-256": 32, "HMAC/SHA-512": 64, "HKDF-EXTRACT/SHA-256": 32, "HKDF-EXTRACT/SHA-512": 64, "AES-128-GCM": 16, "AES-256-GCM": 32, "CHACHA20-POLY1305": 32, "XCHACHA20-POLY1305": 32} {
		var k out
		ap, al := ss(alg)
		if !must("key_generate/"+alg, cSymmetricKeyGenerate(ap, al, none().p(), k.p())) {
			continue
		}
		b, e := exportWith(func(h, _, o uint32) uint32 { return cSymmetricKeyExport(h, o) }, k.u32(), 0)
		check("key_generate/"+alg+"/length", e == 0 && uint32(len(b)) == n, "len ", len(b), " errno ", e)
		expect("key_close/"+alg, cSymmetricKeyClose(k.u32()), 0)
		expect("key_close-twice/"+alg, cSymmetricKeyClose(k.u32()), eClosed)
	}
	var k out
	ap, al := ss("HKDF-EXPAND/SHA-256")
	expect("key_generate/HKDF-EXPAND", cSymmetricKeyGenerate(ap, al, none().p(), k.p()), eUnsupportedFeature)
}

func testHKDF() {
	name := "rfc5869/1"
	ikm := unhex(strings.Repeat("0b", 22))
	k, e := symKeyImport("HKDF-EXTRACT/SHA-256", ikm)
	if !must(name, e) {
		return
	}
	st, e := symOpen("HKDF-EXTRACT/SHA-256", k, 0, true, false)
	if !must(name, e) {
		return
	}
	absorb(st, unhex("000102030405")) // salt in two parts
	absorb(st, unhex("060708090a0b0c"))
	var prk out
	ap, al := ss("HKDF-EXPAND/SHA-256")
	expect(name+"/squeeze_key", cSymmetricStateSqueezeKey(st, ap, al, prk.p()), 0)
	b, _ := exportWith(func(h, _, o uint32) uint32 { return cSymmetricKeyExport(h, o) }, prk.u32(), 0)
	expectBytes(name+"/prk", b, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")
	bp, bl := ss("HKDF-EXPAND/SHA-512")
	var x out
	expect(name+"/squeeze_key-other-hash", cSymmetricStateSqueezeKey(st, bp, bl, x.p()), eUnsupportedAlgorithm)
	_, e = squeeze(st, 32)
	expect(name+"/extract-squeeze", e, eInvalidOperation)
	var c out
	expect(name+"/extract-clone", cSymmetricStateClone(st, c.p()), 0)
	cSymmetricStateClose(c.u32())
	ex, e := symOpen("HKDF-EXPAND/SHA-256", prk.u32(), 0, true, false)
	if !must(name+"/expand-open", e) {
		return
	}
	absorb(ex, unhex("f0f1f2f3f4f5f6f7f8f9"))
	okm, e := squeeze(ex, 42)
	expect(name+"/squeeze", e, 0)
	expectBytes(name+"/okm", okm, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
	okm2, _ := squeeze(ex, 42)
	check(name+"/squeeze-repeatable", bytes.Equal(okm, okm2))
	_, e = squeeze(ex, 255*32+1)
	expect(name+"/squeeze-too-long", e, eInvalidLength)
	_, e = squeeze(ex, 0)
	expect(name+"/squeeze-empty", e, eInvalidLength)
	expect(name+"/expand-squeeze_key", cSymmetricStateSqueezeKey(ex, ap, al, x.p()), eInvalidOperation)
	_, e = symKeyImport("HKDF-EXPAND/SHA-256", make([]byte, 31))
	expect(name+"/short-prk", e, eInvalidKey)
	cSymmetricStateClose(ex)
	cSymmetricStateClose(st)
	cSymmetricKeyClose(prk.u32())
	cSymmetricKeyClose(k)
}

func testAEADs() {
	for _, v := range []struct{ name, alg, key, iv, pt, aad, ct, tag string }{
		{"gcm/tc2", "AES-128-GCM", strings.Repeat("00", 16), strings.Repeat("00", 12), strings.Repeat("00", 16), "",
			"0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
		{"gcm/tc4", "AES-128-GCM", "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
			"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
			"feedfacedeadbeeffeedfacedeadbeefabaddad2",
			"42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
			"5bc94fbc3221a5db94fae95ae7121a47"},
		{"gcm/tc14", "AES-256-GCM", strings.Repeat("00", 32), strings.Repeat("00", 12), strings.Repeat("00", 16), "",
			"cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
		{"rfc8439/2.8.2", "CHACHA20-POLY1305", "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "070000004041424344454647",
			fmt.Sprintf("%x", "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."),
			"50515253c0c1c2c3c4c5c6c7",
			"d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116",
			"1ae10b594f09e26a7e902ecbd0600691"},
	} {
		name := v.name
		st, e := aeadOpen(v.alg, unhex(v.key), unhex(v.iv))
		if !must(name, e) {
			continue
		}
		var n out
		expect(name+"/max_tag_len", cSymmetricStateMaxTagLen(st, n.p()), 0)
		check(name+"/max_tag_len=16", n.u32() == 16)
		np, nl := ss("nonce")
		nb := make([]byte, 32)
		expect(name+"/options_get", cSymmetricStateOptionsGet(st, np, nl, ptr(nb), 32, n.p()), 0)
		check(name+"/options_get-nonce", bytes.Equal(nb[:n.u32()], unhex(v.iv)))
		expect(name+"/options_get-small", cSymmetricStateOptionsGet(st, np, nl, ptr(nb), 4, n.p()), eOverflow)
		absorb(st, unhex(v.aad))
		ct, e := encrypt(st, unhex(v.pt))
		expect(name+"/encrypt", e, 0)
		expectBytes(name+"/ct", ct, v.ct+v.tag)
		_, e = encrypt(st, unhex(v.pt))
		expect(name+"/second-encrypt", e, eProhibited)
		cSymmetricStateClose(st)

		st, _ = aeadOpen(v.alg, unhex(v.key), unhex(v.iv))
		absorb(st, unhex(v.aad))
		pt, e := decrypt(st, unhex(v.ct+v.tag))
		expect(name+"/decrypt", e, 0)
		expectBytes(name+"/pt", pt, v.pt)
		bad := unhex(v.ct + v.tag)
		bad[len(bad)-1] ^= 1
		pt, e = decrypt(st, bad)
		expect(name+"/decrypt-bad-tag", e, eInvalidTag)
		check(name+"/decrypt-bad-tag-zeroes", bytes.Count(pt, []byte{0}) == len(pt))
		cSymmetricStateClose(st)

		// detached
		st, _ = aeadOpen(v.alg, unhex(v.key), unhex(v.iv))
		absorb(st, unhex(v.aad))
		msg := unhex(v.pt)
		c := make([]byte, len(msg))
		var t out
		cp, cl := sp(c)
		mp, ml := sp(msg)
		expect(name+"/encrypt_detached", cSymmetricStateEncryptDetached(st, cp, cl, mp, ml, t.p()), 0)
		expectBytes(name+"/detached-ct", c, v.ct)
		tb, _ := tagBytes(t.u32())
		expectBytes(name+"/detached-tag", tb, v.tag)
		cSymmetricStateClose(st)
		st, _ = aeadOpen(v.alg, unhex(v.key), unhex(v.iv))
		absorb(st, unhex(v.aad))
		p := make([]byte, len(c))
		pp, pl := sp(p)
		tp, tl := sp(tb)
		expect(name+"/decrypt_detached", cSymmetricStateDecryptDetached(st, pp, pl, cp, cl, tp, tl, n.p()), 0)
		expectBytes(name+"/detached-pt", p, v.pt)
		expect(name+"/decrypt_detached-short-tag", cSymmetricStateDecryptDetached(st, pp, pl, cp, cl, tp, tl-1, n.p()), eInvalidTag)
		var cl2 out
		expect(name+"/clone", cSymmetricStateClone(st, cl2.p()), 0)
		cSymmetricStateClose(cl2.u32())
		cSymmetricStateClose(st)

		// in place: out and data at the same address
		st, _ = aeadOpen(v.alg, unhex(v.key), unhex(v.iv))
		absorb(st, unhex(v.aad))
		buf := make([]byte, len(msg)+16)
		copy(buf, msg)
		bp := ptr(buf)
		expect(name+"/encrypt-in-place", cSymmetricStateEncrypt(st, bp, uint32(len(buf)), bp, uint32(len(msg)), n.p()), 0)
		expectBytes(name+"/in-place-ct", buf, v.ct+v.tag)
		cSymmetricStateClose(st)
		if len(msg) > 1 {
			// overlapping, shifted by one byte
			st, _ = aeadOpen(v.alg, unhex(v.key), unhex(v.iv))
			absorb(st, unhex(v.aad))
			buf := make([]byte, len(msg)+17)
			copy(buf[1:], msg)
			expect(name+"/encrypt-overlap", cSymmetricStateEncrypt(st, ptr(buf), uint32(len(msg)+16), ptr(buf)+1, uint32(len(msg)), n.p()), 0)
			expectBytes(name+"/overlap-ct", buf[:len(msg)+16], v.ct+v.tag)
			cSymmetricStateClose(st)
		}
		// output sizes
		st, _ = aeadOpen(v.alg, unhex(v.key), unhex(v.iv))
		big := make([]byte, len(msg)+17)
		expect(name+"/encrypt-out-too-small", cSymmetricStateEncrypt(st, ptr(big), uint32(len(msg)+15), mp, ml, n.p()), eOverflow)
		expect(name+"/encrypt-out-too-large", cSymmetricStateEncrypt(st, ptr(big), uint32(len(msg)+17), mp, ml, n.p()), eInvalidLength)
		_, e = squeeze(st, 16)
		expect(name+"/squeeze", e, eInvalidOperation)
		expect(name+"/ratchet", cSymmetricStateRatchet(st), eInvalidOperation)
		cSymmetricStateClose(st)

		k, _ := symKeyImport(v.alg, unhex(v.key))
		_, e = symOpen(v.alg, k, 0, true, false)
		expect(name+"/no-nonce", e, eNonceRequired)
		o := optionsOpen(tSym)
		_, e = symOpen(v.alg, k, o, true, true)
		expect(name+"/nonce-not-set", e, eNonceRequired)
		optionsSet(o, "nonce", []byte("short"))
		_, e = symOpen(v.alg, k, o, true, true)
		expect(name+"/bad-nonce", e, eInvalidNonce)
		cOptionsClose(o)
		cSymmetricKeyClose(k)
		_, e = symKeyImport(v.alg, unhex(v.key)[1:])
		expect(name+"/short-key", e, eInvalidKey)
	}
	// XChaCha20-Poly1305 round trip (its vectors are Wycheproof's).
	key := make([]byte, 32)
	nonce := make([]byte, 24)
	st, e := aeadOpen("XCHACHA20-POLY1305", key, nonce)
	if must("xchacha/open", e) {
		ct, _ := encrypt(st, []byte("hello"))
		cSymmetricStateClose(st)
		st, _ = aeadOpen("XCHACHA20-POLY1305", key, nonce)
		pt, e := decrypt(st, ct)
		check("xchacha/round-trip", e == 0 && string(pt) == "hello")
		cSymmetricStateClose(st)
	}
}

func testOptions() {
	for _, t := range []uint32{tSig, tSym, tKx} {
		o := optionsOpen(t)
		name := fmt.Sprint("options/", t)
		want := uint32(eUnsupportedOption)
		if t == tSym {
			want = 0
		}
		for _, n := range []string{"context", "salt", "nonce", "NONCE"} {
			expect(name+"/set/"+n, optionsSet(o, n, []byte("v")), want)
		}
		expect(name+"/set/foo", optionsSet(o, "foo", []byte("v")), eUnsupportedOption)
		for _, n := range []string{"memory_limit", "ops_limit", "parallelism"} {
			np, nl := ss(n)
			expect(name+"/set_u64/"+n, cOptionsSetU64(o, np, nl, 7), want)
		}
		np, nl := ss("foo")
		expect(name+"/set_u64/foo", cOptionsSetU64(o, np, nl, 7), eUnsupportedOption)
		buf := make([]byte, 16)
		bp, bl := ss("buffer")
		expect(name+"/set_guest_buffer", cOptionsSetGuestBuffer(o, bp, bl, ptr(buf), 16), want)
		expect(name+"/set_guest_buffer/foo", cOptionsSetGuestBuffer(o, np, nl, ptr(buf), 16), eUnsupportedOption)
		expect(name+"/close", cOptionsClose(o), 0)
		expect(name+"/closed", optionsSet(o, "nonce", nil), eInvalidHandle)
	}
	var h out
	expect("options/open-bad-type", cOptionsOpen(3, h.p()), eUnsupportedAlgorithm)
	// a state keeps the options it was opened with
	o := optionsOpen(tSym)
	optionsSet(o, "context", []byte("a longer context value"))
	expect("options/replace-shorter", optionsSet(o, "context", []byte("ctx")), 0)
	mp, ml := ss("memory_limit")
	cOptionsSetU64(o, mp, ml, 1<<20)
	st, _ := symOpen("SHA-256", 0, o, false, true)
	optionsSet(o, "context", []byte("changed"))
	var n out
	buf := make([]byte, 16)
	cp, cl := ss("context")
	expect("options/state-get", cSymmetricStateOptionsGet(st, cp, cl, ptr(buf), 16, n.p()), 0)
	check("options/state-copy", string(buf[:n.u32()]) == "ctx", string(buf[:n.u32()]))
	var v out
	expect("options/state-get_u64", cSymmetricStateOptionsGetU64(st, mp, ml, v.p()), 0)
	check("options/state-get_u64-value", v.u64() == 1<<20)
	op, ol := ss("ops_limit")
	expect("options/state-get_u64-unset", cSymmetricStateOptionsGetU64(st, op, ol, v.p()), eOptionNotSet)
	cSymmetricStateClose(st)
	// options of another category
	sig := optionsOpen(tSig)
	_, e := symOpen("SHA-256", 0, sig, false, true)
	expect("options/wrong-category", e, eInvalidHandle)
	ap, al := ss("Ed25519")
	expect("options/keypair-wrong-category", cKeypairGenerate(tSig, ap, al, some(o).p(), h.p()), eInvalidHandle)
	expect("options/keypair-options", cKeypairGenerate(tSig, ap, al, some(sig).p(), h.p()), 0)
	cKeypairClose(h.u32())
	cOptionsClose(sig)
	cOptionsClose(o)
}

func testArrayOutput() {
	k, _ := symKeyImport("HMAC/SHA-256", []byte("0123456789"))
	var a out
	cSymmetricKeyExport(k, a.p())
	var n out
	expect("array_output/len", cArrayOutputLen(a.u32(), n.p()), 0)
	check("array_output/len=10", n.u32() == 10)
	buf := make([]byte, 4)
	var got []byte
	for {
		if e := cArrayOutputPull(a.u32(), ptr(buf), 4, n.p()); e != 0 {
			check("array_output/stream", false, "errno ", e)
			break
		}
		if n.u32() == 0 {
			break
		}
		got = append(got, buf[:n.u32()]...)
	}
	check("array_output/stream", string(got) == "0123456789", string(got))
	expect("array_output/after-end", cArrayOutputPull(a.u32(), ptr(buf), 4, n.p()), eInvalidHandle)
	// one full pull then nothing: the handle does not count any more
	cSymmetricKeyExport(k, a.p())
	b, e := pull(a.u32())
	check("array_output/full-pull", e == 0 && string(b) == "0123456789")
	expect("array_output/wrong-type", cArrayOutputLen(k, n.p()), eInvalidHandle)
	cSymmetricKeyClose(k)
}

func testManaged() {
	var o out
	buf := make([]byte, 32)
	bp := ptr(buf)
	ap, al := ss("Ed25519")
	sp_, sl := ss("HMAC/SHA-256")
	for name, e := range map[string]uint32{
		"secrets_manager_open":           cSecretsManagerOpen(none().p(), o.p()),
		"secrets_manager_close":          cSecretsManagerClose(1),
		"secrets_manager_invalidate":     cSecretsManagerInvalidate(1, bp, 4, 0xff00000000000001),
		"keypair_generate_managed":       cKeypairGenerateManaged(1, tSig, ap, al, none().p(), o.p()),
		"keypair_store_managed":          cKeypairStoreManaged(1, 2, bp, 32),
		"keypair_replace_managed":        cKeypairReplaceManaged(1, 2, 3, o.p()),
		"keypair_id":                     cKeypairId(1, bp, 32, o.p(), o.p()),
		"keypair_from_id":                cKeypairFromId(1, bp, 4, 0, o.p()),
		"symmetric_key_generate_managed": cSymmetricKeyGenerateManaged(1, sp_, sl, none().p(), o.p()),
		"symmetric_key_store_managed":    cSymmetricKeyStoreManaged(1, 2, bp, 32),
		"symmetric_key_replace_managed":  cSymmetricKeyReplaceManaged(1, 2, 3, o.p()),
		"symmetric_key_id":               cSymmetricKeyId(1, bp, 32, o.p(), o.p()),
		"symmetric_key_from_id":          cSymmetricKeyFromId(1, bp, 4, 0, o.p()),
	} {
		expect("managed/"+name, e, eUnsupportedFeature)
	}
}

// ratchetAlgs is every symmetric algorithm with the key and nonce sizes a
// state of it needs (0: none).
var ratchetAlgs = []struct {
	alg            string
	key, nonceSize int
}{
	{"SHA-256", 0, 0}, {"SHA-512", 0, 0}, {"SHA-512/256", 0, 0}, {"BLAKE2B-256", 0, 0}, {"BLAKE2B-512", 0, 0},
	{"HMAC/SHA-256", 32, 0}, {"HMAC/SHA-512", 64, 0},
	{"HKDF-EXTRACT/SHA-256", 32, 0}, {"HKDF-EXTRACT/SHA-512", 64, 0},
	{"HKDF-EXPAND/SHA-256", 32, 0}, {"HKDF-EXPAND/SHA-512", 64, 0},
	{"AES-128-GCM", 16, 12}, {"AES-256-GCM", 32, 12}, {"CHACHA20-POLY1305", 32, 12}, {"XCHACHA20-POLY1305", 32, 24},
}

// testRatchet: none of the algorithms ratchets (the proposal's ratchet is
// for session constructions such as Xoodyak), so symmetric_state_ratchet is
// invalid_operation for each, and the state stays usable.
func testRatchet() {
	for _, a := range ratchetAlgs {
		name := "ratchet/" + a.alg
		var st, e uint32
		switch {
		case a.nonceSize > 0:
			st, e = aeadOpen(a.alg, make([]byte, a.key), make([]byte, a.nonceSize))
		case a.key > 0:
			k, ke := symKeyImport(a.alg, make([]byte, a.key))
			if !must(name+"/key", ke) {
				continue
			}
			st, e = symOpen(a.alg, k, 0, true, false)
			cSymmetricKeyClose(k)
		default:
			st, e = symOpen(a.alg, 0, 0, false, false)
		}
		if !must(name+"/open", e) {
			continue
		}
		expect(name, cSymmetricStateRatchet(st), eInvalidOperation)
		expect(name+"/usable", absorb(st, []byte("x")), 0)
		cSymmetricStateClose(st)
	}
}
