//go:build cgo && linux && (amd64 || arm64 || riscv64 || s390x)

package capi

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -rdynamic -ldl
#include <stdio.h>
#include <stdlib.h>
#include "capi.h"
*/
import "C"

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/plugindesc"
)

// -rdynamic puts the WasmEdge_* functions of capi.c into the executable's
// dynamic symbol table, where plug-ins find them (Go //export functions are
// exported without it). It takes effect with the default external linking;
// -linkmode=internal and fully static builds cannot load plug-ins.

// Enabled reports whether this binary can load shared-library plug-ins.
const Enabled = true

// Limits beyond which a descriptor is taken for garbage.
const (
	maxModules = 1 << 12
	maxOptions = 1 << 12
)

// plugin is a loaded C plug-in, one per descriptor address: loading the
// same library again (dlopen counts references) reuses it.
type plugin struct {
	path string
	desc *C.WasmEdge_PluginDescriptor
	name string

	// mu serialises the plug-in's module creation and option writes, which
	// share the plug-in's global option storage.
	mu   sync.Mutex
	strs map[int]*C.char // String option values allocated here, by option index
}

var loaded struct {
	sync.Mutex
	m map[*C.WasmEdge_PluginDescriptor]*plugin
}

// Load opens the shared library at path as a WasmEdge C plug-in and returns
// its descriptor. The library stays loaded for the life of the process.
//
// Errors: the file is missing or no shared library of this platform
// ("loading C plug-in P: dlopen: ..." with the dynamic loader's message);
// the library needs a symbol the process lacks (a WasmEdge C++ plug-in, or
// a C API function PureEdge does not implement); it exports no
// WasmEdge_Plugin_GetDescriptor; its descriptor is NULL or malformed; or it
// was built for another plug-in API version (*APIVersionError).
//
// Module descriptors become plugindesc.Modules whose Create calls the
// plug-in's Create and returns the module instance it built (named as the
// plug-in named it: InstanceName is left empty). Each WasmEdge_ProgramOption
// becomes a plugindesc.Option whose Set writes the plug-in's storage; set
// options before creating the modules that read them.
func Load(path string) (*plugindesc.Descriptor, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("loading C plug-in %s: %w", path, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("loading C plug-in %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("loading C plug-in %s: is a directory", path)
	}

	cpath := C.CString(abs)
	defer C.free(unsafe.Pointer(cpath))
	var cerr *C.char
	h := C.pe_dlopen(cpath, &cerr)
	if h == nil {
		msg := strings.TrimPrefix(C.GoString(cerr), abs+": ")
		C.free(unsafe.Pointer(cerr))
		return nil, fmt.Errorf("loading C plug-in %s: dlopen: %s%s", path, msg, dlopenHint(msg))
	}
	sym := symbol(h, "WasmEdge_Plugin_GetDescriptor")
	if sym == nil {
		hint := ""
		if symbol(h, "GetDescriptor") != nil {
			hint = " (it exports GetDescriptor: a WasmEdge C++ plug-in, which PureEdge cannot load)"
		}
		C.pe_dlclose(h)
		return nil, fmt.Errorf("loading C plug-in %s: not a WasmEdge plug-in: no WasmEdge_Plugin_GetDescriptor%s", path, hint)
	}

	loaded.Lock()
	defer loaded.Unlock()
	d := C.pe_get_descriptor(sym)
	if d == nil {
		C.pe_dlclose(h)
		return nil, fmt.Errorf("loading C plug-in %s: WasmEdge_Plugin_GetDescriptor returned NULL", path)
	}
	if p, ok := loaded.m[d]; ok {
		C.pe_dlclose(h) // drop the extra reference; the first one keeps it loaded
		return p.descriptor(path)
	}
	name := C.GoString(d.Name)
	if d.Name == nil || name == "" {
		C.pe_dlclose(h)
		return nil, fmt.Errorf("loading C plug-in %s: the plug-in descriptor has no name", path)
	}
	if v := uint32(d.APIVersion); !SupportedAPIVersion(v) {
		C.pe_dlclose(h)
		return nil, &APIVersionError{Path: path, Name: name, Version: v}
	}
	if v := uint32(d.APIVersion); v == 5 {
		if calls := v5Calls(abs); len(calls) > 0 {
			C.pe_dlclose(h)
			return nil, &APIVersionError{Path: path, Name: name, Version: v, Calls: calls}
		}
	}
	if err := validate(d); err != nil {
		C.pe_dlclose(h)
		return nil, fmt.Errorf("loading C plug-in %s: plug-in %q: %w", path, name, err)
	}
	p := &plugin{path: path, desc: d, name: name, strs: map[int]*C.char{}}
	if loaded.m == nil {
		loaded.m = map[*C.WasmEdge_PluginDescriptor]*plugin{}
	}
	loaded.m[d] = p
	return p.descriptor(path)
}

func symbol(h unsafe.Pointer, name string) unsafe.Pointer {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	return C.pe_dlsym(h, cname)
}

// dlopenHint explains the dynamic loader's usual complaints.
func dlopenHint(msg string) string {
	switch {
	case strings.Contains(msg, "undefined symbol: _Z"):
		return " (a C++ library: WasmEdge C++ plug-ins link against WasmEdge's C++ internals, which PureEdge cannot provide; only C-ABI plug-ins load)"
	case strings.Contains(msg, "undefined symbol: WasmEdge_"):
		return " (the plug-in uses a WasmEdge C API function that PureEdge does not implement)"
	case strings.Contains(msg, "libwasmedge"):
		return " (the plug-in is linked against libwasmedge; rebuild it without linking the library: PureEdge provides the C API itself)"
	}
	return ""
}

func validate(d *C.WasmEdge_PluginDescriptor) error {
	if d.ModuleCount > maxModules {
		return fmt.Errorf("implausible module count %d", d.ModuleCount)
	}
	if d.ProgramOptionCount > maxOptions {
		return fmt.Errorf("implausible option count %d", d.ProgramOptionCount)
	}
	if d.ModuleCount > 0 && d.ModuleDescriptions == nil {
		return fmt.Errorf("%d modules but no module descriptors", d.ModuleCount)
	}
	if d.ProgramOptionCount > 0 && d.ProgramOptions == nil {
		return fmt.Errorf("%d options but no option array", d.ProgramOptionCount)
	}
	for i, md := range unsafe.Slice(d.ModuleDescriptions, d.ModuleCount) {
		if md.Name == nil {
			return fmt.Errorf("module descriptor %d has no name", i)
		}
		if md.Create == nil {
			return fmt.Errorf("module %q has no Create function", C.GoString(md.Name))
		}
	}
	return nil
}

// descriptor converts the C descriptor. Loading the same library twice
// gives two descriptors that share the plug-in.
func (p *plugin) descriptor(path string) (*plugindesc.Descriptor, error) {
	d := p.desc
	out := &plugindesc.Descriptor{
		Name:        p.name,
		Description: C.GoString(d.Description),
		APIVersion:  uint32(d.APIVersion),
		Version: [4]uint32{uint32(d.Version.Major), uint32(d.Version.Minor),
			uint32(d.Version.Patch), uint32(d.Version.Build)},
		Path: path,
	}
	mds := unsafe.Slice(d.ModuleDescriptions, d.ModuleCount)
	for i := range mds {
		md := &mds[i]
		name := C.GoString(md.Name)
		out.Modules = append(out.Modules, plugindesc.Module{
			Name:        name,
			Description: C.GoString(md.Description),
			Create:      func() (*engine.HostModule, error) { return p.create(md, name) },
		})
	}
	opts := unsafe.Slice(d.ProgramOptions, d.ProgramOptionCount)
	for i := range opts {
		if opt, ok := p.option(i, &opts[i]); ok {
			out.Options = append(out.Options, opt)
		}
	}
	return out, nil
}

// create calls a module descriptor's Create and returns the module instance
// it built.
func (p *plugin) create(md *C.WasmEdge_ModuleDescriptor, name string) (*engine.HostModule, error) {
	p.mu.Lock()
	ci := C.pe_create(md)
	p.mu.Unlock()
	if ci == nil {
		return nil, fmt.Errorf("plug-in %q: module %q: Create returned NULL", p.name, name)
	}
	cm := (*C.pe_module)(unsafe.Pointer(ci))
	if cm.magic != C.PE_MAGIC_MODULE || cm.kind != C.PE_MOD_HOST {
		return nil, fmt.Errorf("plug-in %q: module %q: Create returned something other than a module instance", p.name, name)
	}
	st := moduleState(cm.handle)
	if st == nil {
		return nil, fmt.Errorf("plug-in %q: module %q: Create returned a deleted module instance", p.name, name)
	}
	if err := st.failure(); err != nil {
		st.hm.Close(context.Background())
		return nil, fmt.Errorf("plug-in %q: module %q: %w", p.name, name, err)
	}
	return st.hm, nil
}

// option converts one WasmEdge_ProgramOption; options of type None, of an
// unknown type or without storage are left out, as WasmEdge ignores them.
func (p *plugin) option(i int, o *C.WasmEdge_ProgramOption) (plugindesc.Option, bool) {
	typ := plugindesc.OptionType(o.Type)
	if o.Name == nil || o.Storage == nil || typ <= plugindesc.OptionNone || typ > plugindesc.OptionString {
		return plugindesc.Option{}, false
	}
	opt := plugindesc.Option{
		Name:        C.GoString(o.Name),
		Description: C.GoString(o.Description),
		Type:        typ,
	}
	def, hasDef := "", false
	if o.DefaultValue != nil {
		def, hasDef = formatOption(typ, o.DefaultValue), true
	}
	if typ == plugindesc.OptionToggle {
		def, hasDef = "true", true
	}
	opt.Default = def
	storage := o.Storage
	opt.Set = func(value string) error {
		if value == "" && hasDef {
			value = def // given without a value
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if err := p.store(i, typ, storage, value); err != nil {
			return fmt.Errorf("plug-in %q: option --%s: %w", p.name, opt.Name, err)
		}
		return nil
	}
	return opt, true
}

// store parses value and writes it to the option's C storage.
func (p *plugin) store(i int, typ plugindesc.OptionType, storage unsafe.Pointer, value string) error {
	parseInt := func(bits int) (int64, error) { return strconv.ParseInt(strings.TrimSpace(value), 0, bits) }
	parseUint := func(bits int) (uint64, error) { return strconv.ParseUint(strings.TrimSpace(value), 0, bits) }
	switch typ {
	case plugindesc.OptionToggle:
		b, err := strconv.ParseBool(strings.TrimSpace(value))
		if err != nil {
			return err
		}
		*(*C.bool)(storage) = C.bool(b)
	case plugindesc.OptionInt8:
		v, err := parseInt(8)
		if err != nil {
			return err
		}
		*(*C.int8_t)(storage) = C.int8_t(v)
	case plugindesc.OptionInt16:
		v, err := parseInt(16)
		if err != nil {
			return err
		}
		*(*C.int16_t)(storage) = C.int16_t(v)
	case plugindesc.OptionInt32:
		v, err := parseInt(32)
		if err != nil {
			return err
		}
		*(*C.int32_t)(storage) = C.int32_t(v)
	case plugindesc.OptionInt64:
		v, err := parseInt(64)
		if err != nil {
			return err
		}
		*(*C.int64_t)(storage) = C.int64_t(v)
	case plugindesc.OptionUInt8:
		v, err := parseUint(8)
		if err != nil {
			return err
		}
		*(*C.uint8_t)(storage) = C.uint8_t(v)
	case plugindesc.OptionUInt16:
		v, err := parseUint(16)
		if err != nil {
			return err
		}
		*(*C.uint16_t)(storage) = C.uint16_t(v)
	case plugindesc.OptionUInt32:
		v, err := parseUint(32)
		if err != nil {
			return err
		}
		*(*C.uint32_t)(storage) = C.uint32_t(v)
	case plugindesc.OptionUInt64:
		v, err := parseUint(64)
		if err != nil {
			return err
		}
		*(*C.uint64_t)(storage) = C.uint64_t(v)
	case plugindesc.OptionFloat:
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 32)
		if err != nil {
			return err
		}
		*(*C.float)(storage) = C.float(v)
	case plugindesc.OptionDouble:
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return err
		}
		*(*C.double)(storage) = C.double(v)
	case plugindesc.OptionString:
		if uint64(len(value)) > math.MaxUint32 {
			return fmt.Errorf("value too long")
		}
		buf := C.CString(value) // NUL-terminated too, for plug-ins that assume it
		s := (*C.WasmEdge_String)(storage)
		s.Length = C.uint32_t(len(value))
		s.Buf = buf
		if old := p.strs[i]; old != nil {
			C.free(unsafe.Pointer(old))
		}
		p.strs[i] = buf
	default:
		return fmt.Errorf("unsupported option type %d", typ)
	}
	return nil
}

