package wasi_crypto

import "fmt"

// errno is a crypto_errno of the proposal (witx 0.10), returned to the guest
// as an i32.
type errno uint32

// The crypto_errno values, in the proposal's order.
const (
	errSuccess errno = iota
	errGuestError
	errNotImplemented
	errUnsupportedFeature
	errProhibitedOperation
	errUnsupportedEncoding
	errUnsupportedAlgorithm
	errUnsupportedOption
	errInvalidKey
	errInvalidLength
	errVerificationFailed
	errRNGError
	errAlgorithmFailure
	errInvalidSignature
	errClosed
	errInvalidHandle
	errOverflow
	errInternalError
	errTooManyHandles
	errKeyNotSupported
	errKeyRequired
	errInvalidTag
	errInvalidOperation
	errNonceRequired
	errInvalidNonce
	errOptionNotSet
	errNotFound
	errParametersMissing
	errInProgress
	errIncompatibleKeys
	errExpired
)

var errnoNames = [...]string{
	"success", "guest_error", "not_implemented", "unsupported_feature",
	"prohibited_operation", "unsupported_encoding", "unsupported_algorithm",
	"unsupported_option", "invalid_key", "invalid_length", "verification_failed",
	"rng_error", "algorithm_failure", "invalid_signature", "closed", "invalid_handle",
	"overflow", "internal_error", "too_many_handles", "key_not_supported",
	"key_required", "invalid_tag", "invalid_operation", "nonce_required",
	"invalid_nonce", "option_not_set", "not_found", "parameters_missing",
	"in_progress", "incompatible_keys", "expired",
}

func (e errno) String() string {
	if int(e) < len(errnoNames) {
		return errnoNames[e]
	}
	return fmt.Sprintf("crypto_errno(%d)", uint32(e))
}
