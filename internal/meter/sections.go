package meter

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pureedge/pureedge/internal/binary"
)

// constExpr copies a constant expression, shifting ref.func indices.
func (w *writer) constExpr(r *rd, out []byte) []byte {
	var in instr
	for r.err == nil {
		r.next(&in)
		if r.err != nil {
			break
		}
		out = w.copyInstr(r.b, &in, out)
		if in.key == opEnd {
			return out
		}
	}
	w.keep(r.err)
	return out
}

// copyInstr copies one instruction, re-encoding a function index.
func (w *writer) copyInstr(b []byte, in *instr, out []byte) []byte {
	if in.typ >= int64(len(w.m.types)) || in.glob >= int64(w.m.importGlobs+w.m.definedGlobs) {
		w.keep(errMalformed) // leave the error to the engine's validation
	}
	if in.key == opCall || in.key == opReturnCall || in.key == opRefFunc {
		out = append(out, b[in.start:in.idxAt]...)
		return binary.AppendU32(out, w.fn(in.idx))
	}
	return append(out, b[in.start:in.end]...)
}

// grow starts the rewrite of a vector section (content nil: the section is
// missing and created) that gains added entries: it returns a reader past
// the count, the count and the new count encoded.
func grow(content []byte, added uint32) (*rd, uint32, []byte) {
	r := &rd{b: content}
	n := uint32(0)
	if content != nil {
		n = r.u32()
	}
	return r, n, binary.AppendU32(nil, n+added)
}

func (w *writer) globals(content []byte) []byte {
	r, n, out := grow(content, w.gNext-w.gPoll+w.importRefs())
	for i := uint32(0); i < n && r.err == nil; i++ {
		s := r.pos
		r.valType()
		r.byte()
		out = append(out, content[s:r.pos]...)
		out = w.constExpr(r, out)
	}
	w.keep(r.err)
	// The poll counter starts at 1: the first safe point calls the check
	// function, which registers the instance.
	out = append(out, 0x7f, 1, opI32Const, 1, opEnd)
	out = append(out, 0x7e, 1, opI64Const, 0, opEnd)
	out = append(out, 0x7e, 1, opI64Const, 0, opEnd)
	if w.opts.NoTableChecks {
		out = append(out, 0x7f, 1, opI32Const, 0, opEnd)
	}
	return w.importRefGlobals(out)
}

func (w *writer) exports(content []byte) []byte {
	r, n, out := grow(content, w.gNext-w.gPoll+w.importRefs())
	for i := uint32(0); i < n && r.err == nil; i++ {
		s := r.pos
		if name := r.bytes(uint64(r.u32())); strings.HasPrefix(string(name), ReservedPrefix) {
			w.keep(fmt.Errorf("%w: export %q", ErrReservedName, name))
		}
		kind := r.byte()
		out = append(out, content[s:r.pos]...)
		idx := r.u32()
		if kind == 0 {
			idx = w.fn(idx)
		}
		if kind == 3 && idx >= w.m.importGlobs+w.m.definedGlobs {
			w.keep(errMalformed)
		}
		out = binary.AppendU32(out, idx)
	}
	w.keep(r.err)
	for i, name := range []string{ExportPoll, ExportCount, ExportFuel} {
		out = binary.AppendName(out, name)
		out = append(out, 3)
		out = binary.AppendU32(out, w.gPoll+uint32(i))
	}
	if w.opts.NoTableChecks {
		out = binary.AppendName(out, ExportTableIndex)
		out = append(out, 3)
		out = binary.AppendU32(out, w.gTableIndex)
	}
	return w.importRefExports(out)
}

