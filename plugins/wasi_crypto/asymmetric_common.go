package wasi_crypto

// The functions of wasi_ephemeral_crypto_asymmetric_common. See
// https://github.com/WebAssembly/wasi-crypto/blob/main/witx/witx-0.10/wasi_ephemeral_crypto_asymmetric_common.md
var asymmetricCommonFuncs = []hostFn{
	{"keypair_generate", "iiiii", keypairGenerate},
	{"keypair_import", "iiiiiii", keypairImport},
	{"keypair_generate_managed", "iiiiii", keypairGenerateManaged},
	{"keypair_store_managed", "iiii", keypairStoreManaged},
	{"keypair_replace_managed", "iiii", keypairReplaceManaged},
	{"keypair_id", "iiiii", keypairID},
	{"keypair_from_id", "iiiIi", keypairFromID},
	{"keypair_from_pk_and_sk", "iii", keypairFromPkAndSk},
	{"keypair_export", "iii", keypairExport},
	{"keypair_publickey", "ii", keypairPublickey},
	{"keypair_secretkey", "ii", keypairSecretkey},
	{"keypair_close", "i", keypairClose},
	{"publickey_import", "iiiiiii", publickeyImport},
	{"publickey_export", "iii", publickeyExport},
	{"publickey_verify", "i", publickeyVerify},
	{"publickey_from_secretkey", "ii", publickeyFromSecretkey},
	{"publickey_close", "i", publickeyClose},
	{"secretkey_import", "iiiiiii", secretkeyImport},
	{"secretkey_export", "iii", secretkeyExport},
	{"secretkey_close", "i", secretkeyClose},
}

// algArg decodes an (algorithm_type, name_ptr, name_len) triple.
func algArg(g guest, t, ptr, n uint64) (*asymAlg, errno) {
	name, e := g.str(u32(ptr), u32(n))
	if e != errSuccess {
		return nil, e
	}
	return lookupAsym(algType(u32(t)), name)
}

func (c *cryptoContext) put(k kind, obj object, out slot32) errno {
	h, e := c.add(k, obj, 0)
	if e == errSuccess {
		out.put(h)
	}
	return e
}

func (c *cryptoContext) keyPair(h uint64) (*keyPair, errno) {
	o, e := c.get(u32(h), kindKeyPair)
	if e != errSuccess {
		return nil, e
	}
	return o.(*keyPair), errSuccess
}

func (c *cryptoContext) publicKey(h uint64) (*publicKey, errno) {
	o, e := c.get(u32(h), kindPublicKey)
	if e != errSuccess {
		return nil, e
	}
	return o.(*publicKey), errSuccess
}

func (c *cryptoContext) secretKey(h uint64) (*secretKey, errno) {
	o, e := c.get(u32(h), kindSecretKey)
	if e != errSuccess {
		return nil, e
	}
	return o.(*secretKey), errSuccess
}

// keypairGenerate: keypair_generate(algorithm_type, alg_ptr, alg_len, opt_options ptr, keypair_out ptr).
//
// # Result (Errno)
//
// invalid_operation (symmetric), unsupported_algorithm,
// invalid_handle (options of another category), too_many_handles,
// rng_error, algorithm_failure.
func keypairGenerate(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[4]))
	if e != errSuccess {
		return e
	}
	a, e := algArg(g, p[0], p[1], p[2])
	if e != errSuccess {
		return e
	}
	if _, e := optionsOf(c, g, u32(p[3]), a.typ); e != errSuccess {
		return e
	}
	s, e := a.keys.generate()
	if e != errSuccess {
		return e
	}
	return c.put(kindKeyPair, &keyPair{a, newSecret(s)}, out)
}

// keypairImport: keypair_import(algorithm_type, alg_ptr, alg_len, encoded_ptr, encoded_len, encoding, keypair_out ptr).
//
// # Result (Errno)
//
// invalid_operation, unsupported_algorithm, unsupported_encoding,
// invalid_key, too_many_handles, algorithm_failure.
func keypairImport(c *cryptoContext, g guest, p []uint64) errno {
	return importKey(c, g, p, kindKeyPair, func(a *asymAlg, enc uint32, b []byte) (object, errno) {
		s, e := a.keys.importKeyPair(enc, b)
		if e != errSuccess {
			return nil, e
		}
		return &keyPair{a, newSecret(s)}, errSuccess
	})
}

// The managed-key functions: there is no secrets manager.
//
// # Result (Errno)
//
// unsupported_feature, algorithm_failure (a pointer outside memory).
func keypairGenerateManaged(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[2], p[3]}, ptr8(p[4]), ptr4(p[5]))
}
func keypairStoreManaged(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[2], p[3]})
}
func keypairReplaceManaged(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, ptr8(p[3]))
}
func keypairID(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[1], p[2]}, ptr4(p[3]), ptr8(p[4]))
}
func keypairFromID(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[1], p[2]}, ptr4(p[4]))
}

// keypairFromPkAndSk: keypair_from_pk_and_sk(publickey, secretkey, keypair_out ptr).
//
// # Result (Errno)
//
// incompatible_keys (keys of two algorithms), invalid_key (the
// public key is not the secret key's), invalid_handle, too_many_handles,
// algorithm_failure.
func keypairFromPkAndSk(c *cryptoContext, g guest, p []uint64) errno {
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
	if pk.alg != sk.alg {
		return errIncompatibleKeys
	}
	if !constantTimeEqual(pk.pub.raw(), sk.sec.impl.public().raw()) {
		return errInvalidKey
	}
	return c.put(kindKeyPair, &keyPair{sk.alg, sk.sec.share()}, out)
}

