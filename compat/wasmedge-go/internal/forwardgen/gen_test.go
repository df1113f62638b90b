package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedFileCurrent fails when ../../wasmedge/forward.go is not what
// go generate writes from the current API of PureEdge's wasmedge package.
func TestGeneratedFileCurrent(t *testing.T) {
	pkg, err := Load("../../wasmedge")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(pkg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../wasmedge/forward.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("wasmedge/forward.go is stale: run go generate ./... in compat/wasmedge-go")
	}
	if len(Exported(pkg)) < 100 {
		t.Fatalf("only %d exported names", len(Exported(pkg)))
	}
}
