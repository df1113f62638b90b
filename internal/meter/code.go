package meter

import (
	"slices"

	"github.com/pureedge/pureedge/internal/binary"
)

// maxLocals bounds the locals of one function (wazero's own limit is lower).
const maxLocals = 1 << 20

func (w *writer) code(content []byte) []byte {
	r := &rd{b: content}
	n := r.u32()
	if r.err == nil && int(n) != len(w.m.funcTypes) {
		r.fail("%d bodies for %d functions", n, len(w.m.funcTypes))
	}
	// The instrumented section is about a fifth larger than the original.
	out := binary.AppendU32(make([]byte, 0, len(content)+len(content)/4+16), n)
	for i := uint32(0); i < n && r.err == nil && w.err == nil; i++ {
		size := r.u32()
		body := r.bytes(uint64(size))
		if r.err != nil {
			break
		}
		nb := w.body(body, w.m.funcTypes[i])
		out = binary.AppendU32(out, uint32(len(nb)))
		out = append(out, nb...) // before the next body reuses w.out
	}
	w.keep(r.err)
	return out
}

// pending is a charge to insert at pos of a body's output. A slow charge
// leaves its loop for the check function (see loopFrame) instead of calling
// it in place.
type pending struct {
	pos, seg int
	slow     bool
}

// frame is an open block, loop, if or try of the function's own code. A
// wrapped loop runs inside three blocks of ours: block $exit (the loop's
// results), loop $again and block $slow, around the user's loop $l:
//
//	block $exit (result ...)
//	  loop $again
//	    block $slow
//	      loop $l ...
//	        safe point: br_if $slow when the countdown reaches zero
//	        body (its branches outwards skip our three labels)
//	      end
//	      br $exit
//	    end
//	    call check; br $again
//	  end
//	  unreachable
//	end
//
// so that the call of the check function is not inside the user's loop:
// wazero's compiler then keeps the loop's values in registers, where a call
// in the loop would make it spill them around every iteration.
type frame struct {
	wrapped bool
	poll    bool // the loop's iterations are counted (see loopIters)
	// edge is set when they are counted on the loop's back-edges (br and
	// br_if to its label) rather than in its header: every branch to the
	// loop counts down a local and, when it reaches zero, leaves for the
	// poll countdown instead of branching (see backEdge). A loop that a
	// br_table targets counts in its header.
	edge bool
	seg  int   // the loop header's segment when it is charged slowly, or -1
	cost int64 // that segment's cost, given back before the loop is entered again
}

// fnWriter rewrites one function body.
type fnWriter struct {
	w      *writer
	b      []byte
	out    []byte
	temp   uint32 // the i64 local for the fuel check
	temp32 uint32 // the i32 local for the poll
	iters  uint32 // the i32 local counting the loop iterations of the frame
	edges  uint32 // the i32 local counting down the back-edges taken
	// tabled lists the loops (by instruction index) that a br_table
	// targets; loopAt is the index of the loop being opened.
	tabled  map[int]bool
	loopAt  int
	cur     int // current segment, -1 for none
	pending []pending
	// wrap is set when the function's loops are wrapped (it has no
	// instruction whose labels the rewriter does not re-encode).
	wrap   bool
	frames []frame
}

