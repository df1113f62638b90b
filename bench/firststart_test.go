package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// refWasmEdgeEnv names a WasmEdge CLI to compare the start with (WasmEdge
// 0.17's interpreter: its default, a module that is not AOT-compiled).
const refWasmEdgeEnv = "PUREEDGE_BENCH_REF_WASMEDGE"

// BenchmarkFirstStart runs "wasmedge hello.wasm" (a 2.6 MB Go guest) in a
// new process, one after another in each iteration, so that all see the
// same load of a shared machine:
//
//   - WasmEdge's CLI ($PUREEDGE_BENCH_REF_WASMEDGE; left out if unset);
//   - PureEdge's CLI with a filled compiled-code cache: a later start;
//   - PureEdge's CLI with an empty cache: the first start of a module never
//     seen before (it runs in the interpreter and compiles for the cache in
//     a detached process, which the benchmark waits for with its clock
//     stopped, so that no iteration's start shares the cores with it).
//
// It reports the wall time of each (first-s, later-s, wasmedge-s) and the
// ratios first/wasmedge and later/wasmedge (goals: at most 1 and at most
// 0.5).
//
//	PUREEDGE_BENCH_REF_WASMEDGE=/path/to/wasmedge go test -run '^$' -bench FirstStart -benchtime 5x ./bench/
func BenchmarkFirstStart(b *testing.B) {
	cli, err := cliBinary()
	if err != nil {
		b.Fatal(err)
	}
	hello := command(b, "hello")
	ref := os.Getenv(refWasmEdgeEnv)
	run := func(path, cache string) time.Duration {
		cmd := exec.Command(path, hello)
		cmd.Env = append(os.Environ(), cacheEnv+"="+cache)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		d := time.Since(start)
		if err != nil {
			b.Fatalf("%s: %v\n%s", path, err, stderr.String())
		}
		if !strings.HasPrefix(stdout.String(), "Hello from WebAssembly!") {
			b.Fatalf("%s: stdout %q", path, stdout.String())
		}
		return d
	}
	// warmed waits until the background compilation of a first start has
	// left its marker in cache and released its claim.
	warmed := func(cache string) {
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			entries, _ := os.ReadDir(filepath.Join(cache, "pureedge-warm"))
			done, pending := false, false
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".pending") {
					pending = true
				} else if !strings.HasPrefix(e.Name(), ".") {
					done = true
				}
			}
			if done && !pending {
				return
			}
		}
		b.Fatalf("no compiled code in %s after two minutes", cache)
	}
	filled := b.TempDir()
	run(cli, filled)
	warmed(filled)
	var first, later, refT time.Duration
	for b.Loop() {
		if ref != "" {
			refT += run(ref, filled) // WasmEdge has no cache of ours
		}
		// The later start runs before the first start, whose background
		// compilation would otherwise still hold the cores.
		later += run(cli, filled)
		empty, err := os.MkdirTemp(b.TempDir(), "cache")
		if err != nil {
			b.Fatal(err)
		}
		first += run(cli, empty)
		b.StopTimer()
		warmed(empty)
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(first.Seconds()/n, "first-s")
	b.ReportMetric(later.Seconds()/n, "later-s")
	if ref != "" {
		b.ReportMetric(refT.Seconds()/n, "wasmedge-s")
		b.ReportMetric(float64(first)/float64(refT), "first/wasmedge")
		b.ReportMetric(float64(later)/float64(refT), "later/wasmedge")
	}
}
