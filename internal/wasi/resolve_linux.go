package wasi

import "golang.org/x/sys/unix"

// oPath opens the intermediate directories of a path for lookups only.
const oPath = unix.O_PATH