func (w *writer) body(b []byte, t uint32) []byte {
	r := &rd{b: b}
	nl := r.u32()
	countEnd := r.pos
	total := uint64(w.m.typeParams[t])
	for j := uint32(0); j < nl && r.err == nil; j++ {
		total += uint64(r.u32())
		r.valType()
	}
	if total > maxLocals {
		r.fail("%d locals", total)
	}
	if r.err != nil {
		w.keep(r.err)
		return nil
	}
	// Four locals are added after the function's own: an i32 for the
	// poll, an i64 for the fuel check, an i32 counting loop iterations and
	// an i32 counting down back-edges.
	f := &fnWriter{w: w, b: b, temp32: uint32(total), temp: uint32(total) + 1, iters: uint32(total) + 2,
		edges: uint32(total) + 3, cur: -1}
	f.out = binary.AppendU32(w.out[:0], nl+4)
	f.out = append(f.out, b[countEnd:r.pos]...)
	f.out = append(f.out, 1, 0x7f, 1, 0x7e, 1, 0x7f, 1, 0x7f)
	ins := w.ins[:0]
	for !r.done() {
		ins = slices.Grow(ins, 1)[:len(ins)+1]
		in := &ins[len(ins)-1]
		r.next(in)
		if in.local >= int64(total) {
			r.fail("local %d", in.local)
		}
	}
	w.ins = ins
	defer func() { w.out = f.out[:0] }()
	if r.err != nil {
		w.keep(r.err)
		return nil
	}
	stats := w.stats()
	checks := f.tableChecks(ins, t)
	if stats {
		// The body runs in a block, so that a branch to the function's
		// label reaches our count of the function's final end.
		f.out = append(f.out, opBlock)
		f.out = append(f.out, w.blockType(t)...)
	}
	f.wrap = true
	for i := range ins {
		switch ins[i].key {
		case opDelegate, opRethrow, opTryTable, opBrOnNull, opBrOnNonNull:
			f.wrap = false
		}
	}
	f.poll()
	if f.wrap && !w.opts.FuelPolls() {
		f.tabled = tabledLoops(f.b, ins)
		// The back-edge countdown starts full in every call.
		o := binary.AppendS64(append(f.out, opI32Const), loopIters)
		f.out = binary.AppendU32(append(o, opLocalSet), f.edges)
	}
	f.start()
	depth := 0
	for i := range ins {
		in := &ins[i]
		if in.label > int64(depth) {
			// The wrapper block would make an unknown label valid.
			w.keep(errMalformed)
			return nil
		}
		switch in.key {
		case opLoop:
			f.stop()
			f.loopAt = i
			f.loop(in)
			depth++
		case opBlock, opTry, opTryTable:
			f.add(in.key)
			f.copy(in)
			f.frames = append(f.frames, frame{seg: -1})
			depth++
		case opIf:
			f.add(in.key)
			f.copy(in)
			f.frames = append(f.frames, frame{seg: -1})
			f.stop()
			f.start()
			depth++
		case opElse:
			// Reaching else from the then-branch costs an end in WasmEdge;
			// entering the else-branch costs an else.
			f.addIndex(costIndex(opEnd))
			f.copy(in)
			f.stop()
			f.start(costIndex(opElse))
		case opCatch, opCatchAll:
			f.stop()
			f.copy(in)
			f.start(costIndex(in.key))
		case opEnd, opDelegate:
			f.stop()
			if depth == 0 {
				if i != len(ins)-1 || in.key != opEnd {
					w.keep(errMalformed)
					return nil
				}
				if stats {
					f.out = append(f.out, opEnd) // the wrapper block
					f.start(costIndex(opEnd))
					f.stop()
				}
				if checks {
					f.closeTableChecks()
				}
				f.copy(in)
				break
			}
			depth--
			fr := f.frames[len(f.frames)-1]
			f.frames = f.frames[:len(f.frames)-1]
			f.copy(in)
			if fr.wrapped {
				f.unwrap(fr)
			}
			f.start(costIndex(in.key))
		case opBr, opBrTable, opReturn, opUnreachable, opReturnCall, opReturnCallI, opReturnCallR,
			opThrow, opRethrow, opThrowRef, opBrIf, opBrOnNull, opBrOnNonNull, opCall, opCallIndirect, opCallRef:
			if in.key == opCallIndirect || in.key == opReturnCallI {
				if checks {
					f.tableCheck(in, stats)
				} else if f.w.opts.NoTableChecks {
					f.recordTableIndex()
				}
			}
			f.add(in.key)
			f.copy(in)
			f.stop()
			f.start()
		default:
			f.add(in.key)
			f.copy(in)
		}
	}
	if depth != 0 || len(ins) == 0 {
		w.keep(errMalformed)
		return nil
	}
	return f.finish()
}

