package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/meter"
)

// A warm start reads the instrumented module from the persistent cache
// instead of instrumenting again; a damaged entry is instrumented again and
// rewritten.
func TestInstrumentationCached(t *testing.T) {
	calls := 0
	saved := instrumentModule
	instrumentModule = func(b []byte, o meter.Options) ([]byte, *meter.Plan, error) {
		calls++
		return saved(b, o)
	}
	defer func() { instrumentModule = saved }()

	// (func (loop (br 0))) and (func (i32.add (i32.const 1) (i32.const 2)) drop)
	var funcs, code []byte
	funcs = binary.AppendU32(binary.AppendU32(binary.AppendU32(funcs, 2), 0), 0)
	code = binary.AppendU32(code, 2)
	code = append(code, 7, 0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b)
	code = append(code, 8, 0, 0x41, 1, 0x41, 2, 0x6a, 0x1a, 0x0b)
	bin := binary.AppendHeader(nil)
	bin = binary.AppendSection(bin, binary.SectionType, []byte{1, 0x60, 0, 0})
	bin = binary.AppendSection(bin, binary.SectionFunction, funcs)
	bin = binary.AppendSection(bin, binary.SectionCode, code)

	ctx := context.Background()
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2, Interpreter: true})
	opts := meter.Options{Count: true, Cost: true, Table: make([]uint64, meter.TableSize)}
	compile := func() *meter.Plan {
		t.Helper()
		c, err := rt.Compile(ctx, bin, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Release() // the last reference: the next Compile starts afresh
		if c.Plan == nil {
			t.Fatal("not instrumented")
		}
		return c.Plan
	}
	first := compile()
	if calls != 1 || len(first.Segments) == 0 {
		t.Fatalf("first compile: %d instrumentations, %d segments", calls, len(first.Segments))
	}
	if again := compile(); calls != 1 || !sameSegments(again.Segments, first.Segments) || !reflect.DeepEqual(again.Options, opts) {
		t.Fatalf("warm compile: %d instrumentations, segments %v, want %v", calls, again.Segments, first.Segments)
	}

	key := func() [32]byte {
		c, err := rt.Compile(ctx, bin, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Release()
		return c.key
	}()
	path := instrPath(key)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no cache entry: %v", err)
	}
	b[len(b)-1] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if again := compile(); calls != 2 || !sameSegments(again.Segments, first.Segments) {
		t.Fatalf("damaged entry: %d instrumentations, segments %v", calls, again.Segments)
	}
	compile()
	if calls != 2 {
		t.Fatalf("the damaged entry was not rewritten: %d instrumentations", calls)
	}
}

// sameSegments compares segments, an empty one equal to a nil one.
func sameSegments(a, b [][]uint16) bool { return fmt.Sprint(a) == fmt.Sprint(b) && len(a) == len(b) }

// An entry round-trips, with or without an instrumentation error, and
// every truncation or changed byte of it is refused.
func TestInstrumentedEncoding(t *testing.T) {
	opts := meter.Options{Count: true}
	for _, in := range []instrumented{
		{code: []byte("\x00asm\x01\x00\x00\x00"), plan: &meter.Plan{Options: opts, Segments: [][]uint16{{1, 2, 0xffff}, {0}, {7}}}},
		{unmetered: errors.New("opcode 0xfd 0x123 is not followed")},
	} {
		b := encodeInstrumented(in)
		got, ok := decodeInstrumented(b, opts)
		if !ok || !reflect.DeepEqual(got.code, in.code) || !reflect.DeepEqual(got.plan, in.plan) ||
			(in.unmetered == nil) != (got.unmetered == nil) || (in.unmetered != nil && got.unmetered.Error() != in.unmetered.Error()) {
			t.Fatalf("round trip of %+v: %+v, %v", in, got, ok)
		}
		for n := range len(b) {
			if _, ok := decodeInstrumented(b[:n], opts); ok {
				t.Fatalf("truncated to %d bytes: accepted", n)
			}
		}
		for i := range b {
			c := append([]byte(nil), b...)
			c[i] ^= 0x40
			if _, ok := decodeInstrumented(c, opts); ok {
				t.Fatalf("byte %d changed: accepted", i)
			}
		}
	}
}
