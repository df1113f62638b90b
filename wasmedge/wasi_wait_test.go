//go:build linux

// The waits below rely on Linux sockets: a listener with a full backlog
// that drops connection attempts (fullListener), SOCK_CLOEXEC.

package wasmedge

import (
	"bytes"
	"net"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/errcode"
)

// interruptBound is how long a WASI call that waits may take to end once
// its run is cancelled: the wait looks at the context every 10 ms; the rest
// is room for a loaded machine.
const interruptBound = 2 * time.Second

// silentServer accepts connections on 127.0.0.1 and neither sends nor
// reads: a guest's recv or fd_read on one waits for ever, and its send
// once the buffers are full.
func silentServer(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			// A small receive buffer, so that a guest's send fills it soon.
			c.(*net.TCPConn).SetReadBuffer(4096)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// fullListener listens on 127.0.0.1 with a backlog of 0, never accepts,
// and fills its queue: a further connect stays in progress (the host drops
// its SYNs) until the kernel gives up, minutes later.
func fullListener(t *testing.T) int {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	port := sa.(*syscall.SockaddrInet4).Port
	for range 4 {
		if c, err := net.DialTimeout("tcp4", "127.0.0.1:"+strconv.Itoa(port), 200*time.Millisecond); err == nil {
			t.Cleanup(func() { c.Close() })
		}
	}
	return port
}

// A guest blocked in a WASI call that waits on a socket (blocking: recv,
// fd_read, send with the buffers full, connect in progress, accept,
// recv_from) is stopped by Async.Cancel within interruptBound, with
// "execution interrupted" (0x0007), as a guest that loops.
func TestSockWaitCancel(t *testing.T) {
	for _, tc := range []struct {
		what   string
		server func(*testing.T) int
	}{
		{"recv", silentServer},
		{"read", silentServer},
		{"send", silentServer},
		{"connect", fullListener},
		{"accept", nil},
		{"recv-from", nil},
	} {
		t.Run(tc.what, func(t *testing.T) {
			args := []string{"sock", "wait", tc.what}
			if tc.server != nil {
				args = append(args, strconv.Itoa(tc.server(t)))
			}
			// The VM is released only once its run has ended: a failure
			// leaves it to the guest still waiting.
			vm := NewVMWithConfig(NewConfigure(WASI))
			out := newLineWriter()
			wasi := vm.GetImportModule(WASI)
			wasi.InitWasi(args, nil, nil)
			wasi.host.WASI.SetStdio(nil, out, out)
			a := vm.AsyncRunWasmFile(guest(t, "sock"), "_start")
			if l := out.next(t); l != "waiting" {
				t.Fatalf("guest said %q", l)
			}
			if a.WaitFor(100) {
				t.Fatalf("the guest did not wait: %q", out.String())
			}
			start := time.Now()
			a.Cancel()
			if !a.WaitFor(int(interruptBound / time.Millisecond)) {
				t.Fatalf("%s went on waiting after Cancel", tc.what)
			}
			d := time.Since(start)
			_, err := a.GetResult()
			vm.Release()
			if code := resultCode(t, err); code != errcode.Interrupted {
				t.Fatalf("cancelled %s: code %#x (%v), want 0x7; output %q", tc.what, code, err, out.String())
			}
			t.Logf("%s stopped %v after Cancel", tc.what, d)
		})
	}
}

// A time limit stops a guest blocked in sock_recv (through the SDK) or in
// sock_accept (through the CLI's --time-limit) with 0x0007.
func TestSockWaitTimeLimit(t *testing.T) {
	const limit = 300 * time.Millisecond
	wasm := guest(t, "sock")
	t.Run("sdk", func(t *testing.T) {
		conf := NewConfigure(WASI)
		conf.SetTimeLimit(uint(limit / time.Millisecond))
		vm := NewVMWithConfig(conf) // released once its run has ended
		out := newLineWriter()
		wasi := vm.GetImportModule(WASI)
		wasi.InitWasi([]string{"sock", "wait", "recv", strconv.Itoa(silentServer(t))}, nil, nil)
		wasi.host.WASI.SetStdio(nil, out, out)
		// Instantiated first: the limit is the execution's.
		for _, step := range []func() error{func() error { return vm.LoadWasmFile(wasm) }, vm.Validate, vm.Instantiate} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan error, 1)
		start := time.Now()
		go func() {
			_, err := vm.Execute("_start")
			done <- err
		}()
		select {
		case err := <-done:
			vm.Release()
			if code := resultCode(t, err); code != errcode.Interrupted {
				t.Fatalf("code %#x (%v), want 0x7; output %q", code, err, out.String())
			}
		case <-time.After(limit + interruptBound):
			t.Fatalf("sock_recv went on waiting past the time limit; output %q", out.String())
		}
		t.Logf("a %v limit stopped sock_recv after %v", limit, time.Since(start))
		if out.String() != "waiting\n" {
			t.Errorf("output %q, want the guest stopped in sock_recv", out.String())
		}
	})
	t.Run("cli", func(t *testing.T) {
		var out, errb bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- runCLI([]string{"wasmedge", "--cold-start", "compile", "--time-limit", strconv.Itoa(int(limit / time.Millisecond)),
				wasm, "wait", "accept"}, &out, &errb)
		}()
		select {
		case code := <-done:
			if code != 1 || !bytes.Contains(errb.Bytes(), []byte("execution interrupted")) {
				t.Fatalf("exit %d, stderr %q, want 1 and execution interrupted", code, errb.String())
			}
		case <-time.After(limit + time.Minute):
			t.Fatal("sock_accept went on waiting past --time-limit")
		}
	})
}
