//go:build !cgo

package capi

import (
	"fmt"

	"github.com/pureedge/pureedge/internal/plugindesc"
)

// Enabled reports whether this binary can load shared-library plug-ins.
const Enabled = false

// Load fails: loading shared-library plug-ins needs cgo.
func Load(path string) (*plugindesc.Descriptor, error) {
	return nil, &unsupportedError{fmt.Sprintf("loading C plug-in %s: this binary was built without cgo (CGO_ENABLED=0); "+
		"rebuild with cgo to load shared-library plug-ins", path)}
}

// FlushStdio does nothing: no C plug-in can be loaded.
func FlushStdio() {}
