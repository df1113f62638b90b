package abi

import (
	"reflect"
	"testing"
)

// cryptoGolden is every function of the five wasi_ephemeral_crypto modules
// with its parameters, written down from the reference ABI catalog
// (plugin-host-functions.md section 1, i = i32, I = i64); each returns one
// i32 errno.
var cryptoGolden = map[*Module]map[string]string{
	CryptoCommon: {
		"array_output_len": "ii", "array_output_pull": "iiii",
		"options_open": "ii", "options_close": "i", "options_set": "iiiii", "options_set_u64": "iiiI",
		"options_set_guest_buffer": "iiiii",
		"secrets_manager_open":     "ii", "secrets_manager_close": "i", "secrets_manager_invalidate": "iiiI",
	},
	CryptoAsymmetricCommon: {
		"keypair_generate": "iiiii", "keypair_import": "iiiiiii", "keypair_generate_managed": "iiiiii",
		"keypair_store_managed": "iiii", "keypair_replace_managed": "iiii", "keypair_id": "iiiii",
		"keypair_from_id": "iiiIi", "keypair_from_pk_and_sk": "iii", "keypair_export": "iii",
		"keypair_publickey": "ii", "keypair_secretkey": "ii", "keypair_close": "i",
		"publickey_import": "iiiiiii", "publickey_export": "iii", "publickey_verify": "i",
		"publickey_from_secretkey": "ii", "publickey_close": "i",
		"secretkey_import": "iiiiiii", "secretkey_export": "iii", "secretkey_close": "i",
	},
	CryptoKx: {"kx_dh": "iii", "kx_encapsulate": "iii", "kx_decapsulate": "iiii"},
	CryptoSignatures: {
		"signature_export": "iii", "signature_import": "iiiiii",
		"signature_state_open": "ii", "signature_state_update": "iii", "signature_state_sign": "ii",
		"signature_state_close":             "i",
		"signature_verification_state_open": "ii", "signature_verification_state_update": "iii",
		"signature_verification_state_verify": "ii", "signature_verification_state_close": "i",
		"signature_close": "i",
	},
	CryptoSymmetric: {
		"symmetric_key_generate": "iiii", "symmetric_key_import": "iiiii", "symmetric_key_export": "ii",
		"symmetric_key_close": "i", "symmetric_key_generate_managed": "iiiii",
		"symmetric_key_store_managed": "iiii", "symmetric_key_replace_managed": "iiii",
		"symmetric_key_id": "iiiii", "symmetric_key_from_id": "iiiIi",
		"symmetric_state_open": "iiiii", "symmetric_state_clone": "ii",
		"symmetric_state_options_get": "iiiiii", "symmetric_state_options_get_u64": "iiii",
		"symmetric_state_close": "i", "symmetric_state_absorb": "iii", "symmetric_state_squeeze": "iii",
		"symmetric_state_squeeze_tag": "ii", "symmetric_state_squeeze_key": "iiii",
		"symmetric_state_max_tag_len": "ii", "symmetric_state_encrypt": "iiiiii",
		"symmetric_state_encrypt_detached": "iiiiii", "symmetric_state_decrypt": "iiiiii",
		"symmetric_state_decrypt_detached": "iiiiiiii", "symmetric_state_ratchet": "i",
		"symmetric_tag_len": "ii", "symmetric_tag_pull": "iiii", "symmetric_tag_verify": "iii",
		"symmetric_tag_close": "i",
	},
}

// All 72 wasi_crypto functions have the reference's names and types, and
// the modules have no other function.
func TestCryptoSignatures(t *testing.T) {
	n := 0
	for m, want := range cryptoGolden {
		for name, params := range want {
			f, ok := m.Func(name)
			if !ok {
				t.Errorf("%s.%s missing", m.Instance, name)
				continue
			}
			if !reflect.DeepEqual(f.Params, types(params)) || !reflect.DeepEqual(f.Results, types("i")) {
				t.Errorf("%s.%s: %v -> %v, want %s -> i", m.Instance, name, f.Params, f.Results, params)
			}
		}
		for _, f := range m.Funcs {
			if _, ok := want[f.Name]; !ok {
				t.Errorf("%s.%s is not in the reference", m.Instance, f.Name)
			}
		}
		n += len(want)
	}
	if n != 72 {
		t.Errorf("the golden table has %d functions, want 72", n)
	}
}
