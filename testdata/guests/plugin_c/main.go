// Command plugin_c is a guest of the C test plug-in of internal/capi
// (modules "math" and "pureedge_text"); built as a reactor, its exports call
// the plug-in's functions.
package main

import "unsafe"

//go:wasmimport math add
func add(a, b int32) int32

//go:wasmimport pureedge_text checksum
func checksum(ptr unsafe.Pointer, n int32) int32

//go:wasmimport pureedge_text greeting_len
func greetingLen() int32

//go:wasmexport add
func callAdd(a, b int32) int32 { return add(a, b) }

//go:wasmexport checksum
func callChecksum() int32 {
	msg := []byte("pure edge")
	return checksum(unsafe.Pointer(&msg[0]), int32(len(msg)))
}

//go:wasmexport greeting_len
func callGreetingLen() int32 { return greetingLen() }

func main() {}
