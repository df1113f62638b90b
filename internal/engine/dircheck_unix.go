//go:build unix

package engine

import "golang.org/x/sys/unix"

// canCreateIn reports whether the process may create files in the
// directory dir: one access(2) call, where a probe file took a creation
// and a removal on every start. Read-only file systems answer EROFS.
func canCreateIn(dir string) bool { return unix.Access(dir, unix.W_OK|unix.X_OK) == nil }
