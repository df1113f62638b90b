package wasmedge

import (
	"errors"
	"fmt"
	"io"

	"github.com/pureedge/pureedge/internal/errcode"
)

// ErrCategory is the category of a Result: WasmEdge's own codes, or codes
// defined by the user.
type ErrCategory uint32

// The error categories.
const (
	ErrCategory_WASM      ErrCategory = 0
	ErrCategory_UserLevel ErrCategory = 1
)

// Result is the outcome of an operation, as WasmEdge's WasmEdge_Result: a
// category in the high byte and a code in the low 24 bits. *Result
// implements error; every function of this package that returns an error
// returns either nil or a *Result.
//
// A Result returned as an error keeps the error it was made from: Unwrap
// returns it (an *errcode.Error with the detail WasmEdge only logs), so
// that errors.As and %+v-style reporting see the cause.
type Result struct {
	code  uint32
	cause error
}

// The three common results.
var (
	Result_Success   = Result{code: 0}
	Result_Terminate = Result{code: 1}
	Result_Fail      = Result{code: 2}
)

// NewResult returns a Result of the given category and code.
func NewResult(cate ErrCategory, code int) Result {
	return Result{code: uint32(cate)<<24 + (uint32(code) & 0xFFFFFF)}
}

// Error returns WasmEdge's message for a WASM-category code, and "user
// defined error code" for any other category.
func (res *Result) Error() string {
	if res.GetErrorCategory() != ErrCategory_WASM {
		return "user defined error code"
	}
	return errcode.Code(res.GetCode()).Message()
}

// GetCode returns the code, without the category.
func (res *Result) GetCode() int { return int(res.code & 0xFFFFFF) }

// GetErrorCategory returns the category.
func (res *Result) GetErrorCategory() ErrCategory { return ErrCategory(res.code >> 24) }

// isOK reports whether the result counts as success: Success or Terminate.
func (res Result) isOK() bool { return res.code <= 1 }

// resultError converts an internal error into the *Result the API returns,
// logging its detail at error level as WasmEdge does. It returns a nil error
// (not a nil *Result) for nil.
func resultError(err *errcode.Error) error {
	if err == nil {
		return nil
	}
	logError(err)
	return &Result{code: err.Raw(), cause: err}
}

// Format prints Error() for %v and %s; %+v adds the detail and the cause on
// the next lines (an addition to the SDK API).
func (res *Result) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('+') && res.cause != nil:
		fmt.Fprintf(f, "%s\n%+v", res.Error(), res.cause)
	case verb == 'q':
		fmt.Fprintf(f, "%q", res.Error())
	default:
		io.WriteString(f, res.Error())
	}
}

// Unwrap returns the error the Result was made from, or nil.
func (res *Result) Unwrap() error { return res.cause }

// asResult converts an error of the engine layer to a *Result: its own
// code when it carries one, else a runtime error.
func asResult(err error) error {
	if err == nil {
		return nil
	}
	var e *errcode.Error
	if errors.As(err, &e) {
		return resultError(e)
	}
	return resultError(errcode.Wrap(errcode.RuntimeError, err, err.Error()))
}

// fail returns a *Result for code, logging detail.
func fail(code errcode.Code, detail string) error {
	return resultError(errcode.New(code, detail))
}
