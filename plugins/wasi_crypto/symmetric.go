package wasi_crypto

// The functions of wasi_ephemeral_crypto_symmetric. See
// https://github.com/WebAssembly/wasi-crypto/blob/main/witx/witx-0.10/wasi_ephemeral_crypto_symmetric.md
var symmetricFuncs = []hostFn{
	{"symmetric_key_generate", "iiii", symmetricKeyGenerate},
	{"symmetric_key_import", "iiiii", symmetricKeyImport},
	{"symmetric_key_export", "ii", symmetricKeyExport},
	{"symmetric_key_close", "i", symmetricKeyClose},
	{"symmetric_key_generate_managed", "iiiii", symmetricKeyGenerateManaged},
	{"symmetric_key_store_managed", "iiii", symmetricKeyStoreManaged},
	{"symmetric_key_replace_managed", "iiii", symmetricKeyReplaceManaged},
	{"symmetric_key_id", "iiiii", symmetricKeyID},
	{"symmetric_key_from_id", "iiiIi", symmetricKeyFromID},
	{"symmetric_state_open", "iiiii", symmetricStateOpen},
	{"symmetric_state_clone", "ii", symmetricStateClone},
	{"symmetric_state_options_get", "iiiiii", symmetricStateOptionsGet},
	{"symmetric_state_options_get_u64", "iiii", symmetricStateOptionsGetU64},
	{"symmetric_state_close", "i", symmetricStateClose},
	{"symmetric_state_absorb", "iii", symmetricStateAbsorb},
	{"symmetric_state_squeeze", "iii", symmetricStateSqueeze},
	{"symmetric_state_squeeze_tag", "ii", symmetricStateSqueezeTag},
	{"symmetric_state_squeeze_key", "iiii", symmetricStateSqueezeKey},
	{"symmetric_state_max_tag_len", "ii", symmetricStateMaxTagLen},
	{"symmetric_state_encrypt", "iiiiii", symmetricStateEncrypt},
	{"symmetric_state_encrypt_detached", "iiiiii", symmetricStateEncryptDetached},
	{"symmetric_state_decrypt", "iiiiii", symmetricStateDecrypt},
	{"symmetric_state_decrypt_detached", "iiiiiiii", symmetricStateDecryptDetached},
	{"symmetric_state_ratchet", "i", symmetricStateRatchet},
	{"symmetric_tag_len", "ii", symmetricTagLen},
	{"symmetric_tag_pull", "iiii", symmetricTagPull},
	{"symmetric_tag_verify", "iii", symmetricTagVerify},
	{"symmetric_tag_close", "i", symmetricTagClose},
}

// newSymKey stores key bytes as a key of a and writes the handle to out.
func (c *cryptoContext) newSymKey(a *symAlg, b []byte, out slot32) errno {
	h, e := c.add(kindSymmetricKey, &symKey{alg: a, b: b}, len(b))
	if e == errSuccess {
		out.put(h)
	}
	return e
}

// symmetricKeyGenerate: symmetric_key_generate(alg_ptr, alg_len, opt_options ptr, key_out ptr).
//
// # Result (Errno)
//
// unsupported_algorithm, key_not_supported (hashes),
// unsupported_feature (HKDF-EXPAND: derive its key with HKDF-EXTRACT),
// invalid_handle (options not symmetric), too_many_handles, overflow,
// algorithm_failure.
func symmetricKeyGenerate(c *cryptoContext, g guest, p []uint64) errno {
	name, e := g.str(u32(p[0]), u32(p[1]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[3]))
	if e != errSuccess {
		return e
	}
	if _, e := optionsOf(c, g, u32(p[2]), algSymmetric); e != errSuccess {
		return e
	}
	a, e := lookupSym(name)
	if e != errSuccess {
		return e
	}
	k, e := generateSymKey(a)
	if e != errSuccess {
		return e
	}
	return c.newSymKey(a, k, out)
}

