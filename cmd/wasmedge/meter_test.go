package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestStatisticsAndLimits(t *testing.T) {
	// spin and count (see its .wat)
	file, err := filepath.Abs(filepath.Join("..", "..", "testdata", "wasm", "spin.wasm"))
	if err != nil {
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
