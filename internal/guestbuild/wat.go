package guestbuild

import (
	"os"
	"os/exec"
	"path/filepath"
)

// SkipTB is a TB that can skip.
type SkipTB interface {
	TB
	Skip(...any)
	TempDir() string
}

// WATFile assembles WebAssembly text with wabt's wat2wasm (installed by
// .ci/run; threads enabled, validation left to the engine) into a file of
// the test's temporary directory, and returns its path. The test is skipped
// where wat2wasm is missing.
func WATFile(tb SkipTB, src string) string {
	tb.Helper()
	tool, err := exec.LookPath("wat2wasm")
	if err != nil {
		tb.Skip("wat2wasm (Debian package wabt) is not installed")
	}
	dir := tb.TempDir()
	in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		tb.Fatalf("%v", err)
	}
	if b, err := exec.Command(tool, "--enable-threads", "--no-check", in, "-o", out).CombinedOutput(); err != nil {
		tb.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	return out
}

// WAT is WATFile returning the module's bytes.
func WAT(tb SkipTB, src string) []byte {
	tb.Helper()
	b, err := os.ReadFile(WATFile(tb, src))
	if err != nil {
		tb.Fatalf("%v", err)
	}
	return b
}
