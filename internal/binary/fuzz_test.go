package binary

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

var writeSeeds = flag.Bool("write-seeds", false, "rewrite testdata/fuzz/FuzzDecode from fuzzSeeds")

// fuzzSeeds are valid modules of every shape the decoder knows,
// truncations of them, and modules with huge counts.
func fuzzSeeds() [][]byte {
	valid := [][]byte{
		mod(),
		fullModule(),
		EncodeShim(ShimSpec{
			Hidden:   hidden,
			Funcs:    []ShimFunc{{"f", FuncType{Params: []ValType{ValI32}, Results: []ValType{ValI64}}}},
			Memories: []ShimMemory{{"memory", Limits{Min: 1, Max: 2, HasMax: true, Shared: true}}},
			Globals:  []ShimGlobal{{Name: "g", Type: ValV128, Bits: 1, Hi: 2}, {Name: "r", Type: ValExternref}},
			Tables:   []ShimTable{{"t", ValFuncref, Limits{Min: 1}}},
		}),
		mod(sec(SectionType, "\x01\x60\x01\x64\x00\x00"), sec(SectionImport, "\x01\x01m\x01t\x04\x00\x00"),
			sec(SectionExport, "\x01\x01t\x04\x00")),
		mod(sec(SectionData, "\x02\x00\x41\x80\x80\x04\x0b\x03abc\x00\x41\x10\x0b\x00"), sec(SectionCustom, "\x01x")),
	}
	if hello, err := os.ReadFile("../../examples/hello/hello.wasm"); err == nil {
		valid = append(valid, hello)
	}
	seeds := append([][]byte{}, valid...)
	full := fullModule()
	for _, n := range []int{1, 4, 7, 9, 10, len(full) / 3, len(full) / 2, len(full) - 1} {
		seeds = append(seeds, full[:n])
	}
	return append(seeds, hugeCountSeeds()...)
}

// Writes the seed corpus: go test -run TestWriteFuzzSeeds -write-seeds.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -write-seeds to rewrite the corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDecode")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range fuzzSeeds() {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed%02d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzDecode checks that Decode never panics, that it fails with an
// *errcode.Error only, and that what it accepts survives a round trip
// through Encode. (wazero is no oracle here: a huge declared count makes it
// allocate without bound.)
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := Decode(in)
		if err != nil {
			var e *errcode.Error
			if !errors.As(err, &e) || m != nil {
				t.Fatalf("Decode = %v, %T %v", m, err, err)
			}
			return
		}
		m.ImportModuleNames()
		for _, e := range m.Exports {
			m.ExportType(e)
		}
		for i := range uint32(len(m.Funcs) + len(m.Imports) + 1) {
			m.FuncType(i)
			m.TableType(i)
			m.MemoryType(i)
			m.GlobalType(i)
			m.TagType(i)
		}
		back, err := Decode(Encode(m))
		if err != nil {
			t.Fatalf("Decode(Encode(m)): %v", err)
		}
		if !reflect.DeepEqual(structural(back), structural(m)) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back, m)
		}
	})
}
