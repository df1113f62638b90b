package wasi_crypto

// The functions of wasi_ephemeral_crypto_signatures. See
// https://github.com/WebAssembly/wasi-crypto/blob/main/witx/witx-0.10/wasi_ephemeral_crypto_signatures.md
var signaturesFuncs = []hostFn{
	{"signature_export", "iii", signatureExport},
	{"signature_import", "iiiiii", signatureImport},
	{"signature_state_open", "ii", signatureStateOpen},
	{"signature_state_update", "iii", signatureStateUpdate},
	{"signature_state_sign", "ii", signatureStateSign},
	{"signature_state_close", "i", signatureStateClose},
	{"signature_verification_state_open", "ii", signatureVerificationStateOpen},
	{"signature_verification_state_update", "iii", signatureVerificationStateUpdate},
	{"signature_verification_state_verify", "ii", signatureVerificationStateVerify},
	{"signature_verification_state_close", "i", signatureVerificationStateClose},
	{"signature_close", "i", signatureClose},
}

type signState struct {
	alg *asymAlg
	sec *secret
	s   signer
}

func (s *signState) close() { s.s.wipe(); s.sec.release() }

type verifyState struct {
	alg *asymAlg
	v   verifier
}

func (v *verifyState) close() { v.v.wipe() }

func (c *cryptoContext) signature(h uint64) (*signature, errno) {
	o, e := c.get(u32(h), kindSignature)
	if e != errSuccess {
		return nil, e
	}
	return o.(*signature), errSuccess
}

// signatureExport: signature_export(signature, encoding, array_output_out ptr).
//
// raw: ECDSA r ‖ s (each the curve's size), Ed25519's 64 bytes, RSA's
// modulus-sized integer; der (ECDSA only): the DER SEQUENCE.
//
// # Result (Errno)
//
// unsupported_encoding, invalid_handle, too_many_handles,
// algorithm_failure.
func signatureExport(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[2]))
	if e != errSuccess {
		return e
	}
	s, e := c.signature(p[0])
	if e != errSuccess {
		return e
	}
	b, e := s.alg.sig.exportSig(s.raw, u32(p[1]))
	if e != errSuccess {
		return e
	}
	return c.output(b, out)
}

// signatureImport: signature_import(alg_ptr, alg_len, encoded_ptr, encoded_len, encoding, signature_out ptr).
//
// # Result (Errno)
//
// unsupported_algorithm, unsupported_encoding, invalid_signature
// (a wrong length, a DER encoding that is not strict), too_many_handles,
// algorithm_failure.
func signatureImport(c *cryptoContext, g guest, p []uint64) errno {
	name, e := g.str(u32(p[0]), u32(p[1]))
	if e != errSuccess {
		return e
	}
	b, e := g.view(u32(p[2]), u32(p[3]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[5]))
	if e != errSuccess {
		return e
	}
	a, e := lookupAsym(algSignatures, name)
	if e != errSuccess {
		return e
	}
	raw, e := a.sig.importSig(u32(p[4]), b)
	if e != errSuccess {
		return e
	}
	return c.putSized(kindSignature, &signature{a, raw}, len(raw), out)
}

func (c *cryptoContext) putSized(k kind, obj object, n int, out slot32) errno {
	h, e := c.add(k, obj, n)
	if e == errSuccess {
		out.put(h)
	}
	return e
}

// signatureStateOpen: signature_state_open(keypair, state_out ptr).
//
// # Result (Errno)
//
// invalid_handle (not a signature key pair), too_many_handles,
// algorithm_failure.
func signatureStateOpen(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	kp, e := c.keyPair(p[0])
	if e != errSuccess {
		return e
	}
	if kp.alg.sig == nil {
		return errInvalidHandle
	}
	return c.put(kindSignatureState, &signState{kp.alg, kp.sec.share(), kp.alg.sig.newSigner(kp.sec.impl)}, out)
}

// signatureStateUpdate: signature_state_update(state, input_ptr, input_len).
//
// # Result (Errno)
//
// overflow (the budget, for Ed25519, which buffers the message),
// invalid_handle, algorithm_failure.
func signatureStateUpdate(c *cryptoContext, g guest, p []uint64) errno {
	b, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	o, e := c.get(u32(p[0]), kindSignatureState)
	if e != errSuccess {
		return e
	}
	st := o.(*signState)
	if st.s.retains() {
		if e := c.charge(u32(p[0]), len(b)); e != errSuccess {
			return e
		}
	}
	st.s.update(b)
	return errSuccess
}

// signatureStateSign: signature_state_sign(state, signature_out ptr→signature).
//
// Signs everything absorbed since the state was opened; the state stays
// usable. The result is a signature handle (as in WasmEdge and the
// proposal's reference implementation; the witx says array_output).
//
// # Result (Errno)
//
// invalid_handle, too_many_handles, algorithm_failure.
func signatureStateSign(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	o, e := c.get(u32(p[0]), kindSignatureState)
	if e != errSuccess {
		return e
	}
	st := o.(*signState)
	raw, e := st.s.sign()
	if e != errSuccess {
		return e
	}
	return c.putSized(kindSignature, &signature{st.alg, raw}, len(raw), out)
}

// signatureStateClose: signature_state_close(state).
//
// # Result (Errno)
//
// closed.
func signatureStateClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindSignatureState)
}

// signatureVerificationStateOpen: signature_verification_state_open(publickey, state_out ptr).
//
// # Result (Errno)
//
// invalid_handle (not a signature public key), too_many_handles,
// algorithm_failure.
func signatureVerificationStateOpen(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	pk, e := c.publicKey(p[0])
	if e != errSuccess {
		return e
	}
	if pk.alg.sig == nil {
		return errInvalidHandle
	}
	return c.put(kindVerificationState, &verifyState{pk.alg, pk.alg.sig.newVerifier(pk.pub)}, out)
}

// signatureVerificationStateUpdate: signature_verification_state_update(state, input_ptr, input_len).
//
// # Result (Errno)
//
// overflow, invalid_handle, algorithm_failure.
func signatureVerificationStateUpdate(c *cryptoContext, g guest, p []uint64) errno {
	b, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	o, e := c.get(u32(p[0]), kindVerificationState)
	if e != errSuccess {
		return e
	}
	st := o.(*verifyState)
	if st.v.retains() {
		if e := c.charge(u32(p[0]), len(b)); e != errSuccess {
			return e
		}
	}
	st.v.update(b)
	return errSuccess
}

// signatureVerificationStateVerify: signature_verification_state_verify(state, signature).
//
// # Result (Errno)
//
// verification_failed, invalid_signature (a signature of another
// algorithm, or of the wrong size for the key), invalid_handle.
func signatureVerificationStateVerify(c *cryptoContext, _ guest, p []uint64) errno {
	o, e := c.get(u32(p[0]), kindVerificationState)
	if e != errSuccess {
		return e
	}
	st := o.(*verifyState)
	s, e := c.signature(p[1])
	if e != errSuccess {
		return e
	}
	if s.alg != st.alg {
		return errInvalidSignature
	}
	return st.v.verify(s.raw)
}

// signatureVerificationStateClose: signature_verification_state_close(state).
//
// # Result (Errno)
//
// closed.
func signatureVerificationStateClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindVerificationState)
}

// signatureClose: signature_close(signature).
//
// # Result (Errno)
//
// closed.
func signatureClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindSignature)
}
