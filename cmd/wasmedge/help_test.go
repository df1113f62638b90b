package main

import (
	"regexp"
	"strings"
	"testing"
)

// --help lists every option with two dashes, grouped as WasmEdge groups
// them, and lists WasmEdge's options that PureEdge lacks as such; "run" is
// accepted before the options; an unsupported option refuses to run.
func TestHelpGroups(t *testing.T) {
	r := runCLI(t, nil, "--help")
	if r.code != 0 {
		t.Fatalf("--help: %+v", r)
	}
	help := r.stderr
	if !strings.Contains(help, "[run] [options] file.wasm") {
		t.Errorf("usage does not show the run form:\n%s", help)
	}
	if m := regexp.MustCompile(`(?m)^ *-[a-z]`).FindString(help); m != "" {
		t.Errorf("an option with one dash: %q", m)
	}
	sections := []string{"General options:", "WASI options:", "Proposals:", "Limits and statistics:", "Plug-in options:", "Not supported yet:"}
	pos := -1
	for _, s := range sections {
		i := strings.Index(help, "\n"+s+"\n")
		if i < 0 || i < pos {
			t.Fatalf("section %q missing or out of order:\n%s", s, help)
		}
		pos = i
	}
	in := func(section, option string) {
		t.Helper()
		start := strings.Index(help, "\n"+section+"\n")
		end := len(help)
		if next := strings.Index(help[start+1:], "\n\n"); next >= 0 {
			end = start + 1 + next
		}
		if !regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(option) + `\b`).MatchString(help[start:end]) {
			t.Errorf("--%s is not under %q", option, section)
		}
	}
	in("General options:", "reactor")
	in("General options:", "force-interpreter")
	in("WASI options:", "dir")
	in("WASI options:", "env")
	in("Proposals:", "enable-threads")
	in("Proposals:", "disable-simd")
	in("Limits and statistics:", "time-limit")
	in("Limits and statistics:", "enable-instruction-count")
	in("Plug-in options:", "allow-command")
	in("Not supported yet:", "coredump-on-trap")
	in("Not supported yet:", "allow-af-unix")

	hello := guest(t, "hello")
	if r := runCLI(t, nil, "run", "--env", "GREETING=hi", hello, "a"); r.code != 0 || r.stdout != "Hello from WebAssembly!\narg 1: a\nGREETING = hi\n" {
		t.Fatalf("wasmedge run: %+v", r)
	}
	if r := runCLI(t, nil, "--coredump-on-trap", hello); r.code == 0 || !strings.Contains(r.stderr, "--coredump-on-trap is not supported yet") {
		t.Fatalf("--coredump-on-trap: %+v", r)
	}
	if r := runCLI(t, nil, "--enable-jit", hello); r.code != 0 {
		t.Fatalf("--enable-jit: %+v", r)
	}
}
