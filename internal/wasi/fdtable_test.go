package wasi

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

// countWriter counts the bytes written to it, safe for concurrent use.
type countWriter struct{ n atomic.Int64 }

func (w *countWriter) Write(b []byte) (int, error) {
	w.n.Add(int64(len(b)))
	return len(b), nil
}

// TestTableConcurrent runs fd_write on stdout and on descriptors that other
// goroutines open, narrow and close at the same time (run it with -race):
// stdout writes all land, a write to a changing descriptor gets only
// ESUCCESS, EBADF or ENOTCAPABLE, and changes are seen by the next lookup.
func TestTableConcurrent(t *testing.T) {
	h := newHarness(t, false)
	var out countWriter
	h.e.SetStdio(nil, &out, nil)
	h.iov(make([]byte, 16))
	ctx := context.Background()
	call := func(name string, args ...uint64) Errno {
		stack := make([]uint64, max(len(args), 1))
		copy(stack, args)
		Lookup(name).Call(ctx, h.e, h.mod, stack)
		return Errno(stack[0])
	}
	pp, pl := h.path("f")
	const n = 2000
	var wg sync.WaitGroup
	var bad atomic.Value
	wg.Add(3)
	go func() { // stdout: never disturbed
		defer wg.Done()
		for range n {
			if e := call("fd_write", 1, iovAt, 1, outAt); e != ESUCCESS {
				bad.Store(e)
			}
		}
	}()
	go func() { // open, narrow, close (the lowest free number, 4)
		defer wg.Done()
		for range n / 4 {
			if e := call("path_open", 3, 1, pp, pl, oflagCreat, uint64(rightsFile), 0, 0, out2At); e != ESUCCESS {
				bad.Store(e)
				return
			}
			fd := uint64(h.u32(out2At))
			call("fd_fdstat_set_rights", fd, uint64(rightsFile&^RightFdWrite), 0)
			call("fd_close", fd)
		}
	}()
	go func() { // write to the changing descriptor 4
		defer wg.Done()
		for range n {
			switch e := call("fd_write", 4, iovAt, 1, outAt+48); e {
			case ESUCCESS, EBADF, ENOTCAPABLE:
			default:
				bad.Store(e)
			}
		}
	}()
	wg.Wait()
	if e := bad.Load(); e != nil {
		t.Fatalf("unexpected errno %v", e)
	}
	if got := out.n.Load(); got != n*16 {
		t.Errorf("stdout got %d bytes, want %d", got, n*16)
	}

	// Each change is seen by the next call.
	fd, errno := h.open("g", oflagCreat, rightsFile, 0)
	expect(t, "open", errno, ESUCCESS)
	expect(t, "write", call("fd_write", uint64(fd), iovAt, 1, outAt), ESUCCESS)
	expect(t, "narrow", call("fd_fdstat_set_rights", uint64(fd), uint64(rightsFile&^RightFdWrite), 0), ESUCCESS)
	expect(t, "write after narrowing", call("fd_write", uint64(fd), iovAt, 1, outAt), ENOTCAPABLE)
	expect(t, "renumber", call("fd_renumber", uint64(fd), 1), ESUCCESS)
	expect(t, "write to the renumbered fd", call("fd_write", 1, iovAt, 1, outAt), ENOTCAPABLE)
	expect(t, "old number", call("fd_write", uint64(fd), iovAt, 1, outAt), EBADF)
	expect(t, "close", call("fd_close", 1), ESUCCESS)
	expect(t, "write after close", call("fd_write", 1, iovAt, 1, outAt), EBADF)
	h.e.Close()
	expect(t, "write after Env.Close", call("fd_write", 2, iovAt, 1, outAt), EBADF)
}

// TestWriteAllocs checks that fd_write of one iovec to stdout allocates
// nothing per call.
func TestWriteAllocs(t *testing.T) {
	h := newHarness(t, false)
	h.iov(make([]byte, 16))
	f := Lookup("fd_write")
	stack := make([]uint64, 4)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		stack[0], stack[1], stack[2], stack[3] = 1, iovAt, 1, outAt
		f.Call(ctx, h.e, h.mod, stack)
	})
	if Errno(stack[0]) != ESUCCESS || h.u32(outAt) != 16 {
		t.Fatalf("fd_write: errno %d, wrote %d", stack[0], h.u32(outAt))
	}
	if allocs != 0 {
		t.Errorf("fd_write allocates %v times per call", allocs)
	}
}
