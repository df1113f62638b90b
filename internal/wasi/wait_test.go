package wasi

import (
	"context"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// connectTo opens a TCP socket connected to a listener on 127.0.0.1 and
// returns it with the host's end of the connection.
func (h *harness) connectTo(l net.Listener) (uint64, net.Conn) {
	h.t.Helper()
	fd := uint64(h.sockOpen(afInet4, sockStream))
	h.sockAddrAt(pathAt, []byte{127, 0, 0, 1})
	expect(h.t, "connect", h.call("sock_connect", fd, pathAt, uint64(l.Addr().(*net.TCPAddr).Port)), ESUCCESS)
	c, err := l.Accept()
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { c.Close() })
	return fd, c
}

func listenLoopback(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// mustInterrupt runs a call that waits with a context done after d: it
// must end with interrupt's panic within interruptBound of that.
func (h *harness) mustInterrupt(d time.Duration, name string, args ...uint64) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	start := time.Now()
	defer func() {
		h.t.Helper()
		r := recover()
		if !isInterrupt(r) {
			h.t.Fatalf("%s: recovered %v, want the interrupt", name, r)
		}
		if took := time.Since(start); took > d+interruptBound {
			h.t.Fatalf("%s ended %v after its context", name, took-d)
		}
	}()
	errno := h.callContext(ctx, name, args...)
	h.t.Fatalf("%s returned errno %d, want the interrupt", name, errno)
}

// Blocking calls on sockets wait until the call's context is done, then
// end the run; the host sockets are non-blocking all along, and the
// guest's NONBLOCK flag is its own.
func TestSockWaitInterrupted(t *testing.T) {
	h := newHarness(t, false)
	l := listenLoopback(t)
	fd, _ := h.connectTo(l)
	f := h.e.fds.get(uint32(fd))
	if fl, err := unix.FcntlInt(uintptr(f.hostFD), unix.F_GETFL, 0); err != nil || fl&unix.O_NONBLOCK == 0 {
		t.Fatalf("host socket flags %#x (%v), want O_NONBLOCK", fl, err)
	}
	expect(t, "fdstat", h.call("fd_fdstat_get", fd, bufAt), ESUCCESS)
	if fl := h.u32(bufAt) >> 16; fl&uint32(fdflagNonblock) != 0 {
		t.Fatalf("guest flags %#x: a new socket is blocking", fl)
	}
	h.iov(make([]byte, 16))
	h.mustInterrupt(30*time.Millisecond, "sock_recv", fd, iovAt, 1, 0, outAt, out2At)
	h.mustInterrupt(30*time.Millisecond, "fd_read", fd, iovAt, 1, outAt)
	lfd := uint64(h.sockOpen(afInet4, sockStream))
	h.sockAddrAt(pathAt, []byte{127, 0, 0, 1})
	expect(t, "bind", h.call("sock_bind", lfd, pathAt, 0), ESUCCESS)
	expect(t, "listen", h.call("sock_listen", lfd, 4), ESUCCESS)
	h.mustInterrupt(30*time.Millisecond, "sock_accept", lfd, outAt)
	// A context that is done already: at once.
	h.mustInterrupt(0, "sock_recv", fd, iovAt, 1, 0, outAt, out2At)

	// Non-blocking: EAGAIN at once, whatever the context.
	expect(t, "nonblock", h.call("fd_fdstat_set_flags", fd, uint64(fdflagNonblock)), ESUCCESS)
	expect(t, "nonblock listener", h.call("fd_fdstat_set_flags", lfd, uint64(fdflagNonblock)), ESUCCESS)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	expect(t, "recv nothing", h.callContext(ctx, "sock_recv", fd, iovAt, 1, 0, outAt, out2At), EAGAIN)
	expect(t, "read nothing", h.callContext(ctx, "fd_read", fd, iovAt, 1, outAt), EAGAIN)
	expect(t, "accept nothing", h.callContext(ctx, "sock_accept", lfd, outAt), EAGAIN)
	expect(t, "accept_v2 nothing", h.callContext(ctx, "sock_accept_v2", lfd, 0, outAt), EAGAIN)
	if d := time.Since(start); d > interruptBound {
		t.Errorf("non-blocking calls took %v", d)
	}
	expect(t, "fdstat", h.call("fd_fdstat_get", fd, bufAt), ESUCCESS)
	if fl := h.u32(bufAt) >> 16; fl&uint32(fdflagNonblock) == 0 {
		t.Fatalf("guest flags %#x, want NONBLOCK", fl)
	}
	// Back to blocking: the host socket stays non-blocking.
	expect(t, "blocking", h.call("fd_fdstat_set_flags", fd, 0), ESUCCESS)
	f = h.e.fds.get(uint32(fd))
	if fl, _ := unix.FcntlInt(uintptr(f.hostFD), unix.F_GETFL, 0); fl&unix.O_NONBLOCK == 0 {
		t.Fatal("fd_fdstat_set_flags made the host socket blocking")
	}
	h.mustInterrupt(20*time.Millisecond, "sock_recv", fd, iovAt, 1, 0, outAt, out2At)
}

