package errcode

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero/sys"
)

func TestFromExecution(t *testing.T) {
	trap := func(msg string) error {
		return fmt.Errorf("wasm error: %w\nwasm stack trace:\n\tf()", errors.New(msg))
	}
	for _, tc := range []struct {
		err  error
		want Code // Success means "no error"
	}{
		{nil, Success},
		{trap("unreachable"), Unreachable},
		{trap("integer divide by zero"), DivideByZero},
		{trap("out of bounds memory access"), MemoryOutOfBounds},
		{trap("indirect call type mismatch"), IndirectCallTypeMismatch},
		{fmt.Errorf("host: %w", &ExitSignal{Code: 3}), Success},
		{fmt.Errorf("host: %w", New(FuncSigMismatch, "x")), FuncSigMismatch},
		{&HostPanic{Func: "f", Value: "boom"}, HostFuncError},
		{sys.NewExitError(sys.ExitCodeDeadlineExceeded), Interrupted},
		{errors.New("something else"), RuntimeError},
	} {
		got := FromExecution(tc.err)
		if (got == nil) != (tc.want == Success) || got != nil && got.Code != tc.want {
			t.Errorf("FromExecution(%v) = %v, want %#x", tc.err, got, tc.want)
		}
	}
}

func TestFromInstantiation(t *testing.T) {
	for msg, want := range map[string]Code{
		"module[env] not instantiated":                                             UnknownImport,
		`import func[env.f]: signature mismatch: i32_v != v_v`:                     IncompatibleImportType,
		`export "g" in module "" is a global, not a func`:                          IncompatibleImportType,
		"module[x] has already been instantiated":                                  ModuleNameConflict,
		"data[0]: out of bounds memory access":                                     DataSegDoesNotFit,
		"start function[0] failed: wasm error: unreachable\nwasm stack trace: ...": Unreachable,
	} {
		if got := FromInstantiation(errors.New(msg)); got == nil || got.Code != want {
			t.Errorf("FromInstantiation(%q) = %v, want %#x", msg, got, want)
		}
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{Category: CategoryUserLevel, Code: 5}
	if e.Raw() != 1<<24|5 || e.Error() != "user defined error code, Code: 0x1000005" {
		t.Errorf("%#x %q", e.Raw(), e.Error())
	}
	if New(Unreachable, "").Error() != "unreachable, Code: 0x40a" {
		t.Errorf("%q", New(Unreachable, "").Error())
	}
}

// FromValidation claims a code only for the messages its table knows; an
// unknown one is a generic error that keeps the engine's message and cause,
// not a guessed "type mismatch".
func TestFromValidationNoBlanketCode(t *testing.T) {
	for msg, want := range map[string]Code{
		"invalid function[0]: not enough results in br block":                TypeCheckFailed,
		"invalid function[0]: cannot pop the operand for i32.eqz":            TypeCheckFailed,
		"section table: table size minimum must not be greater than maximum": InvalidLimit,
		"import[0] has an empty module name":                                 RuntimeError,
	} {
		cause := errors.New(msg)
		e := FromValidation(cause)
		if e.Code != want {
			t.Errorf("%q: code %#x, want %#x", msg, e.Code, want)
		}
		if want == RuntimeError && (!errors.Is(e, cause) || !strings.Contains(e.Detail, msg)) {
			t.Errorf("%q: the cause is lost: %+v", msg, e)
		}
	}
}
