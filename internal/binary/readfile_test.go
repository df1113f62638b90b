package binary

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// section returns a section of the given id and content.
func section(id SectionID, content []byte) []byte {
	return append(AppendU32([]byte{byte(id)}, uint32(len(content))), content...)
}

// customSection returns a custom section of the given name and payload.
func customSection(name string, payload []byte) []byte {
	return section(SectionCustom, append(AppendName(nil, name), payload...))
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "m.wasm")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// moduleWithDebug is a module (one function type, one function exported
// as "f") with two debug sections of n bytes each around a name section.
func moduleWithDebug(n int) []byte {
	debug := bytes.Repeat([]byte{0xAB}, n)
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, customSection(".debug_info", debug)...)
	m = append(m, section(SectionType, []byte{1, 0x60, 0, 0})...)
	m = append(m, section(SectionFunction, []byte{1, 0})...)
	m = append(m, section(SectionExport, append(AppendName([]byte{1}, "f"), 0, 0))...)
	m = append(m, section(SectionCode, []byte{1, 2, 0, 0x0B})...)
	m = append(m, customSection("name", []byte{1, 4, 1, 0, 1, 'f'})...)
	m = append(m, customSection(".debug_line", debug)...)
	return m
}

func TestReadForRunLeavesOutDebugInformation(t *testing.T) {
	full := moduleWithDebug(100_000)
	got, reduced, err := ReadForRun(writeTemp(t, full), "name")
	if err != nil {
		t.Fatal(err)
	}
	if !reduced {
		t.Fatal("reduced = false for a module with 200 KB of debug sections")
	}
	if len(got) > 200 {
		t.Errorf("read %d bytes of a %d-byte module, want only its sections without the debug payloads", len(got), len(full))
	}
	if !bytes.Equal(WithoutCustom(got, "name"), WithoutCustom(full, "name")) {
		t.Error("WithoutCustom of the reduced module differs from that of the file")
	}
	m, err := Decode(got)
	if err != nil {
		t.Fatalf("the reduced module does not decode: %v", err)
	}
	var names []string
	for _, c := range m.Customs {
		names = append(names, c.Name)
		if c.Name != "name" && len(c.Data) != 0 {
			t.Errorf("custom section %q kept %d bytes of payload", c.Name, len(c.Data))
		}
		if c.Name == "name" && len(c.Data) != 6 {
			t.Errorf("the name section kept %d bytes, want 6", len(c.Data))
		}
	}
	if want := []string{".debug_info", "name", ".debug_line"}; !slices.Equal(names, want) {
		t.Errorf("custom sections %q, want %q (each kept with its name)", names, want)
	}
	if _, ok := m.FuncIndexByName("f"); !ok {
		t.Error("the kept name section does not name function 0")
	}
}

func TestReadForRunReadsWholeWhatItCannotWalk(t *testing.T) {
	full := moduleWithDebug(100_000)
	badSize := append(append([]byte{}, full...), byte(SectionCustom), 0xFF, 0xFF, 0x03) // runs past the end
	badName := append(append([]byte{}, full...), customSection("\xff\xfe", []byte{1})...)
	nameTooLong := append(append([]byte{}, full...), byte(SectionCustom), 2, 9, 'a')
	small := full[:0:0]
	small = append(small, "\x00asm\x01\x00\x00\x00"...)
	small = append(small, customSection(".debug_info", make([]byte, 100))...)
	notWasm := append([]byte("\x7fELF"), make([]byte, 70_000)...)
	for name, b := range map[string][]byte{
		"section past the end": badSize, "invalid UTF-8 name": badName,
		"name past its section": nameTooLong, "small file": small, "not a module": notWasm,
	} {
		got, reduced, err := ReadForRun(writeTemp(t, b), "name")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if reduced || !bytes.Equal(got, b) {
			t.Errorf("%s: reduced=%v, %d bytes of %d: want the file whole", name, reduced, len(got), len(b))
		}
	}
	if _, _, err := ReadForRun(filepath.Join(t.TempDir(), "missing.wasm")); err == nil {
		t.Error("no error for a missing file")
	}
}

// FuzzReadForRun: for any input, ReadForRun's walk gives it whole, or a
// module whose WithoutCustom is the input's.
func FuzzReadForRun(f *testing.F) {
	f.Add(moduleWithDebug(100))
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, reduced, err := readSections(bytes.NewReader(b), int64(len(b)), []string{"name"})
		if err != nil {
			t.Fatal(err)
		}
		if !reduced {
			if !bytes.Equal(got, b) {
				t.Fatal("not reduced, yet not the input")
			}
			return
		}
		if !bytes.Equal(WithoutCustom(got, "name"), WithoutCustom(b, "name")) {
			t.Fatal("WithoutCustom of the reduced module differs from the input's")
		}
	})
}
