package wasi_crypto

import "strings"

// The functions of wasi_ephemeral_crypto_common. See
// https://github.com/WebAssembly/wasi-crypto/blob/main/witx/witx-0.10/wasi_ephemeral_crypto_common.md
var commonFuncs = []hostFn{
	{"array_output_len", "ii", arrayOutputLen},
	{"array_output_pull", "iiii", arrayOutputPull},
	{"options_open", "ii", optionsOpen},
	{"options_close", "i", optionsClose},
	{"options_set", "iiiii", optionsSet},
	{"options_set_u64", "iiiI", optionsSetU64},
	{"options_set_guest_buffer", "iiiii", optionsSetGuestBuffer},
	{"secrets_manager_open", "ii", secretsManagerOpen},
	{"secrets_manager_close", "i", secretsManagerClose},
	{"secrets_manager_invalidate", "iiiI", secretsManagerInvalidate},
}

// algType is the proposal's algorithm_type.
type algType uint32

const (
	algSignatures algType = iota
	algSymmetric
	algKeyExchange
)

// arrayOutput is a byte array the guest pulls.
type arrayOutput struct {
	data []byte
	pos  int
}

func (a *arrayOutput) close() { clear(a.data); a.data = nil }

// output stores data as a new array output and writes its handle to out.
func (c *cryptoContext) output(data []byte, out slot32) errno {
	h, e := c.add(kindArrayOutput, &arrayOutput{data: data}, len(data))
	if e == errSuccess {
		out.put(h)
	}
	return e
}

// arrayOutputLen: array_output_len(array_output, size_out ptr→u32).
//
// Writes the total length of the array output.
//
// # Result (Errno)
//
// invalid_handle (not an array output), algorithm_failure (size_out
// outside memory).
func arrayOutputLen(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	o, e := c.get(u32(p[0]), kindArrayOutput)
	if e != errSuccess {
		return e
	}
	a := o.(*arrayOutput)
	out.put(uint32(len(a.data)))
	if a.data == nil { // drained: its length is remembered as pos
		out.put(uint32(a.pos))
	}
	return errSuccess
}

// arrayOutputPull: array_output_pull(array_output, buf ptr, buf_len, size_out ptr→u32).
//
// Copies min(buf_len, remaining) bytes and writes the count. When the last
// byte has been pulled the data is released (the proposal's automatic
// close); one more pull of that handle returns 0 bytes and forgets it.
//
// # Result (Errno)
//
// invalid_handle, algorithm_failure (a range outside memory).
func arrayOutputPull(c *cryptoContext, g guest, p []uint64) errno {
	buf, e := g.view(u32(p[1]), u32(p[2]))
	if e != errSuccess {
		return e
	}
	out, e := g.out32(u32(p[3]))
	if e != errSuccess {
		return e
	}
	h := u32(p[0])
	o, e := c.get(h, kindArrayOutput)
	if e != errSuccess {
		return e
	}
	a := o.(*arrayOutput)
	if a.data == nil {
		c.forget(h)
		out.put(0)
		return errSuccess
	}
	n := copy(buf, a.data[a.pos:])
	a.pos += n
	out.put(uint32(n))
	if a.pos == len(a.data) {
		c.drain(h)
	}
	return errSuccess
}

// options is an options object of one algorithm category.
type options struct {
	typ      algType
	values   map[string][]byte
	u64s     map[string]uint64
	guestBuf [2]uint32 // ptr, len of the guest buffer ("buffer")
}

func (o *options) close() {
	for _, v := range o.values {
		clear(v)
	}
	o.values = nil
}

// clone copies the options (a state keeps what they were at open).
func (o *options) clone() *options {
	if o == nil {
		return nil
	}
	n := &options{typ: o.typ, values: map[string][]byte{}, u64s: map[string]uint64{}, guestBuf: o.guestBuf}
	for k, v := range o.values {
		n.values[k] = append([]byte(nil), v...)
	}
	for k, v := range o.u64s {
		n.u64s[k] = v
	}
	return n
}

func (o *options) size() int {
	if o == nil {
		return 0
	}
	n := 0
	for _, v := range o.values {
		n += len(v)
	}
	return n
}

// optionsOpen: options_open(algorithm_type, options_out ptr→handle).
//
// # Result (Errno)
//
// unsupported_algorithm (type not signatures, symmetric or
// key_exchange), too_many_handles, algorithm_failure.
func optionsOpen(c *cryptoContext, g guest, p []uint64) errno {
	out, e := g.out32(u32(p[1]))
	if e != errSuccess {
		return e
	}
	t := algType(u32(p[0]))
	if t > algKeyExchange {
		return errUnsupportedAlgorithm
	}
	h, e := c.add(kindOptions, &options{typ: t, values: map[string][]byte{}, u64s: map[string]uint64{}}, 0)
	if e == errSuccess {
		out.put(h)
	}
	return e
}

// optionsClose: options_close(options).
//
// # Result (Errno)
//
// closed.
func optionsClose(c *cryptoContext, _ guest, p []uint64) errno {
	return c.remove(u32(p[0]), kindOptions)
}