func (w *writer) elements(content []byte) []byte {
	r := &rd{b: content}
	n := r.u32()
	out := binary.AppendU32(nil, n)
	for i := uint32(0); i < n && r.err == nil; i++ {
		flags := r.u32()
		out = binary.AppendU32(out, flags)
		if flags > 7 {
			r.fail("element flags %d", flags)
			break
		}
		if flags&3 == 2 { // table index
			out = binary.AppendU32(out, r.u32())
		}
		if flags&1 == 0 { // active: offset
			out = w.constExpr(r, out)
		}
		if flags&3 != 0 { // elemkind or reftype
			s := r.pos
			if flags&4 != 0 {
				r.valType()
			} else {
				r.byte()
			}
			out = append(out, content[s:r.pos]...)
		}
		m := r.u32()
		out = binary.AppendU32(out, m)
		for j := uint32(0); j < m && r.err == nil; j++ {
			if flags&4 != 0 {
				out = w.constExpr(r, out)
			} else {
				out = binary.AppendU32(out, w.fn(r.u32()))
			}
		}
	}
	w.keep(r.err)
	return out
}

// custom rewrites the name section's function indices and names the
// functions without a name "$N", N their original index. It returns nil
// for a DWARF section (dropped, see Instrument); other custom sections are
// kept as they are.
func (w *writer) custom(content []byte) []byte {
	r := &rd{b: content}
	name := string(r.bytes(uint64(r.u32())))
	if r.err == nil && strings.HasPrefix(name, ".debug_") {
		return nil
	}
	if r.err != nil || name != "name" {
		return content
	}
	w.hadNames = true
	out := append([]byte(nil), content[:r.pos]...)
	for !r.done() {
		id := r.byte()
		sub := &rd{b: r.bytes(uint64(r.u32()))}
		if r.err != nil {
			break
		}
		if id > 1 && !w.namedFuncs {
			body := w.funcNames(&rd{b: []byte{0}})
			out = append(out, 1)
			out = binary.AppendU32(out, uint32(len(body)))
			out = append(out, body...)
		}
		var body []byte
		switch id {
		case 1:
			body = w.funcNames(sub)
		case 2, 3: // local and label names: indirect maps by function
			k := sub.u32()
			body = binary.AppendU32(nil, k)
			for i := uint32(0); i < k && sub.err == nil; i++ {
				body = binary.AppendU32(body, w.fn(sub.u32()))
				s := sub.pos
				c := sub.u32()
				for j := uint32(0); j < c && sub.err == nil; j++ {
					sub.u32()
					sub.bytes(uint64(sub.u32()))
				}
				body = append(body, sub.b[s:sub.pos]...)
			}
		default:
			body = sub.b
		}
		if sub.err != nil {
			return content // keep a name section we cannot follow; names are advisory
		}
		out = append(out, id)
		out = binary.AppendU32(out, uint32(len(body)))
		out = append(out, body...)
	}
	if !w.namedFuncs {
		out = append(out, 1)
		body := w.funcNames(&rd{b: []byte{0}})
		out = binary.AppendU32(out, uint32(len(body)))
		out = append(out, body...)
	}
	if r.err != nil {
		return content
	}
	return out
}

// funcNames rewrites a function name map, adding "$N" for the module's own
// functions that have no name.
func (w *writer) funcNames(sub *rd) []byte {
	w.namedFuncs = true
	k := sub.u32()
	named := map[uint32]string{}
	for i := uint32(0); i < k && sub.err == nil; i++ {
		idx := sub.u32()
		named[idx] = string(sub.bytes(uint64(sub.u32())))
	}
	total := w.m.importFuncs + uint32(len(w.m.funcTypes))
	var body []byte
	count := uint32(0)
	var entries []byte
	// Name maps are sorted by index; the inserted check function (index
	// importFuncs) gets no name.
	for idx := uint32(0); idx < total; idx++ {
		s, ok := named[idx]
		if !ok {
			if idx < w.m.importFuncs {
				continue
			}
			s = "$" + strconv.FormatUint(uint64(idx), 10)
		}
		entries = binary.AppendU32(entries, w.fn(idx))
		entries = binary.AppendName(entries, s)
		count++
	}
	body = binary.AppendU32(body, count)
	return append(body, entries...)
}

// nameSection is the name section written for a module that has none.
func (w *writer) nameSection() []byte {
	out := binary.AppendName(nil, "name")
	body := w.funcNames(&rd{b: []byte{0}})
	out = append(out, 1)
	out = binary.AppendU32(out, uint32(len(body)))
	return append(out, body...)
}
