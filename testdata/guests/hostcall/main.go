// Command hostcall calls host functions of the module "env": add(a, b) and
// greet(ptr, len), which reads a string from guest memory. Its exports let
// tests and benchmarks measure the cost of a guest-to-host call.
package main

import (
	"fmt"
	"unsafe"
)

//go:wasmimport env add
func add(a, b int32) int32

//go:wasmimport env greet
func greet(ptr unsafe.Pointer, n int32) int32

//go:wasmexport call_add
func callAdd(n int32) int32 {
	var s int32
	for i := int32(0); i < n; i++ {
		s = add(s, 1)
	}
	return s
}

//go:wasmexport call_greet
func callGreet() int32 {
	msg := []byte("hello host")
	return greet(unsafe.Pointer(&msg[0]), int32(len(msg)))
}

func main() { fmt.Println(callAdd(3), callGreet()) }
