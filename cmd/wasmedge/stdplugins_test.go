package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// --help lists every option of the compiled-in plug-ins with the plug-in
// that owns it.
func TestHelpListsPluginOptions(t *testing.T) {
	r := runCLI(t, nil, "--help")
	if r.code != 0 {
		t.Fatalf("--help: %+v", r)
	}
	for _, o := range []struct{ name, plugin string }{
		{"wasi-logging-allow-file", "wasi_logging"},
		{"wasi-logging-allow-dir", "wasi_logging"},
	} {
		re := regexp.MustCompile(`(?m)^  -` + regexp.QuoteMeta(o.name) + `\b[^\n]*\n[^\n]*\(plug-in ` + o.plugin + `\)$`)
		if !re.MatchString(r.stderr) {
			t.Errorf("--help does not list --%s of %s:\n%s", o.name, o.plugin, r.stderr)
		}
	}
}

// The wasi_logging plug-in is compiled in: records reach stdout in
// WasmEdge's format, and a file only where an option allows it.
func TestWasiLogging(t *testing.T) {
	wasm := guest(t, "logging")
	r := runCLI(t, nil, wasm, "levels", "stdout")
	line := regexp.MustCompile(`^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[(trace|debug|info|warning|error|critical)\] [A-Za-z]+ Level Message$`)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 7 || lines[6] != "done" {
		t.Fatalf("%+v", r)
	}
	for _, l := range lines[:6] {
		if !line.MatchString(l) {
			t.Errorf("line %q", l)
		}
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "app.log")
	r = runCLI(t, nil, wasm, "levels", file)
	if r.code == 0 || !strings.Contains(r.stderr, "[error] [WasiLogging] Cannot log into file: ") {
		t.Fatalf("a file without an option: %+v", r)
	}
	r = runCLI(t, nil, "--wasi-logging-allow-dir", dir, wasm, "levels", file)
	if r.code != 0 {
		t.Fatalf("--wasi-logging-allow-dir: %+v", r)
	}
	if b, err := os.ReadFile(file); err != nil || strings.Count(string(b), "\n") != 6 {
		t.Fatalf("log file: %q, %v", b, err)
	}
}
