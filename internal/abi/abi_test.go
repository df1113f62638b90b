package abi

import (
	"context"
	"reflect"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	wasip1 "github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// The function counts of the reference (plugin-system.md 5.2, mockTest.cpp,
// plugin-host-functions.md 2.1).
func TestCounts(t *testing.T) {
	want := map[*Module]int{
		WasiNN: 12, CryptoCommon: 10, CryptoAsymmetricCommon: 20, CryptoKx: 3, CryptoSignatures: 11,
		CryptoSymmetric: 28, Process: 11, HttpsReq: 3, Logging: 1, Tensorflow: 10, TensorflowLite: 7,
		Image: 3, StableDiffusion: 4, WASIPreview1: 46,
	}
	crypto := 0
	for m, n := range want {
		if len(m.Funcs) != n {
			t.Errorf("%s: %d functions, want %d", m.Instance, len(m.Funcs), n)
		}
		if m.Plugin == PluginWasiCrypto {
			crypto += len(m.Funcs)
		}
		seen := map[string]bool{}
		for _, f := range m.Funcs {
			if seen[f.Name] {
				t.Errorf("%s.%s listed twice", m.Instance, f.Name)
			}
			seen[f.Name] = true
		}
	}
	if crypto != 72 {
		t.Errorf("wasi_crypto has %d functions, want 72", crypto)
	}
	if len(Official) != 13 {
		t.Errorf("%d official modules, want 13", len(Official))
	}
}

func TestFailureConventions(t *testing.T) {
	for _, m := range Official {
		traps := m == Process || m == HttpsReq || m == Logging
		if (m.Failure == Traps) != traps {
			t.Errorf("%s: failure %v", m.Instance, m.Failure)
		}
		if m.Failure == ReturnsOne {
			for _, f := range m.Funcs {
				if !reflect.DeepEqual(f.Results, []api.ValueType{api.ValueTypeI32}) {
					t.Errorf("%s.%s: results %v, an errno module returns one i32", m.Instance, f.Name, f.Results)
				}
			}
		}
	}
}

func TestStableDiffusionSignatures(t *testing.T) {
	f32At := func(name string) (n int, at []int) {
		f, ok := StableDiffusion.Func(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		for i, p := range f.Params {
			if p == api.ValueTypeF32 {
				at = append(at, i+1)
			}
		}
		return len(f.Params), at
	}
	if n, at := f32At("text_to_image"); n != 35 || !reflect.DeepEqual(at, []int{8, 12, 17, 18, 28, 29, 30}) {
		t.Errorf("text_to_image: %d params, f32 at %v", n, at)
	}
	if n, at := f32At("image_to_image"); n != 40 || !reflect.DeepEqual(at, []int{6, 16, 19, 22, 23, 33, 34, 35}) {
		t.Errorf("image_to_image: %d params, f32 at %v", n, at)
	}
	if n, _ := f32At("create_context"); n != 33 {
		t.Errorf("create_context: %d params", n)
	}
}

func TestSomeSignatures(t *testing.T) {
	for _, tc := range []struct {
		m               *Module
		name            string
		params, results string
	}{
		{CryptoCommon, "options_set_u64", "iiiI", "i"},
		{CryptoAsymmetricCommon, "keypair_from_id", "iiiIi", "i"},
		{CryptoSymmetric, "symmetric_state_decrypt_detached", "iiiiiiii", "i"},
		{WasiNN, "load_by_name_with_config", "iiiii", "i"},
		{Process, "wasmedge_process_run", "", "i"},
		{Process, "wasmedge_process_add_env", "iiii", ""},
		{Logging, "log", "iiiii", ""},
		{Tensorflow, "append_input", "iiiiiiii", "i"},
	} {
		f, ok := tc.m.Func(tc.name)
		if !ok {
			t.Errorf("%s.%s missing", tc.m.Instance, tc.name)
			continue
		}
		if !reflect.DeepEqual(f.Params, types(tc.params)) || !reflect.DeepEqual(f.Results, types(tc.results)) {
			t.Errorf("%s.%s: %v -> %v", tc.m.Instance, tc.name, f.Params, f.Results)
		}
	}
	if _, ok := WasiNN.Func("no_such"); ok {
		t.Error("Func found a function that does not exist")
	}
}

// WASIPreview1 must be exactly wazero's module, which the real WASI module
// serves.
func TestWASIMatchesWazero(t *testing.T) {
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer r.Close(ctx)
	b := r.NewHostModuleBuilder(WASIModuleName)
	wasip1.NewFunctionExporter().ExportFunctions(b)
	c, err := b.Compile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defs := c.ExportedFunctions()
	if len(defs) != len(WASIPreview1.Funcs) {
		t.Errorf("wazero has %d WASI functions, the table %d", len(defs), len(WASIPreview1.Funcs))
	}
	for name, d := range defs {
		f, ok := WASIPreview1.Func(name)
		if !ok {
			t.Errorf("%s missing", name)
			continue
		}
		if !reflect.DeepEqual(f.Params, nilIfEmpty(d.ParamTypes())) || !reflect.DeepEqual(f.Results, nilIfEmpty(d.ResultTypes())) {
			t.Errorf("%s: table %v -> %v, wazero %v -> %v", name, f.Params, f.Results, d.ParamTypes(), d.ResultTypes())
		}
	}
}

func nilIfEmpty(v []api.ValueType) []api.ValueType {
	if len(v) == 0 {
		return nil
	}
	return v
}

func TestIsOfficialPlugin(t *testing.T) {
	for _, n := range []string{"wasi_nn", "wasi_crypto", "wasmedge_process", "wasi_logging", "wasmedge_stablediffusion"} {
		if !IsOfficialPlugin(n) {
			t.Errorf("%s is official", n)
		}
	}
	for _, n := range []string{"", "example", "rustls", "wasi_crypto_common"} {
		if IsOfficialPlugin(n) {
			t.Errorf("%s is not official", n)
		}
	}
}
