package wasmedge_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// goList runs the go command in dir and returns its trimmed output.
func goList(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list %v: %v\n%s", args, err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// exportedNames parses the non-test Go files of dir (every build
// configuration) and returns its exported package-level names.
func exportedNames(t *testing.T, dir string) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	names := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							names[s.Name.Name] = true
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								names[n.Name] = true
							}
						}
					}
				}
			}
		}
	}
	return names
}

// TestEveryNameForwarded fails when an exported name of PureEdge's wasmedge
// package has no forwarder in the drop-in (run go generate), or when the
// drop-in has a name that PureEdge does not.
func TestEveryNameForwarded(t *testing.T) {
	target := goList(t, ".", "-f", "{{.Dir}}", "github.com/pureedge/pureedge/wasmedge")
	want := exportedNames(t, target)
	got := exportedNames(t, ".")
	if len(want) < 100 {
		t.Fatalf("only %d exported names found in %s", len(want), target)
	}
	var missing, extra []string
	for name := range want {
		if !got[name] {
			missing = append(missing, name)
		}
	}
	for name := range got {
		if !want[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("names of %s missing from the drop-in (run go generate): %v", target, missing)
	}
	if len(extra) > 0 {
		t.Errorf("names of the drop-in that %s lacks: %v", target, extra)
	}
	t.Logf("%d names forwarded", len(got))
}
