// Package plugindesc describes a plug-in independently of where it comes
// from (a Go package compiled in, or a shared library with WasmEdge's C
// plug-in ABI), so that the registry in package wasmedge and the C loader
// share one shape.
package plugindesc

import "github.com/pureedge/pureedge/internal/engine"

// Descriptor describes one plug-in.
type Descriptor struct {
	// Name is the registry key (e.g. "wasi_crypto").
	Name        string
	Description string
	// APIVersion is the plug-in API version the plug-in was built for.
	APIVersion uint32
	// Version is major, minor, patch, build.
	Version [4]uint32
	Modules []Module
	Options []Option
	// Path is the file the plug-in was loaded from ("" when compiled in).
	Path string
}

// Module describes one module a plug-in can create.
type Module struct {
	// Name is the descriptor name, the key of CreateModule.
	Name string
	// InstanceName is the name of the instance Create returns, the one
	// guests import (e.g. "wasi_ephemeral_crypto_common" for descriptor
	// "wasi_crypto_common"). Empty when only Create can tell (C plug-ins).
	InstanceName string
	Description  string
	// Create returns a fresh, independent module instance each call.
	Create func() (*engine.HostModule, error)
}

// OptionType is the type of a plug-in option's value.
type OptionType int

// The option types of WasmEdge's C plug-in ABI (WasmEdge_ProgramOptionType).
const (
	OptionNone OptionType = iota
	OptionToggle
	OptionInt8
	OptionInt16
	OptionInt32
	OptionInt64
	OptionUInt8
	OptionUInt16
	OptionUInt32
	OptionUInt64
	OptionFloat
	OptionDouble
	OptionString
	// OptionList is a string option that may be given many times (a C++
	// plug-in's PO::List, such as --nn-preload).
	OptionList
)

// Option is a plug-in option, set from the command line (--Name) or from Go
// before the plug-in's modules are created.
type Option struct {
	Name, Description string
	Type              OptionType
	// Default is the value used when the option is given with no value
	// ("" when a value is required; toggles default to "true").
	Default string
	// Set parses and stores one value; for OptionList it appends.
	Set func(value string) error
}
