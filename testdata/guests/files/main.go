// Command files reads the file named by its first argument and writes its
// contents, upper-cased, to the file named by the second.
package main

import (
	"bytes"
	"fmt"
	"os"
)

func main() {
	in, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "read:", err)
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[2], bytes.ToUpper(in), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "write:", err)
		os.Exit(3)
	}
	fmt.Printf("copied %d bytes\n", len(in))
}
