// Package guestbuild builds the Go guest programs under testdata for tests
// and benchmarks: GOOS=wasip1 GOARCH=wasm with the running toolchain, cached
// by the hash of their sources.
package guestbuild

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
)

var mu sync.Mutex

// Build compiles the Go package in dir (a path relative to the module root
// or absolute) to a wasip1 module and returns the path of the .wasm file.
// Results are cached under the user's cache directory by the hash of the
// package's files and the Go version, so repeated test runs do not rebuild.
func Build(dir string) (string, error) { return build(dir, false) }

// BuildReactor is Build with -buildmode=c-shared: the module exports
// _initialize instead of _start, and its //go:wasmexport functions may be
// called after _initialize.
func BuildReactor(dir string) (string, error) { return build(dir, true) }

func build(dir string, reactor bool) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	sum, err := hashDir(abs)
	if err != nil {
		return "", fmt.Errorf("hashing guest %s: %w", dir, err)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	kind := "command"
	if reactor {
		kind = "reactor"
	}
	out := filepath.Join(base, "pureedge", "guests", filepath.Base(abs)+"-"+kind+"-"+sum+".wasm")
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return "", err
	}
	// Packages are tested in parallel processes, which may build the same
	// guest at once: each builds into a file of its own, renamed into place.
	f, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".*.tmp")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp) // left only if the build or the rename failed
	args := []string{"build", "-o", tmp}
	if reactor {
		args = append(args, "-buildmode=c-shared")
	}
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), append(args, ".")...)
	cmd.Dir = abs
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building guest %s: %v\n%s", dir, err, b)
	}
	return out, os.Rename(tmp, out)
}

// MustBuild is Build for tests and benchmarks: it fails tb on error.
func MustBuild(tb TB, dir string) string {
	tb.Helper()
	p, err := Build(dir)
	if err != nil {
		tb.Fatalf("%v", err)
	}
	return p
}

// MustBuildReactor is BuildReactor for tests and benchmarks.
func MustBuildReactor(tb TB, dir string) string {
	tb.Helper()
	p, err := BuildReactor(dir)
	if err != nil {
		tb.Fatalf("%v", err)
	}
	return p
}

// TB is the part of testing.TB that the Must functions use.
type TB interface {
	Helper()
	Fatalf(string, ...any)
}

func hashDir(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	names := []string{}
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version())
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return "", err
		}
		fmt.Fprintln(h, n)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
