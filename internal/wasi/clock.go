package wasi

import (
	"time"
	_ "unsafe" // for go:linkname

	"golang.org/x/sys/unix"
)

// Clock ids of preview 1.
const (
	clockRealtime = iota
	clockMonotonic
	clockProcessCPU
	clockThreadCPU
)

// clockResGet reports a clock's resolution in nanoseconds.
//
// # Parameters
//   - id (u32 clockid: REALTIME 0, MONOTONIC 1, PROCESS_CPUTIME 2,
//     THREAD_CPUTIME 3); resolution_ptr (u64 out).
//
// # Result (Errno)
//   - EINVAL: unknown clock; EFAULT.
//
// See #clock_res_get.
func clockResGet(c call, p []uint64) Errno {
	id := u32(p[0])
	if id > clockThreadCPU {
		return EINVAL
	}
	res, err := clockRes(hostClocks[id])
	if err != nil {
		return errnoOf(err)
	}
	if !c.m.putU64(u32(p[1]), uint64(res)) {
		return EFAULT
	}
	return ESUCCESS
}

// clockTimeGet reads a clock in nanoseconds.
//
// # Parameters
//   - id (u32 clockid); precision (u64, a hint, ignored); time_ptr (u64
//     out).
//
// # Result (Errno)
//   - EINVAL: unknown clock; EFAULT.
//
// See #clock_time_get.
func clockTimeGet(c call, p []uint64) Errno {
	id := u32(p[0])
	var t int64
	switch id {
	case clockMonotonic: // the usual one first
		t = nanotime()
	case clockRealtime:
		t = time.Now().UnixNano()
	case clockProcessCPU, clockThreadCPU:
		var ts unix.Timespec
		if err := unix.ClockGettime(hostClocks[id], &ts); err != nil {
			return errnoOf(err)
		}
		t = ts.Nano()
	default:
		return EINVAL
	}
	if !c.m.putU64(u32(p[2]), uint64(t)) {
		return EFAULT
	}
	return ESUCCESS
}

// epochNanos is the wall time at start and epochMono the monotonic clock's
// reading then: the monotonic clock reads as the wall time at start plus
// the monotonic time since.
var (
	epochNanos = time.Now().UnixNano()
	epochMono  = runtimeNano()
)

// nanotime is a monotonic clock in nanoseconds (see epochNanos).
func nanotime() int64 { return runtimeNano() - epochMono + epochNanos }

// runtimeNano is the runtime's monotonic clock (CLOCK_MONOTONIC, read
// through the vDSO), which time.Since reads too, after checks that made it
// a third slower than this (BenchmarkWASILayer/clock's profile). wazero's
// WASI reads it the same way; the runtime keeps the name for such users.
//
//go:linkname runtimeNano runtime.nanotime
func runtimeNano() int64
