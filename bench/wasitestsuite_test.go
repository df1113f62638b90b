package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// wasiTestsuiteEnv names a checkout of the WASI test suite's built tests
// (the prod/testsuite-base branch of github.com/WebAssembly/wasi-testsuite),
// for BenchmarkWASITestsuite.
const wasiTestsuiteEnv = "PUREEDGE_WASI_TESTSUITE"

// wasiTest is one program of the WASI test suite with its configuration
// (the suite's JSON next to it: "args", "env", "root", "exit_code",
// "stdout", as its runner reads them).
type wasiTest struct {
	path     string
	Args     []string          `json:"args"`
	Env      map[string]string `json:"env"`
	Root     string            `json:"root"`
	ExitCode int               `json:"exit_code"`
	Stdout   *string           `json:"stdout"`
}

// wasiTests lists the preview-1 programs of the suite in dir (C, Rust and
// AssemblyScript).
func wasiTests(dir string) ([]wasiTest, error) {
	var tests []wasiTest
	for _, lang := range []string{"assemblyscript", "c", "rust"} {
		paths, err := filepath.Glob(filepath.Join(dir, "tests", lang, "testsuite", "wasm32-wasip1", "*.wasm"))
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			t := wasiTest{path: p}
			if b, err := os.ReadFile(strings.TrimSuffix(p, ".wasm") + ".json"); err == nil {
				if err := json.Unmarshal(b, &t); err != nil {
					return nil, fmt.Errorf("%s: %w", p, err)
				}
			}
			tests = append(tests, t)
		}
	}
	return tests, nil
}

// run runs the test with the CLI cli as the suite's WasmEdge adapter does
// (--env K=V, --dir /:ROOT, the file, then the arguments, from the test's
// directory, standard input an empty pipe) and reports whether its exit
// code and output are the expected ones. The files the test leaves (*.cleanup) are removed, as the
// suite's runner removes them.
func (t wasiTest) run(cli string) error {
	var argv []string
	for _, k := range slices.Sorted(maps.Keys(t.Env)) {
		argv = append(argv, "--env", k+"="+t.Env[k])
	}
	dir := filepath.Dir(t.path)
	if t.Root != "" {
		argv = append(argv, "--dir", "/:"+t.Root)
		defer removeCleanup(filepath.Join(dir, t.Root))
	}
	argv = append(append(argv, t.path), t.Args...)
	cmd := exec.Command(cli, argv...)
	cmd.Dir = dir
	// Standard input is an empty pipe, as under the suite's runner (WasmEdge
	// fails poll_oneoff_stdio on /dev/null, which epoll refuses).
	cmd.Stdin = strings.NewReader("")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return err
	}
	if code != t.ExitCode {
		return fmt.Errorf("exit code %d, want %d; stderr: %s", code, t.ExitCode, stderr.String())
	}
	if t.Stdout != nil && !strings.HasPrefix(stdout.String(), *t.Stdout) {
		return fmt.Errorf("stdout %q, want %q", stdout.String(), *t.Stdout)
	}
	return nil
}

func removeCleanup(root string) {
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".cleanup") && d.Type()&os.ModeSymlink == 0 {
			os.RemoveAll(p)
			if d.IsDir() {
				return filepath.SkipDir
			}
		}
		return nil
	})
}

// runWASITests runs every test with cli, one after another, and returns
// the wall time and the tests that failed.
func runWASITests(cli string, tests []wasiTest) (time.Duration, []string) {
	var failed []string
	start := time.Now()
	for _, t := range tests {
		if err := t.run(cli); err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", filepath.Base(t.path), err))
		}
	}
	return time.Since(start), failed
}

// BenchmarkWASITestsuite runs the WASI preview-1 test suite's 72 programs
// ($PUREEDGE_WASI_TESTSUITE) through PureEdge's CLI and, in the same
// iteration, through WasmEdge's ($PUREEDGE_BENCH_REF_WASMEDGE, left out if
// unset), one program after another, as the suite's runner does but
// without its Python around each program. PureEdge's compiled-code cache
// is filled first (what a second run of the suite finds). It fails when a
// program fails under PureEdge, and reports the wall time of the whole
// suite for each CLI (pureedge-s, wasmedge-s) and their ratio (goal: at
// most 1).
//
//	PUREEDGE_WASI_TESTSUITE=/path/to/wasi-testsuite PUREEDGE_BENCH_REF_WASMEDGE=/path/to/wasmedge \
//		go test -run '^$' -bench WASITestsuite -benchtime 5x ./bench/
func BenchmarkWASITestsuite(b *testing.B) {
	dir := os.Getenv(wasiTestsuiteEnv)
	if dir == "" {
		b.Skip(wasiTestsuiteEnv + " is not set")
	}
	tests, err := wasiTests(dir)
	if err != nil {
		b.Fatal(err)
	}
	cli, err := cliBinary()
	if err != nil {
		b.Fatal(err)
	}
	ref := os.Getenv(refWasmEdgeEnv)
	runWASITests(cli, tests) // fill the cache
	var ours, theirs time.Duration
	for b.Loop() {
		d, failed := runWASITests(cli, tests)
		if len(failed) > 0 {
			b.Fatalf("%d of %d programs failed:\n%s", len(failed), len(tests), strings.Join(failed, "\n"))
		}
		ours += d
		if ref != "" {
			d, failed := runWASITests(ref, tests)
			if len(failed) > 0 {
				b.Logf("WasmEdge: %d of %d programs failed:\n%s", len(failed), len(tests), strings.Join(failed, "\n"))
			}
			theirs += d
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(len(tests)), "programs")
	b.ReportMetric(ours.Seconds()/n, "pureedge-s")
	if ref != "" {
		b.ReportMetric(theirs.Seconds()/n, "wasmedge-s")
		b.ReportMetric(float64(ours)/float64(theirs), "pureedge/wasmedge")
	}
}

// TestWASITestsuiteHarness checks BenchmarkWASITestsuite's reading and
// checking of a suite on one of the same layout: a program whose output,
// exit code, environment and preopen are checked, passing and failing.
func TestWASITestsuiteHarness(t *testing.T) {
	cli, err := cliBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	progs := filepath.Join(dir, "tests", "c", "testsuite", "wasm32-wasip1")
	if err := os.MkdirAll(filepath.Join(progs, "fs-tests.dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	hello := readFile(t, "../examples/hello/hello.wasm")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(progs, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("hello.wasm", hello)
	write("hello.json", []byte(`{"root": "fs-tests.dir", "env": {"A": "b"}, "args": ["x"], "stdout": "Hello from PureEdge"}`))
	write("wrong.wasm", hello)
	write("wrong.json", []byte(`{"exit_code": 3}`))
	write("fs-tests.dir/left.cleanup", nil)
	tests, err := wasiTests(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(tests) != 2 || tests[0].Root != "fs-tests.dir" || tests[0].Env["A"] != "b" || tests[1].ExitCode != 3 {
		t.Fatalf("read %+v", tests)
	}
	_, failed := runWASITests(cli, tests)
	if len(failed) != 1 || !strings.HasPrefix(failed[0], "wrong.wasm: exit code 0, want 3") {
		t.Errorf("failed: %q, want wrong.wasm's exit code only", failed)
	}
	if _, err := os.Stat(filepath.Join(progs, "fs-tests.dir", "left.cleanup")); !os.IsNotExist(err) {
		t.Errorf("the test's *.cleanup file is left: %v", err)
	}
}
