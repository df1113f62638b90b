package engine

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/meter"
)

// A claim to compile a module for the cache holds off other claims while
// its process lives; one left by a process that died (a killed
// "compile --warm-cache") or older than claimTTL is taken over.
func TestClaimWarmingStale(t *testing.T) {
	cfg := Config{Features: 1}
	bin := []byte("\x00asm\x01\x00\x00\x00")
	pending := warmMarker(cfg, bin) + ".pending"
	if pending == ".pending" {
		t.Fatal("no persistent cache")
	}
	t.Cleanup(func() { DoneWarming(cfg, bin) })
	DoneWarming(cfg, bin)

	if !ClaimWarming(cfg, bin) {
		t.Fatal("no claim on a module nobody compiles")
	}
	if ClaimWarming(cfg, bin) {
		t.Fatal("a fresh claim whose process is not started yet was taken over")
	}
	HoldWarming(cfg, bin, os.Getpid())
	if ClaimWarming(cfg, bin) {
		t.Fatal("the claim of a live process was taken over")
	}

	if runtime.GOOS != "windows" {
		dead := exec.Command(os.Args[0], "-test.run=^$")
		if err := dead.Run(); err != nil {
			t.Fatal(err)
		}
		HoldWarming(cfg, bin, dead.Process.Pid)
		if !ClaimWarming(cfg, bin) {
			t.Fatalf("the claim of exited process %d was not taken over", dead.Process.Pid)
		}
	}

	HoldWarming(cfg, bin, os.Getpid())
	old := time.Now().Add(-claimTTL - time.Second)
	if err := os.Chtimes(pending, old, old); err != nil {
		t.Fatal(err)
	}
	if !ClaimWarming(cfg, bin) {
		t.Fatal("a claim older than claimTTL was not taken over")
	}

	for _, junk := range []string{"x", "-5", "0"} {
		if err := os.WriteFile(pending, []byte(junk), 0o644); err != nil {
			t.Fatal(err)
		}
		if !ClaimWarming(cfg, bin) {
			t.Fatalf("a claim holding %q was not taken over", junk)
		}
	}
	DoneWarming(cfg, bin)
	if _, err := os.Stat(pending); !os.IsNotExist(err) {
		t.Fatalf("DoneWarming left the claim: %v", err)
	}
	// A compilation that finished before its process ID was recorded
	// leaves no claim behind.
	HoldWarming(cfg, bin, os.Getpid())
	if _, err := os.Stat(pending); !os.IsNotExist(err) {
		t.Fatalf("HoldWarming after DoneWarming made a claim: %v", err)
	}
}

