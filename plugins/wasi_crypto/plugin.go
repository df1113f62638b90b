package wasi_crypto

import (
	"context"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/wasmedge"
)

// PluginName is the name the plug-in registers (the key of FindPlugin).
const PluginName = "wasi_crypto"

// The modules: descriptor names and the instance names guests import.
const (
	ModuleCommon           = "wasi_ephemeral_crypto_common"
	ModuleAsymmetricCommon = "wasi_ephemeral_crypto_asymmetric_common"
	ModuleKx               = "wasi_ephemeral_crypto_kx"
	ModuleSignatures       = "wasi_ephemeral_crypto_signatures"
	ModuleSymmetric        = "wasi_ephemeral_crypto_symmetric"
)

// hostFn is one function of a module: its import name, its parameters (one
// letter each: i = i32, I = i64; the result is always an i32 crypto_errno)
// and its body, which runs with the context's lock held.
type hostFn struct {
	name   string
	params string
	fn     func(c *cryptoContext, g guest, p []uint64) errno
}

type moduleDef struct {
	descriptor, instance, description string
	funcs                             []hostFn
}

// modules lists the five modules in the order a VM registers them.
var modules = []moduleDef{
	{"wasi_crypto_common", ModuleCommon, "array outputs, options and secrets managers", commonFuncs},
	{"wasi_crypto_asymmetric_common", ModuleAsymmetricCommon, "key pairs, public and secret keys", asymmetricCommonFuncs},
	{"wasi_crypto_kx", ModuleKx, "key exchange", kxFuncs},
	{"wasi_crypto_signatures", ModuleSignatures, "signatures", signaturesFuncs},
	{"wasi_crypto_symmetric", ModuleSymmetric, "symmetric operations", symmetricFuncs},
}

func init() {
	d := wasmedge.PluginDescriptor{
		Name:        PluginName,
		Description: "WASI-Crypto (witx 0.10): hashes, MACs, KDFs, AEADs, signatures and key exchange in Go.",
		Version:     wasmedge.PluginVersion{Major: 0, Minor: 10, Patch: 1, Build: 0},
	}
	for _, m := range modules {
		m := m
		d.Modules = append(d.Modules, wasmedge.PluginModuleDescriptor{
			Name:         m.descriptor,
			InstanceName: m.instance,
			Description:  m.description,
			Create:       func() *wasmedge.Module { return m.build() },
		})
	}
	// A plug-in of the same name registered first keeps the name.
	_ = wasmedge.RegisterPlugin(d)
}

// build creates a fresh instance of the module. The instance holds no state:
// the handles live in the context of the calling guest instance.
func (m moduleDef) build() *wasmedge.Module {
	mod := wasmedge.NewModule(m.instance)
	i32, i64 := wasmedge.NewValTypeI32(), wasmedge.NewValTypeI64()
	for _, f := range m.funcs {
		params := make([]*wasmedge.ValType, len(f.params))
		for i := range f.params {
			params[i] = i32
			if f.params[i] == 'I' {
				params[i] = i64
			}
		}
		ftype := wasmedge.NewFunctionType(params, []*wasmedge.ValType{i32})
		body := f.fn
		mod.AddFunction(f.name, wasmedge.NewFastFunction(ftype,
			func(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
				var g guest
				if caller != nil {
					g.mem = caller.Memory()
				}
				c := registry.of(caller)
				c.mu.Lock()
				e := body(c, g, stack)
				c.mu.Unlock()
				stack[0] = uint64(e)
				return wasmedge.Result_Success
			}, 0))
	}
	return mod
}

// u32 is an i32 parameter as the unsigned value the ABI means.
func u32(v uint64) uint32 { return uint32(v) }
