package engine

import (
	"os"
	"testing"
)

// TestMain gives the tests a persistent cache of their own.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "engine-cache")
	if err != nil {
		panic(err)
	}
	SetCacheDir(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
