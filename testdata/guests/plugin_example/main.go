// Command plugin_example is a guest of the example plug-in
// (plugins/example): it imports example_math's functions.
package main

import (
	"fmt"
	"unsafe"
)

//go:wasmimport example_math add
func add(a, b int32) int32

//go:wasmimport example_math sum_bytes
func sumBytes(ptr unsafe.Pointer, n int32) int32

func main() {
	msg := []byte("hello")
	fmt.Println("add(2, 3) =", add(2, 3))
	fmt.Printf("sum_bytes(%q) = %d\n", msg, sumBytes(unsafe.Pointer(&msg[0]), int32(len(msg))))
}