// blockType is the block type of a wrapper around a body of type t: no
// parameters, the function's results.
func (w *writer) blockType(t uint32) []byte {
	res := w.m.types[t]
	switch res[0] {
	case 0:
		return []byte{0x40}
	case 1:
		return res[1:]
	}
	enc := append([]byte{0}, res...)
	return binary.AppendS64(nil, int64(w.addType(enc)))
}

// copy copies an instruction, re-encoding its labels past the blocks of
// wrapped loops.
func (f *fnWriter) copy(in *instr) {
	if !f.wrap {
		f.out = f.w.copyInstr(f.b, in, f.out)
		return
	}
	switch in.key {
	case opBr, opBrIf:
		r := &rd{b: f.b, pos: in.start + 1}
		l := r.u32()
		if d := len(f.frames) - 1 - int(l); d >= 0 && f.frames[d].edge {
			f.backEdge(in.key, f.label(l))
			return
		}
		f.out = binary.AppendU32(append(f.out, byte(in.key)), f.label(l))
	case opBrTable:
		r := &rd{b: f.b, pos: in.start + 1}
		n := r.u32()
		o := binary.AppendU32(append(f.out, opBrTable), n)
		for i := uint32(0); i <= n && r.err == nil; i++ {
			o = binary.AppendU32(o, f.label(r.u32()))
		}
		f.w.keep(r.err)
		f.out = o
	default:
		f.out = f.w.copyInstr(f.b, in, f.out)
	}
}

// backEdge writes a br or br_if to the label l (re-encoded) of a loop whose
// back-edges count: the branch is taken while the countdown has not reached
// zero; when it has, the code branches to the loop's block $slow (l+1)
// instead, whose poll returns into the loop (see frame).
//
//	br:    local.get $edges; i32.const 1; i32.sub; local.tee $edges; br_if l; br l+1
//	br_if: if; (the same, one label further out); end
func (f *fnWriter) backEdge(op uint32, l uint32) {
	o := f.out
	if op == opBrIf {
		o = append(o, opIf, 0x40)
		l++
	}
	o = binary.AppendU32(append(o, opLocalGet), f.edges)
	o = append(o, opI32Const, 1, opI32Sub, opLocalTee)
	o = binary.AppendU32(o, f.edges)
	o = binary.AppendU32(append(o, opBrIf), l)
	o = binary.AppendU32(append(o, opBr), l+1)
	if op == opBrIf {
		o = append(o, opEnd)
	}
	f.out = o
}

// tabledLoops returns the loops (by instruction index) that a br_table of
// the body targets. (Labels were checked against the depth by the caller's
// reading, or are left to the engine's validation.)
func tabledLoops(b []byte, ins []instr) map[int]bool {
	var m map[int]bool
	var open []int // instruction index of each open frame, -1 for non-loops
	for i := range ins {
		in := &ins[i]
		switch in.key {
		case opLoop:
			open = append(open, i)
		case opBlock, opIf, opTry, opTryTable:
			open = append(open, -1)
		case opEnd, opDelegate:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case opBrTable:
			r := &rd{b: b, pos: in.start + 1}
			n := r.u32()
			for j := uint32(0); j <= n && r.err == nil; j++ {
				if l := int(r.u32()); l < len(open) {
					if k := open[len(open)-1-l]; k >= 0 {
						if m == nil {
							m = map[int]bool{}
						}
						m[k] = true
					}
				}
			}
		}
	}
	return m
}

// label re-encodes a relative label of the user's code: a branch from
// inside frame d-1 to the frame l labels out skips the three blocks of each
// wrapped loop between them.
func (f *fnWriter) label(l uint32) uint32 {
	d := len(f.frames)
	n := l
	for j := d - 1; j >= 0 && j > d-1-int(l); j-- {
		if f.frames[j].wrapped {
			n += 3
		}
	}
	return n
}

