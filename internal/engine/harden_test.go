package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/meter"
)

// A module whose compile error merely mentions "compilationcache" (here an
// export of that name, twice) leaves the persistent cache alone.
func TestCachePurgedOnlyForCacheErrors(t *testing.T) {
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2})
	dir := PersistentCacheDir()
	if dir == "" {
		t.Fatal("no persistent cache")
	}
	entry := filepath.Join(dir, "wazero-test", "entry")
	if err := os.MkdirAll(filepath.Dir(entry), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(entry, []byte("x"), 0o644)
	var funcs, code, exports []byte
	funcs = binary.AppendU32(binary.AppendU32(funcs, 1), 0)
	code = append(binary.AppendU32(code, 1), 2, 0, 0x0b)
	exports = binary.AppendU32(exports, 2)
	for range 2 {
		exports = binary.AppendExport(exports, binary.Export{Name: "compilationcache", Kind: binary.ExternFunc})
	}
	bin := binary.AppendHeader(nil)
	bin = binary.AppendSection(bin, binary.SectionType, []byte{1, 0x60, 0, 0})
	bin = binary.AppendSection(bin, binary.SectionFunction, funcs)
	bin = binary.AppendSection(bin, binary.SectionExport, exports)
	bin = binary.AppendSection(bin, binary.SectionCode, code)
	if _, err := rt.Compile(context.Background(), bin, meter.Options{}); err == nil {
		t.Fatal("duplicate exports compiled")
	}
	if _, err := os.Stat(entry); err != nil {
		t.Fatalf("the cache was purged: %v", err)
	}
}

// A panic inside wazero's CompileModule is an error for the compiling
// caller and for every caller waiting for the same bytes.
func TestCompilePanicReleasesWaiters(t *testing.T) {
	release := make(chan struct{})
	saved := compileModule
	compileModule = func(ctx context.Context, r wazero.Runtime, bin []byte) (wazero.CompiledModule, error) {
		<-release
		panic("compiler bug")
	}
	defer func() { compileModule = saved }()
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2, Interpreter: true})
	bin := []byte("\x00asm\x01\x00\x00\x00\x00\x03\x01ab")
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := rt.Compile(context.Background(), bin, meter.Options{})
			errs <- err
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	for range 3 {
		select {
		case err := <-errs:
			if err == nil {
				t.Error("a panicking compile succeeded")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a waiter is blocked")
		}
	}
}

// A module whose instrumented form does not compile runs as given when no
// statistics are asked for, but counting or charging is never skipped: the
// module would escape its cost limit.
func TestUninstrumentableModule(t *testing.T) {
	var funcs, code []byte
	funcs = binary.AppendU32(binary.AppendU32(funcs, 1), 0)
	code = append(binary.AppendU32(code, 1), 2, 0, 0x0b)
	bin := binary.AppendHeader(nil)
	bin = binary.AppendSection(bin, binary.SectionType, []byte{1, 0x60, 0, 0})
	bin = binary.AppendSection(bin, binary.SectionFunction, funcs)
	bin = binary.AppendSection(bin, binary.SectionCode, code)
	saved := compileModule
	compileModule = func(ctx context.Context, r wazero.Runtime, b []byte) (wazero.CompiledModule, error) {
		if string(b) != string(bin) {
			return nil, errors.New("the rewrite broke the module")
		}
		return saved(ctx, r, b)
	}
	defer func() { compileModule = saved }()
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2, Interpreter: true})
	c, err := rt.Compile(context.Background(), bin, meter.Options{})
	if err != nil {
		t.Fatalf("plain: %v", err)
	}
	if c.Plan != nil {
		t.Error("plain: a plan for code that is not instrumented")
	}
	c.Release()
	for _, opts := range []meter.Options{{Count: true}, {Cost: true}} {
		_, err := rt.Compile(context.Background(), bin, opts)
		if err == nil || !strings.Contains(err.Error(), "cannot be instrumented") {
			t.Errorf("%+v: %v, want a refusal", opts, err)
		}
	}
}

// A module that names an export or an import module with the rewrite's
// reserved prefix is refused: its rewrite would not compile (a duplicate
// export, a forged check import), and run as given it would loop without
// safe points, blocking the garbage collector of the whole process.
func TestReservedNamesRefused(t *testing.T) {
	loop := func(imports, exports []byte) []byte {
		body := []byte{0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b} // no locals; loop br 0 end end
		code := append(binary.AppendU32(binary.AppendU32(nil, 1), uint32(len(body))), body...)
		bin := binary.AppendHeader(nil)
		bin = binary.AppendSection(bin, binary.SectionType, []byte{2, 0x60, 0, 0, 0x60, 1, 0x7f, 0})
		if imports != nil {
			bin = binary.AppendSection(bin, binary.SectionImport, imports)
		}
		bin = binary.AppendSection(bin, binary.SectionFunction, []byte{1, 0})
		if exports != nil {
			bin = binary.AppendSection(bin, binary.SectionExport, exports)
		}
		return binary.AppendSection(bin, binary.SectionCode, code)
	}
	export := func(name string) []byte {
		return binary.AppendExport([]byte{1}, binary.Export{Name: name, Kind: binary.ExternFunc})
	}
	importCheck := binary.AppendImport([]byte{1}, binary.Import{Module: meter.ImportModule, Name: meter.ImportCheck, Kind: binary.ExternFunc, Func: 1})
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2})
	ctx := context.Background()
	c, err := rt.Compile(ctx, loop(nil, export("loop")), meter.Options{})
	if err != nil {
		t.Fatalf("an ordinary name: %v", err)
	}
	if c.Plan == nil {
		t.Error("an ordinary name: the module was not instrumented")
	}
	c.Release()
	for name, bin := range map[string][]byte{
		"the poll global's export name": loop(nil, export(meter.ExportPoll)),
		"another reserved export name":  loop(nil, export(meter.ReservedPrefix+"x")),
		"the check function's import":   loop(importCheck, nil),
	} {
		c, err := rt.Compile(ctx, bin, meter.Options{})
		if err == nil {
			t.Errorf("%s: compiled (instrumented: %v), want a refusal", name, c.Plan != nil)
			c.Release()
			continue
		}
		if !strings.Contains(err.Error(), "reserved for PureEdge") {
			t.Errorf("%s: %v, want the reserved-name refusal", name, err)
		}
	}
}