// symmetricKeyImport: symmetric_key_import(alg_ptr, alg_len, raw_ptr, raw_len, key_out ptr).
//
// # Result (Errno)
//
// unsupported_algorithm, key_not_supported (hashes), invalid_key
// (AEAD keys of the wrong length, HKDF-EXPAND keys shorter than the hash),
// too_many_handles, overflow, algorithm_failure.
func symmetricKeyImport(c *cryptoContext, g guest, p []uint64) errno {
	name, e := g.str(u32(p[0]), u32(p[1]))
	if e != errSuccess {
		return e
	}
	raw, e := g.bytes(u32(p[2]), u32(p[3]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[4]))
	if e != errSuccess {
		return e
	}
	a, e := lookupSym(name)
	if e != errSuccess {
		return e
	}
	if !a.keyed {
		return errKeyNotSupported
	}
	if a.checkKey != nil {
		if e := a.checkKey(a, raw); e != errSuccess {
			clear(raw)
			return e
		}
	}
	return c.newSymKey(a, raw, out)
}

// symmetricKeyExport: symmetric_key_export(key, array_output_out ptr). The raw key bytes.
//
// # Result (Errno)
//
// invalid_handle, too_many_handles, overflow, algorithm_failure.
func symmetricKeyExport(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	o, e := c.get(u32(p[0]), kindSymmetricKey)
	if e != errSuccess {
		return e
	}
	return c.output(append([]byte(nil), o.(*symKey).b...), out)
}

// symmetricKeyClose: symmetric_key_close(key). The key bytes are zeroed.
//
// # Result (Errno)
//
// closed.
func symmetricKeyClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindSymmetricKey)
}

// The managed-key functions: there is no secrets manager, so each checks its
// pointers and returns unsupported_feature.
func symmetricKeyGenerateManaged(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[1], p[2]}, ptr8(p[3]), ptr4(p[4]))
}
func symmetricKeyStoreManaged(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[2], p[3]})
}
func symmetricKeyReplaceManaged(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, ptr8(p[3]))
}
func symmetricKeyID(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[1], p[2]}, ptr4(p[3]), ptr8(p[4]))
}
func symmetricKeyFromID(_ *cryptoContext, g guest, p []uint64) errno {
	return unsupported(g, span{p[1], p[2]}, ptr4(p[4]))
}

// span is a guest (ptr, len) pair of stack values.
type span [2]uint64

func ptr4(p uint64) span { return span{p, 4} }
func ptr8(p uint64) span { return span{p, 8} }

// unsupported checks the ranges and returns unsupported_feature.
func unsupported(g guest, ranges ...span) errno {
	for _, r := range ranges {
		if _, e := g.view(u32(r[0]), u32(r[1])); e != errSuccess {
			return e
		}
	}
	return errUnsupportedFeature
}

// symmetricStateOpen: symmetric_state_open(alg_ptr, alg_len, opt_symmetric_key ptr, opt_options ptr, state_out ptr).
//
// # Result (Errno)
//
// unsupported_algorithm; key_required (a keyed algorithm without a
// key), key_not_supported (a hash given a key), invalid_key (a key of
// another algorithm); invalid_handle (a bad key or options handle, options
// not symmetric); nonce_required (an AEAD without a nonce option),
// invalid_nonce (a nonce of the wrong length); too_many_handles, overflow,
// algorithm_failure.
func symmetricStateOpen(c *cryptoContext, g guest, p []uint64) errno {
	name, e := g.str(u32(p[0]), u32(p[1]))
	if e != errSuccess {
		return e
	}
	kh, hasKey, e := g.optHandle(u32(p[2]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[4]))
	if e != errSuccess {
		return e
	}
	opts, e := optionsOf(c, g, u32(p[3]), algSymmetric)
	if e != errSuccess {
		return e
	}
	a, e := lookupSym(name)
	if e != errSuccess {
		return e
	}
	var key []byte
	if hasKey {
		o, e := c.get(kh, kindSymmetricKey)
		if e != errSuccess {
			return e
		}
		k := o.(*symKey)
		if !a.keyed {
			return errKeyNotSupported
		}
		if k.alg != a {
			return errInvalidKey
		}
		key = append([]byte(nil), k.b...)
	} else if a.keyed {
		return errKeyRequired
	}
	st, e := a.open(a, key, opts.clone())
	if e != errSuccess {
		return e
	}
	h, e := c.add(kindSymmetricState, st, len(key)+opts.size())
	if e == errSuccess {
		out.put(h)
	}
	return e
}

