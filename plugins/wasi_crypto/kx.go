package wasi_crypto

// The functions of wasi_ephemeral_crypto_kx. See
// https://github.com/WebAssembly/wasi-crypto/blob/main/witx/witx-0.10/wasi_ephemeral_crypto_kx.md
var kxFuncs = []hostFn{
	{"kx_dh", "iii", kxDH},
	{"kx_encapsulate", "iii", kxEncapsulate},
	{"kx_decapsulate", "iiii", kxDecapsulate},
}

// kxDH: kx_dh(publickey, secretkey, shared_secret_out ptr→array_output).
//
// X25519: 32 bytes; P256-SHA256: the 32-byte x-coordinate; P384-SHA384: the
// 48-byte x-coordinate (no hash is applied: the name's hash is for a KDF the
// guest runs).
//
// # Result (Errno)
//
// invalid_handle (not key-exchange keys), invalid_key (keys of two
// algorithms, or a low-order X25519 point), invalid_operation (ML-KEM keys),
// too_many_handles, algorithm_failure.
func kxDH(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[2]))
	if e != errSuccess {
		return e
	}
	pk, e := c.publicKey(p[0])
	if e != errSuccess {
		return e
	}
	sk, e := c.secretKey(p[1])
	if e != errSuccess {
		return e
	}
	if pk.alg.typ != algKeyExchange || sk.alg.typ != algKeyExchange {
		return errInvalidHandle
	}
	if pk.alg != sk.alg {
		return errInvalidKey
	}
	if sk.alg.dh == nil {
		return errInvalidOperation
	}
	z, e := sk.alg.dh(pk.pub, sk.sec.impl)
	if e != errSuccess {
		return e
	}
	return c.output(z, out)
}

// kxEncapsulate: kx_encapsulate(publickey, secret_out ptr→array_output, encapsulated_secret_out ptr→array_output).
//
// ML-KEM: a fresh 32-byte shared secret and its ciphertext.
//
// # Result (Errno)
//
// not_implemented (a Diffie-Hellman algorithm, as in WasmEdge),
// invalid_handle (not a key-exchange key), too_many_handles, overflow,
// algorithm_failure.
func kxEncapsulate(c *cryptoContext, g guest, p []uint64) errno {
	secretOut, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	ctOut, e := g.out32(u32(p[2]))
	if e != errSuccess {
		return e
	}
	pk, e := c.publicKey(p[0])
	if e != errSuccess {
		return e
	}
	if pk.alg.typ != algKeyExchange {
		return errInvalidHandle
	}
	if pk.alg.kem == nil {
		return errNotImplemented
	}
	shared, ct, e := pk.alg.kem.encapsulate(pk.pub)
	if e != errSuccess {
		return e
	}
	if e := c.output(shared, secretOut); e != errSuccess {
		return e
	}
	return c.output(ct, ctOut)
}

// kxDecapsulate: kx_decapsulate(secretkey, encapsulated_secret_ptr, encapsulated_secret_len, secret_out ptr).
//
// ML-KEM: the shared secret of the ciphertext (a ciphertext that was not
// made for the key gives an unrelated secret, FIPS 203's implicit
// rejection).
//
// # Result (Errno)
//
// invalid_length (a ciphertext of the wrong size), not_implemented (a
// Diffie-Hellman algorithm), invalid_handle, too_many_handles, overflow,
// algorithm_failure.
func kxDecapsulate(c *cryptoContext, g guest, p []uint64) errno {
	ct, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[3]))
	if e != errSuccess {
		return e
	}
	sk, e := c.secretKey(p[0])
	if e != errSuccess {
		return e
	}
	if sk.alg.typ != algKeyExchange {
		return errInvalidHandle
	}
	if sk.alg.kem == nil {
		return errNotImplemented
	}
	shared, e := sk.alg.kem.decapsulate(sk.sec.impl, ct)
	if e != errSuccess {
		return e
	}
	return c.output(shared, out)
}
