// Package wasi_crypto is the wasi_crypto plug-in: the WASI-Crypto proposal
// (witx 0.10, https://github.com/WebAssembly/wasi-crypto) in Go, with the
// import ABI of WasmEdge's plug-in of the same name.
//
// Importing the package registers the plug-in "wasi_crypto" (version
// 0.10.1.0) with five modules; every VM created afterwards registers them
// instead of the mocks:
//
//	descriptor                     instance (the import name)                functions
//	wasi_crypto_common             wasi_ephemeral_crypto_common              10
//	wasi_crypto_asymmetric_common  wasi_ephemeral_crypto_asymmetric_common   20
//	wasi_crypto_kx                 wasi_ephemeral_crypto_kx                   3
//	wasi_crypto_signatures         wasi_ephemeral_crypto_signatures          11
//	wasi_crypto_symmetric          wasi_ephemeral_crypto_symmetric           28
//
// # Algorithms
//
// Symmetric: SHA-256, SHA-512, SHA-512/256, HMAC/SHA-256, HMAC/SHA-512,
// HKDF-EXTRACT/SHA-256, HKDF-EXPAND/SHA-256, HKDF-EXTRACT/SHA-512,
// HKDF-EXPAND/SHA-512, AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305 and
// XCHACHA20-POLY1305 (24-byte nonce; optional in the proposal, not in
// WasmEdge). Signatures: ECDSA_P256_SHA256, ECDSA_K256_SHA256,
// ECDSA_P384_SHA384, Ed25519, RSA_PKCS1_{2048_SHA256, 2048_SHA384,
// 2048_SHA512, 3072_SHA384, 3072_SHA512, 4096_SHA512} and RSA_PSS_ with the
// same six. Key exchange: X25519, P256-SHA256, P384-SHA384, and the KEMs
// ML-KEM-768 and ML-KEM-1024 (optional in the proposal, not in WasmEdge;
// raw keys: the encapsulation key, and the 64-byte seed as secret key and
// key pair). Hashes also include BLAKE2B-256 and BLAKE2B-512 (optional,
// not in WasmEdge). Names are
// matched case-insensitively. The cryptography is Go's standard library,
// golang.org/x/crypto (ChaCha20-Poly1305, BLAKE2b) and
// github.com/decred/dcrd/dcrec/secp256k1/v4 (secp256k1).
//
// Key encodings (import and export): ECDSA and the NIST key exchanges:
// public keys sec (SEC1 point; compressed or uncompressed on import,
// uncompressed on export), pkcs8 (SubjectPublicKeyInfo DER) and pem; secret
// keys and key pairs raw (the big-endian scalar, padded to the curve's
// size; secret keys also as sec), pkcs8 (PKCS#8 DER; SEC1 ECPrivateKey is
// accepted on import) and pem. Ed25519: raw public key, raw 32-byte seed,
// raw key pair seed ‖ public key (the public half must match). X25519: raw
// keys, raw key pair public ‖ secret (WasmEdge's layout). Ed25519 and X25519
// keys are also accepted and exported as pkcs8 and pem (RFC 8410). RSA:
// pkcs8 and pem (PKCS#8, SubjectPublicKeyInfo; PKCS#1 is accepted on
// import). Signatures: raw (ECDSA r ‖ s of fixed width, Ed25519's 64
// bytes, RSA's modulus-sized integer) and, for ECDSA, der (strict DER).
//
// Not implemented: the secrets manager and managed keys (every function
// returns unsupported_feature after checking its pointers), encapsulation
// with the Diffie-Hellman algorithms (kx_encapsulate and kx_decapsulate
// return not_implemented for them, as in WasmEdge), ratcheting (invalid_operation, as the
// proposal says for algorithms without it), and the proposal's optional
// modules that WasmEdge lacks too (external_secrets, the batch modules).
//
// # Handles and limits
//
// Handles belong to the calling guest module instance (WasmEdge has one
// process-wide table): one instance never sees another's, and the handles of
// an instance are released when a new instance starts after it closed. A
// handle carries its type in its low byte and every lookup checks the type:
// a handle of another type, an unknown one or a closed one is
// invalid_handle (closing one is closed). Per instance, at most MaxHandles
// (4096) handles are open at once (then too_many_handles) and at most
// MaxBufferedBytes (64 MiB) are held for it (array outputs, keys, tags,
// option values and the data states buffer: AEAD additional data, Ed25519
// messages, HKDF salt and info); an operation that would pass that gets
// overflow. Hashes, HMAC, ECDSA and RSA stream their input and hold no
// buffer.
//
// Guest memory is read through bounds-checked helpers: a pointer or length
// outside memory 0 (or a guest without memory) is algorithm_failure, as in
// WasmEdge, and never a trap; pointers are checked before the operation
// runs.
//
// Secrets are never logged. Tags, key halves and public keys are compared in
// constant time (crypto/subtle); tag checks inside the AEADs are Go's.
// Closing a key, key pair, state or tag overwrites the key bytes, buffered
// data and option values the plug-in holds; what Go keeps inside its own
// objects (expanded AES keys, big integers of RSA keys, parsed ECDSA keys)
// cannot be overwritten and is left to the garbage collector.
//
// # Where this plug-in follows the proposal rather than WasmEdge
//
//   - ECDSA_P384_SHA384 hashes with SHA-384 (WasmEdge: SHA-256).
//   - P-384 keys work in every encoding: sec export (97 bytes), raw
//     48-byte scalars, 96-byte raw signatures (WasmEdge: sec export fails,
//     raw needs 32 bytes, raw signatures 64 bytes).
//   - P384-SHA384's kx_dh output is the full 48-byte x-coordinate (WasmEdge
//     truncates it to 32 bytes).
//   - ECDSA raw signatures are fixed-width r ‖ s (WasmEdge drops leading zero
//     bytes of r and s), raw secret scalars are left-padded, and DER
//     signatures are parsed strictly on import (WasmEdge stores them
//     unchecked). Verification is Go's (WasmEdge's OpenSSL use sometimes
//     accepts a modified message).
//   - keypair_export(pkcs8) is PKCS#8 for every algorithm (WasmEdge: SEC1
//     ECPrivateKey for ECDSA, PKCS#1 for RSA_PKCS1_*); both of WasmEdge's
//     forms are accepted on import.
//   - symmetric_tag_verify needs the whole tag: a shorter expected tag is
//     invalid_tag (WasmEdge compares only the given bytes, so an empty tag
//     verifies). symmetric_tag_pull closes the tag on success.
//   - array_output_pull releases the data once all of it has been pulled
//     (the proposal's automatic close; WasmEdge closes after the wrong pull,
//     or never); one more pull of that handle then returns 0 bytes.
//   - Output sizes of symmetric_state_encrypt/decrypt(_detached): a buffer
//     too small is overflow, too large invalid_length (WasmEdge:
//     invalid_length for both).
//   - An AEAD state without a nonce option is nonce_required, with a nonce of
//     the wrong length invalid_nonce (WasmEdge: invalid_nonce for a missing
//     nonce); an AEAD key of the wrong length is refused at import with
//     invalid_key (WasmEdge: invalid_handle at open). A second encryption in
//     one state is prohibited_operation (it would reuse the nonce; WasmEdge
//     fails it with algorithm_failure).
//   - symmetric_state_clone works for every algorithm (WasmEdge:
//     not_implemented for HKDF and AEADs), symmetric_state_options_get
//     returns any byte option the state was opened with and
//     symmetric_state_options_get_u64 the u64 ones (WasmEdge: only an
//     AEAD's nonce, and never u64 options).
//   - HKDF-EXPAND's squeeze of 0 or more than 255·HashLen bytes is
//     invalid_length (WasmEdge: invalid_key); an HKDF-EXPAND key shorter than
//     the hash is invalid_key at import (WasmEdge requires exactly the hash
//     length).
//   - keypair_from_pk_and_sk builds the key pair when the keys match
//     (invalid_key when not, incompatible_keys for two algorithms; WasmEdge:
//     not_implemented). publickey_verify succeeds for valid RSA public keys
//     and X25519 keys (WasmEdge: invalid_key and not_implemented).
//   - Closing an unknown key pair or secret key is closed, like every other
//     close (WasmEdge: algorithm_failure), and keypair_import with an
//     unknown encoding is unsupported_encoding (WasmEdge: algorithm_failure).
//   - The secrets manager and managed keys are unsupported_feature (WasmEdge:
//     not_implemented, and keypair_generate_managed generates an unmanaged
//     Ed25519 key).
//   - RSA-PSS salts are as long as the hash, when signing and verifying
//     (RFC 8017's recommendation, and what Wycheproof's PSS vectors expect;
//     WasmEdge signs with the longest salt and verifies any length, so its
//     PSS signatures do not verify here).
//   - Handles are per guest instance, with limits (above).
package wasi_crypto
