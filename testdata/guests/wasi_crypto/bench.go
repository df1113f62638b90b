package main

// Exports for the plug-in's benchmarks (a reactor build): each runs one
// operation n times through the ABI and returns the first non-zero errno.

var (
	mib   = make([]byte, 1<<20)
	mibCT = make([]byte, 1<<20+16)
	msg64 = make([]byte, 64)
	bench struct {
		aesKey      uint32
		aesOpts     uint32
		edKP, edPK  uint32
		edSig       uint32
		xPK, xSK    uint32
		ecKP, ecPK  uint32
		ecSig       uint32
		initialized bool
	}
)

//go:wasmexport bench_setup
func benchSetup() uint32 {
	var e uint32
	if bench.aesKey, e = symKeyImport("AES-256-GCM", make([]byte, 32)); e != 0 {
		return e
	}
	bench.aesOpts = optionsOpen(tSym)
	if e = optionsSet(bench.aesOpts, "nonce", make([]byte, 12)); e != 0 {
		return e
	}
	if bench.edKP, e = kpGenerate(tSig, "Ed25519"); e != 0 {
		return e
	}
	bench.edPK = kpPublic(bench.edKP)
	if bench.edSig, e = sign(bench.edKP, msg64); e != 0 {
		return e
	}
	kx, e := kpGenerate(tKx, "X25519")
	if e != 0 {
		return e
	}
	bench.xSK = kpSecret(kx)
	kx2, _ := kpGenerate(tKx, "X25519")
	bench.xPK = kpPublic(kx2)
	if bench.ecKP, e = kpGenerate(tSig, "ECDSA_P256_SHA256"); e != 0 {
		return e
	}
	bench.ecPK = kpPublic(bench.ecKP)
	if bench.ecSig, e = sign(bench.ecKP, msg64); e != 0 {
		return e
	}
	return 0
}

//go:wasmexport bench_sha256
func benchSHA256(n int32) uint32 {
	for i := int32(0); i < n; i++ {
		st, e := symOpen("SHA-256", 0, 0, false, false)
		if e != 0 {
			return e
		}
		absorb(st, mib)
		if _, e := squeeze(st, 32); e != 0 {
			return e
		}
		cSymmetricStateClose(st)
	}
	return 0
}

//go:wasmexport bench_aes256gcm_seal
func benchAES256GCMSeal(n int32) uint32 {
	var size out
	for i := int32(0); i < n; i++ {
		st, e := symOpen("AES-256-GCM", bench.aesKey, bench.aesOpts, true, true)
		if e != 0 {
			return e
		}
		if e := cSymmetricStateEncrypt(st, ptr(mibCT), uint32(len(mibCT)), ptr(mib), uint32(len(mib)), size.p()); e != 0 {
			return e
		}
		cSymmetricStateClose(st)
	}
	return 0
}

//go:wasmexport bench_ed25519_sign
func benchEd25519Sign(n int32) uint32 {
	for i := int32(0); i < n; i++ {
		s, e := sign(bench.edKP, msg64)
		if e != 0 {
			return e
		}
		cSignatureClose(s)
	}
	return 0
}

//go:wasmexport bench_ed25519_verify
func benchEd25519Verify(n int32) uint32 {
	for i := int32(0); i < n; i++ {
		if e := verify(bench.edPK, bench.edSig, msg64); e != 0 {
			return e
		}
	}
	return 0
}

//go:wasmexport bench_x25519
func benchX25519(n int32) uint32 {
	var z [32]byte
	var o, got out
	for i := int32(0); i < n; i++ {
		if e := cKxDh(bench.xPK, bench.xSK, o.p()); e != 0 {
			return e
		}
		if e := cArrayOutputPull(o.u32(), ptr(z[:]), 32, got.p()); e != 0 {
			return e
		}
	}
	return 0
}

//go:wasmexport bench_ecdsa_p256_sign
func benchECDSAP256Sign(n int32) uint32 {
	for i := int32(0); i < n; i++ {
		s, e := sign(bench.ecKP, msg64)
		if e != 0 {
			return e
		}
		cSignatureClose(s)
	}
	return 0
}

//go:wasmexport bench_ecdsa_p256_verify
func benchECDSAP256Verify(n int32) uint32 {
	for i := int32(0); i < n; i++ {
		if e := verify(bench.ecPK, bench.ecSig, msg64); e != 0 {
			return e
		}
	}
	return 0
}
