package spectest_test

// The "spectest" host module the scripts import, built with the public API
// (NewModule, NewFunction, NewGlobal, NewMemory, NewTable), as the reference
// interpreter defines it: print functions, global_{i32,i64,f32,f64} = 666 /
// 666.6, a memory of 1..2 pages, a funcref table of 10..20, and with the
// threads proposal a shared memory of 1..2 pages (shared_memory, in a
// spectest module of its own).

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pureedge/pureedge/internal/binary"

	"github.com/pureedge/pureedge/wasmedge"
)

// spectestItem is one export of the spectest module.
type spectestItem struct {
	name string
	kind byte // wasm import kind: 0 func, 1 table, 2 memory, 3 global
	// add creates the item and adds it to m under its name.
	add func(m *wasmedge.Module, name string) error
	// probe is a module importing the item and exporting it as "x"; check
	// verifies the item through that export.
	probe []byte
	check func(m *wasmedge.Module) error
	// alone marks an item that is in a spectest module of its own (a
	// second memory: a host module holds one; see shmStore), made only
	// when only names it.
	alone bool
}

var valTypes = map[byte]func() *wasmedge.ValType{
	0x7f: wasmedge.NewValTypeI32, 0x7e: wasmedge.NewValTypeI64,
	0x7d: wasmedge.NewValTypeF32, 0x7c: wasmedge.NewValTypeF64,
}

func funcItem(field string, params ...byte) spectestItem {
	var ps []*wasmedge.ValType
	args := make([]interface{}, len(params))
	for i, p := range params {
		ps = append(ps, valTypes[p]())
		args[i] = map[byte]interface{}{0x7f: int32(1), 0x7e: int64(1), 0x7d: float32(1), 0x7c: float64(1)}[p]
	}
	return spectestItem{name: field, kind: 0,
		add: func(m *wasmedge.Module, name string) error {
			f := wasmedge.NewFunction(wasmedge.NewFunctionType(ps, nil),
				func(interface{}, *wasmedge.CallingFrame, []interface{}) ([]interface{}, wasmedge.Result) {
					return nil, wasmedge.Result_Success // the reference prints; the harness stays quiet
				}, nil, 0)
			if f == nil {
				return fmt.Errorf("NewFunction returned nil")
			}
			m.AddFunction(name, f)
			return nil
		},
		probe: probeModule(field, 0, params, []byte{0}),
		check: func(m *wasmedge.Module) error {
			f := m.FindFunction("x")
			if f == nil {
				return fmt.Errorf("re-exported function not found")
			}
			_, err := wasmedge.NewExecutor().Invoke(f, args...)
			return err
		}}
}

// memoryItem is a memory of lim (1 to 2 pages); flags is the limits
// flag byte of its import (1 bounded, 3 bounded and shared). A shared
// memory is in a spectest module of its own (see spectestItem.alone).
func memoryItem(field string, lim *wasmedge.Limit, flags byte) spectestItem {
	return spectestItem{name: field, kind: 2, alone: flags&2 != 0,
		add: func(m *wasmedge.Module, name string) error {
			mem := wasmedge.NewMemory(wasmedge.NewMemoryType(lim))
			if mem == nil {
				return fmt.Errorf("NewMemory returned nil")
			}
			m.AddMemory(name, mem)
			return nil
		},
		probe: probeModule(field, 2, nil, []byte{flags, 1, 2}),
		check: func(m *wasmedge.Module) error {
			mem := m.FindMemory("x")
			if mem == nil {
				return fmt.Errorf("re-exported memory not found")
			}
			if n := mem.GetPageSize(); n != 1 {
				return fmt.Errorf("%d pages, want 1", n)
			}
			return nil
		}}
}

