// Package wasmedge is the drop-in for programs written for the WasmEdge Go
// SDK (github.com/second-state/WasmEdge-go/wasmedge v0.14): every exported
// name forwards to github.com/pureedge/pureedge/wasmedge, types by alias, so
// a *VM made through either import path is the same type. A program switches
// with a replace line in its go.mod; see the repository's README.
package wasmedge

//go:generate go run ../internal/forwardgen -o forward.go
