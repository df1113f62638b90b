// Command hello prints a greeting, its arguments and one environment
// variable: the example program the README runs.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("Hello from WebAssembly!")
	for i, a := range os.Args[1:] {
		fmt.Printf("arg %d: %s\n", i+1, a)
	}
	if v, ok := os.LookupEnv("GREETING"); ok {
		fmt.Println("GREETING =", v)
	}
}
