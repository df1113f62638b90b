//go:build !unix

package gguf

import "os"

// mapFile reads the whole file: this platform has no syscall.Mmap.
func mapFile(f *os.File, size int64) ([]byte, func([]byte) error, error) {
	return readFile(f, size)
}
