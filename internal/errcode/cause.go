package errcode

import (
	"fmt"
	"io"
)

// Wrap returns an error of category WASM with the code, the detail and err
// as its cause.
func Wrap(code Code, err error, detail string) *Error {
	return &Error{Code: code, Detail: detail, Err: err}
}

// WithCause returns e with err as its cause: e itself when it has a cause
// already or err is e, else a copy (e may be shared), so that the engine's
// detail (trap position, stack trace) stays reachable by errors.Unwrap and
// %+v while Error() keeps WasmEdge's one-line form.
func WithCause(e *Error, err error) *Error {
	if e == nil || e.Err != nil || err == nil || err == error(e) {
		return e
	}
	c := *e
	c.Err = err
	return &c
}

// Unwrap returns the cause, or nil.
func (e *Error) Unwrap() error { return e.Err }

// Format prints Error() for %v and %s; %+v adds the cause's full text (for
// a trap, wazero's message and the Wasm stack trace) on the next lines.
func (e *Error) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('+'):
		io.WriteString(f, e.Error())
		if e.Err != nil {
			fmt.Fprintf(f, "\ncaused by: %+v", e.Err)
		}
	case verb == 'q':
		fmt.Fprintf(f, "%q", e.Error())
	default:
		io.WriteString(f, e.Error())
	}
}
