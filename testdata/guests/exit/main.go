// Command exit exits with the code given as its first argument.
package main

import (
	"os"
	"strconv"
)

func main() {
	code, _ := strconv.Atoi(os.Args[1])
	os.Exit(code)
}
