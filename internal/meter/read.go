package meter

import (
	"errors"
	"fmt"
)

// errMalformed is returned for input the rewriter cannot follow. The caller
// then compiles the module as given, so that the engine reports the error
// with its own code.
var errMalformed = errors.New("meter: malformed module")

// rd reads the Wasm binary format. Every read is bounded by b; a failed
// read sets err and returns zero values, so callers check err once.
type rd struct {
	b   []byte
	pos int
	err error
}

func (r *rd) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w at offset %d: %s", errMalformed, r.pos, fmt.Sprintf(format, args...))
	}
}

func (r *rd) done() bool { return r.err != nil || r.pos >= len(r.b) }

func (r *rd) byte() byte {
	if r.err != nil || r.pos >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[r.pos]
	r.pos++
	return c
}

func (r *rd) peek() byte {
	if r.err != nil || r.pos >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	return r.b[r.pos]
}

func (r *rd) bytes(n uint64) []byte {
	if r.err != nil || n > uint64(len(r.b)-r.pos) {
		r.fail("unexpected end")
		return nil
	}
	s := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return s
}

// leb reads the groups of a LEB128 of at most bits bits: the value of its
// seven-bit groups, how many bits they hold and the last byte (0 after a
// failure).
func (r *rd) leb(bits uint) (v uint64, shift uint, last byte) {
	for ; ; shift += 7 {
		if shift >= bits+7 {
			r.fail("integer too long")
			return 0, 0, 0
		}
		c := r.byte()
		if r.err != nil {
			return 0, 0, 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, shift + 7, c
		}
	}
}

// uleb reads an unsigned LEB128 of at most bits bits.
func (r *rd) uleb(bits uint) uint64 {
	v, _, _ := r.leb(bits)
	return v
}

func (r *rd) u32() uint32 { return uint32(r.uleb(32)) }

// sleb reads a signed LEB128 of at most bits bits.
func (r *rd) sleb(bits uint) int64 {
	u, shift, last := r.leb(bits)
	v := int64(u)
	if shift < 64 && last&0x40 != 0 {
		v |= -1 << shift
	}
	return v
}

// valType skips a value type: a one-byte type or a typed reference
// (0x63/0x64 followed by a heap type).
func (r *rd) valType() {
	switch c := r.byte(); c {
	case 0x63, 0x64:
		r.sleb(33)
	case 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f, 0x69, 0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x71, 0x72, 0x73, 0x74:
	default:
		r.fail("value type 0x%02x", c)
	}
}

// blockType skips a block type: empty, a value type or a type index,
// which it returns (-1 for the other forms).
func (r *rd) blockType() int64 {
	switch c := r.peek(); {
	case r.err != nil:
	case c == 0x40:
		r.pos++
	case c == 0x63 || c == 0x64 || (c >= 0x69 && c <= 0x7f):
		r.valType()
	default:
		v := r.sleb(33)
		if v < 0 {
			r.fail("block type %d", v)
		}
		return v
	}
	return -1
}

// limits skips table or memory limits.
func (r *rd) limits() {
	flags := r.u32()
	bits := uint(32)
	if flags&4 != 0 {
		bits = 64
	}
	r.uleb(bits)
	if flags&1 != 0 {
		r.uleb(bits)
	}
}
