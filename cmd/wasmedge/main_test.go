package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/guestbuild"
)

var cli string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wasmedge-cli")
	if err != nil {
		panic(err)
	}
	cli = filepath.Join(dir, "wasmedge")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", cli, ".")
	if out, err := build.CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type run struct {
	stdout, stderr string
	code           int
}

func runCLI(t *testing.T, env []string, args ...string) run {
	t.Helper()
	cmd := exec.Command(cli, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return run{out.String(), errb.String(), code}
}

func guest(t *testing.T, name string) string {
	return guestbuild.MustBuild(t, filepath.Join("..", "..", "testdata", "guests", name))
}

func TestHelloExample(t *testing.T) {
	r := runCLI(t, nil, "../../examples/hello/hello.wasm")
	if r.code != 0 || r.stdout != "Hello from PureEdge, WebAssembly without C++!\n" {
		t.Fatalf("%+v", r)
	}
}

func TestArgsEnvAndExitCode(t *testing.T) {
	r := runCLI(t, nil, "--env", "GREETING=hey", guest(t, "hello"), "x", "y")
	want := "Hello from WebAssembly!\narg 1: x\narg 2: y\nGREETING = hey\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("got %+v", r)
	}
	if r := runCLI(t, nil, guest(t, "exit"), "7"); r.code != 7 {
		t.Fatalf("exit status %d, want 7 (%s)", r.code, r.stderr)
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("abc"), 0o644)
	r := runCLI(t, nil, "--dir", "/data:"+dir, guest(t, "files"), "/data/a.txt", "/data/b.txt")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.txt")); string(b) != "ABC" {
		t.Fatalf("b.txt = %q", b)
	}
	r = runCLI(t, nil, "--dir", dir, guest(t, "files"), dir+"/a.txt", dir+"/c.txt")
	if r.code != 0 {
		t.Fatalf("--dir PATH: %+v", r)
	}
}

func TestReactor(t *testing.T) {
	fib := guestbuild.MustBuildReactor(t, "../../testdata/guests/fib")
	r := runCLI(t, nil, "--reactor", fib, "fib", "25")
	if r.code != 0 || r.stdout != "75025\n" {
		t.Fatalf("%+v", r)
	}
	r = runCLI(t, nil, "--force-interpreter", "--reactor", fib, "fib", "10")
	if r.code != 0 || r.stdout != "55\n" {
		t.Fatalf("interpreter: %+v", r)
	}
	if r := runCLI(t, nil, "--reactor", fib, "fib", "ten"); r.code != 1 {
		t.Fatalf("bad argument accepted: %+v", r)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.wasm")
	os.WriteFile(garbage, []byte("definitely not wasm"), 0o644)
	trunc := filepath.Join(dir, "trunc.wasm")
	hello, _ := os.ReadFile("../../examples/hello/hello.wasm")
	os.WriteFile(trunc, hello[:len(hello)/2], 0o644)
	for _, tc := range []struct{ name, file, want string }{
		{"missing", filepath.Join(dir, "nope.wasm"), "invalid path"},
		{"garbage", garbage, "magic header not detected"},
		{"truncated", trunc, ""},
	} {
		r := runCLI(t, nil, "--log-level", "off", tc.file)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], tc.want) {
			t.Errorf("%s: %+v", tc.name, r)
		}
	}
	if r := runCLI(t, nil); r.code != 1 {
		t.Errorf("no file: %+v", r)
	}
}

func TestTimeLimit(t *testing.T) {
	fib := guestbuild.MustBuildReactor(t, "../../testdata/guests/fib")
	r := runCLI(t, nil, "--log-level", "off", "--time-limit", "50", "--reactor", fib, "fib", "45")
	if r.code != 1 || !strings.Contains(r.stderr, "interrupted") {
		t.Fatalf("%+v", r)
	}
}

func TestVersion(t *testing.T) {
	r := runCLI(t, nil, "--version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "wasmedge version 0.14.1") {
		t.Fatalf("%+v", r)
	}
}

// A corrupt or unusable compiled-code cache is never fatal.
func TestCorruptCache(t *testing.T) {
	dir := t.TempDir()
	env := []string{"PUREEDGE_CACHE_DIR=" + dir}
	hello := guest(t, "hello")
	if r := runCLI(t, env, hello); r.code != 0 {
		t.Fatalf("cold: %+v", r)
	}
	n := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n++
			os.WriteFile(p, []byte("garbage"), 0o644)
		}
		return nil
	})
	if n == 0 {
		t.Fatal("nothing was cached")
	}
	if r := runCLI(t, env, hello); r.code != 0 || !strings.HasPrefix(r.stdout, "Hello") {
		t.Fatalf("corrupt cache: %+v", r)
	}
	if r := runCLI(t, env, hello); r.code != 0 {
		t.Fatalf("rewritten cache: %+v", r)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if r := runCLI(t, []string{"PUREEDGE_CACHE_DIR=" + file}, hello); r.code != 0 {
		t.Fatalf("cache dir is a file: %+v", r)
	}
	if r := runCLI(t, nil, "--no-cache", hello); r.code != 0 {
		t.Fatalf("--no-cache: %+v", r)
	}
}

