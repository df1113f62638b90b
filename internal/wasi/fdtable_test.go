package wasi

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
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

// TestCloseDuringCall closes a descriptor while a call that has looked it
// up is still using it, and opens another file at once, which gets the
// same guest number (lowest first) and, without the handle's reference
// count, the same host descriptor: the write would then land in the new
// file. It must reach the file the descriptor named when the call began.
func TestCloseDuringCall(t *testing.T) {
	h := newHarness(t, false)
	fd, errno := h.open("a", oflagCreat, rightsFile, 0)
	expect(t, "open a", errno, ESUCCESS)
	h.iov([]byte("for a"))
	hooked := false
	testHookLookup = func(n uint32) {
		if n != fd || hooked {
			return
		}
		hooked = true
		expect(t, "close during the write", h.call("fd_close", uint64(fd)), ESUCCESS)
		nfd, errno := h.open("b", oflagCreat, rightsFile, 0)
		expect(t, "open b", errno, ESUCCESS)
		if nfd != fd {
			t.Errorf("b got descriptor %d, want %d (lowest free)", nfd, fd)
		}
	}
	defer func() { testHookLookup = nil }()
	expect(t, "write", h.call("fd_write", uint64(fd), iovAt, 1, out2At), ESUCCESS)
	testHookLookup = nil
	if !hooked {
		t.Fatal("the hook did not run")
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(h.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if a, b := read("a"), read("b"); a != "for a" || b != "" {
		t.Errorf("after the racing close: a=%q b=%q, want a=%q b=%q", a, b, "for a", "")
	}
	// The number now names b.
	h.iov([]byte("for b"))
	expect(t, "write to the reused number", h.call("fd_write", uint64(fd), iovAt, 1, out2At), ESUCCESS)
	if b := read("b"); b != "for b" {
		t.Errorf("b=%q, want %q", b, "for b")
	}
}

// TestCloseRace writes to a descriptor of one Env that another goroutine
// keeps closing and reopening, while a second Env (another VM of the
// process) opens and closes files of its own, so that the host reuses
// descriptor numbers all the time (run it with -race and -count). No byte
// may reach the second Env's files, and no host descriptor may leak.
func TestCloseRace(t *testing.T) {
	before := openHostFDs(t)
	h := newHarness(t, false)
	other := newHarness(t, false)
	fd, errno := h.open("a", oflagCreat, rightsFile, 0)
	expect(t, "open a", errno, ESUCCESS)
	h.iov([]byte("x"))
	const n = 3000
	var wg sync.WaitGroup
	var bad atomic.Value
	stop := make(chan struct{})
	wg.Add(3)
	go func() { // writer: EBADF while the number is closed
		defer wg.Done()
		ctx := context.Background()
		stack := make([]uint64, 4)
		w := Lookup("fd_write")
		for {
			select {
			case <-stop:
				return
			default:
			}
			stack[0], stack[1], stack[2], stack[3] = uint64(fd), iovAt, 1, outAt+64
			w.Call(ctx, h.e, h.mod, stack)
			if e := Errno(stack[0]); e != ESUCCESS && e != EBADF {
				bad.Store(e)
			}
		}
	}()
	go func() { // closer: the same number comes back each time
		defer wg.Done()
		defer close(stop)
		for range n {
			if e := h.callAsync("fd_close", uint64(fd)); e != ESUCCESS {
				bad.Store(e)
				return
			}
			if e := h.callAsync("path_open", 3, 1, pathAt, 1, oflagCreat, uint64(rightsFile), uint64(rightsFile), 0, out2At); e != ESUCCESS || h.u32(out2At) != fd {
				bad.Store(e)
				return
			}
		}
	}()
	go func() { // the other VM: host descriptors come and go
		defer wg.Done()
		other.put(pathAt, []byte("b"))
		for {
			select {
			case <-stop:
				return
			default:
			}
			if e := other.callAsync("path_open", 3, 1, pathAt, 1, oflagCreat, uint64(rightsFile), uint64(rightsFile), 0, out2At); e != ESUCCESS {
				bad.Store(e)
				return
			}
			other.callAsync("fd_close", uint64(other.u32(out2At)))
		}
	}()
	wg.Wait()
	if e := bad.Load(); e != nil {
		t.Fatalf("unexpected errno %v", e)
	}
	if b, err := os.ReadFile(filepath.Join(other.dir, "b")); err != nil || len(b) != 0 {
		t.Errorf("the other VM's file holds %q (%v): writes went through a reused host descriptor", b, err)
	}
	h.e.Close()
	other.e.Close()
	if after := openHostFDs(t); after > before {
		t.Errorf("%d host descriptors open before, %d after: leaked", before, after)
	}
}

// callAsync is harness.call for other goroutines (no t.Fatal).
func (h *harness) callAsync(name string, args ...uint64) Errno {
	stack := make([]uint64, max(len(args), 1))
	copy(stack, args)
	Lookup(name).Call(context.Background(), h.e, h.mod, stack)
	return Errno(stack[0])
}

// openHostFDs counts the process's open descriptors (Linux; elsewhere the
// test skips).
func openHostFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(entries)
}

// TestNoMemory calls the functions from a module without memory, for which
// wazero's Module.Memory gives a nil pointer in a non-nil interface: every
// access of memory is EFAULT, never a panic.
func TestNoMemory(t *testing.T) {
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer r.Close(ctx)
	mod, err := r.Instantiate(ctx, []byte{0, 'a', 's', 'm', 1, 0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, false)
	for _, tc := range []struct {
		name string
		args []uint64
	}{
		{"clock_time_get", []uint64{1, 1, outAt}},
		{"fd_write", []uint64{1, iovAt, 1, outAt}},
		{"args_sizes_get", []uint64{outAt, out2At}},
		{"random_get", []uint64{bufAt, 16}},
		{"path_open", []uint64{3, 1, pathAt, 1, 0, uint64(rightsFile), 0, 0, outAt}},
	} {
		f := Lookup(tc.name)
		stack := append([]uint64(nil), tc.args...)
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("%s without memory panicked: %v", tc.name, p)
				}
			}()
			f.Call(ctx, h.e, mod, stack)
		}()
		expect(t, tc.name+" without memory", Errno(stack[0]), EFAULT)
	}
}

