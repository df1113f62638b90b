package wasi_crypto

import (
	"crypto/subtle"
	"encoding/binary"

	"github.com/tetratelabs/wazero/api"
)

// guest is the calling instance's memory 0. Every access goes through its
// methods, which check ptr+len <= size in 64-bit arithmetic; a range outside
// the memory, or no memory at all, is algorithm_failure (WasmEdge's code),
// never a trap.
type guest struct {
	mem api.Memory
}

// view returns the n bytes at ptr, aliasing guest memory (valid until the
// host function returns).
func (g guest) view(ptr, n uint32) ([]byte, errno) {
	if g.mem == nil || uint64(ptr)+uint64(n) > uint64(g.mem.Size()) {
		return nil, errAlgorithmFailure
	}
	if n == 0 {
		return []byte{}, errSuccess
	}
	b, ok := g.mem.Read(ptr, n)
	if !ok {
		return nil, errAlgorithmFailure
	}
	return b, errSuccess
}

// bytes returns a copy of the n bytes at ptr.
func (g guest) bytes(ptr, n uint32) ([]byte, errno) {
	b, e := g.view(ptr, n)
	if e != errSuccess {
		return nil, e
	}
	return append([]byte(nil), b...), errSuccess
}

// str returns the n bytes at ptr as a string.
func (g guest) str(ptr, n uint32) (string, errno) {
	b, e := g.view(ptr, n)
	return string(b), e
}

// out32 checks a 4-byte out-pointer and returns the slot to write into.
func (g guest) out32(ptr uint32) (slot32, errno) {
	b, e := g.view(ptr, 4)
	return slot32(b), e
}

// out64 checks an 8-byte out-pointer.
func (g guest) out64(ptr uint32) (slot64, errno) {
	b, e := g.view(ptr, 8)
	return slot64(b), e
}

// optHandle reads an opt_options or opt_symmetric_key struct (u8 tag, 3
// bytes of padding, u32 handle). Tag 1 is none, anything else is some, as
// WasmEdge reads it.
func (g guest) optHandle(ptr uint32) (h uint32, some bool, e errno) {
	b, e := g.view(ptr, 8)
	if e != errSuccess {
		return 0, false, e
	}
	if b[0] == 1 {
		return 0, false, errSuccess
	}
	return binary.LittleEndian.Uint32(b[4:]), true, errSuccess
}

type slot32 []byte

func (s slot32) put(v uint32) { binary.LittleEndian.PutUint32(s, v) }

type slot64 []byte

func (s slot64) put(v uint64) { binary.LittleEndian.PutUint64(s, v) }

// overlap reports whether [a, a+an) and [b, b+bn) share a byte.
func overlap(a, an, b, bn uint32) bool {
	return an != 0 && bn != 0 && uint64(a) < uint64(b)+uint64(bn) && uint64(b) < uint64(a)+uint64(an)
}

// constantTimeEqual compares two byte strings in time that depends only on
// their lengths.
func constantTimeEqual(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }
