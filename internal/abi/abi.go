// Package abi holds the import ABI of WasmEdge's standard plug-ins: for each
// module, the plug-in that provides it, its descriptor and instance names,
// and every function with its exact Wasm signature. The mocks a VM registers
// for missing plug-ins are built from these tables (internal/mock), and the
// real plug-ins can check their exports against them.
//
// Sources: the WasmEdge plug-in system and plug-in host-function reference
// notes (../shared/reference), which were read from WasmEdge's sources
// (include/host/mock/*.h, the plug-ins' *func.h); WASI preview 1 is wazero's
// wasi_snapshot_preview1 module.
//
// The package depends on nothing but wazero's api package, so that anything
// (the mocks, the plug-ins, tests) can use it.
package abi

import "github.com/tetratelabs/wazero/api"

// Failure is how a mock of a module fails, as WasmEdge's mock does.
type Failure int

const (
	// ReturnsOne: the function returns the i32 1 (an errno: wasi-nn's
	// invalid_argument, wasi-crypto's guest_error) and does not trap.
	ReturnsOne Failure = iota
	// Traps: the call traps with "host function failed" (0x40E).
	Traps
)

// Func is a host function: its export name and signature.
type Func struct {
	Name            string
	Params, Results []api.ValueType
}

// Module is the import ABI of one module of a plug-in.
type Module struct {
	// Plugin is the name of the plug-in that provides the module (the
	// registry key, e.g. "wasi_crypto").
	Plugin string
	// Descriptor is the module's descriptor name, the key of
	// WasmEdge_PluginCreateModule (e.g. "wasi_crypto_common").
	Descriptor string
	// Instance is the name guests import (e.g. "wasi_ephemeral_crypto_common").
	Instance string
	// Display is the name WasmEdge's mock prints: "<Display> plugin not
	// installed. Please install the plugin and restart WasmEdge."
	Display string
	// Failure is how the mock fails.
	Failure Failure
	// Funcs are the module's functions, in the order of the reference.
	Funcs []Func
}

// Func returns the function called name.
func (m *Module) Func(name string) (Func, bool) {
	for _, f := range m.Funcs {
		if f.Name == name {
			return f, true
		}
	}
	return Func{}, false
}

// sig builds a function from a compact signature: one letter per value,
// i = i32, I = i64, f = f32, F = f64.
func sig(name, params, results string) Func {
	return Func{Name: name, Params: types(params), Results: types(results)}
}

func types(s string) []api.ValueType {
	if s == "" {
		return nil
	}
	out := make([]api.ValueType, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'i':
			out[i] = api.ValueTypeI32
		case 'I':
			out[i] = api.ValueTypeI64
		case 'f':
			out[i] = api.ValueTypeF32
		case 'F':
			out[i] = api.ValueTypeF64
		default:
			panic("abi: bad type letter " + string(s[i]))
		}
	}
	return out
}

// errno is a function of i32 parameters (and i64 where the letter says so)
// returning an i32 errno.
func errno(name, params string) Func { return sig(name, params, "i") }

// i32s returns n i32 letters.
func i32s(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'i'
	}
	return string(b)
}

// The plug-in names of the official plug-ins.
const (
	PluginWasiNN          = "wasi_nn"
	PluginWasiCrypto      = "wasi_crypto"
	PluginProcess         = "wasmedge_process"
	PluginHttpsReq        = "wasmedge_httpsreq"
	PluginWasiLogging     = "wasi_logging"
	PluginTensorflow      = "wasmedge_tensorflow"
	PluginTensorflowLite  = "wasmedge_tensorflowlite"
	PluginImage           = "wasmedge_image"
	PluginStableDiffusion = "wasmedge_stablediffusion"
)

// WasiNN is wasi_ephemeral_nn: the 12 functions of the real plug-in
// (WasmEdge's own mock has only the first 5).
var WasiNN = &Module{
	Plugin: PluginWasiNN, Descriptor: "wasi_nn", Instance: "wasi_ephemeral_nn",
	Display: "WASI-NN", Failure: ReturnsOne,
	Funcs: []Func{
		errno("load", "iiiii"),
		errno("init_execution_context", "ii"),
		errno("set_input", "iii"),
		errno("get_output", "iiiii"),
		errno("compute", "i"),
		errno("load_by_name", "iii"),
		errno("load_by_name_with_config", "iiiii"),
		errno("compute_single", "i"),
		errno("get_output_single", "iiiii"),
		errno("fini_single", "i"),
		errno("unload", "i"),
		errno("finalize_execution_context", "i"),
	},
}

