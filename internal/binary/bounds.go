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

// namesBounded reports whether the function-name (1) and local-name (2)
// subsections of a "name" section's content fit their counts; other
// subsections and malformed framing are the engine's to judge (it ignores
// or rejects them without allocating by a count).
func namesBounded(data []byte) bool {
	r := reader{b: data}
	for r.remaining() > 0 {
		id, err := r.byte()
		if err != nil {
			return true
		}
		size, err := r.u32()
		if err != nil || uint64(size) > uint64(r.remaining()) {
			return true
		}
		sub := reader{b: r.b[r.pos : r.pos+int(size)]}
		r.pos += int(size)
		switch id {
		case 1:
			if !nameMapBounded(&sub) {
				return false
			}
		case 2:
			n, err := sub.u32()
			if err != nil {
				return true
			}
			if uint64(n) > uint64(sub.remaining()/2) {
				return false
			}
			for range n {
				if _, err := sub.u32(); err != nil {
					return true
				}
				if !nameMapBounded(&sub) {
					return false
				}
			}
		}
	}
	return true
}

// nameMapBounded reads a name map (count, then index and name pairs),
// reporting false if its count exceeds what the bytes left can hold.
func nameMapBounded(r *reader) bool {
	n, err := r.u32()
	if err != nil {
		return true
	}
	if uint64(n) > uint64(r.remaining()/2) {
		return false
	}
	for range n {
		if _, err := r.u32(); err != nil {
			return true
		}
		if _, err := r.name(); err != nil {
			return true
		}
	}
	return true
}
