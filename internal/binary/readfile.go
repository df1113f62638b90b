package binary

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"unicode/utf8"
)

// ReadForRun reads the module in the file path for running it: as
// os.ReadFile would, except that the payload of every custom section not
// named in keep is left unread, and the section is kept with its name
// only. Debug information is often most of a module's bytes (a Rust debug
// build: 2 MB of 2.1), and reading it costs a copy and fresh memory for
// every byte; the engine drops it anyway (WithoutCustom), so that
// WithoutCustom of the result is WithoutCustom of the whole file.
//
// What is not a well-formed sequence of sections, down to the names of
// the custom sections, is read whole, so that the decoder reports its
// error as for the file itself. reduced tells whether anything was left
// out: a decoder error in a reduced module names offsets that are not the
// file's, and the caller should read the file whole to report it.
func ReadForRun(path string, keep ...string) (b []byte, reduced bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	size := fi.Size()
	// Small files, and what is not a regular file (a pipe, a device: its
	// size says nothing), are read whole.
	if !fi.Mode().IsRegular() || size < walkMinSize || int64(int(size)) != size {
		var buf bytes.Buffer
		buf.Grow(int(min(max(size, 0), 1<<30)) + bytes.MinRead) // one read for a regular file
		_, err := buf.ReadFrom(f)
		return buf.Bytes(), false, err
	}
	return readSections(f, size, keep)
}

// readSections is ReadForRun of the size bytes of r.
func readSections(r io.ReaderAt, size int64, keep []string) (b []byte, reduced bool, err error) {
	plan, ok := sectionsToRead(r, size, keep)
	if !ok {
		b := make([]byte, size)
		_, err := io.ReadFull(io.NewSectionReader(r, 0, size), b)
		return b, false, err
	}
	n := 0
	for _, p := range plan {
		n += len(p.head)
		if p.read {
			n += int(p.end - p.start)
		}
	}
	b = make([]byte, 0, n)
	for _, p := range plan {
		b = append(b, p.head...)
		if !p.read {
			reduced = true
			continue
		}
		at := len(b)
		b = b[:at+int(p.end-p.start)]
		if _, err := r.ReadAt(b[at:], p.start); err != nil {
			return nil, false, err
		}
	}
	return b, reduced, nil
}

// walkMinSize is the size below which ReadForRun reads a file whole (a
// variable for tests).
var walkMinSize int64 = 1 << 16

// readPiece is a part of the result of ReadForRun: head, then, if read,
// the file's bytes from start to end.
type readPiece struct {
	head       []byte
	start, end int64
	read       bool
}

// sectionsToRead walks the section headers of the module in r, of size
// bytes, and returns what to read of it; ok is false when the file is not
// a well-formed sequence of sections (with well-formed custom names).
func sectionsToRead(f io.ReaderAt, size int64, keep []string) (plan []readPiece, ok bool) {
	var hdr [8]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil || string(hdr[:4]) != "\x00asm" {
		return nil, false
	}
	plan = append(plan, readPiece{start: 0, end: 8, read: true})
	pos := int64(8)
	// A section header is an id and a 32-bit LEB128 size; a custom
	// section's name follows, itself at most the section's size.
	var buf [1 + 5 + 5]byte
	for pos < size {
		n, err := f.ReadAt(buf[:], pos)
		if n == 0 || (err != nil && !errors.Is(err, io.EOF)) {
			return nil, false
		}
		id := buf[0]
		secSize, l := uleb32(buf[1:n])
		if l == 0 {
			return nil, false
		}
		body := pos + 1 + int64(l)
		end := body + int64(secSize)
		if end > size {
			return nil, false
		}
		if SectionID(id) != SectionCustom {
			plan = appendRead(plan, pos, end)
			pos = end
			continue
		}
		nameLen, nl := uleb32(buf[1+l : n])
		if nl == 0 || uint64(nl)+uint64(nameLen) > uint64(secSize) {
			return nil, false
		}
		name := make([]byte, nameLen)
		if _, err := f.ReadAt(name, body+int64(nl)); err != nil || !utf8.Valid(name) {
			return nil, false
		}
		if slices.Contains(keep, string(name)) || uint64(nl)+uint64(nameLen) == uint64(secSize) {
			plan = appendRead(plan, pos, end)
		} else {
			// The section with its name and without its payload.
			named := AppendName(nil, string(name))
			head := append([]byte{id}, AppendU32(nil, uint32(len(named)))...)
			plan = append(plan, readPiece{head: append(head, named...)})
		}
		pos = end
	}
	return plan, true
}

// appendRead adds the file's bytes from start to end to plan, joining
// them to the piece before when that ends at start.
func appendRead(plan []readPiece, start, end int64) []readPiece {
	if last := &plan[len(plan)-1]; last.read && last.head == nil && last.end == start {
		last.end = end
		return plan
	}
	return append(plan, readPiece{start: start, end: end, read: true})
}

// uleb32 decodes an unsigned 32-bit LEB128 at the start of b, returning
// its length in bytes (0: malformed or cut short).
func uleb32(b []byte) (uint32, int) {
	var v uint64
	for i := 0; i < 5 && i < len(b); i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			if v > 1<<32-1 || (i == 4 && b[i]&0x70 != 0) {
				return 0, 0
			}
			return uint32(v), i + 1
		}
	}
	return 0, 0
}
