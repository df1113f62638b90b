package gguf

import (
	"fmt"
	"io"
	"os"
)

// readFile is the fallback of mapFile: the file read into memory.
func readFile(f *os.File, size int64) ([]byte, func([]byte) error, error) {
	if int64(int(size)) != size || size < 0 {
		return nil, nil, fmt.Errorf("file of %d bytes is too large for this platform", size)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, nil, err
	}
	return b, nil, nil
}
