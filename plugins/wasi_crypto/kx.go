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
// # Result: invalid_handle (not key-exchange keys), invalid_key (keys of two
// algorithms, or a low-order X25519 point), too_many_handles,
// algorithm_failure.
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
	if pk.alg.dh == nil || sk.alg.dh == nil {
		return errInvalidHandle
	}
	if pk.alg != sk.alg {
		return errInvalidKey
	}
	z, e := sk.alg.dh(pk.pub, sk.sec.impl)
	if e != errSuccess {
		return e
	}
	return c.output(z, out)
}

// kxEncapsulate: kx_encapsulate(publickey, secret_out ptr, encapsulated_secret_out ptr).
//
// # Result: not_implemented (no implemented key-exchange algorithm is a
// KEM), invalid_handle, algorithm_failure.
func kxEncapsulate(c *cryptoContext, g guest, p []uint64) errno {
	if _, e := g.out32(u32(p[1])); e != errSuccess {
		return e
	}
	if _, e := g.out32(u32(p[2])); e != errSuccess {
		return e
	}
	pk, e := c.publicKey(p[0])
	if e != errSuccess {
		return e
	}
	if pk.alg.dh == nil {
		return errInvalidHandle
	}
	return errNotImplemented
}

// kxDecapsulate: kx_decapsulate(secretkey, encapsulated_secret_ptr, encapsulated_secret_len, secret_out ptr).
//
// # Result: not_implemented, invalid_handle, algorithm_failure.
func kxDecapsulate(c *cryptoContext, g guest, p []uint64) errno {
	if _, e := g.view(u32(p[1]), u32(p[2])); e != errSuccess {
		return e
	}
	if _, e := g.out32(u32(p[3])); e != errSuccess {
		return e
	}
	sk, e := c.secretKey(p[0])
	if e != errSuccess {
		return e
	}
	if sk.alg.dh == nil {
		return errInvalidHandle
	}
	return errNotImplemented
}