func (c *cryptoContext) symState(h uint64) (symState, errno) {
	o, e := c.get(u32(h), kindSymmetricState)
	if e != errSuccess {
		return nil, e
	}
	return o.(symState), errSuccess
}

// symmetricStateClone: symmetric_state_clone(state, state_out ptr).
//
// # Result (Errno)
//
// invalid_handle, too_many_handles, overflow, algorithm_failure.
func symmetricStateClone(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	n, e := st.clone()
	if e != errSuccess {
		return e
	}
	h, e := c.add(kindSymmetricState, n, c.live[u32(p[0])].bytes)
	if e == errSuccess {
		out.put(h)
	}
	return e
}

// optionName reads an option name for options_get*.
func optionName(g guest, ptr, n uint64) (string, errno) { return g.str(u32(ptr), u32(n)) }

// symmetricStateOptionsGet: symmetric_state_options_get(state, name_ptr, name_len, value_ptr, value_max_len, size_out ptr).
//
// Returns a byte option ("context", "salt", "nonce") the state was opened with.
//
// # Result (Errno)
//
// unsupported_option (another name), option_not_set, overflow
// (value_max_len too small), invalid_handle, algorithm_failure.
func symmetricStateOptionsGet(c *cryptoContext, g guest, p []uint64) errno {
	name, e := optionName(g, p[1], p[2])
	if e != errSuccess {
		return e
	}
	buf, e := g.view(u32(p[3]), u32(p[4]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[5]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	if !byteOptions[name] {
		return errUnsupportedOption
	}
	o := st.opts()
	if o == nil {
		return errOptionNotSet
	}
	v, ok := o.values[name]
	if !ok {
		return errOptionNotSet
	}
	if len(v) > len(buf) {
		return errOverflow
	}
	out.put(uint32(copy(buf, v)))
	return errSuccess
}

// symmetricStateOptionsGetU64: symmetric_state_options_get_u64(state, name_ptr, name_len, value_out ptr→u64).
//
// # Result (Errno)
//
// unsupported_option, option_not_set, invalid_handle, algorithm_failure.
func symmetricStateOptionsGetU64(c *cryptoContext, g guest, p []uint64) errno {
	name, e := optionName(g, p[1], p[2])
	if e != errSuccess {
		return e
	}
	out, e := g.out64(u32(p[3]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	if !u64Options[name] {
		return errUnsupportedOption
	}
	o := st.opts()
	if o == nil {
		return errOptionNotSet
	}
	v, ok := o.u64s[name]
	if !ok {
		return errOptionNotSet
	}
	out.put(v)
	return errSuccess
}

// symmetricStateClose: symmetric_state_close(state). Secrets are zeroed.
//
// # Result (Errno)
//
// closed.
func symmetricStateClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindSymmetricState)
}

// symmetricStateAbsorb: symmetric_state_absorb(state, data_ptr, data_len).
//
// Hash and MAC input, HKDF salt (EXTRACT) or info (EXPAND), AEAD additional
// data.
//
// # Result (Errno)
//
// invalid_operation, overflow (the budget, for data a state
// keeps), invalid_handle, algorithm_failure.
func symmetricStateAbsorb(c *cryptoContext, g guest, p []uint64) errno {
	data, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	if st.retains() {
		if e := c.charge(u32(p[0]), len(data)); e != errSuccess {
			return e
		}
	}
	return st.absorb(data)
}

// symmetricStateSqueeze: symmetric_state_squeeze(state, out_ptr, out_len).
//
// A hash's digest (truncated to out_len), HKDF-EXPAND's output key material.
//
// # Result (Errno)
//
// invalid_length (longer than the digest, or than HKDF allows),
// invalid_operation, invalid_handle, algorithm_failure.
func symmetricStateSqueeze(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	return st.squeeze(out)
}

// symmetricStateSqueezeTag: symmetric_state_squeeze_tag(state, tag_out ptr). A MAC's tag.
//
// # Result (Errno)
//
// invalid_operation, invalid_handle, too_many_handles, algorithm_failure.
func symmetricStateSqueezeTag(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	t, e := st.squeezeTag()
	if e != errSuccess {
		return e
	}
	return c.newTag(t, out)
}

func (c *cryptoContext) newTag(t []byte, out slot32) errno {
	h, e := c.add(kindSymmetricTag, &symTag{b: t}, len(t))
	if e == errSuccess {
		out.put(h)
	}
	return e
}

// symmetricStateSqueezeKey: symmetric_state_squeeze_key(state, alg_ptr, alg_len, key_out ptr).
//
// HKDF-EXTRACT's pseudorandom key, as a key of the HKDF-EXPAND of the same hash.
//
// # Result (Errno)
//
// unsupported_algorithm (an unknown algorithm, or not the
// matching HKDF-EXPAND), invalid_operation, invalid_handle,
// too_many_handles, algorithm_failure.
func symmetricStateSqueezeKey(c *cryptoContext, g guest, p []uint64) errno {
	name, e := g.str(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[3]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	a, e := lookupSym(name)
	if e != errSuccess {
		return e
	}
	k, e := st.squeezeKey(a)
	if e != errSuccess {
		return e
	}
	return c.newSymKey(a, k, out)
}

// symmetricStateMaxTagLen: symmetric_state_max_tag_len(state, size_out ptr→u32). 16 for the AEADs.
//
// # Result (Errno)
//
// invalid_operation, invalid_handle, algorithm_failure.
func symmetricStateMaxTagLen(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	n, e := st.maxTagLen()
	if e == errSuccess {
		out.put(uint32(n))
	}
	return e
}

// inputFor returns the data span, copied when it overlaps the output other
// than exactly (Go's AEADs accept only exact overlap).
func inputFor(g guest, outPtr, outLen, dataPtr, dataLen uint32) ([]byte, errno) {
	if outPtr != dataPtr && overlap(outPtr, outLen, dataPtr, dataLen) {
		return g.bytes(dataPtr, dataLen)
	}
	return g.view(dataPtr, dataLen)
}

// symmetricStateEncrypt: symmetric_state_encrypt(state, out_ptr, out_len, data_ptr, data_len, size_out ptr→u32).
//
// AEADs write ciphertext ‖ tag; out_len must be data_len + 16. The buffers
// may overlap.
//
// # Result (Errno)
//
// overflow (out too small), invalid_length (out too large),
// prohibited_operation (a second encryption under the state's nonce),
// invalid_operation, invalid_handle, algorithm_failure.
func symmetricStateEncrypt(c *cryptoContext, g guest, p []uint64) errno {
	return attached(c, g, p, symState.encrypt)
}

// attached decodes the arguments of symmetric_state_encrypt and _decrypt
// (state, out_ptr, out_len, data_ptr, data_len, size_out) and runs op.
func attached(c *cryptoContext, g guest, p []uint64, op func(st symState, out, data []byte) errno) errno {
	out, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	data, e := inputFor(g, u32(p[1]), u32(p[2]), u32(p[3]), u32(p[4]))
	if e != errSuccess {
		return e
	}
	size, e := g.out32(u32(p[5]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	if e := op(st, out, data); e != errSuccess {
		return e
	}
	size.put(uint32(len(out)))
	return errSuccess
}

// symmetricStateEncryptDetached: symmetric_state_encrypt_detached(state, out_ptr, out_len, data_ptr, data_len, tag_out ptr).
//
// AEADs write the ciphertext (out_len = data_len) and return the tag as a
// tag handle.
//
// # Result (Errno)
//
// as symmetric_state_encrypt, plus too_many_handles.
func symmetricStateEncryptDetached(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	data, e := inputFor(g, u32(p[1]), u32(p[2]), u32(p[3]), u32(p[4]))
	if e != errSuccess {
		return e
	}
	tagOut, e := g.out32(u32(p[5]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	t, e := st.encryptDetached(out, data)
	if e != errSuccess {
		return e
	}
	return c.newTag(t, tagOut)
}

// symmetricStateDecrypt: symmetric_state_decrypt(state, out_ptr, out_len, data_ptr, data_len, size_out ptr→u32).
//
// AEADs check the tag (the last 16 bytes of data) and write the plaintext
// (out_len = data_len - 16); on a bad tag out is zeroed.
//
// # Result (Errno)
//
// invalid_tag, overflow, invalid_length, invalid_operation,
// invalid_handle, algorithm_failure.
func symmetricStateDecrypt(c *cryptoContext, g guest, p []uint64) errno {
	return attached(c, g, p, symState.decrypt)
}

// symmetricStateDecryptDetached: symmetric_state_decrypt_detached(state, out_ptr, out_len, data_ptr, data_len, raw_tag_ptr, raw_tag_len, size_out ptr→u32).
//
// # Result (Errno)
//
// invalid_tag (a wrong tag, or one that is not 16 bytes),
// overflow, invalid_length, invalid_operation, invalid_handle,
// algorithm_failure.
func symmetricStateDecryptDetached(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	data, e := inputFor(g, u32(p[1]), u32(p[2]), u32(p[3]), u32(p[4]))
	if e != errSuccess {
		return e
	}
	tag, e := g.bytes(u32(p[5]), u32(p[6]))
	if e != errSuccess {
		return e
	}
	size, e := g.out32(u32(p[7]))
	if e != errSuccess {
		return e
	}
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	if e := st.decryptDetached(out, data, tag); e != errSuccess {
		return e
	}
	size.put(uint32(len(out)))
	return errSuccess
}

// symmetricStateRatchet: symmetric_state_ratchet(state).
//
// # Result (Errno)
//
// invalid_operation (no implemented algorithm ratchets), invalid_handle.
func symmetricStateRatchet(c *cryptoContext, _ guest, p []uint64) errno {
	st, e := c.symState(p[0])
	if e != errSuccess {
		return e
	}
	return st.ratchet()
}

func (c *cryptoContext) tag(h uint64) (*symTag, errno) {
	o, e := c.get(u32(h), kindSymmetricTag)
	if e != errSuccess {
		return nil, e
	}
	return o.(*symTag), errSuccess
}

// symmetricTagLen: symmetric_tag_len(tag, size_out ptr→u32).
//
// # Result (Errno)
//
// invalid_handle, algorithm_failure.
func symmetricTagLen(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	t, e := c.tag(p[0])
	if e != errSuccess {
		return e
	}
	out.put(uint32(len(t.b)))
	return errSuccess
}

// symmetricTagPull: symmetric_tag_pull(tag, buf_ptr, buf_len, size_out ptr→u32).
//
// buf_len must be the tag's length; on success the tag is closed (the
// proposal's rule).
//
// # Result (Errno)
//
// overflow (buffer too small), invalid_length (too large),
// invalid_handle, algorithm_failure.
func symmetricTagPull(c *cryptoContext, g guest, p []uint64) errno {
	buf, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[3]))
	if e != errSuccess {
		return e
	}
	t, e := c.tag(p[0])
	if e != errSuccess {
		return e
	}
	if e := sizes(len(buf), len(t.b)); e != errSuccess {
		return e
	}
	out.put(uint32(copy(buf, t.b)))
	return c.remove(u32(p[0]), kindSymmetricTag)
}

// symmetricTagVerify: symmetric_tag_verify(tag, raw_tag_ptr, raw_tag_len).
//
// Compares in constant time; an expected tag of another length does not
// verify.
//
// # Result (Errno)
//
// invalid_tag, invalid_handle, algorithm_failure.
func symmetricTagVerify(c *cryptoContext, g guest, p []uint64) errno {
	raw, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	t, e := c.tag(p[0])
	if e != errSuccess {
		return e
	}
	if !constantTimeEqual(t.b, raw) {
		return errInvalidTag
	}
	return errSuccess
}

// symmetricTagClose: symmetric_tag_close(tag).
//
// # Result (Errno)
//
// closed.
func symmetricTagClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindSymmetricTag)
}