// The warm marker of a module compiled for plain runs keeps the module as
// instrumented, and a later compile (another process, as a fresh compile
// key here) uses it instead of instrumenting again; a kept copy that fails
// its checksum or does not compile is replaced by a fresh instrumentation.
func TestWarmMarkerKeepsInstrumented(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Features: api.CoreFeaturesV2}
	rt := RuntimeFor(cfg)
	// (module (func (export "f") (result i32) i32.const 7))
	bin := []byte("\x00asm\x01\x00\x00\x00" +
		"\x01\x05\x01\x60\x00\x01\x7f" + "\x03\x02\x01\x00" +
		"\x07\x05\x01\x01f\x00\x00" + "\x0a\x06\x01\x04\x00\x41\x07\x0b")
	sum := moduleSum(bin)
	marker := warmMarkerOf(cfg, sum)
	_ = os.Remove(marker)
	t.Cleanup(func() { _ = os.Remove(marker) })
	imports := func() int {
		t.Helper()
		c, err := rt.Compile(ctx, bin, meter.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Release()
		return len(c.Module.ImportedFunctions())
	}
	if n := imports(); n != 1 {
		t.Fatalf("the instrumented module imports %d functions, want the check function", n)
	}
	want, _, err := meter.Instrument(bin, meter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := instrumentedOf(cfg, sum); !bytes.Equal(got, want) {
		t.Fatalf("the marker keeps %d bytes, want the instrumented module (%d bytes)", len(got), len(want))
	}
	keepFrom := func(id [32]byte, content []byte) {
		t.Helper()
		b := append(append(make([]byte, 4), id[:]...), content...)
		binary.LittleEndian.PutUint32(b, crc32.Checksum(b[4:], castagnoli))
		if err := os.WriteFile(marker, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	keep := func(content []byte) { t.Helper(); keepFrom(builderID(), content) }
	// A kept copy is used as it is: here the module without safe points.
	keep(bin)
	if n := imports(); n != 0 {
		t.Fatalf("the kept copy was not used: %d imports", n)
	}
	// A copy another build kept is not: its rewriter may differ.
	other := builderID()
	other[0] ^= 1
	keepFrom(other, bin)
	if n := imports(); n != 1 {
		t.Fatalf("a copy kept by another build was used: %d imports", n)
	}
	if got := instrumentedOf(cfg, sum); !bytes.Equal(got, want) {
		t.Fatal("a copy kept by another build was not replaced")
	}
	// A damaged copy is not.
	b, _ := os.ReadFile(marker)
	b[len(b)-1] ^= 0xff
	if err := os.WriteFile(marker, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := imports(); n != 1 {
		t.Fatalf("a damaged kept copy was used: %d imports", n)
	}
	if got := instrumentedOf(cfg, sum); !bytes.Equal(got, want) {
		t.Fatal("a damaged kept copy was not replaced")
	}
	// A copy that passes its checksum but does not compile is replaced by
	// a fresh instrumentation.
	keep([]byte("\x00asm\x01\x00\x00\x00\x0a\x01"))
	if n := imports(); n != 1 {
		t.Fatalf("a kept copy that does not compile: %d imports", n)
	}
	if got := instrumentedOf(cfg, sum); !bytes.Equal(got, want) {
		t.Fatal("a kept copy that does not compile was not replaced")
	}
	// Counting never uses the kept copy.
	c, err := rt.Compile(ctx, bin, meter.Options{Count: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
}

// A Prepared module names the same compiled code, marker and claim as its
// bytes do; one made for the interpreter is made again for the compiler,
// whose runtime alone installs a universal wasm's code.
func TestPrepared(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Features: api.CoreFeaturesV2}
	interp := Config{Features: api.CoreFeaturesV2, Interpreter: true}
	// (module (func (export "f") (result i32) i32.const 7)) with a custom
	// section, which the engine leaves out.
	bin := []byte("\x00asm\x01\x00\x00\x00" +
		"\x01\x05\x01\x60\x00\x01\x7f" + "\x03\x02\x01\x00" +
		"\x07\x05\x01\x01f\x00\x00" + "\x0a\x06\x01\x04\x00\x41\x07\x0b" + "\x00\x03\x01x\x00")
	p := Prepare(cfg, bin)
	if p.sum != moduleSum(bin) || len(p.eng()) != len(bin)-5 {
		t.Fatalf("sum or engine bytes differ from moduleSum's (%d bytes)", len(p.eng()))
	}
	if !p.UsableIn(cfg) || !p.UsableIn(interp) || Prepare(interp, bin).UsableIn(cfg) {
		t.Fatal("UsableIn")
	}
	rt := RuntimeFor(cfg)
	a, err := rt.Compile(ctx, bin, meter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Release()
	b, err := rt.CompilePrepared(ctx, Prepare(interp, bin), meter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if a != b {
		t.Error("Compile and CompilePrepared of the same bytes compiled twice")
	}
	marker := warmMarker(cfg, bin)
	t.Cleanup(func() { _ = os.Remove(marker); _ = os.Remove(marker + ".pending") })
	if WarmPrepared(p) != Warm(cfg, bin) {
		t.Error("WarmPrepared and Warm disagree")
	}
	_ = os.Remove(marker + ".pending")
	if !ClaimWarmingPrepared(p) || ClaimWarming(cfg, bin) {
		t.Error("a claim of the Prepared module is not one of its bytes")
	}
	DoneWarming(cfg, bin)
	if _, err := os.Stat(marker + ".pending"); !os.IsNotExist(err) {
		t.Errorf("the claim is still there: %v", err)
	}
}
