package binary

import (
	"bytes"
	"testing"
)

func TestWithoutCustom(t *testing.T) {
	custom := func(name, payload string) string { return sec(SectionCustom, string(AppendName(nil, name))+payload) }
	typ := sec(SectionType, "\x01\x60\x00\x00")
	fn := sec(SectionFunction, "\x01\x00")
	code := sec(SectionCode, "\x01\x02\x00\x0b")
	names := custom("name", "\x00\x02\x01m")
	debug := custom(".debug_info", string(make([]byte, 300)))
	bad := sec(SectionCustom, "\x02\xff\xfe") // a name that is not UTF-8
	for _, tc := range []struct {
		in, want []byte
	}{
		{mod(debug, typ, custom("producers", "x"), fn, code, names, debug), mod(typ, fn, code, names)},
		{mod(typ, fn, code), mod(typ, fn, code)},
		{mod(debug), mod()},
		{mod(typ, bad, debug), mod(typ, bad)},                      // malformed: kept for the engine
		{mod(typ, debug, "\x00\x7f"), mod(typ, debug, "\x00\x7f")}, // truncated: as it is
		{[]byte("\x00asm"), []byte("\x00asm")},
	} {
		if got := WithoutCustom(tc.in, "name"); !bytes.Equal(got, tc.want) {
			t.Errorf("WithoutCustom(%x) = %x, want %x", tc.in, got, tc.want)
		}
	}
	in := mod(typ, fn, code, names)
	if got := WithoutCustom(in); !bytes.Equal(got, mod(typ, fn, code)) {
		t.Errorf("nothing kept: %x", got)
	}
	if got := WithoutCustom(in, "name"); &got[0] != &in[0] {
		t.Error("a module with nothing to drop was copied")
	}
}
