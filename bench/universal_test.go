package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// cliBinary builds the wasmedge CLI once per process (or takes
// $PUREEDGE_WASMEDGE).
var cliBinary = sync.OnceValues(func() (string, error) {
	if cli := os.Getenv(cliEnv); cli != "" {
		return cli, nil
	}
	dir, err := os.MkdirTemp("", "pureedge-bench-cli")
	if err != nil {
		return "", err
	}
	cli := filepath.Join(dir, "wasmedge")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", cli, "../cmd/wasmedge")
	if out, err := build.CombinedOutput(); err != nil {
		return "", &exec.Error{Name: "go build: " + string(out), Err: err}
	}
	return cli, nil
})

// BenchmarkUniversalStart is the first start of a 10 MB Go guest (the
// "large" guest: HTTP, TLS, JSON, templates) by the CLI in a new process
// with an empty compiled-code cache: from in.wasm, compiling first
// (--cold-start compile) or in the interpreter (--force-interpreter, what
// the default cold start runs while it compiles in the background), and
// from the universal wasm that `wasmedge compile` wrote
// (--trust-compiled-code: the compiled code it carries is installed in the
// cache, so nothing is compiled).
//
//	go test -run '^$' -bench UniversalStart -benchtime 3x ./bench/
func BenchmarkUniversalStart(b *testing.B) {
	cli, err := cliBinary()
	if err != nil {
		b.Fatal(err)
	}
	in := command(b, "large")
	out := filepath.Join(b.TempDir(), "large.aot.wasm")
	run := func(b *testing.B, cache string, args ...string) {
		cmd := exec.Command(cli, args...)
		cmd.Env = append(os.Environ(), cacheEnv+"="+cache)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		if args[0] != "compile" && !strings.HasPrefix(stdout.String(), "large: large 3 404") {
			b.Fatalf("%v: stdout %q", args, stdout.String())
		}
		// With --trust-compiled-code, code that does not fit is logged.
		if strings.Contains(stderr.String(), "not used") {
			b.Fatalf("%v: %s", args, stderr.String())
		}
	}
	run(b, b.TempDir(), "compile", in, out)
	if fi, err := os.Stat(out); err == nil {
		b.Logf("in.wasm %d bytes, out.wasm %d bytes", len(readFile(b, in)), fi.Size())
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"in.wasm/compile", []string{"--cold-start", "compile", in}},
		{"in.wasm/interpreter", []string{"--force-interpreter", in}},
		{"out.wasm/compiled-code", []string{"--trust-compiled-code", "--cold-start", "compile", out}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				cache := b.TempDir()
				b.StartTimer()
				run(b, cache, c.args...)
			}
		})
	}
}
