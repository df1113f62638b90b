// Command env prints its environment, one entry a line, as the host passed
// it (entries without "=" included).
package main

import (
	"fmt"
	"os"
)

func main() {
	for _, kv := range os.Environ() {
		fmt.Println(kv)
	}
}
