//go:build cgo && linux

package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/guestbuild"
)

// The CLI loads C plug-ins from WASMEDGE_PLUGIN_PATH, lists them with
// --version, passes them their options, and leaves out a forbidden one.
func TestCPlugin(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("C plug-in tests need gcc")
	}
	dir := t.TempDir()
	so := filepath.Join(dir, "libpureedge_test_c.so")
	if b, err := exec.Command(gcc, "-shared", "-fPIC", "-I../../include", "-o", so,
		"../../internal/capi/testdata/plugin.c").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, b)
	}
	env := []string{"WASMEDGE_PLUGIN_PATH=" + dir}

	r := runCLI(t, env, "--version")
	if r.code != 0 || !strings.Contains(r.stdout, so+` (plugin "pureedge_test_c") version 0.`) ||
		!strings.Contains(r.stdout, "module text") {
		t.Fatalf("--version: %+v", r)
	}

	guest := guestbuild.MustBuildReactor(t, "../../testdata/guests/plugin_c")
	r = runCLI(t, env, "--greeting", "hola", "--reactor", guest, "greeting_len")
	if r.code != 0 || r.stdout != "4\n" {
		t.Fatalf("option --greeting did not reach the plug-in: %+v", r)
	}
	r = runCLI(t, env, "--reactor", guest, "add", "40", "2")
	if r.code != 0 || r.stdout != "42\n" {
		t.Fatalf("add: %+v", r)
	}
	r = runCLI(t, env, "--log-level", "off", "--forbidden-plugin", "pureedge_test_c", "--reactor", guest, "add", "1", "2")
	if r.code != 1 || !strings.Contains(r.stderr, "unknown import") {
		t.Fatalf("--forbidden-plugin: %+v", r)
	}
}
