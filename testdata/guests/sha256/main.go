// Command sha256 exports a CPU-bound loop of SHA-256 hashing for benchmarks.
package main

import (
	"crypto/sha256"
	"fmt"
)

//go:wasmexport hash_loop
func hashLoop(rounds int32) int32 {
	var sum [32]byte
	buf := make([]byte, 1024)
	for i := int32(0); i < rounds; i++ {
		buf[0] = byte(i)
		copy(buf[1:], sum[:])
		sum = sha256.Sum256(buf)
	}
	return int32(sum[0])<<24 | int32(sum[1])<<16 | int32(sum[2])<<8 | int32(sum[3])
}

func main() { fmt.Println(hashLoop(100)) }