// A blocking recv waits for data, and with WAITALL until its buffers are
// full; a blocking send sends everything; SO_RCVTIMEO bounds a wait
// (EAGAIN), as on a blocking host socket.
func TestSockBlockingSemantics(t *testing.T) {
	h := newHarness(t, false)
	l := listenLoopback(t)
	fd, c := h.connectTo(l)
	go func() {
		time.Sleep(20 * time.Millisecond)
		c.Write([]byte("hello, "))
		time.Sleep(20 * time.Millisecond)
		c.Write([]byte("world"))
	}()
	h.iov(make([]byte, 12))
	expect(t, "recv WAITALL", h.call("sock_recv", fd, iovAt, 1, riflagWaitall, outAt, out2At), ESUCCESS)
	if n, got := h.u32(outAt), string(h.bytes(bufAt, 12)); n != 12 || got != "hello, world" {
		t.Fatalf("WAITALL received %d bytes %q", n, got)
	}

	// Sends far larger than the socket's buffers, while the peer reads
	// slowly: each blocking send sends everything.
	const chunk, sends = 60000, 70
	read := make(chan int, 1)
	go func() {
		n := 0
		buf := make([]byte, 64<<10)
		c.SetReadDeadline(time.Now().Add(time.Minute))
		for {
			time.Sleep(time.Millisecond)
			m, err := c.Read(buf)
			n += m
			if err != nil {
				break
			}
		}
		read <- n
	}()
	h.iov(make([]byte, chunk))
	for range sends {
		expect(t, "send", h.call("sock_send", fd, iovAt, 1, 0, outAt), ESUCCESS)
		if n := h.u32(outAt); n != chunk {
			t.Fatalf("a blocking send sent %d of %d bytes", n, chunk)
		}
	}
	expect(t, "shutdown", h.call("sock_shutdown", fd, 2), ESUCCESS)
	if n := <-read; n != chunk*sends {
		t.Fatalf("the peer read %d of %d bytes", n, chunk*sends)
	}

	// SO_RCVTIMEO of 30 ms: EAGAIN after it.
	tv := make([]byte, 16)
	tv[8] = 0x30 // 0x7530 us = 30 ms
	tv[9] = 0x75
	h.put(bufAt+100, tv)
	expect(t, "SO_RCVTIMEO", h.call("sock_setsockopt", fd, 0, soRcvtimeo, bufAt+100, 16), ESUCCESS)
	h.iov(make([]byte, 16))
	start := time.Now()
	expect(t, "recv past SO_RCVTIMEO", h.call("sock_recv", fd, iovAt, 1, 0, outAt, out2At), EAGAIN)
	if d := time.Since(start); d < 25*time.Millisecond || d > 30*time.Millisecond+interruptBound {
		t.Fatalf("SO_RCVTIMEO of 30 ms waited %v", d)
	}
}
