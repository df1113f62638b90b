package binary

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
