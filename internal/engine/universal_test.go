package engine

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	wasmbin "github.com/pureedge/pureedge/internal/binary"
)

// addModule is (module (func (export "add") (param i32 i32) (result i32)
// local.get 0 local.get 1 i32.add)).
var addModule = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
	0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,
	0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inode numbers here")
	}
	return st.Ino
}

// A universal wasm carries the compiled code: installed into an empty
// cache, wazero compiles the original module from it (a cache hit leaves
// the file alone; a miss would write it anew). A payload for another
// configuration, a damaged one and a hostile file name install nothing.
func TestUniversalWasm(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Features: api.CoreFeaturesV2}
	out, err := BuildUniversal(ctx, cfg, addModule)
	if err != nil {
		t.Fatal(err)
	}
	head, p, ok := wasmbin.LastCustom(out, UniversalSection)
	if !ok || !bytes.Equal(head, addModule) {
		t.Fatalf("the output is not the module followed by the section (ok %v)", ok)
	}
	if again, err := BuildUniversal(ctx, cfg, out); err != nil || !bytes.Equal(again, out) {
		t.Fatalf("rebuilding a universal wasm: %v", err)
	}

	dir := t.TempDir()
	if err := installFiles(dir, cfg, moduleSum(head), p); err != nil {
		t.Fatalf("the payload does not fit the configuration it was built for: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, cacheSubdir(), "*"))
	if len(files) != 1 {
		t.Fatalf("installed %v", files)
	}
	before := inode(t, files[0])
	cache, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCoreFeatures(cfg.Features).WithCompilationCache(cache))
	mod, err := r.Instantiate(ctx, head)
	if err != nil {
		t.Fatal(err)
	}
	res, err := mod.ExportedFunction("add").Call(ctx, 2, 3)
	if err != nil || res[0] != 5 {
		t.Fatalf("add: %v %v", res, err)
	}
	r.Close(ctx)
	if after := inode(t, files[0]); after != before {
		t.Fatal("wazero compiled again: the installed code was not used")
	}

	other := Config{Features: api.CoreFeaturesV1}
	if err := installFiles(t.TempDir(), other, moduleSum(head), p); err == nil || !strings.Contains(err.Error(), "another configuration") {
		t.Errorf("installed for another configuration (%v)", err)
	}
	if err := installFiles(t.TempDir(), cfg, moduleSum(head[:len(head)-1]), p); err == nil || !strings.Contains(err.Error(), "another module") {
		t.Errorf("installed for another module (%v)", err)
	}
	for n := 0; n < len(p); n += 1 + len(p)/50 {
		if installFiles(t.TempDir(), cfg, moduleSum(head), p[:n]) == nil {
			t.Fatalf("installed a payload truncated to %d bytes", n)
		}
	}
	// A file count far beyond what the payload can hold is refused before
	// anything is allocated for it.
	huge := bytes.Clone(p)
	off := len(universalMagic) + 32
	for range 4 { // system, architecture, wazero version, configuration
		off += 4 + int(binary.LittleEndian.Uint32(huge[off:]))
	}
	binary.LittleEndian.PutUint32(huge[off:], 0xFFFFFFFF)
	if err := installFiles(t.TempDir(), cfg, moduleSum(head), huge); err == nil || !strings.Contains(err.Error(), "4294967295 files") {
		t.Errorf("a count of 2^32-1 files: %v", err)
	}
	evil := bytes.Replace(p, []byte(filepath.Base(files[0])), []byte("../../../../../../tmp/evil-"+filepath.Base(files[0])[:37]), 1)
	if installFiles(t.TempDir(), cfg, moduleSum(head), evil) == nil {
		t.Error("installed a file named outside the cache")
	}
	// Any other module, or one whose last section is another custom
	// section, is left as it is.
	if p := Prepare(cfg, addModule); p.sum != moduleSum(addModule) || p.UniversalIgnored() != nil {
		t.Errorf("a plain module was changed (%v)", p.UniversalIgnored())
	}
	// A universal wasm is named as its module; without trust, its code is
	// set aside, and the reason says how to trust it.
	t.Setenv(TrustCompiledEnv, "")
	if p := Prepare(cfg, out); p.sum != moduleSum(addModule) || p.UniversalIgnored() != errUntrusted {
		t.Errorf("untrusted universal wasm: sum of the module %v, ignored %v", p.sum == moduleSum(addModule), p.UniversalIgnored())
	}
}
