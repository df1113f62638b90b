package binary

import (
	"bytes"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// moduleWithLocals is a module of one function () -> () that declares the
// given local counts (of i32).
func moduleWithLocals(counts ...uint32) []byte {
	body := AppendU32(nil, uint32(len(counts)))
	for _, c := range counts {
		body = append(AppendU32(body, c), byte(ValI32))
	}
	body = append(body, opEnd)
	code := append(AppendU32(AppendU32(nil, 1), uint32(len(body))), body...)
	bin := AppendHeader(nil)
	bin = AppendSection(bin, SectionType, []byte{1, 0x60, 0, 0})
	bin = AppendSection(bin, SectionFunction, []byte{1, 0})
	return AppendSection(bin, SectionCode, code)
}

// The 37-byte module that declares 4e9 locals is "too many locals", as in
// WasmEdge, and so is one past the module's budget.
func TestTooManyLocals(t *testing.T) {
	bin := moduleWithLocals(2_000_000_000, 2_000_000_000)
	if len(bin) > 40 {
		t.Fatalf("%d bytes", len(bin))
	}
	if _, err := Decode(bin); codeOf(t, err) != errcode.TooManyLocals {
		t.Fatalf("4e9 locals: %v", err)
	}
	if _, err := Decode(moduleWithLocals(MaxLocals, 1)); codeOf(t, err) != errcode.TooManyLocals {
		t.Fatalf("2^26+1 locals: %v", err)
	}
	if _, err := Decode(moduleWithLocals(1 << 20)); codeOf(t, err) != errcode.TooManyLocals {
		t.Fatalf("2^20 locals in a tiny module: %v", err)
	}
	m, err := Decode(moduleWithLocals(1000, 24000))
	if err != nil || m.Locals != 25000 {
		t.Fatalf("25000 locals: %v", err)
	}
}

// A "name" section whose counts exceed its size is hidden from the engine
// (renamed in a copy), and the module still decodes.
func TestUnboundedNameSection(t *testing.T) {
	for _, sub := range [][]byte{
		{1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f},       // function names: 2^32-1 entries
		{2, 7, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, // local names of function 0
		{0, 5, 0xff, 0xff, 0xff, 0xff, 0x0f},       // a module name of 4 GiB
		{1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f},       // a count past the subsection (found by FuzzHugeCounts)
		{1, 4, 1, 0, 0, 0},                         // a subsection with bytes left over
		{1, 0x30},                                  // a subsection longer than the section
	} {
		if sub[1] == 0 {
			sub[1] = byte(len(sub) - 2)
		}
		bin := moduleWithLocals(1)
		bin = AppendSection(bin, SectionCustom, append(AppendName(nil, "name"), sub...))
		m, err := Decode(bin)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.BadNames) == 0 {
			t.Fatalf("%x: not detected", sub)
		}
		out := m.ForEngine(bin, 0)
		if &out[0] == &bin[0] || string(out[m.BadNames[0]+1:m.BadNames[0]+5]) != "nam\x00" {
			t.Fatalf("not renamed: %q", out[m.BadNames[0]:m.BadNames[0]+5])
		}
		if string(bin[m.BadNames[0]+1:m.BadNames[0]+5]) != "name" {
			t.Fatal("the input was changed")
		}
	}
	good := AppendSection(moduleWithLocals(1), SectionCustom,
		append(AppendName(nil, "name"), 1, 4, 1, 0, 1, 'f'))
	if m, err := Decode(good); err != nil || len(m.BadNames) != 0 {
		t.Fatalf("a good name section: %v, %d", err, len(m.BadNames))
	}
	// The engine decodes every "name" section, so a bad one after a good
	// one is hidden too.
	twice := AppendSection(good, SectionCustom,
		append(AppendName(nil, "name"), 1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f))
	m, err := Decode(twice)
	if err != nil || len(m.BadNames) != 1 {
		t.Fatalf("a bad second name section: %v, %d", err, len(m.BadNames))
	}
	if out := m.ForEngine(twice, 0); string(out[m.BadNames[0]+1:m.BadNames[0]+5]) != "nam\x00" || m.BadNames[0] < len(good) {
		t.Fatalf("the second section is not the one hidden: %d", m.BadNames[0])
	}
}

// hugeCountSeeds are fuzz seeds whose counts claim far more than the input
// holds: a 2^32-1 count at the head of every section, locals past the cap,
// and "name" subsections with huge counts.
func hugeCountSeeds() [][]byte {
	huge := "\xff\xff\xff\xff\x0f"
	seeds := [][]byte{moduleWithLocals(0xFFFF_FFFF), moduleWithLocals(MaxLocals, MaxLocals)}
	for id := SectionType; id <= SectionTag; id++ {
		if id != SectionStart && id != SectionDataCount {
			seeds = append(seeds, mod(sec(id, huge+"\x00\x00")))
		}
	}
	for _, sub := range []string{"\x01\x05" + huge, "\x02\x07\x01\x00" + huge} {
		seeds = append(seeds, append(moduleWithLocals(1), sec(SectionCustom, "\x04name"+sub)...))
	}
	return seeds
}

// ForEngine caps the maximum of defined tables and keeps the rest intact.
func TestForEngineCapsTables(t *testing.T) {
	bin := mod(sec(SectionTable, "\x02\x70\x00\x01\x6f\x01\x02\x80\x80\x80\x80\x08"), sec(SectionCustom, "\x01x"))
	m, err := Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	out := m.ForEngine(bin, 100)
	back, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if l := back.Tables[0].Limits; !l.HasMax || l.Max != 100 || l.Min != 1 {
		t.Errorf("table 0: %+v", l)
	}
	if l := back.Tables[1].Limits; l.Max != 100 || l.Min != 2 {
		t.Errorf("table 1: %+v", l)
	}
	if len(back.Customs) != 1 || back.Customs[0].Name != "x" {
		t.Errorf("what follows the table section: %+v", back.Customs)
	}
	within := mod(sec(SectionTable, "\x01\x70\x01\x01\x05"))
	if m, err := Decode(within); err != nil || &m.ForEngine(within, 100)[0] != &within[0] {
		t.Errorf("a table within the limit was rewritten (%v)", err)
	}
}

// ForEngineFitting gives a segment no table can hold (a negative offset)
// offset 0 in the engine's bytes, at the same length, and raises the
// minimum for one that fits within the limit; the module's own view is
// unchanged (elem.wast:212 in Wasm 1.0).
func TestForEngineFittingNegativeOffset(t *testing.T) {
	elems := "\x03" +
		"\x00\x41\x7f\x0b\x01\x00" + // offset -1
		"\x00\x41\xf6\xff\x7f\x0b\x01\x00" + // offset -10, padded
		"\x00\x41\x1e\x0b\x01\x00" // offset 30, past the minimum 10
	bin := mod(sec(SectionTable, "\x01\x70\x00\x0a"), sec(SectionElement, elems))
	m, err := Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	if e, bad := m.ElemOutOfBounds(); !bad || e.Segment != 0 {
		t.Fatalf("ElemOutOfBounds = %+v, %v", e, bad)
	}
	out := m.ForEngineFitting(bin, 100)
	back, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []uint64{0, 0, 30} {
		if got := back.Elems[i].Offset; got.Kind != InitI32 || got.Bits != want {
			t.Errorf("segment %d: offset %+v, want %d", i, got, want)
		}
	}
	if l := back.Tables[0].Limits; l.Min != 31 {
		t.Errorf("table: %+v, want minimum 31", l)
	}
	if m.Elems[0].Offset.Bits != 0xFFFFFFFF || bin[m.Elems[0].OffsetAt+1] != 0x7f {
		t.Errorf("the module's own segment changed: %+v", m.Elems[0])
	}
}

// ForEngineFitting patches what follows a table section that the cap made
// shorter where it has moved to: an offset zeroed in the element section
// and a bad "name" section after it, in one copy of the module.
func TestForEngineShiftedPatches(t *testing.T) {
	elems := "\x02" +
		"\x00\x41\x7f\x0b\x01\x00" + // offset -1: zeroed
		"\x00\x41\x03\x0b\x01\x00" // offset 3
	bin := mod(sec(SectionTable, "\x01\x70\x01\x02\x80\x80\x80\x80\x08"), sec(SectionElement, elems))
	bin = AppendSection(bin, SectionCustom, append(AppendName(nil, "name"), 1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f))
	orig := bytes.Clone(bin)
	m, err := Decode(bin)
	if err != nil || len(m.BadNames) != 1 {
		t.Fatalf("decode: %v, bad names %d", err, len(m.BadNames))
	}
	for _, out := range [][]byte{m.ForEngine(bin, 100), m.ForEngineFitting(bin, 100)} {
		if len(out) != len(bin)-4 {
			t.Fatalf("length %d, want %d (a 5-byte maximum capped to 1 byte)", len(out), len(bin)-4)
		}
		back, err := Decode(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.BadNames) != 0 || !bytes.HasSuffix(out, append([]byte("\x04nam\x00"), 1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f)) {
			t.Errorf("the bad name section is not hidden: %q", out[len(out)-12:])
		}
		if l := back.Tables[0].Limits; l.Max != 100 {
			t.Errorf("table: %+v", l)
		}
	}
	fit, _ := Decode(m.ForEngineFitting(bin, 100))
	for i, want := range []uint64{0, 3} {
		if got := fit.Elems[i].Offset; got.Bits != want {
			t.Errorf("segment %d: offset %+v, want %d", i, got, want)
		}
	}
	if !bytes.Equal(bin, orig) {
		t.Error("the input was changed")
	}
}

// WriteWithoutCustom writes what WithoutCustom makes, for modules with
// custom sections dropped, kept, none, and for bytes that are not a
// sequence of sections.
func TestWriteWithoutCustom(t *testing.T) {
	body := moduleWithLocals(1)
	for _, bin := range [][]byte{
		body,
		AppendSection(AppendSection(append([]byte(nil), body...), SectionCustom, append(AppendName(nil, "x"), 1, 2)),
			SectionCustom, append(AppendName(nil, "name"), 1, 0)),
		append(AppendSection(append([]byte(nil), body[:8]...), SectionCustom, AppendName(nil, "y")), body[8:]...),
		append(append([]byte(nil), body...), 0x00, 0x7f), // a section past the end
		[]byte("\x00asm"),
	} {
		var w bytes.Buffer
		WriteWithoutCustom(&w, bin, "name")
		if want := WithoutCustom(bin, "name"); !bytes.Equal(w.Bytes(), want) {
			t.Errorf("%x: wrote %x, want %x", bin, w.Bytes(), want)
		}
	}
}
