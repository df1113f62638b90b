//go:build unix && !linux && !openbsd

package wasi

import "golang.org/x/sys/unix"

// msgNoSignal is 0: SO_NOSIGPIPE is set on each socket instead.
const msgNoSignal = 0

// noSigpipe makes writes to a socket whose peer has gone fail with EPIPE
// instead of raising SIGPIPE.
func noSigpipe(fd int) { _ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1) }
