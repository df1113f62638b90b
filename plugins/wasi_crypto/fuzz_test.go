package wasi_crypto

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
)

// memoryModule is a module with one exported page of memory, for calling the
// host functions with a guest memory but no guest.
var memoryModule = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x05, 0x03, 0x01, 0x00, 0x01, // memory section: min 1 page
	0x07, 0x0a, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, // export "memory"
}

// fuzzNames are laid out at the start of the fuzzed memory, so that calls
// can name real algorithms and options.
var fuzzNames = []string{
	"SHA-256", "HMAC/SHA-256", "HKDF-EXTRACT/SHA-512", "HKDF-EXPAND/SHA-512", "AES-128-GCM",
	"CHACHA20-POLY1305", "XCHACHA20-POLY1305", "BLAKE2B-256", "Ed25519", "ECDSA_P256_SHA256",
	"ECDSA_P384_SHA384", "X25519", "P256-SHA256", "ML-KEM-768", "RSA_PSS_2048_SHA256", "nonce", "context",
	"memory_limit",
}

// maxFuzzKeygens bounds the key pair generations of one fuzzed sequence.
const maxFuzzKeygens = 2

// The out-pointer slot the fuzzed calls write to; its value is offered as
// a handle to the next calls.
const fuzzOut = 60000

// FuzzHostCalls runs sequences of calls of all 72 functions with arguments
// drawn from pointers (to names, to the out slot, near and past the end of
// memory), recent handles, small numbers and raw values, in one context:
// no call may panic, every result is a crypto_errno, and the context's
// handle and byte limits hold.
func FuzzHostCalls(f *testing.F) {
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer r.Close(ctx)
	mod, err := r.Instantiate(ctx, memoryModule)
	if err != nil {
		f.Fatal(err)
	}
	mem := mod.Memory()
	var all []hostFn
	for _, m := range modules {
		all = append(all, m.funcs...)
	}
	if len(all) != 72 {
		f.Fatalf("%d functions", len(all))
	}
	f.Add([]byte{})
	f.Add([]byte{9, 0, 0, 3, 2, 1, 4, 0, 4, 7, 4, 7})
	f.Add([]byte("\x30\x01\x01\x02\x00\x03\x0c\x05\x00\x06\x07\x08\x09\x0a\x0b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// lay out the names afresh: earlier calls may have overwritten them
		type span struct{ ptr, n uint32 }
		var names []span
		off := uint32(0)
		for _, n := range fuzzNames {
			mem.WriteString(off, n)
			names = append(names, span{off, uint32(len(n))})
			off += uint32(len(n))
		}
		c := newContext()
		c.maxHandles, c.maxBytes = 64, 1<<20
		defer c.closeAll()
		g := guest{mem: mem}
		var handles []uint32
		next := func() byte {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return b
		}
		keygens := 0
		for calls := 0; len(data) > 0 && calls < 64; calls++ {
			fn := all[int(next())%len(all)]
			if strings.HasPrefix(fn.name, "keypair_generate") {
				// An RSA key takes up to a second to make: 64 of them
				// stalled both fuzzing workers past CI's 30 s.
				if keygens == maxFuzzKeygens {
					continue
				}
				keygens++
			}
			p := make([]uint64, len(fn.params))
			for i := 0; i < len(p); i++ {
				switch sel := next(); sel % 8 {
				case 0: // a name and its length, when two parameters remain
					if i+1 < len(p) && fn.params[i+1] == 'i' {
						s := names[int(sel/8)%len(names)]
						p[i], p[i+1] = uint64(s.ptr), uint64(s.n)
						i++
					} else {
						p[i] = uint64(sel / 8)
					}
				case 1:
					p[i] = fuzzOut
				case 2:
					if len(handles) > 0 {
						p[i] = uint64(handles[int(sel/8)%len(handles)])
					}
				case 3:
					p[i] = uint64(sel / 8)
				case 4:
					p[i] = uint64([]uint32{65536, 65532, 65535, 0xFFFFFFFF, 0x7FFFFFFF, 1 << 16 * 2, fuzzOut - 4, 0}[int(sel/8)%8])
				case 5: // an opt_options / opt_symmetric_key struct at 62000: some(handle) or none
					tag := uint32(sel / 8 % 2)
					var h uint32
					if len(handles) > 0 {
						h = handles[int(sel/16)%len(handles)]
					}
					mem.WriteUint32Le(62000, tag)
					mem.WriteUint32Le(62004, h)
					p[i] = 62000
				default:
					var b [4]byte
					for j := range b {
						b[j] = next()
					}
					p[i] = uint64(binary.LittleEndian.Uint32(b[:]))
					if fn.params[i] == 'I' {
						p[i] |= uint64(next()) << 56
					}
				}
			}
			stack := make([]uint64, max(len(p), 1))
			copy(stack, p)
			mem.WriteUint32Le(fuzzOut, 0)
			e := fn.fn(c, g, stack)
			if e > errExpired {
				t.Fatalf("%s: errno %d", fn.name, e)
			}
			if h, ok := mem.ReadUint32Le(fuzzOut); ok && e == errSuccess && h != 0 {
				handles = append(handles, h)
			}
			if live := len(c.live) - len(c.drained); live > c.maxHandles || c.bytes > c.maxBytes || c.bytes < 0 {
				t.Fatalf("after %s: %d handles, %d bytes", fn.name, live, c.bytes)
			}
		}
	})
}
