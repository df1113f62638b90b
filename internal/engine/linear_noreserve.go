//go:build linux || darwin

package engine

import "golang.org/x/sys/unix"

// mapNoReserve asks the kernel not to reserve swap for a memory's
// reservation.
const mapNoReserve = unix.MAP_NORESERVE