func globalItem(field string, code byte, v interface{}) spectestItem {
	return spectestItem{name: field, kind: 3,
		add: func(m *wasmedge.Module, name string) error {
			g := wasmedge.NewGlobal(wasmedge.NewGlobalType(valTypes[code](), wasmedge.ValMut_Const), v)
			if g == nil {
				return fmt.Errorf("NewGlobal returned nil")
			}
			m.AddGlobal(name, g)
			return nil
		},
		probe: probeModule(field, 3, nil, []byte{code, 0}),
		check: func(m *wasmedge.Module) error {
			g := m.FindGlobal("x")
			if g == nil {
				return fmt.Errorf("re-exported global not found")
			}
			if got := g.GetValue(); got != v {
				return fmt.Errorf("value %v (%T), want %v", got, got, v)
			}
			return nil
		}}
}

var spectestItems = []spectestItem{
	funcItem("print"),
	funcItem("print_i32", 0x7f),
	funcItem("print_i64", 0x7e),
	funcItem("print_f32", 0x7d),
	funcItem("print_f64", 0x7c),
	funcItem("print_i32_f32", 0x7f, 0x7d),
	funcItem("print_f64_f64", 0x7c, 0x7c),
	globalItem("global_i32", 0x7f, int32(666)),
	globalItem("global_i64", 0x7e, int64(666)),
	globalItem("global_f32", 0x7d, float32(666.6)),
	globalItem("global_f64", 0x7c, float64(666.6)),
	memoryItem("memory", wasmedge.NewLimitWithMax(1, 2), 1),
	memoryItem("shared_memory", wasmedge.NewLimitSharedWithMax(1, 2), 3),
	{name: "table", kind: 1,
		add: func(m *wasmedge.Module, name string) error {
			tab := wasmedge.NewTable(wasmedge.NewTableType(wasmedge.NewValTypeFuncRef(), wasmedge.NewLimitWithMax(10, 20)))
			if tab == nil {
				return fmt.Errorf("NewTable returned nil")
			}
			m.AddTable(name, tab)
			return nil
		},
		probe: probeModule("table", 1, nil, []byte{0x70, 1, 10, 20}),
		check: func(m *wasmedge.Module) error {
			tab := m.FindTable("x")
			if tab == nil {
				return fmt.Errorf("re-exported table not found")
			}
			if n := tab.GetSize(); n != 10 {
				return fmt.Errorf("size %d, want 10", n)
			}
			return nil
		}},
}

// buildSpectest makes a spectest module with the items whose names are in
// only (all if only is nil).
func buildSpectest(only map[string]bool) (*wasmedge.Module, error) {
	m := wasmedge.NewModule("spectest")
	for _, it := range spectestItems {
		if only != nil && !only[it.name] || it.alone && (only == nil || len(only) > 1) {
			continue
		}
		if err := it.add(m, it.name); err != nil {
			m.Release()
			return nil, fmt.Errorf("%s: %v", it.name, err)
		}
	}
	return m, nil
}

// spectestSupport says, once per process, which spectest items work: each
// is put alone in a spectest module, imported by a probe module, and checked
// through the probe's re-export. unsupported maps an item to why.
var spectestSupport = sync.OnceValues(func() (supported map[string]bool, unsupported map[string]string) {
	supported, unsupported = map[string]bool{}, map[string]string{}
	mu := sync.Mutex{}
	var wg sync.WaitGroup
	for _, it := range spectestItems {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := probeItem(it)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				unsupported[it.name] = fmt.Sprintf("host module spectest: %s unsupported (%v)", kindName(it.kind), err)
			} else {
				supported[it.name] = true
			}
		}()
	}
	wg.Wait()
	return supported, unsupported
})