// keypairExport: keypair_export(keypair, encoding, array_output_out ptr).
//
// # Result (Errno)
//
// unsupported_encoding, invalid_handle, too_many_handles, overflow,
// algorithm_failure.
func keypairExport(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[2]))
	if e != errSuccess {
		return e
	}
	kp, e := c.keyPair(p[0])
	if e != errSuccess {
		return e
	}
	b, e := kp.sec.impl.exportKeyPair(u32(p[1]))
	if e != errSuccess {
		return e
	}
	return c.output(b, out)
}

// keypairPublickey: keypair_publickey(keypair, publickey_out ptr).
//
// # Result (Errno)
//
// invalid_handle, too_many_handles, algorithm_failure.
func keypairPublickey(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	kp, e := c.keyPair(p[0])
	if e != errSuccess {
		return e
	}
	return c.put(kindPublicKey, &publicKey{kp.alg, kp.sec.impl.public()}, out)
}

// keypairSecretkey: keypair_secretkey(keypair, secretkey_out ptr).
//
// # Result (Errno)
//
// invalid_handle, too_many_handles, algorithm_failure.
func keypairSecretkey(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	kp, e := c.keyPair(p[0])
	if e != errSuccess {
		return e
	}
	return c.put(kindSecretKey, &secretKey{kp.alg, kp.sec.share()}, out)
}

// keypairClose: keypair_close(keypair). The secret is wiped when no
// secret key handle shares it.
//
// # Result (Errno)
//
// closed.
func keypairClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindKeyPair)
}

// publickeyImport: publickey_import(algorithm_type, alg_ptr, alg_len, encoded_ptr, encoded_len, encoding, publickey_out ptr).
//
// # Result (Errno)
//
// invalid_operation, unsupported_algorithm, unsupported_encoding,
// invalid_key, too_many_handles, algorithm_failure.
func publickeyImport(c *cryptoContext, g guest, p []uint64) errno {
	return importKey(c, g, p, kindPublicKey, func(a *asymAlg, enc uint32, b []byte) (object, errno) {
		s, e := a.keys.importPublic(enc, b)
		if e != errSuccess {
			return nil, e
		}
		return &publicKey{a, s}, errSuccess
	})
}

// publickeyExport: publickey_export(publickey, encoding, array_output_out ptr).
//
// # Result (Errno)
//
// unsupported_encoding, invalid_handle, too_many_handles, overflow,
// algorithm_failure.
func publickeyExport(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[2]))
	if e != errSuccess {
		return e
	}
	pk, e := c.publicKey(p[0])
	if e != errSuccess {
		return e
	}
	b, e := pk.pub.export(u32(p[1]))
	if e != errSuccess {
		return e
	}
	return c.output(b, out)
}

// publickeyVerify: publickey_verify(publickey). Whether the key is valid.
//
// # Result (Errno)
//
// invalid_key, invalid_handle.
func publickeyVerify(c *cryptoContext, _ guest, p []uint64) errno {
	pk, e := c.publicKey(p[0])
	if e != errSuccess {
		return e
	}
	return pk.pub.check()
}

// publickeyFromSecretkey: publickey_from_secretkey(secretkey, publickey_out ptr).
//
// # Result (Errno)
//
// invalid_handle, too_many_handles, algorithm_failure.
func publickeyFromSecretkey(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	sk, e := c.secretKey(p[0])
	if e != errSuccess {
		return e
	}
	return c.put(kindPublicKey, &publicKey{sk.alg, sk.sec.impl.public()}, out)
}

// publickeyClose: publickey_close(publickey).
//
// # Result (Errno)
//
// closed.
func publickeyClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindPublicKey)
}

// secretkeyImport: secretkey_import(algorithm_type, alg_ptr, alg_len, encoded_ptr, encoded_len, encoding, secretkey_out ptr).
//
// # Result (Errno)
//
// invalid_operation, unsupported_algorithm, unsupported_encoding,
// invalid_key, too_many_handles, algorithm_failure.
func secretkeyImport(c *cryptoContext, g guest, p []uint64) errno {
	return importKey(c, g, p, kindSecretKey, func(a *asymAlg, enc uint32, b []byte) (object, errno) {
		s, e := a.keys.importSecret(enc, b)
		if e != errSuccess {
			return nil, e
		}
		return &secretKey{a, newSecret(s)}, errSuccess
	})
}

// secretkeyExport: secretkey_export(secretkey, encoding, array_output_out ptr).
//
// # Result (Errno)
//
// unsupported_encoding, invalid_handle, too_many_handles, overflow,
// algorithm_failure.
func secretkeyExport(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[2]))
	if e != errSuccess {
		return e
	}
	sk, e := c.secretKey(p[0])
	if e != errSuccess {
		return e
	}
	b, e := sk.sec.impl.export(u32(p[1]))
	if e != errSuccess {
		return e
	}
	return c.output(b, out)
}

// secretkeyClose: secretkey_close(secretkey).
//
// # Result (Errno)
//
// closed.
func secretkeyClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindSecretKey)
}

// importKey decodes the arguments of keypair_import, publickey_import and
// secretkey_import (algorithm_type, alg_ptr, alg_len, encoded_ptr,
// encoded_len, encoding, out) and stores what imp makes as a handle of kind k.
func importKey(c *cryptoContext, g guest, p []uint64, k kind, imp func(a *asymAlg, enc uint32, b []byte) (object, errno)) errno {
	b, e := g.view(u32(p[3]), u32(p[4]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[6]))
	if e != errSuccess {
		return e
	}
	a, e := algArg(g, p[0], p[1], p[2])
	if e != errSuccess {
		return e
	}
	obj, e := imp(a, u32(p[5]), b)
	if e != errSuccess {
		return e
	}
	return c.put(k, obj, out)
}
