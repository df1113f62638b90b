//go:build cgo && !(linux && (amd64 || arm64 || riscv64 || s390x))

package capi

import (
	"fmt"
	"runtime"

	"github.com/pureedge/pureedge/internal/plugindesc"
)

// Enabled reports whether this binary can load shared-library plug-ins.
const Enabled = false

// Load fails: the C plug-in loader is implemented for linux on 64-bit
// targets with a native 128-bit integer only.
func Load(path string) (*plugindesc.Descriptor, error) {
	return nil, &unsupportedError{fmt.Sprintf("loading C plug-in %s: shared-library plug-ins are not supported on %s/%s",
		path, runtime.GOOS, runtime.GOARCH)}
}

// FlushStdio does nothing: no C plug-in can be loaded.
func FlushStdio() {}
