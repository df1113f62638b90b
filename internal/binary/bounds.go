package binary

import (
	"github.com/pureedge/pureedge/internal/errcode"
)

// MaxLocals is the most locals a function may declare, as in WasmEdge.
const MaxLocals = 1 << 26

// LocalsBudget is the most locals a module of size bytes may declare in all
// its functions: 2^16, or 8 per byte of the module if that is more. Real
// compilers declare far fewer; the bound keeps what the engine allocates for
// locals within a small multiple of the module's size.
func LocalsBudget(size int) uint64 { return max(1<<16, 8*uint64(size)) }

// countLocals reads the local declarations of one function body (at offset
// off of the input) and checks them against MaxLocals and the module's
// budget. A malformed declaration is left to the engine, which reports it
// as it decodes the body.
func (d *decoder) countLocals(body []byte, off int) *loadError {
	r := reader{b: body}
	n, err := r.u32()
	if err != nil {
		return nil
	}
	var fn uint64
	for range n {
		at := r.pos
		c, err := r.u32()
		if err != nil {
			return nil
		}
		if _, err := r.valType(); err != nil {
			return nil
		}
		fn += uint64(c)
		if fn > MaxLocals {
			return d.r.fail(errcode.TooManyLocals, off+at, "a function declares more than %d locals", MaxLocals)
		}
		if d.m.Locals+fn > LocalsBudget(len(d.r.b)) {
			return d.r.fail(errcode.TooManyLocals, off+at,
				"the functions declare more than %d locals in all, the bound for a module of %d bytes",
				LocalsBudget(len(d.r.b)), len(d.r.b))
		}
	}
	d.m.Locals += fn
	return nil
}

// namesBounded reports whether a "name" section's content is one the
// engine can decode without allocating by an unchecked count: every
// subsection's size fits, and the module-name (0), function-name (1) and
// local-name (2) subsections parse within their size and fill it exactly.
// The engine reads those three from the section's bytes, not the
// subsection's, and allocates by the counts and name lengths it reads
// before checking them, so anything short of a well-formed section is
// hidden from it (WasmEdge ignores the section altogether).
func namesBounded(data []byte) bool {
	r := reader{b: data}
	for r.remaining() > 0 {
		id, err := r.byte()
		if err != nil {
			return false
		}
		size, err := r.u32()
		if err != nil || uint64(size) > uint64(r.remaining()) {
			return false
		}
		sub := reader{b: r.b[r.pos : r.pos+int(size)]}
		r.pos += int(size)
		if id > 2 {
			continue
		}
		if !nameSubsectionBounded(id, &sub) || sub.remaining() != 0 {
			return false
		}
	}
	return true
}

// nameSubsectionBounded parses the content of a module-name (0),
// function-name (1) or local-name (2) subsection, reporting false at the
// first count or length the bytes left cannot hold.
func nameSubsectionBounded(id byte, r *reader) bool {
	switch id {
	case 0:
		_, err := r.name()
		return err == nil
	case 1:
		return nameMapBounded(r)
	}
	return vecBounded(r, func(r *reader) bool {
		_, err := r.u32()
		return err == nil && nameMapBounded(r)
	})
}

// nameMapBounded reads a name map (count, then index and name pairs),
// reporting false if a count or name exceeds what the bytes left can hold.
func nameMapBounded(r *reader) bool {
	return vecBounded(r, func(r *reader) bool {
		if _, err := r.u32(); err != nil {
			return false
		}
		_, err := r.name()
		return err == nil
	})
}

// vecBounded reads a count and that many entries by entry, reporting false
// if the count exceeds what the bytes left can hold (every entry takes two
// bytes at least) or entry reports false.
func vecBounded(r *reader, entry func(*reader) bool) bool {
	n, err := r.u32()
	if err != nil || uint64(n) > uint64(r.remaining()/2) {
		return false
	}
	for range n {
		if !entry(r) {
			return false
		}
	}
	return true
}
