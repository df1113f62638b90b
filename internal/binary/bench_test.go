package binary

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// goLikeModule builds a module shaped like a Go guest: a few types and
// imports, about 2000 function bodies, 32000 small active data segments and
// a large name section, about 2.7 MB in all.
func goLikeModule() []byte {
	var types, imports, funcs, code, data []byte
	types = AppendU32(types, 10)
	for i := range 10 {
		types = AppendFuncType(types, FuncType{Params: slices.Repeat([]ValType{ValI64}, i%4), Results: []ValType{ValI32}})
	}
	imports = AppendU32(imports, 16)
	for i := range 16 {
		imports = AppendImport(imports, Import{Module: "wasi_snapshot_preview1", Name: "fd_write" + string(rune('a'+i)), Func: uint32(i % 10)})
	}
	const nFuncs = 2000
	funcs = AppendU32(funcs, nFuncs)
	code = AppendU32(code, nFuncs)
	body := make([]byte, 600)
	body[len(body)-1] = opEnd
	for i := range nFuncs {
		funcs = AppendU32(funcs, uint32(i%10))
		code = append(AppendU32(code, uint32(len(body))), body...)
	}
	const nData = 32000
	data = AppendU32(data, nData)
	chunk := make([]byte, 20)
	for i := range nData {
		data = append(data, 0, opI32Const)
		data = AppendS64(data, int64(0x10000+i*64))
		data = append(data, opEnd)
		data = append(AppendU32(data, uint32(len(chunk))), chunk...)
	}
	out := AppendHeader(nil)
	out = AppendSection(out, SectionType, types)
	out = AppendSection(out, SectionImport, imports)
	out = AppendSection(out, SectionFunction, funcs)
	out = AppendSection(out, SectionMemory, []byte{1, 0, 17})
	out = AppendSection(out, SectionExport, AppendExport(AppendU32(nil, 1), Export{Name: "_start", Index: 16}))
	out = AppendSection(out, SectionCode, code)
	out = AppendSection(out, SectionData, data)
	return AppendSection(out, SectionCustom, append(AppendName(nil, "name"), make([]byte, 300_000)...))
}

func TestGoLikeModule(t *testing.T) {
	b := goLikeModule()
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Funcs) != 2000 || m.CodeCount != 2000 || m.DataSegments != 32000 || len(b) < 2_000_000 {
		t.Errorf("%d bytes, %d funcs, %d bodies, %d data segments", len(b), len(m.Funcs), m.CodeCount, m.DataSegments)
	}
}

// BenchmarkDecode measures the synthetic Go-like module and, where the
// engine's tests have cached them, the real Go guests.
func BenchmarkDecode(b *testing.B) {
	inputs := map[string][]byte{"go-like": goLikeModule()}
	if home, err := os.UserHomeDir(); err == nil {
		files, _ := filepath.Glob(filepath.Join(home, ".cache/pureedge/guests/*.wasm"))
		for _, f := range files {
			if buf, err := os.ReadFile(f); err == nil {
				inputs[filepath.Base(f)] = buf
			}
		}
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