// TestClockTimeGet reads the clocks: the monotonic one (served by
// bound.Call itself) never goes back, the realtime one is the host's time,
// and a bad pointer or clock id is EFAULT or EINVAL.
func TestClockTimeGet(t *testing.T) {
	h := newHarness(t, false)
	var last uint64
	for i := 0; i < 3; i++ {
		expect(t, "monotonic", h.call("clock_time_get", clockMonotonic, 1, outAt), ESUCCESS)
		if v := h.u64(outAt); v < last || v == 0 {
			t.Fatalf("monotonic clock read %d after %d", v, last)
		} else {
			last = v
		}
	}
	before := time.Now().UnixNano()
	expect(t, "realtime", h.call("clock_time_get", clockRealtime, 1, outAt), ESUCCESS)
	if v := int64(h.u64(outAt)); v < before || v > time.Now().UnixNano() {
		t.Errorf("realtime clock read %d, not between %d and now", v, before)
	}
	expect(t, "thread CPU", h.call("clock_time_get", clockThreadCPU, 1, outAt), ESUCCESS)
	for _, id := range []uint64{clockMonotonic, clockRealtime, clockProcessCPU} {
		expect(t, "clock to a bad pointer", h.call("clock_time_get", id, 1, 65536-7), EFAULT)
		expect(t, "clock to a huge pointer", h.call("clock_time_get", id, 1, 0xffffffff), EFAULT)
	}
	expect(t, "unknown clock", h.call("clock_time_get", 4, 1, outAt), EINVAL)
	expect(t, "unknown clock, upper half set", h.call("clock_time_get", 1<<32|1, 1, outAt), ESUCCESS)
}
