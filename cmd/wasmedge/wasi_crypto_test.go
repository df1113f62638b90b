package main

import (
	"strings"
	"testing"
)

// The command has the real wasi_crypto plug-in compiled in: --version lists
// it, and a guest of its ABI runs against it (not against the mocks).
func TestWasiCryptoCompiledIn(t *testing.T) {
	r := runCLI(t, nil, "--version")
	if !strings.Contains(r.stdout, ` (plugin "wasi_crypto") version 0.10.1.0`) ||
		!strings.Contains(r.stdout, "module wasi_ephemeral_crypto_symmetric") {
		t.Fatalf("--version: %+v", r)
	}
	r = runCLI(t, nil, guest(t, "wasi_crypto"), "hostile")
	if r.code != 0 || strings.Contains(r.stdout, "FAIL") || !strings.Contains(r.stdout, "DONE ") {
		t.Fatalf("the wasi_crypto guest: %+v", r)
	}
}
