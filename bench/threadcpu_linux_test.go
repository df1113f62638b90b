package bench

import (
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// rusageThread is Linux's RUSAGE_THREAD: the calling thread's usage.
const rusageThread = 1

// threadCPU returns the CPU time (user and system) the calling thread has
// used, or false where it cannot be read. With the goroutine locked to its
// thread, it measures the guest's own work even when other processes share
// the cores, which the wall time does not.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

// threadCPUPrecise is the calling thread's CPU time to the nanosecond
// (CLOCK_THREAD_CPUTIME_ID), for intervals shorter than getrusage's
// accounting tick, or false where it cannot be read.
func threadCPUPrecise() (time.Duration, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}

// processCPU returns the CPU time (user and system, all threads) that the
// process pid has used, from its process CPU clock (Linux's
// MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)), or false where it cannot be
// read.
func processCPU(pid int) (time.Duration, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(int32(^pid<<3|2), &ts); err != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
