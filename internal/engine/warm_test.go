package engine

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
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
}
