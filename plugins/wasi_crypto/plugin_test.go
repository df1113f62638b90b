package wasi_crypto_test

import (
	"reflect"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/mock"
	crypto "github.com/pureedge/pureedge/plugins/wasi_crypto"
	"github.com/pureedge/pureedge/wasmedge"
)

var cryptoModules = []*abi.Module{abi.CryptoCommon, abi.CryptoAsymmetricCommon, abi.CryptoKx, abi.CryptoSignatures, abi.CryptoSymmetric}

func TestRegistered(t *testing.T) {
	p := wasmedge.FindPlugin(crypto.PluginName)
	if p == nil {
		t.Fatalf("plug-in not registered; ListPlugins = %v", wasmedge.ListPlugins())
	}
	want := []string{crypto.ModuleCommon, crypto.ModuleAsymmetricCommon, crypto.ModuleKx, crypto.ModuleSignatures, crypto.ModuleSymmetric}
	if got := p.ListModule(); !reflect.DeepEqual(got, want) {
		t.Errorf("ListModule = %v, want %v", got, want)
	}
}

func valTypes(vs []*wasmedge.ValType) []api.ValueType {
	out := []api.ValueType{}
	for _, v := range vs {
		switch {
		case v.IsI32():
			out = append(out, api.ValueTypeI32)
		case v.IsI64():
			out = append(out, api.ValueTypeI64)
		default:
			out = append(out, 0)
		}
	}
	return out
}

// The real modules and the mocks (built from internal/abi) have the same
// functions with the same types: 72 in all.
func TestSameABIAsMock(t *testing.T) {
	p := wasmedge.FindPlugin(crypto.PluginName)
	total := 0
	for _, def := range cryptoModules {
		for _, name := range []string{def.Descriptor, def.Instance} {
			m := p.CreateModule(name)
			if m == nil {
				t.Fatalf("CreateModule(%q) = nil", name)
			}
			if m.GetName() != def.Instance {
				t.Errorf("CreateModule(%q) is named %q", name, m.GetName())
			}
			mk := mock.New(def, func(string) {})
			if got, want := m.ListFunction(), mk.FuncNames(); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: functions %v, mock has %v", def.Instance, got, want)
			}
			for _, f := range def.Funcs {
				fn := m.FindFunction(f.Name)
				if fn == nil {
					t.Errorf("%s.%s missing", def.Instance, f.Name)
					continue
				}
				ft := fn.GetFunctionType()
				mt := mk.Func(f.Name).Type
				if got := valTypes(ft.GetParameters()); !reflect.DeepEqual(got, mt.Params) {
					t.Errorf("%s.%s params %v, mock %v", def.Instance, f.Name, got, mt.Params)
				}
				if got := valTypes(ft.GetReturns()); !reflect.DeepEqual(got, mt.Results) {
					t.Errorf("%s.%s results %v, mock %v", def.Instance, f.Name, got, mt.Results)
				}
			}
			if name == def.Instance {
				total += len(def.Funcs)
			}
			m.Release()
		}
	}
	if total != 72 {
		t.Errorf("%d functions, want 72", total)
	}
}
