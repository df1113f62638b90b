// Command oom allocates memory until the runtime refuses to grow it: the Go
// runtime then reports "out of memory" and exits with status 2.
package main

import "fmt"

var keep [][]byte

func main() {
	for i := 0; ; i++ {
		keep = append(keep, make([]byte, 16<<20))
		fmt.Println("allocated", (i+1)*16, "MiB")
	}
}
