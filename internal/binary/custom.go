package binary

import (
	"io"
	"slices"
)

// LastCustom finds a custom section named name that is the last section of
// the module b. It returns the module without that section and the
// section's payload (after its name); ok is false when b is not a module
// whose last section is such a section.
func LastCustom(b []byte, name string) (head, payload []byte, ok bool) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, nil, false
	}
	r := &reader{b: b, pos: 8}
	last := -1
	for r.remaining() > 0 {
		start := r.pos
		if _, err := r.byte(); err != nil {
			return nil, nil, false
		}
		size, err := r.uleb(32)
		if err != nil || size > uint64(r.remaining()) {
			return nil, nil, false
		}
		last = start
		r.pos += int(size)
	}
	if last < 0 || b[last] != byte(SectionCustom) {
		return nil, nil, false
	}
	r.pos = last + 1
	size, _ := r.uleb(32)
	body := &reader{b: b[r.pos : r.pos+int(size)]}
	n, err := body.uleb(32)
	if err != nil || n > uint64(body.remaining()) {
		return nil, nil, false
	}
	got, _ := body.bytes(n)
	if string(got) != name {
		return nil, nil, false
	}
	return b[:last:last], body.b[body.pos:], true
}

// WithoutCustom returns the module b without its custom sections, except
// those named in keep: what an engine needs to run it (debug information,
// producers and the like are often most of a module's bytes, and cost
// their size in every pass over it). A custom section whose header or name
// is malformed is kept, for the engine to reject; b is returned as it is
// when nothing is dropped or it is not a well-formed sequence of sections.
func WithoutCustom(b []byte, keep ...string) []byte {
	drop := customDrops(b, keep)
	if drop == nil {
		return b
	}
	n := len(b)
	for _, d := range drop {
		n -= d[1] - d[0]
	}
	out := make([]byte, 0, n)
	eachKept(b, drop, func(p []byte) { out = append(out, p...) })
	return out
}

// WriteWithoutCustom writes WithoutCustom(b, keep...) to w, without making
// it: to hash it, say.
func WriteWithoutCustom(w io.Writer, b []byte, keep ...string) {
	eachKept(b, customDrops(b, keep), func(p []byte) { _, _ = w.Write(p) })
}

// eachKept calls fn with the pieces of b between the ranges of drop.
func eachKept(b []byte, drop [][2]int, fn func([]byte)) {
	kept := 0 // b[kept:] is yet to be given
	for _, d := range drop {
		if d[0] > kept {
			fn(b[kept:d[0]])
		}
		kept = d[1]
	}
	if kept < len(b) {
		fn(b[kept:])
	}
}

// customDrops returns the byte ranges of the custom sections of b that
// WithoutCustom drops (nil: none, or b is not a well-formed sequence of
// sections).
func customDrops(b []byte, keep []string) [][2]int {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil
	}
	var drop [][2]int
	r := &reader{b: b, pos: 8}
	for r.remaining() > 0 {
		start := r.pos
		id, err := r.byte()
		if err != nil {
			return nil
		}
		size, err := r.uleb(32)
		if err != nil || size > uint64(r.remaining()) {
			return nil
		}
		end := r.pos + int(size)
		if SectionID(id) == SectionCustom {
			body := &reader{b: b[r.pos:end]}
			if name, err := body.name(); err == nil && !slices.Contains(keep, name) {
				drop = append(drop, [2]int{start, end})
			}
		}
		r.pos = end
	}
	return drop
}
