package binary

import (
	"errors"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// mod returns a binary made of the header and the given raw parts.
func mod(parts ...string) []byte {
	b := AppendHeader(nil)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// sec returns a section with the given id and content, its size computed.
func sec(id SectionID, content string) string {
	return string(AppendSection(nil, id, []byte(content)))
}

// codeOf returns the WasmEdge code of a Decode error, or 0.
func codeOf(t *testing.T, err error) errcode.Code {
	t.Helper()
	if err == nil {
		return 0
	}
	var e *errcode.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not an *errcode.Error", err, err)
	}
	return e.Code
}

func u32p(v uint32) *uint32 { return &v }

// structural is m without what depends on the layout of its input (where
// the code is, the active segments' details), which Encode does not keep.
func structural(m *Module) *Module {
	c := *m
	c.Elems, c.CodeStart, c.CodeEnd = nil, 0, 0
	c.Locals, c.BadNames = 0, nil // Encode writes trivial bodies, at other offsets
	c.TableSection, c.TableInit = [2]uint32{}, false
	return &c
}