// loop copies a loop header with its safe point. A loop without parameters
// in a function whose labels are re-encoded is wrapped (see frame).
func (f *fnWriter) loop(in *instr) {
	w := f.w
	bt := f.b[in.start+1 : in.end]
	// (An unknown type index is left to copy, which reports it.)
	wrap := f.wrap && (in.typ < 0 || in.typ < int64(len(w.m.typeParams)) && w.m.typeParams[in.typ] == 0)
	if !wrap {
		f.copy(in)
		f.poll()
		f.start(costIndex(opLoop))
		f.frames = append(f.frames, frame{seg: -1})
		return
	}
	f.out = append(f.out, opBlock)
	f.out = append(f.out, bt...) // $exit: no parameters, the loop's results
	f.out = append(f.out, opLoop, 0x40, opBlock, 0x40)
	f.out = append(f.out, f.b[in.start:in.end]...)
	fr := frame{wrapped: true, seg: -1}
	if w.opts.FuelPolls() {
		// The loop header's charge is the safe point.
		f.start(costIndex(opLoop))
		f.pending[len(f.pending)-1].slow = true
		fr.seg = f.cur
	} else if !f.tabled[f.loopAt] {
		// Its back-edges count (see backEdge).
		fr.poll, fr.edge = true, true
		f.start(costIndex(opLoop))
	} else {
		// The frame's iteration counter, a local kept in a register: every
		// loopIters-th iteration leaves the loop for the poll countdown.
		o := binary.AppendU32(append(f.out, opLocalGet), f.iters)
		o = append(o, opI32Const, 1, opI32Add, opLocalTee)
		o = binary.AppendU32(o, f.iters)
		o = binary.AppendS64(append(o, opI32Const), loopIters-1)
		o = append(o, opI32And, opI32Eqz, opBrIf, 1) // $slow
		f.out = o
		fr.poll = true
		f.start(costIndex(opLoop))
	}
	f.frames = append(f.frames, fr)
}

// unwrap closes a wrapped loop after its end (see frame).
func (f *fnWriter) unwrap(fr frame) {
	w := f.w
	o := append(f.out, opBr, 2, opEnd) // br $exit; end of $slow
	if fr.poll {
		o = subGlobal(o, w.gPoll, loopIters, f.temp32, false)
		o = append(o, opI32Const, 1, opI32LtS, opIf, 0x40, opI32Const, 0x7f, opCall)
		o = binary.AppendU32(o, w.m.importFuncs)
		o = append(o, opEnd)
		if fr.edge {
			o = binary.AppendS64(append(o, opI32Const), loopIters)
			o = binary.AppendU32(append(o, opLocalSet), f.edges)
		}
	} else {
		o = binary.AppendS64(append(o, opI32Const), int64(fr.seg))
		o = binary.AppendU32(append(o, opCall), w.m.importFuncs)
	}
	if fr.seg >= 0 {
		// Give back the header's charge, which runs again.
		c := f.segCost(fr.seg)
		if c > 0 {
			o = binary.AppendU32(append(o, opGlobalGet), w.gFuel)
			o = binary.AppendS64(append(o, opI64Const), c)
			o = append(o, opI64Add)
			o = binary.AppendU32(append(o, opGlobalSet), w.gFuel)
		}
	}
	f.out = append(o, opBr, 0, opEnd, opUnreachable, opEnd) // br $again; end of $again, $exit
}

func (f *fnWriter) add(key uint32) {
	if f.cur >= 0 {
		f.addIndex(costIndex(key))
	}
}

func (f *fnWriter) addIndex(op uint16) {
	if f.cur >= 0 {
		f.w.plan.Segments[f.cur] = append(f.w.plan.Segments[f.cur], op)
	}
}

// start begins a segment, charged here, with the given first entries.
func (f *fnWriter) start(first ...uint16) {
	if !f.w.stats() {
		return
	}
	p := f.w.plan
	p.Segments = append(p.Segments, first)
	f.cur = len(p.Segments) - 1
	f.pending = append(f.pending, pending{pos: len(f.out), seg: f.cur})
}

