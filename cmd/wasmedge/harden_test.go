package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/guestbuild"
)

// proc_exit(7) in a start function: the CLI exits 7, as WasmEdge does.
func TestExitInStartFunction(t *testing.T) {
	f := guestbuild.WATFile(t, `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $start i32.const 7 call $exit)
  (start $start)
  (func (export "_start")))`)
	if r := runCLI(t, nil, f); r.code != 7 {
		t.Fatalf("%+v, want exit status 7", r)
	}
}

// --time-limit covers the start function.
func TestTimeLimitInStartFunction(t *testing.T) {
	f := guestbuild.WATFile(t, `(module (func $s (loop br 0)) (start $s) (func (export "_start")))`)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, cli, "--log-level", "off", "--time-limit", "200", f).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatal("the CLI did not stop at the time limit")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "interrupted") {
		t.Fatalf("%v: %s", err, out)
	}
}