// CryptoCommon is wasi_ephemeral_crypto_common (10 functions).
var CryptoCommon = &Module{
	Plugin: PluginWasiCrypto, Descriptor: "wasi_crypto_common", Instance: "wasi_ephemeral_crypto_common",
	Display: "WASI-Crypto", Failure: ReturnsOne,
	Funcs: []Func{
		errno("array_output_len", "ii"),
		errno("array_output_pull", "iiii"),
		errno("options_open", "ii"),
		errno("options_close", "i"),
		errno("options_set", "iiiii"),
		errno("options_set_u64", "iiiI"),
		errno("options_set_guest_buffer", "iiiii"),
		errno("secrets_manager_open", "ii"),
		errno("secrets_manager_close", "i"),
		errno("secrets_manager_invalidate", "iiiI"),
	},
}

// CryptoAsymmetricCommon is wasi_ephemeral_crypto_asymmetric_common (20
// functions).
var CryptoAsymmetricCommon = &Module{
	Plugin: PluginWasiCrypto, Descriptor: "wasi_crypto_asymmetric_common", Instance: "wasi_ephemeral_crypto_asymmetric_common",
	Display: "WASI-Crypto", Failure: ReturnsOne,
	Funcs: []Func{
		errno("keypair_generate", "iiiii"),
		errno("keypair_import", "iiiiiii"),
		errno("keypair_generate_managed", "iiiiii"),
		errno("keypair_store_managed", "iiii"),
		errno("keypair_replace_managed", "iiii"),
		errno("keypair_id", "iiiii"),
		errno("keypair_from_id", "iiiIi"),
		errno("keypair_from_pk_and_sk", "iii"),
		errno("keypair_export", "iii"),
		errno("keypair_publickey", "ii"),
		errno("keypair_secretkey", "ii"),
		errno("keypair_close", "i"),
		errno("publickey_import", "iiiiiii"),
		errno("publickey_export", "iii"),
		errno("publickey_verify", "i"),
		errno("publickey_from_secretkey", "ii"),
		errno("publickey_close", "i"),
		errno("secretkey_import", "iiiiiii"),
		errno("secretkey_export", "iii"),
		errno("secretkey_close", "i"),
	},
}

// CryptoKx is wasi_ephemeral_crypto_kx (3 functions).
var CryptoKx = &Module{
	Plugin: PluginWasiCrypto, Descriptor: "wasi_crypto_kx", Instance: "wasi_ephemeral_crypto_kx",
	Display: "WASI-Crypto", Failure: ReturnsOne,
	Funcs: []Func{
		errno("kx_dh", "iii"),
		errno("kx_encapsulate", "iii"),
		errno("kx_decapsulate", "iiii"),
	},
}

// CryptoSignatures is wasi_ephemeral_crypto_signatures (11 functions).
var CryptoSignatures = &Module{
	Plugin: PluginWasiCrypto, Descriptor: "wasi_crypto_signatures", Instance: "wasi_ephemeral_crypto_signatures",
	Display: "WASI-Crypto", Failure: ReturnsOne,
	Funcs: []Func{
		errno("signature_export", "iii"),
		errno("signature_import", "iiiiii"),
		errno("signature_state_open", "ii"),
		errno("signature_state_update", "iii"),
		errno("signature_state_sign", "ii"),
		errno("signature_state_close", "i"),
		errno("signature_verification_state_open", "ii"),
		errno("signature_verification_state_update", "iii"),
		errno("signature_verification_state_verify", "ii"),
		errno("signature_verification_state_close", "i"),
		errno("signature_close", "i"),
	},
}

