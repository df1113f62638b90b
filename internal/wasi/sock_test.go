package wasi

import (
	"encoding/binary"
	"net"
	"net/netip"
	"testing"
	"time"
)

// sockAddrAt writes a __wasi_address_t at off over the bytes of addr (a
// 4- or 16-byte address, or a 128-byte storage) placed at off+16.
func (h *harness) sockAddrAt(off uint32, addr []byte) {
	var b [8]byte
	binary.LittleEndian.PutUint32(b[:], off+16)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(addr)))
	h.put(off, b[:])
	h.put(off+16, addr)
}

func (h *harness) sockOpen(af, typ uint64) uint32 {
	h.t.Helper()
	expect(h.t, "sock_open", h.call("sock_open", af, typ, outAt), ESUCCESS)
	return h.u32(outAt)
}

func TestSockOptions(t *testing.T) {
	h := newHarness(t, false)
	fd := uint64(h.sockOpen(afInet4, sockStream))
	one := []byte{1, 0, 0, 0}
	h.put(bufAt, one)
	expect(t, "set SO_REUSEADDR", h.call("sock_setsockopt", fd, 0, 0, bufAt, 4), ESUCCESS)
	h.put(out2At, []byte{4, 0, 0, 0})
	expect(t, "get SO_REUSEADDR", h.call("sock_getsockopt", fd, 0, 0, bufAt+8, out2At), ESUCCESS)
	if v := h.u32(bufAt + 8); v != 1 {
		t.Errorf("SO_REUSEADDR = %d", v)
	}
	expect(t, "get SO_TYPE", h.call("sock_getsockopt", fd, 0, soType, bufAt+8, out2At), ESUCCESS)
	if v := h.u32(bufAt + 8); v != sockStream {
		t.Errorf("SO_TYPE = %d, want WasmEdge's SOCK_STREAM 2", v)
	}
	expect(t, "set SO_TYPE", h.call("sock_setsockopt", fd, 0, soType, bufAt, 4), EINVAL)
	expect(t, "unknown level", h.call("sock_getsockopt", fd, 1, 0, bufAt, out2At), EINVAL)
	expect(t, "unknown option", h.call("sock_getsockopt", fd, 0, 99, bufAt, out2At), EINVAL)
	h.put(out2At, []byte{2, 0, 0, 0})
	expect(t, "room too small", h.call("sock_getsockopt", fd, 0, 0, bufAt, out2At), EINVAL)
	expect(t, "option on a directory", h.call("sock_getsockopt", 3, 0, 0, bufAt, out2At), ENOTSOCK)
	expect(t, "bad family", h.call("sock_open", 9, sockStream, outAt), EINVAL)
	expect(t, "AF_UNIX", h.call("sock_open", afUnix, sockStream, outAt), ENOSYS)
}

