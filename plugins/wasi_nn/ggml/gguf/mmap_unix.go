//go:build unix

package gguf

import (
	"os"
	"syscall"
)

// mapFile maps the file read-only and shared: the weights are never copied.
func mapFile(f *os.File, size int64) ([]byte, func([]byte) error, error) {
	if int64(int(size)) != size {
		return readFile(f, size)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readFile(f, size)
	}
	return b, syscall.Munmap, nil
}
