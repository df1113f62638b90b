package main

import (
	"bytes"
	"fmt"
	"strings"
)

func exportPK(h, enc uint32) ([]byte, uint32) { return exportWith(cPublickeyExport, h, enc) }
func exportSK(h, enc uint32) ([]byte, uint32) { return exportWith(cSecretkeyExport, h, enc) }
func exportKP(h, enc uint32) ([]byte, uint32) { return exportWith(cKeypairExport, h, enc) }
func exportSig(h, enc uint32) ([]byte, uint32) {
	return exportWith(cSignatureExport, h, enc)
}

// roundTrip exports with enc, imports the result and exports again: both
// exports must be equal.
func roundTrip(name string, exp func(h, enc uint32) ([]byte, uint32), imp func(b []byte, enc uint32) (uint32, uint32), h, enc uint32) {
	b, e := exp(h, enc)
	if !must(name+"/export", e) {
		return
	}
	h2, e := imp(b, enc)
	if !must(name+"/import", e) {
		return
	}
	b2, e := exp(h2, enc)
	check(name, e == 0 && bytes.Equal(b, b2), "errno ", e)
}

func testEd25519() {
	for _, v := range []struct{ tc, sk, pk, msg, sig string }{
		{"1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
			"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
		{"2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
			"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
	} {
		name := "rfc8032/" + v.tc
		kp, e := kpImport(tSig, "Ed25519", unhex(v.sk+v.pk), encRaw)
		if !must(name+"/keypair_import", e) {
			continue
		}
		sig, e := sign(kp, unhex(v.msg))
		expect(name+"/sign", e, 0)
		b, _ := exportSig(sig, sigRaw)
		expectBytes(name+"/signature", b, v.sig)
		_, e = exportSig(sig, sigDER)
		expect(name+"/signature-der", e, eUnsupportedEncoding)
		pk, e := pkImport(tSig, "Ed25519", unhex(v.pk), encRaw)
		expect(name+"/publickey_import", e, 0)
		expect(name+"/publickey_verify", cPublickeyVerify(pk), 0)
		expect(name+"/verify", verify(pk, sig, unhex(v.msg)), 0)
		expect(name+"/verify-modified", verify(pk, sig, append(unhex(v.msg), 0)), eVerificationFailed)
		imp, e := sigImport("Ed25519", unhex(v.sig), sigRaw)
		expect(name+"/signature_import", e, 0)
		expect(name+"/verify-imported", verify(pk, imp, unhex(v.msg)), 0)
		_, e = sigImport("Ed25519", unhex(v.sig)[:63], sigRaw)
		expect(name+"/signature_import-short", e, eInvalidSignature)
		sk, e := skImport(tSig, "Ed25519", unhex(v.sk), encRaw)
		expect(name+"/secretkey_import", e, 0)
		var p2 out
		expect(name+"/publickey_from_secretkey", cPublickeyFromSecretkey(sk, p2.p()), 0)
		b, _ = exportPK(p2.u32(), encRaw)
		expectBytes(name+"/derived-pk", b, v.pk)
		var kp2 out
		expect(name+"/keypair_from_pk_and_sk", cKeypairFromPkAndSk(pk, sk, kp2.p()), 0)
		b, _ = exportKP(kp2.u32(), encRaw)
		expectBytes(name+"/keypair-raw", b, v.sk+v.pk)
		b, _ = exportSK(sk, encRaw)
		expectBytes(name+"/secretkey-raw", b, v.sk)
		for _, enc := range []uint32{encPKCS8, encPEM} {
			n := fmt.Sprint(name, "/enc", enc)
			roundTrip(n+"/pk", exportPK, func(b []byte, enc uint32) (uint32, uint32) { return pkImport(tSig, "Ed25519", b, enc) }, pk, enc)
			roundTrip(n+"/sk", exportSK, func(b []byte, enc uint32) (uint32, uint32) { return skImport(tSig, "Ed25519", b, enc) }, sk, enc)
			roundTrip(n+"/kp", exportKP, func(b []byte, enc uint32) (uint32, uint32) { return kpImport(tSig, "Ed25519", b, enc) }, kp, enc)
		}
		_, e = kpImport(tSig, "Ed25519", unhex(v.sk), encRaw)
		expect(name+"/keypair-secret-only", e, eInvalidKey)
		wrong := unhex(v.sk + v.pk)
		wrong[40] ^= 1
		_, e = kpImport(tSig, "Ed25519", wrong, encRaw)
		expect(name+"/keypair-mismatched-pk", e, eInvalidKey)
		_, e = pkImport(tSig, "Ed25519", []byte{1}, encRaw)
		expect(name+"/pk-1-byte", e, eInvalidKey)
		_, e = pkImport(tSig, "Ed25519", unhex(v.pk), encSEC)
		expect(name+"/pk-sec", e, eUnsupportedEncoding)
		for _, h := range []uint32{kp, kp2.u32()} {
			expect(name+"/keypair_close", cKeypairClose(h), 0)
		}
		expect(name+"/keypair_close-twice", cKeypairClose(kp), eClosed)
		expect(name+"/secretkey_close", cSecretkeyClose(sk), 0)
		expect(name+"/publickey_close", cPublickeyClose(pk), 0)
		expect(name+"/signature_close", cSignatureClose(sig), 0)
		expect(name+"/signature_closed", cSignatureClose(sig), eClosed)
	}
}

// testSignatureAlg: generate, sign (in parts), verify, tamper, every
// encoding of keys and signatures, for one algorithm.
func testSignatureAlg(alg string, kp uint32) {
	name := "sig/" + alg
	pk := kpPublic(kp)
	sk := kpSecret(kp)
	sig, e := sign(kp, []byte("te"), []byte("st"))
	if !must(name+"/sign", e) {
		return
	}
	expect(name+"/verify", verify(pk, sig, []byte("test")), 0)
	expect(name+"/verify-modified", verify(pk, sig, []byte("tesT")), eVerificationFailed)
	expect(name+"/publickey_verify", cPublickeyVerify(pk), 0)
	testKeyPairPKCS8(name, alg, kp)
	raw, e := exportSig(sig, sigRaw)
	expect(name+"/signature-raw", e, 0)
	s2, e := sigImport(alg, raw, sigRaw)
	expect(name+"/signature-raw-import", e, 0)
	expect(name+"/verify-raw-imported", verify(pk, s2, []byte("test")), 0)
	bad := append([]byte(nil), raw...)
	bad[len(bad)/3] ^= 0x10
	s3, e := sigImport(alg, bad, sigRaw)
	if e == 0 {
		expect(name+"/verify-tampered-signature", verify(pk, s3, []byte("test")), eVerificationFailed)
	} else {
		check(name+"/verify-tampered-signature", true)
	}
	_, e = sigImport(alg, raw[1:], sigRaw)
	expect(name+"/signature-raw-short", e, eInvalidSignature)
	if strings.HasPrefix(alg, "ECDSA") {
		size := map[string]int{"ECDSA_P256_SHA256": 64, "ECDSA_K256_SHA256": 64, "ECDSA_P384_SHA384": 96}[alg]
		check(name+"/raw-size", len(raw) == size, len(raw))
		der, e := exportSig(sig, sigDER)
		expect(name+"/signature-der", e, 0)
		s4, e := sigImport(alg, der, sigDER)
		expect(name+"/signature-der-import", e, 0)
		raw2, _ := exportSig(s4, sigRaw)
		check(name+"/der-raw-same", bytes.Equal(raw, raw2))
		_, e = sigImport(alg, append(der, 0), sigDER)
		expect(name+"/signature-der-trailing", e, eInvalidSignature)
		imp := func(t uint32) func(b []byte, enc uint32) (uint32, uint32) {
			return func(b []byte, enc uint32) (uint32, uint32) {
				switch t {
				case 0:
					return pkImport(tSig, alg, b, enc)
				case 1:
					return skImport(tSig, alg, b, enc)
				}
				return kpImport(tSig, alg, b, enc)
			}
		}
		for _, enc := range []uint32{encSEC, encPKCS8, encPEM} {
			roundTrip(fmt.Sprint(name, "/pk/enc", enc), exportPK, imp(0), pk, enc)
		}
		for _, enc := range []uint32{encRaw, encSEC, encPKCS8, encPEM} {
			roundTrip(fmt.Sprint(name, "/sk/enc", enc), exportSK, imp(1), sk, enc)
		}
		for _, enc := range []uint32{encRaw, encPKCS8, encPEM} {
			roundTrip(fmt.Sprint(name, "/kp/enc", enc), exportKP, imp(2), kp, enc)
		}
		sec, _ := exportPK(pk, encSEC)
		check(name+"/sec-uncompressed", len(sec) == size+1 && sec[0] == 4, len(sec))
		comp := append([]byte{2 | sec[len(sec)-1]&1}, sec[1:1+size/2]...)
		pc, e := pkImport(tSig, alg, comp, encSEC)
		expect(name+"/sec-compressed-import", e, 0)
		b, _ := exportPK(pc, encSEC)
		check(name+"/sec-compressed-same-key", bytes.Equal(b, sec))
		expect(name+"/verify-compressed-key", verify(pc, sig, []byte("test")), 0)
		off := append([]byte(nil), sec...)
		off[len(off)-1] ^= 1
		_, e = pkImport(tSig, alg, off, encSEC)
		expect(name+"/sec-not-on-curve", e, eInvalidKey)
		_, e = pkImport(tSig, alg, sec, encRaw)
		expect(name+"/pk-raw", e, eUnsupportedEncoding)
		skRaw, _ := exportSK(sk, encRaw)
		check(name+"/sk-raw-size", len(skRaw) == size/2, len(skRaw))
		_, e = skImport(tSig, alg, make([]byte, size/2), encRaw)
		expect(name+"/sk-zero", e, eInvalidKey)
		// a pkcs8 of another curve
		other := "ECDSA_P256_SHA256"
		if alg == other {
			other = "ECDSA_K256_SHA256"
		}
		okp, _ := kpGenerate(tSig, other)
		ob, _ := exportPK(kpPublic(okp), encPKCS8)
		_, e = pkImport(tSig, alg, ob, encPKCS8)
		expect(name+"/pkcs8-other-curve", e, eInvalidKey)
		cKeypairClose(okp)
	} else {
		encs := []uint32{encPKCS8, encPEM}
		if alg == "Ed25519" {
			encs = append(encs, encRaw)
		}
		for _, enc := range encs {
			roundTrip(fmt.Sprint(name, "/pk/enc", enc), exportPK, func(b []byte, enc uint32) (uint32, uint32) { return pkImport(tSig, alg, b, enc) }, pk, enc)
			roundTrip(fmt.Sprint(name, "/sk/enc", enc), exportSK, func(b []byte, enc uint32) (uint32, uint32) { return skImport(tSig, alg, b, enc) }, sk, enc)
			roundTrip(fmt.Sprint(name, "/kp/enc", enc), exportKP, func(b []byte, enc uint32) (uint32, uint32) { return kpImport(tSig, alg, b, enc) }, kp, enc)
		}
		if alg != "Ed25519" {
			_, e = exportPK(pk, encRaw)
			expect(name+"/pk-raw", e, eUnsupportedEncoding)
		}
		_, e = exportSig(sig, sigDER)
		expect(name+"/signature-der", e, eUnsupportedEncoding)
	}
	// keypair_from_pk_and_sk
	var kp2 out
	expect(name+"/keypair_from_pk_and_sk", cKeypairFromPkAndSk(pk, sk, kp2.p()), 0)
	s5, _ := sign(kp2.u32(), []byte("test"))
	expect(name+"/sign-rebuilt-keypair", verify(pk, s5, []byte("test")), 0)
	// signature state stays usable: a second sign covers everything absorbed
	var st out
	cSignatureStateOpen(kp, st.p())
	p, n := ss("ab")
	cSignatureStateUpdate(st.u32(), p, n)
	var sg1, sg2 out
	cSignatureStateSign(st.u32(), sg1.p())
	p, n = ss("cd")
	cSignatureStateUpdate(st.u32(), p, n)
	expect(name+"/second-sign", cSignatureStateSign(st.u32(), sg2.p()), 0)
	expect(name+"/second-sign-covers-all", verify(pk, sg2.u32(), []byte("abcd")), 0)
	expect(name+"/signature_state_close", cSignatureStateClose(st.u32()), 0)
	expect(name+"/signature_state_closed", cSignatureStateUpdate(st.u32(), p, n), eInvalidHandle)
	// closing the key pair keeps the secret key taken from it usable
	s6, _ := sign(kp2.u32(), []byte("x"))
	cKeypairClose(kp2.u32())
	expect(name+"/verify-after-close", verify(pk, s6, []byte("x")), 0)
	cSignatureClose(s6)
	cSignatureClose(s5)
	cSignatureClose(sg1.u32())
	cSignatureClose(sg2.u32())
	cSignatureClose(s2)
	cSignatureClose(sig)
	cSecretkeyClose(sk)
	cPublickeyClose(pk)
}

func testSignatures() {
	for _, alg := range []string{"ECDSA_P256_SHA256", "ECDSA_K256_SHA256", "ECDSA_P384_SHA384", "Ed25519"} {
		kp, e := kpGenerate(tSig, alg)
		if !must("sig/"+alg+"/generate", e) {
			continue
		}
		testSignatureAlg(alg, kp)
		cKeypairClose(kp)
	}
	// RSA: one key per size, generated once and imported for the others.
	keys := map[int][]byte{}
	for _, alg := range []string{
		"RSA_PKCS1_2048_SHA256", "RSA_PKCS1_2048_SHA384", "RSA_PKCS1_2048_SHA512", "RSA_PKCS1_3072_SHA384", "RSA_PKCS1_3072_SHA512", "RSA_PKCS1_4096_SHA512",
		"RSA_PSS_2048_SHA256", "RSA_PSS_2048_SHA384", "RSA_PSS_2048_SHA512", "RSA_PSS_3072_SHA384", "RSA_PSS_3072_SHA512", "RSA_PSS_4096_SHA512",
	} {
		var bits int
		fmt.Sscanf(alg[strings.LastIndex(alg[:len(alg)-7], "_")+1:], "%d", &bits)
		var kp uint32
		var e uint32
		if der, ok := keys[bits]; ok {
			kp, e = kpImport(tSig, alg, der, encPKCS8)
		} else {
			kp, e = kpGenerate(tSig, alg)
			if e == 0 {
				keys[bits], _ = exportKP(kp, encPKCS8)
			}
		}
		if !must("sig/"+alg+"/key", e) {
			continue
		}
		testSignatureAlg(alg, kp)
		cKeypairClose(kp)
	}
	_, e := kpImport(tSig, "RSA_PKCS1_3072_SHA384", keys[2048], encPKCS8)
	expect("sig/rsa-wrong-size", e, eInvalidKey)
	// algorithms and types
	_, e = kpGenerate(tSym, "Ed25519")
	expect("sig/symmetric-type", e, eInvalidOperation)
	_, e = kpGenerate(tSig, "FooBar")
	expect("sig/unknown", e, eUnsupportedAlgorithm)
	_, e = kpGenerate(tSig, "X25519")
	expect("sig/kx-name", e, eUnsupportedAlgorithm)
	_, e = kpGenerate(7, "Ed25519")
	expect("sig/bad-type", e, eUnsupportedAlgorithm)
	kp, e := kpGenerate(tSig, "ed25519")
	expect("sig/case-insensitive", e, 0)
	kx, _ := kpGenerate(tKx, "X25519")
	var st out
	expect("sig/kx-keypair", cSignatureStateOpen(kx, st.p()), eInvalidHandle)
	expect("sig/kx-publickey", cSignatureVerificationStateOpen(kpPublic(kx), st.p()), eInvalidHandle)
	// a signature of another algorithm
	e2, _ := kpGenerate(tSig, "ECDSA_P256_SHA256")
	s, _ := sign(e2, []byte("m"))
	expect("sig/other-algorithm", verify(kpPublic(kp), s, []byte("m")), eInvalidSignature)
	ep, _ := kpGenerate(tSig, "ECDSA_P256_SHA256")
	var kp3 out
	expect("sig/keypair_from_pk_and_sk-mismatch", cKeypairFromPkAndSk(kpPublic(ep), kpSecret(e2), kp3.p()), eInvalidKey)
	expect("sig/keypair_from_pk_and_sk-two-algorithms", cKeypairFromPkAndSk(kpPublic(kp), kpSecret(e2), kp3.p()), eIncompatibleKeys)
	cKeypairClose(kp)
	cKeypairClose(kx)
}

func testKx() {
	// RFC 7748 6.1
	ask, _ := skImport(tKx, "X25519", unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), encRaw)
	apk, _ := pkImport(tKx, "X25519", unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), encRaw)
	bsk, _ := skImport(tKx, "X25519", unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"), encRaw)
	bpk, _ := pkImport(tKx, "X25519", unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), encRaw)
	z1, e := dh(bpk, ask)
	expect("rfc7748/dh-a", e, 0)
	expectBytes("rfc7748/shared-a", z1, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
	z2, _ := dh(apk, bsk)
	expectBytes("rfc7748/shared-b", z2, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
	var p out
	cPublickeyFromSecretkey(ask, p.u32ptr())
	b, _ := exportPK(p.u32(), encRaw)
	expectBytes("rfc7748/public-of-secret", b, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
	kp, e := kpImport(tKx, "X25519", unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), encRaw)
	expect("x25519/keypair-raw-import", e, 0)
	b, _ = exportKP(kp, encRaw)
	expectBytes("x25519/keypair-raw", b, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
	expect("x25519/publickey_verify", cPublickeyVerify(apk), 0)
	for _, enc := range []uint32{encPKCS8, encPEM} {
		roundTrip(fmt.Sprint("x25519/pk/enc", enc), exportPK, func(b []byte, enc uint32) (uint32, uint32) { return pkImport(tKx, "X25519", b, enc) }, apk, enc)
		roundTrip(fmt.Sprint("x25519/sk/enc", enc), exportSK, func(b []byte, enc uint32) (uint32, uint32) { return skImport(tKx, "X25519", b, enc) }, ask, enc)
		roundTrip(fmt.Sprint("x25519/kp/enc", enc), exportKP, func(b []byte, enc uint32) (uint32, uint32) { return kpImport(tKx, "X25519", b, enc) }, kp, enc)
	}
	// RFC 8410 encodings of RFC 7748's key A, byte for byte.
	b, _ = exportPK(apk, encPKCS8)
	expectBytes("x25519/pk-spki", b, "302a300506032b656e0321008520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
	b, _ = exportSK(ask, encPKCS8)
	expectBytes("x25519/sk-pkcs8", b, "302e020100300506032b656e0422042077076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
	low, _ := pkImport(tKx, "X25519", make([]byte, 32), encRaw)
	_, e = dh(low, ask)
	expect("x25519/low-order", e, eInvalidKey)
	var o1, o2 out
	expect("kx/encapsulate", cKxEncapsulate(apk, o1.p(), o2.p()), eNotImplemented)
	cp, cl := sp(make([]byte, 32))
	expect("kx/decapsulate", cKxDecapsulate(ask, cp, cl, o1.p()), eNotImplemented)
	for _, v := range []struct {
		alg  string
		size int
	}{{"P256-SHA256", 32}, {"P384-SHA384", 48}} {
		a, e := kpGenerate(tKx, v.alg)
		if !must("kx/"+v.alg, e) {
			continue
		}
		bb, _ := kpGenerate(tKx, v.alg)
		z1, e1 := dh(kpPublic(bb), kpSecret(a))
		z2, e2 := dh(kpPublic(a), kpSecret(bb))
		check("kx/"+v.alg+"/agree", e1 == 0 && e2 == 0 && bytes.Equal(z1, z2) && len(z1) == v.size, "len ", len(z1))
		for _, enc := range []uint32{encSEC, encPKCS8, encPEM} {
			roundTrip(fmt.Sprint("kx/", v.alg, "/pk/enc", enc), exportPK, func(b []byte, enc uint32) (uint32, uint32) { return pkImport(tKx, v.alg, b, enc) }, kpPublic(a), enc)
		}
		for _, enc := range []uint32{encRaw, encPKCS8, encPEM} {
			roundTrip(fmt.Sprint("kx/", v.alg, "/kp/enc", enc), exportKP, func(b []byte, enc uint32) (uint32, uint32) { return kpImport(tKx, v.alg, b, enc) }, a, enc)
		}
		for _, enc := range []uint32{encRaw, encSEC, encPKCS8, encPEM} {
			roundTrip(fmt.Sprint("kx/", v.alg, "/sk/enc", enc), exportSK, func(b []byte, enc uint32) (uint32, uint32) { return skImport(tKx, v.alg, b, enc) }, kpSecret(a), enc)
		}
		skRaw, _ := exportSK(kpSecret(a), encRaw)
		check("kx/"+v.alg+"/sk-raw-size", len(skRaw) == v.size, len(skRaw))
		_, e = dh(apk, kpSecret(a))
		expect("kx/"+v.alg+"/two-algorithms", e, eInvalidKey)
		cKeypairClose(a)
		cKeypairClose(bb)
	}
	for _, v := range []struct {
		alg          string
		ekLen, ctLen int
	}{{"ML-KEM-768", 1184, 1088}, {"ML-KEM-1024", 1568, 1568}} {
		name := "kem/" + v.alg
		kp, e := kpGenerate(tKx, v.alg)
		if !must(name+"/generate", e) {
			continue
		}
		pk := kpPublic(kp)
		var so, co out
		expect(name+"/encapsulate", cKxEncapsulate(pk, so.p(), co.p()), 0)
		secret, _ := pull(so.u32())
		ct, _ := pull(co.u32())
		check(name+"/sizes", len(secret) == 32 && len(ct) == v.ctLen, len(secret), " ", len(ct))
		var do out
		cp, cl := sp(ct)
		expect(name+"/decapsulate", cKxDecapsulate(kpSecret(kp), cp, cl, do.p()), 0)
		got, _ := pull(do.u32())
		check(name+"/same-secret", bytes.Equal(got, secret))
		expect(name+"/decapsulate-short", cKxDecapsulate(kpSecret(kp), cp, cl-1, do.p()), eInvalidLength)
		ct[0] ^= 1
		cKxDecapsulate(kpSecret(kp), cp, cl, do.p())
		got, _ = pull(do.u32())
		check(name+"/implicit-rejection", len(got) == 32 && !bytes.Equal(got, secret))
		ek, _ := exportPK(pk, encRaw)
		check(name+"/ek-size", len(ek) == v.ekLen, len(ek))
		roundTrip(name+"/pk/raw", exportPK, func(b []byte, enc uint32) (uint32, uint32) { return pkImport(tKx, v.alg, b, enc) }, pk, encRaw)
		roundTrip(name+"/kp/raw", exportKP, func(b []byte, enc uint32) (uint32, uint32) { return kpImport(tKx, v.alg, b, enc) }, kp, encRaw)
		seed, _ := exportSK(kpSecret(kp), encRaw)
		check(name+"/seed-size", len(seed) == 64, len(seed))
		_, e = dh(pk, kpSecret(kp))
		expect(name+"/dh", e, eInvalidOperation)
		_, e = pkImport(tKx, v.alg, ek[1:], encRaw)
		expect(name+"/short-ek", e, eInvalidKey)
		cKeypairClose(kp)
	}
	sigkp, _ := kpGenerate(tSig, "Ed25519")
	_, e = dh(kpPublic(sigkp), ask)
	expect("kx/signature-key", e, eInvalidHandle)
	cKeypairClose(sigkp)
}

func (o *out) u32ptr() uint32 { return o.p() }
