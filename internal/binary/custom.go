package binary

import "slices"

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
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return b
	}
	var out []byte
	r := &reader{b: b, pos: 8}
	kept := 0 // b[kept:start] is yet to be copied
	for r.remaining() > 0 {
		start := r.pos
		id, err := r.byte()
		if err != nil {
			return b
		}
		size, err := r.uleb(32)
		if err != nil || size > uint64(r.remaining()) {
			return b
		}
		end := r.pos + int(size)
		if SectionID(id) == SectionCustom {
			body := &reader{b: b[r.pos:end]}
			if name, err := body.name(); err == nil && !slices.Contains(keep, name) {
				if out == nil {
					out = make([]byte, 0, len(b))
				}
				out = append(out, b[kept:start]...)
				kept = end
			}
		}
		r.pos = end
	}
	if out == nil {
		return b
	}
	return append(out, b[kept:]...)
}
