// Code generated from internal/abi's tables of wasi_crypto; the raw imports of the guest.

package main

//go:wasmimport wasi_ephemeral_crypto_common array_output_len
func cArrayOutputLen(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common array_output_pull
func cArrayOutputPull(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common options_open
func cOptionsOpen(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common options_close
func cOptionsClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common options_set
func cOptionsSet(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common options_set_u64
func cOptionsSetU64(a0 uint32, a1 uint32, a2 uint32, a3 uint64) uint32

//go:wasmimport wasi_ephemeral_crypto_common options_set_guest_buffer
func cOptionsSetGuestBuffer(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common secrets_manager_open
func cSecretsManagerOpen(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common secrets_manager_close
func cSecretsManagerClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_common secrets_manager_invalidate
func cSecretsManagerInvalidate(a0 uint32, a1 uint32, a2 uint32, a3 uint64) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_generate
func cKeypairGenerate(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_import
func cKeypairImport(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32, a6 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_generate_managed
func cKeypairGenerateManaged(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_store_managed
func cKeypairStoreManaged(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_replace_managed
func cKeypairReplaceManaged(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_id
func cKeypairId(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_from_id
func cKeypairFromId(a0 uint32, a1 uint32, a2 uint32, a3 uint64, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_from_pk_and_sk
func cKeypairFromPkAndSk(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_export
func cKeypairExport(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_publickey
func cKeypairPublickey(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_secretkey
func cKeypairSecretkey(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common keypair_close
func cKeypairClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common publickey_import
func cPublickeyImport(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32, a6 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common publickey_export
func cPublickeyExport(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common publickey_verify
func cPublickeyVerify(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common publickey_from_secretkey
func cPublickeyFromSecretkey(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common publickey_close
func cPublickeyClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common secretkey_import
func cSecretkeyImport(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32, a6 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common secretkey_export
func cSecretkeyExport(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_asymmetric_common secretkey_close
func cSecretkeyClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_kx kx_dh
func cKxDh(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_kx kx_encapsulate
func cKxEncapsulate(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_kx kx_decapsulate
func cKxDecapsulate(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_export
func cSignatureExport(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_import
func cSignatureImport(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_state_open
func cSignatureStateOpen(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_state_update
func cSignatureStateUpdate(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_state_sign
func cSignatureStateSign(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_state_close
func cSignatureStateClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_verification_state_open
func cSignatureVerificationStateOpen(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_verification_state_update
func cSignatureVerificationStateUpdate(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_verification_state_verify
func cSignatureVerificationStateVerify(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_verification_state_close
func cSignatureVerificationStateClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_signatures signature_close
func cSignatureClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_generate
func cSymmetricKeyGenerate(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_import
func cSymmetricKeyImport(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_export
func cSymmetricKeyExport(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_close
func cSymmetricKeyClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_generate_managed
func cSymmetricKeyGenerateManaged(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_store_managed
func cSymmetricKeyStoreManaged(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_replace_managed
func cSymmetricKeyReplaceManaged(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_id
func cSymmetricKeyId(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_key_from_id
func cSymmetricKeyFromId(a0 uint32, a1 uint32, a2 uint32, a3 uint64, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_open
func cSymmetricStateOpen(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_clone
func cSymmetricStateClone(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_options_get
func cSymmetricStateOptionsGet(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_options_get_u64
func cSymmetricStateOptionsGetU64(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_close
func cSymmetricStateClose(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_absorb
func cSymmetricStateAbsorb(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_squeeze
func cSymmetricStateSqueeze(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_squeeze_tag
func cSymmetricStateSqueezeTag(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_squeeze_key
func cSymmetricStateSqueezeKey(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_max_tag_len
func cSymmetricStateMaxTagLen(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_encrypt
func cSymmetricStateEncrypt(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_encrypt_detached
func cSymmetricStateEncryptDetached(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_decrypt
func cSymmetricStateDecrypt(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_decrypt_detached
func cSymmetricStateDecryptDetached(a0 uint32, a1 uint32, a2 uint32, a3 uint32, a4 uint32, a5 uint32, a6 uint32, a7 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_state_ratchet
func cSymmetricStateRatchet(a0 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_tag_len
func cSymmetricTagLen(a0 uint32, a1 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_tag_pull
func cSymmetricTagPull(a0 uint32, a1 uint32, a2 uint32, a3 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_tag_verify
func cSymmetricTagVerify(a0 uint32, a1 uint32, a2 uint32) uint32

//go:wasmimport wasi_ephemeral_crypto_symmetric symmetric_tag_close
func cSymmetricTagClose(a0 uint32) uint32
