package spectest_test

// WasmEdge's own converted suites (github.com/WasmEdge/wasmedge-spectest):
// wast2json's JSON and .wasm files, one directory per script, under one
// directory per standard. They are not part of the repository; point
// PUREEDGE_WASMEDGE_SPECTEST at a checkout to run them:
//
//	PUREEDGE_WASMEDGE_SPECTEST=/path/to/wasmedge-spectest go test -run TestSpecWasmEdge -v ./spectest/
//
// Each suite runs with the proposals WasmEdge's own spec test enables for
// it (test/spec/spectest.cpp): wasm-1.0 the Wasm 1.0 standard, wasm-2.0 the
// Wasm 2.0 standard, threads Wasm 2.0 and the threads proposal. The
// expectation tables of expect_test.go do not apply (they name lines of the
// shared .wast files): every failure is reported.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/wasmedge"
)

// wasmEdgeSuites names the suites run and their configurations.
var wasmEdgeSuites = []struct {
	dir  string
	conf func() *wasmedge.Configure
}{
	{"wasm-1.0", func() *wasmedge.Configure {
		conf := wasmedge.NewConfigure()
		for _, p := range []wasmedge.Proposal{wasmedge.NON_TRAP_FLOAT_TO_INT_CONVERSIONS, wasmedge.SIGN_EXTENSION_OPERATORS,
			wasmedge.MULTI_VALUE, wasmedge.BULK_MEMORY_OPERATIONS, wasmedge.REFERENCE_TYPES, wasmedge.SIMD} {
			conf.RemoveConfig(p)
		}
		return conf
	}},
	{"wasm-2.0", func() *wasmedge.Configure { return wasmedge.NewConfigure() }},
	{"threads", func() *wasmedge.Configure { return wasmedge.NewConfigure(wasmedge.THREADS) }},
}

func TestSpecWasmEdge(t *testing.T) {
	root := os.Getenv("PUREEDGE_WASMEDGE_SPECTEST")
	if root == "" {
		t.Skip("set PUREEDGE_WASMEDGE_SPECTEST to a checkout of github.com/WasmEdge/wasmedge-spectest")
	}
	for _, s := range wasmEdgeSuites {
		files, err := jsonScripts(filepath.Join(root, s.dir))
		if err != nil {
			t.Fatal(err)
		}
		files = onlyFiles(files)
		if len(files) == 0 {
			t.Fatalf("no scripts in %s", filepath.Join(root, s.dir))
		}
		conf := s.conf
		mode := specMode{name: s.dir, conf: func() *wasmedge.Configure {
			c := conf()
			if os.Getenv("PUREEDGE_SPEC_INTERPRETER") != "" {
				c.SetForceInterpreter(true)
			}
			return c
		}}
		t.Run(s.dir, func(t *testing.T) {
			total := runSuite(t, files, mode, false)
			addSummary(t, "spec "+s.dir, total)
		})
	}
}

// jsonScripts lists dir/NAME/NAME.json.
func jsonScripts(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		f := filepath.Join(dir, e.Name(), e.Name()+".json")
		if _, err := os.Stat(f); err == nil {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files, nil
}

// loadJSONScript reads a script wast2json converted: its commands, with the
// module files in the same directory.
func loadJSONScript(path string) (*script, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Source   string    `json:"source_filename"`
		Commands []command `json:"commands"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &script{Source: doc.Source, Commands: doc.Commands, Dir: filepath.Dir(path)}, nil
}

// TestHarnessJSONScript checks that a converted script is read with its
// directory, as the cache's manifests are.
func TestHarnessJSONScript(t *testing.T) {
	dir := t.TempDir()
	doc := `{"source_filename": "x.wast", "commands": [{"type": "module", "line": 1, "filename": "x.0.wasm"},` +
		`{"type": "assert_trap", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "text": "unreachable", "expected": []}]}`
	sub := filepath.Join(dir, "x")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "x.json"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := jsonScripts(dir)
	if err != nil || len(files) != 1 {
		t.Fatalf("jsonScripts = %v, %v", files, err)
	}
	s, err := loadJSONScript(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir != sub || len(s.Commands) != 2 || s.Commands[1].Text != "unreachable" || !strings.HasSuffix(s.Commands[0].Filename, ".wasm") {
		t.Errorf("script = %+v", s)
	}
}
