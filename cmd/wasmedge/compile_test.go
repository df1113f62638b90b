package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `wasmedge compile` writes a universal wasm: run with
// --trust-compiled-code on an empty cache, it starts from the code it
// carries (the cache is warm at once, and no background compilation is
// started), and it runs as the original does. Without the option, or with
// the section damaged, it runs as usual, compiling.
func TestCompileUniversalWasm(t *testing.T) {
	hello := guest(t, "hello")
	out := filepath.Join(t.TempDir(), "hello.aot.wasm")
	if r := runCLI(t, []string{"PUREEDGE_CACHE_DIR=" + t.TempDir()}, "compile", hello, out); r.code != 0 {
		t.Fatalf("compile: %+v", r)
	}
	in, _ := os.ReadFile(hello)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) <= len(in) || string(got[:len(in)]) != string(in) {
		t.Fatalf("out.wasm (%d bytes) is not in.wasm (%d bytes) followed by a section", len(got), len(in))
	}
	cache := t.TempDir()
	// The CLI reads the file without the payloads of its custom sections
	// (Go's go:buildid and producers here): the code must be found all the
	// same. Had it not fit, the log says so, and a background compilation
	// (which would install it soon after) has its claim in the cache.
	r := runCLI(t, []string{"PUREEDGE_CACHE_DIR=" + cache}, "--log-level", "debug", "--trust-compiled-code", out, "x")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Hello from WebAssembly!\narg 1: x\n") || strings.Contains(r.stderr, "not used") {
		t.Fatalf("run: %+v", r)
	}
	entries, _ := os.ReadDir(filepath.Join(cache, "pureedge-warm"))
	if len(entries) != 1 || strings.HasSuffix(entries[0].Name(), ".pending") {
		t.Fatalf("warm markers after the first run: %v (want one, and no background compilation); stderr:\n%s", entries, r.stderr)
	}
	// Damage the carried code: the section no longer fits, and the module
	// runs as usual.
	bad := append([]byte(nil), got...)
	bad[len(bad)-1] ^= 0xff
	badPath := filepath.Join(t.TempDir(), "bad.wasm")
	if err := os.WriteFile(badPath, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, []string{"PUREEDGE_CACHE_DIR=" + t.TempDir()}, "--trust-compiled-code", "--cold-start", "compile", badPath); r.code != 0 || !strings.HasPrefix(r.stdout, "Hello") ||
		!strings.Contains(r.stderr, "not used: damaged") {
		t.Fatalf("damaged section: %+v", r)
	}
	// Untrusted: the section is ignored and the module compiles.
	untrusted := t.TempDir()
	if r := runCLI(t, []string{"PUREEDGE_CACHE_DIR=" + untrusted}, "--log-level", "debug", "--cold-start", "compile", out); r.code != 0 || !strings.HasPrefix(r.stdout, "Hello") ||
		!strings.Contains(r.stderr, "the compiled code it carries is not used: compiled code is not trusted") {
		t.Fatalf("untrusted: %+v", r)
	}
}
