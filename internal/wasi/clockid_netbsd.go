package wasi

// hostClocks are the host's clock ids of preview 1's clocks, by WASI id:
// NetBSD's <sys/time.h> (golang.org/x/sys/unix does not define them there).
var hostClocks = [...]int32{0 /* CLOCK_REALTIME */, 3 /* CLOCK_MONOTONIC */, 0x40000000 /* CLOCK_PROCESS_CPUTIME_ID */, 0x20000000 /* CLOCK_THREAD_CPUTIME_ID */}
