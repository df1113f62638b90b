package wasi

import "golang.org/x/sys/unix"

// msgNoSignal: OpenBSD has no SO_NOSIGPIPE, but its sends take MSG_NOSIGNAL.
const msgNoSignal = unix.MSG_NOSIGNAL

func noSigpipe(int) {}
