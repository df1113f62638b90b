package wasi

import "testing"

// proc_raise never signals the host (README, "Not supported yet").
func TestProcRaise(t *testing.T) {
	h := newHarness(t, false)
	for _, sig := range []uint64{0, 2, 9, 15, 19, 30} { // NONE, INT, KILL, TERM, STOP, XFSZ
		expect(t, "proc_raise", h.call("proc_raise", sig), ENOSYS)
	}
	expect(t, "signal 31", h.call("proc_raise", 31), EINVAL)
}
