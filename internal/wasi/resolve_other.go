//go:build unix && !linux

package wasi

// oPath: other systems open intermediate directories read-only.
const oPath = 0
