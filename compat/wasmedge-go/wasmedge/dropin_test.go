package wasmedge_test

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// addWasm is (module (func (export "add") (param i32 i32) (result i32)
// local.get 0 local.get 1 i32.add)).
const addWasm = `[]byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
	0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,
	0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b}`

// thirdParty is a library written for the WasmEdge Go SDK (as
// wasmedge-bindgen's host/go is): it requires the real module.
var thirdParty = map[string]string{
	"go.mod": "module example.com/thirdparty\n\ngo 1.25.0\n\nrequire github.com/second-state/WasmEdge-go v0.14.0\n",
	"thirdparty.go": `// Package thirdparty calls a Wasm function in a VM that its caller made.
package thirdparty

import "github.com/second-state/WasmEdge-go/wasmedge"

var addWasm = ` + addWasm + `

// Add runs add(a, b) in vm.
func Add(vm *wasmedge.VM, a, b int32) (int32, error) {
	res, err := vm.RunWasmBuffer(addWasm, "add", a, b)
	if err != nil {
		return 0, err
	}
	return res[0].(int32), nil
}
`,
}

// program is a WasmEdge-go program that hands its VM to the third-party
// library, and one made through PureEdge's own import path too: the types
// are the same.
var program = map[string]string{
	"main.go": `package main

import (
	"fmt"
	"os"

	"example.com/thirdparty"
	pure "github.com/pureedge/pureedge/wasmedge"
	"github.com/second-state/WasmEdge-go/wasmedge"
)

func main() {
	vm := wasmedge.NewVM()
	defer vm.Release()
	var other *wasmedge.VM = pure.NewVM()
	defer other.Release()
	a, err := thirdparty.Add(vm, 2, 3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	b, err := thirdparty.Add(other, 40, 2)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(a, b, wasmedge.GetVersion() == pure.GetVersion())
}
`,
}

// readmeLines returns the go.mod lines of the README's first section: the
// block for a published version and the block for a local checkout.
func readmeLines(t *testing.T, repo string) (published, local string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	first := string(data)
	if i := strings.Index(first, "\n## "); i >= 0 {
		first = first[:i]
	}
	blocks := regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindAllStringSubmatch(first, -1)
	for _, b := range blocks {
		if !strings.Contains(b[1], "replace github.com/second-state/WasmEdge-go =>") {
			continue
		}
		switch {
		case strings.Contains(b[1], "<version>"):
			published = b[1]
		case strings.Contains(b[1], "<checkout>"):
			local = b[1]
		}
	}
	if published == "" || local == "" {
		t.Fatalf("README.md's first section lacks the go.mod lines for a published version (<version>) or a local checkout (<checkout>)")
	}
	return published, local
}

// writeFiles writes files under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// buildAndRun builds the program in dir without cgo and checks its output.
func buildAndRun(t *testing.T, dir string, env []string) {
	t.Helper()
	env = append(os.Environ(), append([]string{"CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod"}, env...)...)
	bin := filepath.Join(t.TempDir(), "prog")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
		t.Fatalf("go build: %v\n%s\ngo.mod:\n%s", err, out, gomod)
	}
	out, err := exec.Command(bin).CombinedOutput()
	if err != nil {
		t.Fatalf("program: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "5 42 true" {
		t.Fatalf("program printed %q, want %q", got, "5 42 true")
	}
}

// setUp writes the third-party module and the program, whose go.mod has the
// given lines from the README, and returns the program's directory.
func setUp(t *testing.T, repo, lines string) string {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, filepath.Join(root, "thirdparty"), thirdParty)
	writeFiles(t, filepath.Join(root, "prog"), program)
	gomod := "module example.com/prog\n\ngo 1.25.0\n\n" +
		"require (\n\texample.com/thirdparty v1.0.0\n\tgithub.com/second-state/WasmEdge-go v0.14.0\n)\n\n" +
		"replace example.com/thirdparty => ../thirdparty\n\n" + lines
	writeFiles(t, filepath.Join(root, "prog"), map[string]string{"go.mod": gomod})
	// The sums of PureEdge's own dependencies (wazero, x/sys), which the
	// module cache holds: nothing is downloaded.
	sums, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, filepath.Join(root, "prog"), map[string]string{"go.sum": string(sums)})
	return filepath.Join(root, "prog")
}

// TestDropInLocalCheckout builds a WasmEdge-go program and a third-party
// library that both import github.com/second-state/WasmEdge-go/wasmedge,
// with CGO_ENABLED=0 and the README's lines for a local checkout.
func TestDropInLocalCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs")
	}
	repo := goList(t, ".", "-m", "-f", "{{.Dir}}", "github.com/pureedge/pureedge")
	_, local := readmeLines(t, repo)
	dir := setUp(t, repo, strings.ReplaceAll(local, "<checkout>", repo))
	buildAndRun(t, dir, []string{"GOPROXY=off"})
}

// TestDropInPublishedVersion does the same with the README's lines for a
// published version, served by a module proxy in a directory that holds
// this checkout as both modules at one version.
func TestDropInPublishedVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs")
	}
	const version = "v0.1.0"
	repo := goList(t, ".", "-m", "-f", "{{.Dir}}", "github.com/pureedge/pureedge")
	published, _ := readmeLines(t, repo)
	proxy := t.TempDir()
	publish(t, proxy, "github.com/pureedge/pureedge", version, repo)
	publish(t, proxy, "github.com/pureedge/pureedge/compat/wasmedge-go", version, filepath.Join(repo, "compat", "wasmedge-go"))
	dir := setUp(t, repo, strings.ReplaceAll(published, "<version>", version))
	buildAndRun(t, dir, []string{
		"GOPROXY=file://" + filepath.ToSlash(proxy),
		"GONOSUMDB=github.com/pureedge",
	})
}

// publish writes module path at version into a file-based module proxy,
// from the module's directory (nested modules and .git left out).
func publish(t *testing.T, proxy, path, version, dir string) {
	t.Helper()
	vdir := filepath.Join(proxy, filepath.FromSlash(path), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			if rel != "." {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(path + "@" + version + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		version + ".mod":  gomod,
		version + ".zip":  buf.Bytes(),
		version + ".info": []byte(`{"Version":"` + version + `","Time":"2026-12-01T00:00:00Z"}`),
		"list":            []byte(version + "\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(vdir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
