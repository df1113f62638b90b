//go:build !linux

package wasmedge

// lowerPriority is a no-op where the CLI does not change priorities.
func lowerPriority(int) {}