// The first run of a module starts in the interpreter and compiles for the
// next run in the background; later runs start from the compiled code.
func TestColdStart(t *testing.T) {
	dir := t.TempDir()
	env := []string{"PUREEDGE_CACHE_DIR=" + dir}
	hello := guest(t, "hello")
	if r := runCLI(t, env, hello); r.code != 0 || !strings.HasPrefix(r.stdout, "Hello") {
		t.Fatalf("cold: %+v", r)
	}
	// The background compilation leaves its marker and removes its claim
	// (".pending"), which would otherwise hold off the next compilation.
	markers := filepath.Join(dir, "pureedge-warm")
	deadline := time.Now().Add(60 * time.Second)
	for {
		entries, _ := os.ReadDir(markers)
		done, pending := false, false
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".pending") {
				pending = true
			} else {
				done = true
			}
		}
		if done && !pending {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the background compilation did not finish (marker %v, claim left %v)", done, pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := runCLI(t, env, hello); r.code != 0 || !strings.HasPrefix(r.stdout, "Hello") {
		t.Fatalf("warm: %+v", r)
	}
	if r := runCLI(t, env, "--cold-start", "compile", "--no-cache", hello); r.code != 0 {
		t.Fatalf("--cold-start compile: %+v", r)
	}
}

// An error prints one line (the log line WasmEdge prints), at the default
// log level too.
func TestErrorIsOneLine(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.wasm")
	if err := os.WriteFile(garbage, []byte("definitely not wasm"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{garbage, filepath.Join(dir, "nope.wasm")} {
		r := runCLI(t, nil, file)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "Code: 0x") {
			t.Errorf("%s: %+v", file, r)
		}
	}
}

// A preopen whose host directory does not exist fails the run, as the
// issue's WasmEdge reference says.
func TestDirMissing(t *testing.T) {
	r := runCLI(t, nil, "--dir", "/guest:/does/not/exist", "../../examples/hello/hello.wasm")
	if r.code != 1 || !strings.Contains(r.stderr, "Bind guest directory failed") || strings.Contains(r.stdout, "Hello") {
		t.Errorf("%+v", r)
	}
}

// --env passes an entry without "=" as given, as WasmEdge does.
func TestEnvWithoutEquals(t *testing.T) {
	r := runCLI(t, nil, "--env", "NOEQUALS", "--env", "K=V", guest(t, "env"))
	if r.code != 0 || r.stdout != "NOEQUALS\nK=V\n" {
		t.Errorf("%+v", r)
	}
}

// --log-level applies before plug-ins are loaded: the loader's debug
// messages about the plug-in path show.
func TestLogLevelBeforePlugins(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-dir")
	r := runCLI(t, []string{"WASMEDGE_PLUGIN_PATH=" + missing}, "--log-level", "debug", "../../examples/hello/hello.wasm")
	if r.code != 0 || !strings.Contains(r.stderr, "Plugin: "+missing) {
		t.Errorf("%+v", r)
	}
}

// debugSection returns a custom section named .debug_info with n bytes of
// payload.
func debugSection(n int) []byte {
	name := ".debug_info"
	content := append(binary.AppendName(nil, name), bytes.Repeat([]byte{0xAB}, n)...)
	return append(binary.AppendU32([]byte{0}, uint32(len(content))), content...)
}

// The CLI leaves debug information unread (binary.ReadForRun): a module
// with a megabyte of it runs as without it, and a module that does not load
// reports the offsets of the file itself, not of what was read.
func TestDebugSectionsLeftUnread(t *testing.T) {
	dir := t.TempDir()
	hello, err := os.ReadFile("../../examples/hello/hello.wasm")
	if err != nil {
		t.Fatal(err)
	}
	withDebug := filepath.Join(dir, "debug.wasm")
	if err := os.WriteFile(withDebug, append(append([]byte{}, hello...), debugSection(1<<20)...), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, withDebug)
	if r.code != 0 || r.stdout != "Hello from PureEdge, WebAssembly without C++!\n" {
		t.Fatalf("with a debug section: %+v", r)
	}
	// A type section with a bad form after 100,000 bytes of debug payload:
	// the form byte is at offset 100,027 of the file.
	bad := append([]byte("\x00asm\x01\x00\x00\x00"), debugSection(100_000)...)
	bad = append(bad, 1, 4, 1, 0x61, 0, 0)
	badFile := filepath.Join(dir, "bad.wasm")
	if err := os.WriteFile(badFile, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, nil, "--log-level", "off", badFile)
	if r.code != 1 || !strings.Contains(r.stderr, "offset 100027") {
		t.Fatalf("bad type after a debug section: %+v, want the error at offset 100027", r)
	}
}