// formatOption renders an option's C default value.
func formatOption(typ plugindesc.OptionType, v unsafe.Pointer) string {
	switch typ {
	case plugindesc.OptionToggle:
		return strconv.FormatBool(bool(*(*C.bool)(v)))
	case plugindesc.OptionInt8:
		return strconv.FormatInt(int64(*(*C.int8_t)(v)), 10)
	case plugindesc.OptionInt16:
		return strconv.FormatInt(int64(*(*C.int16_t)(v)), 10)
	case plugindesc.OptionInt32:
		return strconv.FormatInt(int64(*(*C.int32_t)(v)), 10)
	case plugindesc.OptionInt64:
		return strconv.FormatInt(int64(*(*C.int64_t)(v)), 10)
	case plugindesc.OptionUInt8:
		return strconv.FormatUint(uint64(*(*C.uint8_t)(v)), 10)
	case plugindesc.OptionUInt16:
		return strconv.FormatUint(uint64(*(*C.uint16_t)(v)), 10)
	case plugindesc.OptionUInt32:
		return strconv.FormatUint(uint64(*(*C.uint32_t)(v)), 10)
	case plugindesc.OptionUInt64:
		return strconv.FormatUint(uint64(*(*C.uint64_t)(v)), 10)
	case plugindesc.OptionFloat:
		return strconv.FormatFloat(float64(*(*C.float)(v)), 'g', -1, 32)
	case plugindesc.OptionDouble:
		return strconv.FormatFloat(float64(*(*C.double)(v)), 'g', -1, 64)
	case plugindesc.OptionString:
		s := (*C.WasmEdge_String)(v)
		if s.Buf == nil {
			return ""
		}
		return C.GoStringN(s.Buf, C.int(s.Length))
	}
	return ""
}

// FlushStdio flushes C's standard I/O buffers (fflush(NULL)), once a C
// plug-in has been loaded: what a plug-in printed with printf to a pipe or
// a file sits in C's buffer, which Go's exit does not flush.
func FlushStdio() {
	loaded.Lock()
	some := len(loaded.m) > 0
	loaded.Unlock()
	if some {
		C.fflush(nil)
	}
}
