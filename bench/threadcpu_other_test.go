//go:build !linux

package bench

import "time"

// threadCPU is not available here (see the Linux version).
func threadCPU() (time.Duration, bool) { return 0, false }

// threadCPUPrecise is not available here (see the Linux version).
func threadCPUPrecise() (time.Duration, bool) { return 0, false }

// processCPU is not available here (see the Linux version).
func processCPU(int) (time.Duration, bool) { return 0, false }
