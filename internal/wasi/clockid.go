//go:build !netbsd

package wasi

import "golang.org/x/sys/unix"

// hostClocks are the host's clock ids of preview 1's clocks, by WASI id.
var hostClocks = [...]int32{unix.CLOCK_REALTIME, unix.CLOCK_MONOTONIC, unix.CLOCK_PROCESS_CPUTIME_ID, unix.CLOCK_THREAD_CPUTIME_ID}
