package wasi

import "github.com/pureedge/pureedge/internal/errcode"

// procExit ends the program with an exit code, kept in the Env for
// WasiGetExitCode.
//
// # Parameters
//   - rval (u32): the exit code.
//
// # Result
// It does not return: it panics with *errcode.ExitSignal, which the engine
// turns into a clean end of the run (the module stays usable, as in
// WasmEdge).
//
// See #proc_exit.
func procExit(c call, p []uint64) Errno {
	code := u32(p[0])
	c.e.mu.Lock()
	c.e.exitCode = code
	c.e.mu.Unlock()
	panic(&errcode.ExitSignal{Code: code})
}

// procRaise would send a signal to the process.
//
// # Parameters
//   - sig (u8 signal).
//
// # Result (Errno)
//   - EINVAL: a signal number above 30; ENOSYS otherwise.
//
// # Notes
// WasmEdge raises the signal in the host process; a guest must not be able
// to kill or stop its host, so PureEdge refuses.
//
// See #proc_raise.
func procRaise(_ call, p []uint64) Errno {
	if u32(p[0]) > 30 {
		return EINVAL
	}
	return ENOSYS
}