func probeItem(it spectestItem) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	host, err := buildSpectest(map[string]bool{it.name: true})
	if err != nil {
		return err
	}
	defer host.Release()
	store := wasmedge.NewStore()
	defer store.Release()
	conf := wasmedge.NewConfigure(wasmedge.THREADS)
	defer conf.Release()
	exec := wasmedge.NewExecutorWithConfig(conf)
	if err := exec.RegisterImport(store, host); err != nil {
		return fmt.Errorf("RegisterImport: %v", err)
	}
	ast, err := wasmedge.NewLoaderWithConfig(conf).LoadBuffer(it.probe)
	if err != nil {
		return fmt.Errorf("loading the probe: %v", err)
	}
	defer ast.Release()
	mod, err := exec.Instantiate(store, ast)
	if err != nil {
		return fmt.Errorf("importing it: %v", err)
	}
	defer mod.Release()
	return it.check(mod)
}

func kindName(k byte) string {
	return [...]string{"function", "table", "memory", "global"}[k]
}

// unsupportedNames lists the unsupported items, for the log.
func unsupportedNames(u map[string]string) string {
	var names []string
	for n := range u {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// --- a minimal Wasm encoder for the probes ---

func uleb(v uint64) []byte { return binary.AppendU64(nil, v) }

func name(s string) []byte { return append(uleb(uint64(len(s))), s...) }

func section(id byte, content []byte) []byte {
	return append(append([]byte{id}, uleb(uint64(len(content)))...), content...)
}

// probeModule returns a module importing spectest.field of the given kind
// (desc is the import descriptor after the kind byte; for a function, a type
// with params is added and desc is its index) and exporting it as "x".
func probeModule(field string, kind byte, params []byte, desc []byte) []byte {
	out := []byte("\x00asm\x01\x00\x00\x00")
	if kind == 0 {
		typ := append([]byte{1, 0x60}, uleb(uint64(len(params)))...)
		typ = append(append(typ, params...), 0)
		out = append(out, section(1, typ)...)
	}
	imp := append([]byte{1}, name("spectest")...)
	imp = append(append(append(imp, name(field)...), kind), desc...)
	out = append(out, section(2, imp)...)
	exp := append([]byte{1}, name("x")...)
	exp = append(exp, kind, 0)
	return append(out, section(7, exp)...)
}

// --- a minimal reader of a module's imports, independent of the engine ---

type wasmImport struct {
	module, field string
	kind          byte
}

// readImports returns a binary module's imports, or nil if it cannot read
// them (the module is malformed: the engine will say so).
func readImports(b []byte) []wasmImport {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil
	}
	r := &byteReader{b: b, pos: 8}
	for r.pos < len(b) && !r.bad {
		id := r.byte()
		size := int(r.uleb())
		if r.bad || r.pos+size > len(b) {
			return nil
		}
		if id != 2 {
			r.pos += size
			continue
		}
		sec := &byteReader{b: b[r.pos : r.pos+size]}
		n := sec.uleb()
		var out []wasmImport
		for i := uint64(0); i < n && !sec.bad; i++ {
			im := wasmImport{module: sec.name(), field: sec.name(), kind: sec.byte()}
			switch im.kind {
			case 0:
				sec.uleb()
			case 1:
				sec.byte()
				sec.limits()
			case 2:
				sec.limits()
			case 3:
				sec.byte()
				sec.byte()
			default:
				return nil
			}
			out = append(out, im)
		}
		if sec.bad {
			return nil
		}
		return out
	}
	return nil
}

type byteReader struct {
	b   []byte
	pos int
	bad bool
}

func (r *byteReader) byte() byte {
	if r.pos >= len(r.b) {
		r.bad = true
		return 0
	}
	r.pos++
	return r.b[r.pos-1]
}

func (r *byteReader) uleb() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
	r.bad = true
	return 0
}

func (r *byteReader) name() string {
	n := int(r.uleb())
	if r.bad || r.pos+n > len(r.b) {
		r.bad = true
		return ""
	}
	r.pos += n
	return string(r.b[r.pos-n : r.pos])
}

func (r *byteReader) limits() {
	flags := r.byte()
	r.uleb()
	if flags&1 != 0 {
		r.uleb()
	}
}
