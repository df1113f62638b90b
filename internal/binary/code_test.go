package binary

import (
	"errors"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// codeModule has two tables, two active segments and two functions: one
// calling through table 1, one with an atomic load aligned 2^1 (natural:
// 2^2), named "atom" in the name section.
var codeModule = mod(
	sec(SectionType, "\x01\x60\x00\x00"),
	sec(SectionFunction, "\x02\x00\x00"),
	sec(SectionTable, "\x02\x70\x00\x02\x70\x00\x01"),
	sec(SectionElement, "\x02"+
		"\x00\x41\x01\x0B\x01\x00"+ // table 0, offset 1, one function: fits 2
		"\x02\x01\x41\x01\x0B\x00\x01\x00"), // table 1, offset 1, one function: past 1
	sec(SectionCode, "\x02"+
		"\x05\x00\x11\x00\x01\x0B"+ // call_indirect type 0 table 1
		"\x09\x00\x41\x00\xFE\x10\x01\x00\x1A\x0B"), // i32.atomic.load align=1
	sec(SectionCustom, "\x04name\x01\x07\x01\x01\x04atom"),
)

func TestWalkBodies(t *testing.T) {
	m, err := Decode(codeModule)
	if err != nil {
		t.Fatal(err)
	}
	f, known, err := Walk(m.Body(codeModule, 0), true)
	if err != nil || !known || !f.CallIndirect || f.IndirectTable != 1 || f.TableAccess {
		t.Errorf("function 0: %+v known %v err %v", f, known, err)
	}
	if _, _, err := Walk(m.Body(codeModule, 1), false); err != nil {
		t.Errorf("function 1 without threads: %v", err)
	}
	_, _, err = Walk(m.Body(codeModule, 1), true)
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != errcode.InvalidAlignment {
		t.Errorf("function 1 with threads: %v, want InvalidAlignment", err)
	}
	if m.Body(codeModule, 2) != nil {
		t.Error("Body(2) of two functions")
	}
	if idx, ok := m.FuncIndexByName("atom"); !ok || idx != 1 {
		t.Errorf("FuncIndexByName(atom) = %d, %v", idx, ok)
	}
}

func TestElemSegments(t *testing.T) {
	m, err := Decode(codeModule)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Elems) != 2 || m.Elems[1].Table != 1 || m.Elems[1].Count != 1 || m.Elems[1].Offset.Bits != 1 || !m.Elems[1].FuncIndices {
		t.Fatalf("Elems = %+v", m.Elems)
	}
	e, bad := m.ElemOutOfBounds()
	if !bad || e.Segment != 1 {
		t.Errorf("ElemOutOfBounds = %+v, %v; want segment 1", e, bad)
	}
	if m.TableFull(codeModule, 0) {
		t.Error("table 0 (slot 0 empty) reported full")
	}
}
