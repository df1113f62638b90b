package binary

import (
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

func TestULEB(t *testing.T) {
	tests := []struct {
		in   string
		bits uint
		want uint64
		code errcode.Code
		n    int // bytes consumed
	}{
		{"\x00", 32, 0, 0, 1},
		{"\x7f", 32, 127, 0, 1},
		{"\x80\x01", 32, 128, 0, 2},
		{"\x80\x00", 32, 0, 0, 2}, // over-long but within 5 bytes: fine
		{"\xe5\x8e\x26", 32, 624485, 0, 3},
		{"\xff\xff\xff\xff\x0f", 32, 0xFFFFFFFF, 0, 5},
		{"\xff\xff\xff\xff\x1f", 32, 0, errcode.IntegerTooLarge, 0},
		{"\xff\xff\xff\xff\x7f", 32, 0, errcode.IntegerTooLarge, 0},
		{"\x80\x80\x80\x80\x80\x00", 32, 0, errcode.IntegerTooLong, 0},
		{"\x80\x80\x80\x80\xf0\x00", 32, 0, errcode.IntegerTooLarge, 0},
		{"\x80\x80", 32, 0, errcode.UnexpectedEnd, 0},
		{"", 32, 0, errcode.UnexpectedEnd, 0},
		{"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 64, 0xFFFFFFFFFFFFFFFF, 0, 10},
		{"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x02", 64, 0, errcode.IntegerTooLarge, 0},
		{"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 64, 0, errcode.IntegerTooLong, 0},
		{"\x80\x80\x80\x80\x10", 64, 1 << 32, 0, 5},
	}
	for _, tt := range tests {
		r := reader{b: []byte(tt.in)}
		got, err := r.uleb(tt.bits)
		if tt.code != 0 {
			if err == nil || err.code != tt.code {
				t.Errorf("uleb%d(% x) = %d, %v; want code %#x", tt.bits, tt.in, got, err, tt.code)
			}
			continue
		}
		if err != nil || got != tt.want || r.pos != tt.n {
			t.Errorf("uleb%d(% x) = %d, %v, pos %d; want %d, pos %d", tt.bits, tt.in, got, err, r.pos, tt.want, tt.n)
		}
	}
}

func TestSLEB(t *testing.T) {
	tests := []struct {
		in   string
		bits uint
		want int64
		code errcode.Code
	}{
		{"\x00", 32, 0, 0},
		{"\x7f", 32, -1, 0},
		{"\x3f", 32, 63, 0},
		{"\x40", 32, -64, 0},
		{"\xc0\x00", 32, 64, 0},
		{"\x80\x7f", 32, -128, 0},
		{"\xff\xff\xff\xff\x07", 32, 0x7FFFFFFF, 0},
		{"\x80\x80\x80\x80\x78", 32, -0x80000000, 0},
		{"\xff\xff\xff\xff\x7f", 32, -1, 0},
		{"\xff\xff\xff\xff\x0f", 32, 0, errcode.IntegerTooLarge},
		{"\x80\x80\x80\x80\x70", 32, 0, errcode.IntegerTooLarge},
		{"\xff\xff\xff\xff\x4f", 32, 0, errcode.IntegerTooLarge},
		{"\x80\x80\x80\x80\x80\x00", 32, 0, errcode.IntegerTooLong},
		{"\x80", 32, 0, errcode.UnexpectedEnd},
		{"\xff\xff\xff\xff\x0f", 33, 0xFFFFFFFF, 0},
		{"\x80\x80\x80\x80\x70", 33, -0x100000000, 0},
		{"\x80\x80\x80\x80\x20", 33, 0, errcode.IntegerTooLarge},
		{"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", 64, 0x7FFFFFFFFFFFFFFF, 0},
		{"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", 64, -0x8000000000000000, 0},
		{"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 64, 0, errcode.IntegerTooLarge},
		{"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 64, 0, errcode.IntegerTooLong},
	}
	for _, tt := range tests {
		r := reader{b: []byte(tt.in)}
		got, err := r.sleb(tt.bits)
		if tt.code != 0 {
			if err == nil || err.code != tt.code {
				t.Errorf("sleb%d(% x) = %d, %v; want code %#x", tt.bits, tt.in, got, err, tt.code)
			}
			continue
		}
		if err != nil || got != tt.want || r.pos != len(tt.in) {
			t.Errorf("sleb%d(% x) = %d, %v; want %d", tt.bits, tt.in, got, err, tt.want)
		}
	}
}

// The encoders and the reader agree on every boundary value.
func TestLEBRoundTrip(t *testing.T) {
	for _, v := range []uint64{0, 1, 63, 64, 127, 128, 1<<14 - 1, 1 << 14, 1<<32 - 1, 1 << 32, 1<<63 + 5, 1<<64 - 1} {
		r := reader{b: AppendU64(nil, v)}
		if got, err := r.uleb(64); err != nil || got != v || r.remaining() != 0 {
			t.Errorf("uleb64 round trip of %d: %d, %v", v, got, err)
		}
		if v <= 1<<32-1 {
			r := reader{b: AppendU32(nil, uint32(v))}
			if got, err := r.u32(); err != nil || uint64(got) != v {
				t.Errorf("u32 round trip of %d: %d, %v", v, got, err)
			}
		}
	}
	for _, v := range []int64{0, 1, -1, 63, 64, -64, -65, 1<<31 - 1, -1 << 31, 1<<32 - 1, -1 << 32, 1<<63 - 1, -1 << 63} {
		r := reader{b: AppendS64(nil, v)}
		if got, err := r.sleb(64); err != nil || got != v || r.remaining() != 0 {
			t.Errorf("sleb64 round trip of %d: %d, %v", v, got, err)
		}
		if v >= -1<<31 && v < 1<<31 {
			r := reader{b: AppendS64(nil, v)}
			if got, err := r.sleb(32); err != nil || got != v {
				t.Errorf("sleb32 round trip of %d: %d, %v", v, got, err)
			}
		}
	}
}

func TestConstExpr(t *testing.T) {
	tests := []struct {
		in   string
		want Init
		code errcode.Code
	}{
		{"\x41\x00\x0b", Init{Kind: InitI32}, 0},
		{"\x41\x7f\x0b", Init{Kind: InitI32, Bits: 0xFFFFFFFF}, 0},
		{"\x41\x80\x80\x80\x80\x78\x0b", Init{Kind: InitI32, Bits: 0x80000000}, 0}, // slow path
		{"\x41\xc0\xbb\x78\x0b", Init{Kind: InitI32, Bits: uint64(uint32(0xFFFE1DC0))}, 0},
		{"\x42\x7e\x0b", Init{Kind: InitI64, Bits: 0xFFFFFFFFFFFFFFFE}, 0},
		{"\x43\x00\x00\x80\x3f\x0b", Init{Kind: InitF32, Bits: 0x3F800000}, 0},
		{"\x44\x00\x00\x00\x00\x00\x00\xf0\x3f\x0b", Init{Kind: InitF64, Bits: 0x3FF0000000000000}, 0},
		{"\xfd\x0c\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x0b", Init{Kind: InitV128, Bits: 1, Hi: 2}, 0},
		{"\xd0\x70\x0b", Init{Kind: InitRefNull, Bits: 0x70}, 0},
		{"\xd0\x6f\x0b", Init{Kind: InitRefNull, Bits: 0x6F}, 0},
		{"\xd2\x05\x0b", Init{Kind: InitRefFunc, Bits: 5}, 0},
		{"\x23\x81\x01\x0b", Init{Kind: InitGlobalGet, Bits: 129}, 0},
		{"\x41\x01\x41\x02\x6a\x0b", Init{}, 0}, // extended const
		{"\x23\x00\x42\x02\x7e\x0b", Init{}, 0},
		{"\x0b", Init{}, 0},
		{"\x41\x01", Init{}, errcode.UnexpectedEnd},
		{"\x41", Init{}, errcode.UnexpectedEnd},
		{"\x41\x80\x80\x80\x80\x80\x00\x0b", Init{}, errcode.IntegerTooLong},
		{"\x41\xff\xff\xff\xff\x0f\x0b", Init{}, errcode.IntegerTooLarge},
		{"\x01\x0b", Init{}, errcode.ConstExprRequired},
		{"\x20\x00\x0b", Init{}, errcode.ConstExprRequired},
		{"\xfd\x0d" + strings.Repeat("\x00", 16) + "\x0b", Init{}, errcode.ConstExprRequired},
		// Past a non-constant instruction the expression is still read to
		// its end, as WasmEdge's loader does: what it finds there is a load
		// error (binary.wast:113, an expression whose end is missing: the
		// code section's id 0x0a is read as throw_ref, an illegal opcode
		// in Wasm 2.0, as WasmEdge 0.17.1 --wasm-2 reports it).
		{"\xfd\x0d\x0b", Init{}, errcode.UnexpectedEnd},
		{"\x41\x00\x0a\x04\x01\x02\x00\x0b", Init{}, errcode.IllegalOpCode},
		{"\x20\x00\x02\x40\x0b\x0b", Init{}, errcode.ConstExprRequired},
		{"\x20\x00\x02\x40\x0b", Init{}, errcode.UnexpectedEnd},
		{"\x20\x00\xc5\x0b", Init{}, errcode.IllegalOpCode},
		{"\x20\x00\x28\x20\x00\x0b", Init{}, errcode.MalformedMemoryOpFlags},
		{"\xc5\x0b", Init{}, errcode.IllegalOpCode},
		{"\xff\x0b", Init{}, errcode.IllegalOpCode},
		{"\xd0\x6e\x0b", Init{}, errcode.MalformedRefType},
	}
	for _, tt := range tests {
		r := reader{b: []byte(tt.in), feat: Wasm2}
		got, err := r.constExpr()
		if tt.code != 0 {
			if err == nil || err.code != tt.code {
				t.Errorf("constExpr(% x) = %+v, %v; want code %#x", tt.in, got, err, tt.code)
			}
			continue
		}
		if err != nil || got != tt.want || r.remaining() != 0 {
			t.Errorf("constExpr(% x) = %+v, %v, %d left; want %+v", tt.in, got, err, r.remaining(), tt.want)
		}
		// The encoder writes what the reader reads.
		if tt.want.Kind != InitOther {
			r := reader{b: AppendConstExpr(nil, tt.want)}
			if back, err := r.constExpr(); err != nil || back != tt.want {
				t.Errorf("AppendConstExpr(%+v) reads back as %+v, %v", tt.want, back, err)
			}
		}
	}
}

func TestSkipPlainSegment(t *testing.T) {
	tests := []struct {
		in   string
		want int // position after, or -1 for the slow path
	}{
		{"\x00\x41\x00\x0b\x00", 5},
		{"\x00\x41\x00\x0b\x02ab", 7},
		{"\x00\x41\x80\x80\x80\x01\x0b\x01a", 9},
		{"\x00\x41\x80\x80\x80\x80\x01\x0b\x01a", -1}, // 5-byte offset
		{"\x00\x41\x00\x0b\x03ab", -1},                // runs past the end
		{"\x00\x41\x00\x0b\x80\x80\x80\x80\x00", -1},  // 5-byte size
		{"\x00\x41\x00\x0b", -1},
		{"\x01\x00", -1},
		{"\x00\x42\x00\x0b\x00", -1},
		{"\x00\x41\x00\x01\x00", -1},
		{"\x00\x41\x80\x80", -1},
		{"\x00\x41\x80\x80\x80", -1},
	}
	for _, tt := range tests {
		got, ok := skipPlainSegment([]byte(tt.in), 0)
		if !ok {
			got = -1
		}
		if got != tt.want {
			t.Errorf("skipPlainSegment(% x) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
