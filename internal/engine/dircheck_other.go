//go:build !unix

package engine

import "os"

// canCreateIn reports whether files can be created in the directory dir,
// by creating and removing one (permissions here are not what a mode
// check would tell).
func canCreateIn(dir string) bool {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	return os.Remove(name) == nil
}