func (f *fnWriter) stop() { f.cur = -1 }

// poll writes a safe point: the poll global counts down, and the check
// function is called when it reaches zero (it sets it back to PollEvery).
// The guest drives its own safe points: no other goroutine has to run (none
// can while the Go runtime stops the world for the garbage collector).
func (f *fnWriter) poll() {
	if f.w.opts.FuelPolls() {
		return
	}
	o := f.countDown()
	o = append(o, opIf, 0x40, opI32Const, 0x7f, opCall)
	o = binary.AppendU32(o, f.w.m.importFuncs)
	f.out = append(o, opEnd)
}

// loopIters is how many iterations of the loops of one frame make one pass
// through the poll countdown, which they decrease by as much (a power of
// two). A call passes through it once in its entry.
const loopIters = 1 << 8

// countDown appends the poll countdown, leaving whether it reached zero
// (or below: loops decrease it by loopIters).
func (f *fnWriter) countDown() []byte {
	o := subGlobal(f.out, f.w.gPoll, 1, f.temp32, false)
	return append(o, opI32Const, 1, opI32LtS)
}

// subGlobal appends code that decreases global g by n and leaves its new
// value on the stack (and in local tmp): global.get g; T.const n; T.sub;
// local.tee tmp; global.set g; local.get tmp, where T is i64 if wide, else
// i32.
func subGlobal(o []byte, g uint32, n int64, tmp uint32, wide bool) []byte {
	konst, sub := byte(opI32Const), byte(opI32Sub)
	if wide {
		konst, sub = opI64Const, opI64Sub
	}
	o = binary.AppendU32(append(o, opGlobalGet), g)
	o = binary.AppendS64(append(o, konst), n)
	o = append(o, sub, opLocalTee)
	o = binary.AppendU32(o, tmp)
	o = binary.AppendU32(append(o, opGlobalSet), g)
	return binary.AppendU32(append(o, opLocalGet), tmp)
}

// segCost is the cost of segment s, bounded by maxCharge.
func (f *fnWriter) segCost(s int) int64 {
	var c uint64
	for _, op := range f.w.plan.Segments[s] {
		c += f.w.plan.CostOf(op)
		if c > maxCharge {
			c = maxCharge
		}
	}
	return int64(c)
}

// maxCharge bounds a segment's cost, so that it stays a positive i64.
const maxCharge = 1 << 62

// charge appends the code that charges segment s; a slow charge branches
// to its wrapper's block $slow when the fuel runs out.
func (f *fnWriter) charge(o []byte, s int, slow bool) []byte {
	w := f.w
	ops := w.plan.Segments[s]
	if len(ops) == 0 {
		return o
	}
	if w.opts.Count && !w.opts.Derived() {
		o = binary.AppendU32(append(o, opGlobalGet), w.gCount)
		o = binary.AppendS64(append(o, opI64Const), int64(len(ops)))
		o = append(o, opI64Add)
		o = binary.AppendU32(append(o, opGlobalSet), w.gCount)
	}
	if w.opts.Cost {
		c := f.segCost(s)
		if c == 0 {
			return o
		}
		o = subGlobal(o, w.gFuel, c, f.temp, true)
		o = append(o, opI64Const, 0, opI64LtS)
		if slow {
			return append(o, opBrIf, 1) // $slow
		}
		o = append(o, opIf, 0x40, opI32Const)
		o = binary.AppendS64(o, int64(s))
		o = binary.AppendU32(append(o, opCall), w.m.importFuncs)
		o = append(o, opEnd)
	}
	return o
}

// finish splices the charges into the body.
func (f *fnWriter) finish() []byte {
	if len(f.pending) == 0 {
		return f.out
	}
	out := make([]byte, 0, len(f.out)+len(f.pending)*24)
	prev := 0
	for _, p := range f.pending {
		out = append(out, f.out[prev:p.pos]...)
		out = f.charge(out, p.seg, p.slow)
		prev = p.pos
	}
	return append(out, f.out[prev:]...)
}
