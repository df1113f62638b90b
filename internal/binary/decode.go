package binary

import (
	"fmt"

	"github.com/pureedge/pureedge/internal/errcode"
)

// Magic is the first four bytes of every Wasm binary.
const Magic = "\x00asm"

// Version is the binary format version that Decode accepts.
const Version = "\x01\x00\x00\x00"

// SectionID identifies a section of the binary format.
type SectionID byte

// The section ids.
const (
	SectionCustom    SectionID = 0
	SectionType      SectionID = 1
	SectionImport    SectionID = 2
	SectionFunction  SectionID = 3
	SectionTable     SectionID = 4
	SectionMemory    SectionID = 5
	SectionGlobal    SectionID = 6
	SectionExport    SectionID = 7
	SectionStart     SectionID = 8
	SectionElement   SectionID = 9
	SectionCode      SectionID = 10
	SectionData      SectionID = 11
	SectionDataCount SectionID = 12
	SectionTag       SectionID = 13 // exception-handling proposal
)

var sectionNames = [...]string{"custom", "type", "import", "function", "table", "memory",
	"global", "export", "start", "element", "code", "data", "data count", "tag"}

// String returns the section's name, e.g. "import".
func (id SectionID) String() string {
	if int(id) < len(sectionNames) {
		return sectionNames[id]
	}
	return fmt.Sprintf("section(%d)", byte(id))
}

// sectionRank is the position at which each non-custom section must appear:
// the tag section sits between memory and global, data count between element
// and code.
var sectionRank = [...]int{
	SectionType: 1, SectionImport: 2, SectionFunction: 3, SectionTable: 4, SectionMemory: 5,
	SectionTag: 6, SectionGlobal: 7, SectionExport: 8, SectionStart: 9, SectionElement: 10,
	SectionDataCount: 11, SectionCode: 12, SectionData: 13,
}

// Decode parses the module-level structure of the Wasm binary b. The result
// may alias b (custom section contents do). Errors are *errcode.Error
// values with WasmEdge's load-phase codes, whose Detail tells the section and
// the offset.
//
// Decode checks what WasmEdge's loader checks at module level: the header,
// section ids, order and sizes, the encoding of every entry, UTF-8 names,
// LEB128 ranges, limits flags, and the function/code and data-count/data
// consistency, and that constant expressions read no mutable global. It
// does not validate otherwise (index ranges, types of constant expressions,
// ...) and does not look inside function bodies.
func Decode(b []byte) (*Module, error) {
	return DecodeFeatures(b, DefaultFeatures)
}

// DecodeFeatures is Decode for a configuration: function bodies may use the
// instructions of the proposals in feat only.
func DecodeFeatures(b []byte, feat Features) (*Module, error) {
	d := &decoder{r: reader{b: b, noTags: feat&FeatureExceptions == 0, noShared: feat&FeatureThreads == 0,
		no64: feat&FeatureMemory64 == 0, feat: feat}, body: bodyState{feat: feat}}
	d.r.mutableGlobal = func(idx uint32) bool {
		t, ok := d.m.GlobalType(idx)
		return ok && t.Mutable
	}
	if err := d.module(); err != nil {
		return nil, d.toError(err)
	}
	return &d.m, nil
}

// decoder holds the state of one Decode call.
type decoder struct {
	r       reader
	m       Module
	section SectionID // the section being read
	inSec   bool      // false while reading the header and section ids
	body    bodyState // reads the function bodies
}

func (d *decoder) toError(err *loadError) *errcode.Error {
	where := fmt.Sprintf("at offset %d", err.off)
	if d.inSec {
		where = fmt.Sprintf("%s section, offset %d", d.section, err.off)
	}
	if err.note != "" {
		where += ": " + err.note
	}
	return errcode.New(err.code, where)
}

func (d *decoder) module() *loadError {
	r := &d.r
	// The header. A short input is an unexpected end, as in WasmEdge and
	// the spec tests; four wrong bytes are a bad magic.
	magic, err := r.bytes(4)
	if err != nil {
		return err
	}
	if string(magic) != Magic {
		return r.fail(errcode.MalformedMagic, 0, "")
	}
	version, err := r.bytes(4)
	if err != nil {
		return err
	}
	if string(version) != Version {
		return r.fail(errcode.MalformedVersion, 4, "version %x", version)
	}
	lastRank := 0
	for r.remaining() > 0 {
		d.inSec = false
		idOff := r.pos
		id, _ := r.byte()
		if int(id) >= len(sectionRank) {
			return r.fail(errcode.MalformedSection, idOff, "section id %d", id)
		}
		d.section = SectionID(id)
		if d.section == SectionTag && d.r.noTags {
			return r.fail(errcode.MalformedSection, idOff, "tag section without the exception-handling proposal")
		}
		if rank := sectionRank[id]; rank != 0 {
			if rank <= lastRank {
				return r.fail(errcode.JunkSection, idOff, "%s section out of order or repeated", d.section)
			}
			lastRank = rank
		}
		d.inSec = true
		size, err := r.u32()
		if err != nil {
			return err
		}
		start := r.pos
		if uint64(size) > uint64(r.remaining()) {
			// WasmEdge's loadSectionContent checks the size first.
			return r.fail(errcode.LengthOutOfBounds, start, "section of %d bytes, %d left", size, r.remaining())
		}
		if err := d.sectionContent(uint64(size)); err != nil {
			return err
		}
		if d.section == SectionTable {
			d.m.TableSection = [2]uint32{uint32(idOff), uint32(r.pos)}
		}
		if uint64(r.pos-start) != uint64(size) {
			return r.fail(errcode.SectionSizeMismatch, start,
				"declared size %d, content size %d", size, r.pos-start)
		}
	}
	d.inSec = false
	if uint64(len(d.m.Funcs)) != uint64(d.m.CodeCount) {
		return r.fail(errcode.IncompatibleFuncCode, len(r.b),
			"%d functions, %d bodies", len(d.m.Funcs), d.m.CodeCount)
	}
	if d.m.DataCount != nil && *d.m.DataCount != d.m.DataSegments {
		return r.fail(errcode.IncompatibleDataCount, len(r.b),
			"data count %d, %d data segments", *d.m.DataCount, d.m.DataSegments)
	}
	return nil
}

func (d *decoder) sectionContent(size uint64) *loadError {
	switch d.section {
	case SectionCustom:
		return d.custom(size)
	case SectionType:
		return d.types()
	case SectionImport:
		return d.imports()
	case SectionFunction:
		return d.functions()
	case SectionTable:
		return d.tables()
	case SectionMemory:
		return d.memories()
	case SectionTag:
		return d.tags()
	case SectionGlobal:
		return d.globals()
	case SectionExport:
		return d.exports()
	case SectionStart:
		v, err := d.r.u32()
		d.m.Start = &v
		return err
	case SectionElement:
		return d.elements()
	case SectionDataCount:
		v, err := d.r.u32()
		d.m.DataCount = &v
		return err
	case SectionCode:
		d.body.hasData = d.m.DataCount != nil
		return d.code()
	case SectionData:
		return d.data()
	}
	return nil
}