// A non-blocking TCP client over IPv6 loopback, with v2 addresses, and
// the network policy on bind.
func TestSockIPv6NonBlocking(t *testing.T) {
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback:", err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	port := l.Addr().(*net.TCPAddr).Port
	h := newHarness(t, false)
	fd := uint64(h.sockOpen(afInet6, sockStream))
	expect(t, "nonblock", h.call("fd_fdstat_set_flags", fd, uint64(fdflagNonblock)), ESUCCESS)
	storage := make([]byte, 128)
	storage[0] = afInet6
	copy(storage[2:], netip.IPv6Loopback().AsSlice())
	h.sockAddrAt(pathAt, storage)
	if errno := h.call("sock_connect_v2", fd, pathAt, uint64(port)); errno != EINPROGRESS && errno != ESUCCESS {
		t.Fatalf("non-blocking connect: errno %d", errno)
	}
	// Wait until writable, then SO_ERROR is 0.
	sub := make([]byte, 48)
	sub[8] = eventFdWrite
	binary.LittleEndian.PutUint32(sub[16:], uint32(fd))
	clock := make([]byte, 48)
	clock[8] = eventClock
	binary.LittleEndian.PutUint32(clock[16:], clockMonotonic)
	binary.LittleEndian.PutUint64(clock[24:], uint64(5*time.Second))
	h.put(bufAt, append(sub, clock...))
	expect(t, "poll", h.call("poll_oneoff", bufAt, bufAt+200, 2, outAt), ESUCCESS)
	if n, typ := h.u32(outAt), h.bytes(bufAt+200+10, 1)[0]; n != 1 || typ != eventFdWrite {
		t.Fatalf("%d events, first type %d", n, typ)
	}
	h.put(out2At, []byte{4, 0, 0, 0})
	expect(t, "SO_ERROR", h.call("sock_getsockopt", fd, 0, soError, bufAt, out2At), ESUCCESS)
	if v := h.u32(bufAt); v != 0 {
		t.Fatalf("SO_ERROR %d", v)
	}
	c := <-accepted
	defer c.Close()
	// sock_getpeeraddr_v2 reports family 2 and the port.
	h.sockAddrAt(pathAt, make([]byte, 128))
	expect(t, "peer v2", h.call("sock_getpeeraddr_v2", fd, pathAt, out2At), ESUCCESS)
	if fam, p := h.bytes(pathAt+16, 1)[0], h.u32(out2At); fam != afInet6 || int(p) != port {
		t.Fatalf("peer family %d port %d", fam, p)
	}
	// sock_getlocaladdr (v1) reports address type 6 for IPv6.
	h.sockAddrAt(pathAt, make([]byte, 16))
	expect(t, "local v1", h.call("sock_getlocaladdr", fd, pathAt, outAt, out2At), ESUCCESS)
	if typ := h.u32(outAt); typ != 6 {
		t.Fatalf("address type %d, want 6", typ)
	}
	// Nothing to read yet: EAGAIN.
	h.iov(make([]byte, 16))
	expect(t, "recv nothing", h.call("sock_recv", fd, iovAt, 1, 0, outAt, out2At), EAGAIN)
	c.Write([]byte("hey"))
	time.Sleep(50 * time.Millisecond)
	expect(t, "recv", h.call("sock_recv", fd, iovAt, 1, 0, outAt, out2At), ESUCCESS)
	if n := h.u32(outAt); n != 3 {
		t.Fatalf("received %d bytes", n)
	}
}

func TestSockPolicyBind(t *testing.T) {
	h := newHarness(t, false)
	r, _ := ParseNetRule("127.0.0.1:20000-20010")
	h.e.SetNetPolicy(&NetPolicy{Allow: []NetRule{r}, Logf: func(string, ...any) {}})
	fd := uint64(h.sockOpen(afInet4, sockStream))
	h.sockAddrAt(pathAt, []byte{127, 0, 0, 1})
	expect(t, "bind outside the range", h.call("sock_bind", fd, pathAt, 30000), EACCES)
	h.sockAddrAt(pathAt, []byte{10, 0, 0, 1})
	expect(t, "bind another address", h.call("sock_bind", fd, pathAt, 20001), EACCES)
	h.sockAddrAt(pathAt, []byte{1, 2, 3})
	expect(t, "bad address length", h.call("sock_bind", fd, pathAt, 20001), EINVAL)
}

func TestParseNetRule(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		match   string
	}{
		{"all", "*", "8.8.8.8:53"},
		{"*:80", "*:80", "1.2.3.4:80"},
		{"127.0.0.1", "127.0.0.1/32", "127.0.0.1:9"},
		{"10.0.0.0/8:1000-2000", "10.0.0.0/8:1000-2000", "10.9.9.9:1500"},
		{"::1", "[::1]/128", "[::1]:1"},
		{"[fd00::]/8:443", "[fd00::]/8:443", "[fd12::1]:443"},
	} {
		r, err := ParseNetRule(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if r.String() != tc.out {
			t.Errorf("%s parsed as %s, want %s", tc.in, r, tc.out)
		}
		if !r.match(netip.MustParseAddrPort(tc.match)) {
			t.Errorf("%s does not match %s", tc.in, tc.match)
		}
	}
	for _, bad := range []string{"1.2.3.4:0", "1.2.3.4:9-1", "[::1", "300.0.0.1", "1.2.3.4:x"} {
		if _, err := ParseNetRule(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
