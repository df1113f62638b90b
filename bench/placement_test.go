package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkExecutePlacement measures how much of a change in
// Execute/pureedge/fib is the machine code's placement rather than its
// content. It runs the same fib guest with 0 to 7 pairs of
// `global.get; global.set` added to the module's first function, which fib
// never calls: main.fib's code is byte-identical in every variant, only
// its address moves (wazero aligns functions at 16 bytes). A spread across
// the variants as wide as a change between two commits says that the
// change moved code, not that it made fib's work dearer. It needs wabt's
// wasm2wat and wat2wasm.
func BenchmarkExecutePlacement(b *testing.B) {
	variants := placementVariants(b, reactor(b, "fib"), 8)
	for k, path := range variants {
		b.Run(fmt.Sprintf("pad%d", k), func(b *testing.B) {
			vm := pureedgeReactor(b, path)
			b.ResetTimer()
			for b.Loop() {
				if _, err := vm.Execute("fib", int32(25)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// placementVariants writes n copies of the module at path, the k-th with k
// pairs of instructions of no effect on fib added to the first function
// body, and returns their paths.
func placementVariants(tb testing.TB, path string, n int) []string {
	tb.Helper()
	for _, tool := range []string{"wasm2wat", "wat2wasm"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Skipf("%s not found (Debian's wabt)", tool)
		}
	}
	text, err := exec.Command("wasm2wat", "--enable-all", path).Output()
	if err != nil {
		tb.Fatalf("wasm2wat: %v", err)
	}
	// The first function's body starts after its locals line.
	first := bytes.Index(text, []byte("\n  (func "))
	if first < 0 {
		tb.Fatal("no function in the module")
	}
	body := first + 1 + bytes.IndexByte(text[first+1:], '\n') + 1
	if bytes.HasPrefix(bytes.TrimSpace(text[body:]), []byte("(local")) {
		body += bytes.IndexByte(text[body:], '\n') + 1
	}
	dir := tb.TempDir()
	var paths []string
	for k := range n {
		var src bytes.Buffer
		src.Write(text[:body])
		for range k {
			// Global 0 is the Go guest's stack pointer: reading and writing
			// it back changes nothing, and the compiler keeps both.
			src.WriteString("    global.get 0\n    global.set 0\n")
		}
		src.Write(text[body:])
		wat := filepath.Join(dir, fmt.Sprintf("pad%d.wat", k))
		wasm := filepath.Join(dir, fmt.Sprintf("pad%d.wasm", k))
		if err := os.WriteFile(wat, src.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
		if out, err := exec.Command("wat2wasm", "--enable-all", wat, "-o", wasm).CombinedOutput(); err != nil {
			tb.Fatalf("wat2wasm: %v\n%s", err, out)
		}
		paths = append(paths, wasm)
	}
	return paths
}

// TestPlacementVariants checks that the variants run and compute fib as
// the guest does.
func TestPlacementVariants(t *testing.T) {
	for _, path := range placementVariants(t, reactor(t, "fib"), 2) {
		res, err := pureedgeReactor(t, path).Execute("fib", int32(20))
		if err != nil {
			t.Fatal(err)
		}
		if res[0].(int32) != 6765 {
			t.Errorf("%s: fib(20) = %d", filepath.Base(path), res[0])
		}
	}
}