// CryptoSymmetric is wasi_ephemeral_crypto_symmetric (28 functions).
var CryptoSymmetric = &Module{
	Plugin: PluginWasiCrypto, Descriptor: "wasi_crypto_symmetric", Instance: "wasi_ephemeral_crypto_symmetric",
	Display: "WASI-Crypto", Failure: ReturnsOne,
	Funcs: []Func{
		errno("symmetric_key_generate", "iiii"),
		errno("symmetric_key_import", "iiiii"),
		errno("symmetric_key_export", "ii"),
		errno("symmetric_key_close", "i"),
		errno("symmetric_key_generate_managed", "iiiii"),
		errno("symmetric_key_store_managed", "iiii"),
		errno("symmetric_key_replace_managed", "iiii"),
		errno("symmetric_key_id", "iiiii"),
		errno("symmetric_key_from_id", "iiiIi"),
		errno("symmetric_state_open", "iiiii"),
		errno("symmetric_state_clone", "ii"),
		errno("symmetric_state_options_get", "iiiiii"),
		errno("symmetric_state_options_get_u64", "iiii"),
		errno("symmetric_state_close", "i"),
		errno("symmetric_state_absorb", "iii"),
		errno("symmetric_state_squeeze", "iii"),
		errno("symmetric_state_squeeze_tag", "ii"),
		errno("symmetric_state_squeeze_key", "iiii"),
		errno("symmetric_state_max_tag_len", "ii"),
		errno("symmetric_state_encrypt", "iiiiii"),
		errno("symmetric_state_encrypt_detached", "iiiiii"),
		errno("symmetric_state_decrypt", "iiiiii"),
		errno("symmetric_state_decrypt_detached", "iiiiiiii"),
		errno("symmetric_state_ratchet", "i"),
		errno("symmetric_tag_len", "ii"),
		errno("symmetric_tag_pull", "iiii"),
		errno("symmetric_tag_verify", "iii"),
		errno("symmetric_tag_close", "i"),
	},
}

// Process is wasmedge_process (11 functions). Its mock traps, also in the
// functions that declare an i32 result.
var Process = &Module{
	Plugin: PluginProcess, Descriptor: "wasmedge_process", Instance: "wasmedge_process",
	Display: "WasmEdge-Process", Failure: Traps,
	Funcs: []Func{
		sig("wasmedge_process_set_prog_name", "ii", ""),
		sig("wasmedge_process_add_arg", "ii", ""),
		sig("wasmedge_process_add_env", "iiii", ""),
		sig("wasmedge_process_add_stdin", "ii", ""),
		sig("wasmedge_process_set_timeout", "i", ""),
		sig("wasmedge_process_run", "", "i"),
		sig("wasmedge_process_get_exit_code", "", "i"),
		sig("wasmedge_process_get_stdout_len", "", "i"),
		sig("wasmedge_process_get_stdout", "i", ""),
		sig("wasmedge_process_get_stderr_len", "", "i"),
		sig("wasmedge_process_get_stderr", "i", ""),
	},
}

// HttpsReq is wasmedge_httpsreq (3 functions; WasmEdge 0.11.1-0.12.x).
var HttpsReq = &Module{
	Plugin: PluginHttpsReq, Descriptor: "wasmedge_httpsreq", Instance: "wasmedge_httpsreq",
	Display: "WasmEdge-HttpsReq", Failure: Traps,
	Funcs: []Func{
		sig("wasmedge_httpsreq_send_data", "iiiii", ""),
		sig("wasmedge_httpsreq_get_rcv", "i", ""),
		sig("wasmedge_httpsreq_get_rcv_len", "", "i"),
	},
}

// Logging is wasi:logging/logging (1 function).
var Logging = &Module{
	Plugin: PluginWasiLogging, Descriptor: "wasi:logging/logging", Instance: "wasi:logging/logging",
	Display: "wasi-logging", Failure: Traps,
	Funcs: []Func{
		sig("log", "iiiii", ""),
	},
}

// Tensorflow is wasmedge_tensorflow (10 functions).
var Tensorflow = &Module{
	Plugin: PluginTensorflow, Descriptor: "wasmedge_tensorflow", Instance: "wasmedge_tensorflow",
	Display: "WasmEdge-Tensorflow", Failure: ReturnsOne,
	Funcs: []Func{
		errno("create_session", "iii"),
		errno("delete_session", "i"),
		errno("run_session", "i"),
		errno("get_output_tensor", "iiii"),
		errno("get_tensor_len", "iii"),
		errno("get_tensor_data", "iiiii"),
		errno("append_input", "iiiiiiii"),
		errno("append_output", "iii"),
		errno("clear_input", "i"),
		errno("clear_output", "i"),
	},
}

// TensorflowLite is wasmedge_tensorflowlite (7 functions).
var TensorflowLite = &Module{
	Plugin: PluginTensorflowLite, Descriptor: "wasmedge_tensorflowlite", Instance: "wasmedge_tensorflowlite",
	Display: "WasmEdge-TensorflowLite", Failure: ReturnsOne,
	Funcs: []Func{
		errno("create_session", "iii"),
		errno("delete_session", "i"),
		errno("run_session", "i"),
		errno("get_output_tensor", "iiii"),
		errno("get_tensor_len", "iii"),
		errno("get_tensor_data", "iiiii"),
		errno("append_input", "iiiii"),
	},
}

