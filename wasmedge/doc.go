// Package wasmedge runs WebAssembly with the API of the WasmEdge Go SDK
// (github.com/second-state/WasmEdge-go/wasmedge v0.14), on the wazero engine,
// in pure Go: no cgo and no libwasmedge are needed.
//
// A program written for the WasmEdge Go SDK builds against this package by
// changing its import path and behaves the same. Where WasmEdge's behaviour
// hurts its users, this package does better and says so in the doc comment
// of the name concerned (a Go panic in a host function becomes an error, a
// module registered under a mocked plug-in's name replaces the mock, and so
// on).
//
// Host functions come in two forms: the SDK's callback, which receives and
// returns values boxed in []interface{}, and a typed fast path
// ([NewFastFunction]) that reads and writes the raw value stack without
// allocating.
package wasmedge
