package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// spinWasm exports spin (an endless loop) and count(n), a loop of n
// iterations of 9 instructions that returns n (9n+3 instructions).
var spinWasm = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60,
	0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x01,
	0x07, 0x10, 0x02, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00, 0x05, 0x63,
	0x6f, 0x75, 0x6e, 0x74, 0x00, 0x01, 0x0a, 0x21, 0x02, 0x07, 0x00, 0x03,
	0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x17, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20,
	0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x49, 0x0d,
	0x00, 0x0b, 0x20, 0x01, 0x0b,
}

func TestStatisticsAndLimits(t *testing.T) {
	file := filepath.Join(t.TempDir(), "spin.wasm")
	if err := os.WriteFile(file, spinWasm, 0o644); err != nil {
		t.Fatal(err)
	}
	cold := "--cold-start=compile"
	r := runCLI(t, nil, cold, "--enable-all-statistics", "--reactor", file, "count", "10")
	if r.code != 0 || r.stdout != "10\n" {
		t.Fatalf("count: %+v", r)
	}
	for _, want := range []string{
		"[info] ====================  Statistics  ====================",
		"[info]  Total execution time: ",
		"[info]  Wasm instructions execution time: ",
		"[info]  Host functions execution time: 0 ns",
		"[info]  Executed wasm instructions count: 93\n",
		"[info]  Gas costs: 93\n",
		"[info]  Instructions per second: ",
		"[info] =======================   End   ======================",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("statistics lack %q:\n%s", want, r.stderr)
		}
	}
	r = runCLI(t, nil, cold, "--enable-instruction-count", "--reactor", file, "count", "10")
	if !strings.Contains(r.stderr, "Executed wasm instructions count: 93\n") || strings.Contains(r.stderr, "Gas costs") ||
		strings.Contains(r.stderr, "execution time") {
		t.Errorf("--enable-instruction-count:\n%s", r.stderr)
	}
	r = runCLI(t, nil, cold, "--enable-gas-measuring", "--enable-time-measuring", "--reactor", file, "count", "10")
	if !strings.Contains(r.stderr, "Gas costs: 93\n") || !strings.Contains(r.stderr, "Total execution time") ||
		strings.Contains(r.stderr, "instructions count") {
		t.Errorf("--enable-gas-measuring --enable-time-measuring:\n%s", r.stderr)
	}
	r = runCLI(t, nil, cold, "--gas-limit", "50", "--reactor", file, "count", "1000")
	if r.code != 1 || !strings.Contains(r.stderr, "cost limit exceeded") || !strings.Contains(r.stderr, "Gas costs: 50\n") {
		t.Errorf("--gas-limit 50: %+v", r)
	}
	for _, interp := range []string{"--force-interpreter=false", "--force-interpreter"} {
		r = runCLI(t, nil, cold, interp, "--time-limit", "50", "--reactor", file, "spin")
		if r.code != 1 || !strings.Contains(r.stderr, "execution interrupted") {
			t.Errorf("--time-limit 50 %s: %+v", interp, r)
		}
	}
}