// Image is wasmedge_image (3 functions).
var Image = &Module{
	Plugin: PluginImage, Descriptor: "wasmedge_image", Instance: "wasmedge_image",
	Display: "WasmEdge-Image", Failure: ReturnsOne,
	Funcs: []Func{
		errno("load_jpg", i32s(7)),
		errno("load_png", i32s(7)),
		errno("load_image", i32s(7)),
	},
}

// StableDiffusion is wasmedge_stablediffusion (4 functions).
var StableDiffusion = &Module{
	Plugin: PluginStableDiffusion, Descriptor: "wasmedge_stablediffusion", Instance: "wasmedge_stablediffusion",
	Display: "WasmEdge-Stable-Diffusion", Failure: ReturnsOne,
	Funcs: []Func{
		errno("create_context", i32s(33)),
		errno("text_to_image", "iiiiiii"+"f"+"iii"+"f"+"iiii"+"ff"+"iiiiiiiii"+"fff"+"iiiii"),
		errno("image_to_image", "iiiii"+"f"+"iiiiiiiii"+"f"+"ii"+"f"+"ii"+"ff"+"iiiiiiiii"+"fff"+"iiiii"),
		errno("convert", i32s(7)),
	},
}

// Official lists the modules of the official plug-ins in the order a VM
// registers them (WasmEdge's plug-in table, 0.12 to 0.17, all rows
// together): a VM registers each one, from the plug-in when it is loaded and
// as a mock when it is not.
var Official = []*Module{
	WasiNN,
	CryptoCommon, CryptoAsymmetricCommon, CryptoKx, CryptoSignatures, CryptoSymmetric,
	Process, HttpsReq, Logging,
	Tensorflow, TensorflowLite, Image, StableDiffusion,
}

// IsOfficialPlugin reports whether name is the name of an official plug-in
// (one whose modules are in Official).
func IsOfficialPlugin(name string) bool {
	for _, m := range Official {
		if m.Plugin == name {
			return true
		}
	}
	return false
}

// WASIModuleName is the import name of WASI preview 1.
const WASIModuleName = "wasi_snapshot_preview1"

// WASIPreview1 is wasi_snapshot_preview1 as wazero implements it (46
// functions). A VM without WASI registers a mock of it, which traps.
var WASIPreview1 = &Module{
	Plugin: "", Descriptor: WASIModuleName, Instance: WASIModuleName,
	Display: "WASI", Failure: Traps,
	Funcs: []Func{
		errno("args_get", "ii"),
		errno("args_sizes_get", "ii"),
		errno("environ_get", "ii"),
		errno("environ_sizes_get", "ii"),
		errno("clock_res_get", "ii"),
		errno("clock_time_get", "iIi"),
		errno("fd_advise", "iIIi"),
		errno("fd_allocate", "iII"),
		errno("fd_close", "i"),
		errno("fd_datasync", "i"),
		errno("fd_fdstat_get", "ii"),
		errno("fd_fdstat_set_flags", "ii"),
		errno("fd_fdstat_set_rights", "iII"),
		errno("fd_filestat_get", "ii"),
		errno("fd_filestat_set_size", "iI"),
		errno("fd_filestat_set_times", "iIIi"),
		errno("fd_pread", "iiiIi"),
		errno("fd_prestat_get", "ii"),
		errno("fd_prestat_dir_name", "iii"),
		errno("fd_pwrite", "iiiIi"),
		errno("fd_read", "iiii"),
		errno("fd_readdir", "iiiIi"),
		errno("fd_renumber", "ii"),
		errno("fd_seek", "iIii"),
		errno("fd_sync", "i"),
		errno("fd_tell", "ii"),
		errno("fd_write", "iiii"),
		errno("path_create_directory", "iii"),
		errno("path_filestat_get", "iiiii"),
		errno("path_filestat_set_times", "iiiiIIi"),
		errno("path_link", "iiiiiii"),
		errno("path_open", "iiiiiIIii"),
		errno("path_readlink", "iiiiii"),
		errno("path_remove_directory", "iii"),
		errno("path_rename", "iiiiii"),
		errno("path_symlink", "iiiii"),
		errno("path_unlink_file", "iii"),
		errno("poll_oneoff", "iiii"),
		sig("proc_exit", "i", ""),
		errno("proc_raise", "i"),
		errno("sched_yield", ""),
		errno("random_get", "ii"),
		errno("sock_accept", "iii"),
		errno("sock_recv", "iiiiii"),
		errno("sock_send", "iiiii"),
		errno("sock_shutdown", "ii"),
	},
}
