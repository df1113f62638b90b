package wasi

import "runtime"

// schedYield lets other goroutines run.
//
// # Result (Errno)
//   - ESUCCESS always.
//
// See #sched_yield.
func schedYield(call, []uint64) Errno {
	runtime.Gosched()
	return ESUCCESS
}
