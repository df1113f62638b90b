// Command fib exports a recursive Fibonacci function for benchmarks and
// tests; main prints fib(n) for n given as the first argument.
package main

import (
	"fmt"
	"os"
	"strconv"
)

//go:wasmexport fib
func fib(n int32) int32 {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	n := 20
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	fmt.Println(fib(int32(n)))
}