// The option names each setter accepts, for symmetric options; signature and
// key-exchange options have none.
var (
	byteOptions  = map[string]bool{"context": true, "salt": true, "nonce": true}
	u64Options   = map[string]bool{"memory_limit": true, "ops_limit": true, "parallelism": true}
	guestOptions = map[string]bool{"buffer": true}
)

// lookupOption decodes the options handle and the option name (lower-cased).
func lookupOption(c *cryptoContext, g guest, h, namePtr, nameLen uint32, allowed map[string]bool) (*options, string, errno) {
	name, e := g.str(namePtr, nameLen)
	if e != errSuccess {
		return nil, "", e
	}
	o, e := c.get(h, kindOptions)
	if e != errSuccess {
		return nil, "", e
	}
	opts := o.(*options)
	name = strings.ToLower(name)
	if opts.typ != algSymmetric || !allowed[name] {
		return nil, "", errUnsupportedOption
	}
	return opts, name, errSuccess
}

// optionsSet: options_set(options, name_ptr, name_len, value_ptr, value_len).
//
// Symmetric options take "context", "salt" and "nonce"; a second set
// replaces the value.
//
// # Result (Errno)
//
// unsupported_option (another name, or signature/kx options),
// invalid_handle, overflow (buffer budget), algorithm_failure.
func optionsSet(c *cryptoContext, g guest, p []uint64) errno {
	val, e := g.bytes(u32(p[3]), u32(p[4]))
	if e != errSuccess {
		return e
	}
	h := u32(p[0])
	opts, name, e := lookupOption(c, g, h, u32(p[1]), u32(p[2]), byteOptions)
	if e != errSuccess {
		return e
	}
	if e := c.charge(h, len(val)-len(opts.values[name])); e != errSuccess {
		return e
	}
	clear(opts.values[name])
	opts.values[name] = val
	return errSuccess
}

// optionsSetU64: options_set_u64(options, name_ptr, name_len, value i64).
//
// Symmetric options take "memory_limit", "ops_limit" and "parallelism" (no
// implemented algorithm reads them; symmetric_state_options_get_u64 returns
// them).
//
// # Result (Errno)
//
// unsupported_option, invalid_handle, algorithm_failure.
func optionsSetU64(c *cryptoContext, g guest, p []uint64) errno {
	opts, name, e := lookupOption(c, g, u32(p[0]), u32(p[1]), u32(p[2]), u64Options)
	if e != errSuccess {
		return e
	}
	opts.u64s[name] = p[3]
	return errSuccess
}

// optionsSetGuestBuffer: options_set_guest_buffer(options, name_ptr, name_len, buf_ptr, buf_len).
//
// Symmetric options take "buffer" (a scratch buffer for memory-hard
// functions; no implemented algorithm uses it). The range must be inside
// memory.
//
// # Result (Errno)
//
// unsupported_option, invalid_handle, algorithm_failure.
func optionsSetGuestBuffer(c *cryptoContext, g guest, p []uint64) errno {
	if _, e := g.view(u32(p[3]), u32(p[4])); e != errSuccess {
		return e
	}
	opts, _, e := lookupOption(c, g, u32(p[0]), u32(p[1]), u32(p[2]), guestOptions)
	if e != errSuccess {
		return e
	}
	opts.guestBuf = [2]uint32{u32(p[3]), u32(p[4])}
	return errSuccess
}

// secretsManagerOpen: secrets_manager_open(opt_options ptr, secrets_manager_out ptr).
//
// # Result (Errno)
//
// unsupported_feature (there is no secrets manager),
// algorithm_failure (a pointer outside memory).
func secretsManagerOpen(_ *cryptoContext, g guest, p []uint64) errno {
	if _, _, e := g.optHandle(u32(p[0])); e != errSuccess {
		return e
	}
	if _, e := g.out32(u32(p[1])); e != errSuccess {
		return e
	}
	return errUnsupportedFeature
}

// secretsManagerClose: secrets_manager_close(secrets_manager).
//
// # Result (Errno)
//
// unsupported_feature.
func secretsManagerClose(*cryptoContext, guest, []uint64) errno { return errUnsupportedFeature }

// secretsManagerInvalidate: secrets_manager_invalidate(secrets_manager, key_id_ptr, key_id_len, version i64).
//
// # Result (Errno)
//
// unsupported_feature, algorithm_failure.
func secretsManagerInvalidate(_ *cryptoContext, g guest, p []uint64) errno {
	if _, e := g.view(u32(p[1]), u32(p[2])); e != errSuccess {
		return e
	}
	return errUnsupportedFeature
}

// optionsOf resolves an opt_options pointer for a state or key of category
// t: none is nil; a handle that is not options of that category is
// invalid_handle.
func optionsOf(c *cryptoContext, g guest, ptr uint32, t algType) (*options, errno) {
	h, some, e := g.optHandle(ptr)
	if e != errSuccess || !some {
		return nil, e
	}
	o, e := c.get(h, kindOptions)
	if e != errSuccess {
		return nil, e
	}
	if opts := o.(*options); opts.typ == t {
		return opts, errSuccess
	}
	return nil, errInvalidHandle
}
