//go:build unix && !linux

package wasmedgeprocess

// stopDescendants finds no descendants outside the process group here (no
// /proc): the timeout kills the command's process group only.
func stopDescendants(pid int) []int { return nil }
