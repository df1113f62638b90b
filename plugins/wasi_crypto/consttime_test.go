package wasi_crypto

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Byte comparisons in the plug-in are constant-time: its code calls
// constantTimeEqual (crypto/subtle), never bytes.Equal, bytes.Compare,
// reflect.DeepEqual or == on strings converted from bytes.
func TestNoVariableTimeComparisons(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		n++
		ast.Inspect(file, func(node ast.Node) bool {
			switch x := node.(type) {
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok {
					switch id.Name + "." + x.Sel.Name {
					case "bytes.Equal", "bytes.Compare", "reflect.DeepEqual":
						t.Errorf("%s: %s.%s", fset.Position(x.Pos()), id.Name, x.Sel.Name)
					}
				}
			case *ast.BinaryExpr:
				if x.Op == token.EQL || x.Op == token.NEQ {
					for _, side := range []ast.Expr{x.X, x.Y} {
						if c, ok := side.(*ast.CallExpr); ok {
							if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "string" {
								t.Errorf("%s: == on string(...)", fset.Position(x.Pos()))
							}
						}
					}
				}
			}
			return true
		})
	}
	if n < 10 {
		t.Fatalf("only %d source files read", n)
	}
}
