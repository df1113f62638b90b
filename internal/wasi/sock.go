package wasi

import (
	"encoding/binary"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
)

// WasmEdge's socket extensions. An address is passed as __wasi_address_t
// (8 bytes: u32 buf @0, u32 buf_len @4) pointing at 4 (IPv4) or 16 (IPv6)
// address bytes, or, in the v2 forms, at a 128-byte storage: u16 family @0
// (1 IPv4, 2 IPv6), the address bytes from @2. Ports are in host order.

// WasmEdge's address families and socket types.
const (
	afUnspec = 0
	afInet4  = 1
	afInet6  = 2
	afUnix   = 3

	sockDgram  = 1
	sockStream = 2
)

const addrStorageSize = 128

// sockAddr is a decoded guest address: the bytes view and, for storage,
// the family.
type sockAddr struct {
	buf     []byte // the address bytes (for storage, from @2)
	storage []byte // the 128-byte storage, nil for a bare address
	family  uint8
}

// readAddr decodes the __wasi_address_t at ptr; v2 also takes storage.
func (c *call) readAddr(ptr uint32, v2 bool) (sockAddr, Errno) {
	bufPtr, ok1 := c.m.u32(ptr)
	bufLen, ok2 := c.m.u32(ptr + 4)
	if !ok1 || !ok2 {
		return sockAddr{}, EFAULT
	}
	b, ok := c.m.bytes(bufPtr, bufLen)
	if !ok {
		return sockAddr{}, EFAULT
	}
	switch {
	case bufLen == 4:
		return sockAddr{buf: b, family: afInet4}, ESUCCESS
	case bufLen == 16:
		return sockAddr{buf: b, family: afInet6}, ESUCCESS
	case bufLen == addrStorageSize && v2:
		return sockAddr{buf: b[2:], storage: b, family: uint8(binary.LittleEndian.Uint16(b))}, ESUCCESS
	}
	return sockAddr{}, EINVAL
}

// addrPort turns a guest address and port into a host one.
func (a sockAddr) addrPort(port uint16) (netip.AddrPort, Errno) {
	switch a.family {
	case afInet4:
		return netip.AddrPortFrom(netip.AddrFrom4([4]byte(a.buf[:4])), port), ESUCCESS
	case afInet6:
		if len(a.buf) < 16 {
			return netip.AddrPort{}, EINVAL
		}
		return netip.AddrPortFrom(netip.AddrFrom16([16]byte(a.buf[:16])), port), ESUCCESS
	}
	return netip.AddrPort{}, EAFNOSUPPORT
}

func toSockaddr(ap netip.AddrPort, family uint8) unix.Sockaddr {
	if family == afInet6 {
		return &unix.SockaddrInet6{Port: int(ap.Port()), Addr: ap.Addr().As16()}
	}
	return &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().Unmap().As4()}
}

func fromSockaddr(sa unix.Sockaddr) (netip.AddrPort, uint8, bool) {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port)), afInet4, true
	case *unix.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(a.Addr), uint16(a.Port)), afInet6, true
	}
	return netip.AddrPort{}, 0, false
}

// socket looks up a socket descriptor: EBADF if not open, ENOTSOCK if it
// is not a socket, ENOTCAPABLE without want.
func (c *call) socket(fd uint32, want Rights) (*file, Errno) {
	f, errno := c.file(fd, 0)
	if errno != ESUCCESS {
		return nil, errno
	}
	if !f.isSocket() {
		f.release()
		return nil, ENOTSOCK
	}
	if !f.base.has(want) {
		f.release()
		return nil, ENOTCAPABLE
	}
	return f, ESUCCESS
}

// addSocket puts a new host socket in the table and writes its number: of
// family and type stype, or, for an accepted connection, as its listener
// (whose socket timeouts it inherits, as the host's does).
func (c *call) addSocket(hfd int, family, stype uint8, listener *file, flags uint16, out uint32) Errno {
	ft := ftSocketStream
	if stype == sockDgram {
		ft = ftSocketDgram
	}
	f := &file{hostFD: hfd, ftype: ft, flags: flags, base: rightsSocket, family: family, sockType: stype}
	if listener != nil {
		f.rcvTimeo, f.sndTimeo = listener.rcvTimeo, listener.sndTimeo
	}
	return c.install(f, out)
}

// sockOpen creates a socket (sock_open and sock_open_v2).
//
// # Parameters
//   - af (u8: INET4 1, INET6 2; UNIX 3 is refused); socktype (u8: DGRAM 1,
//     STREAM 2); ro_fd_ptr (u32 out).
//
// # Result (Errno)
//   - EINVAL: unknown family or type; ENOSYS: AF_UNIX (as WasmEdge without
//     its allow-AF_UNIX option); ENFILE: the descriptor limit; EFAULT.
//
// See WasmEdge's lib/host/wasi/wasifunc.cpp, WasiSockOpenV1.
func sockOpen(c call, p []uint64) Errno {
	af, st := u32(p[0]), u32(p[1])
	var domain, typ int
	switch af {
	case afInet4:
		domain = unix.AF_INET
	case afInet6:
		domain = unix.AF_INET6
	case afUnix:
		return ENOSYS
	default:
		return EINVAL
	}
	switch st {
	case sockDgram:
		typ = unix.SOCK_DGRAM
	case sockStream:
		typ = unix.SOCK_STREAM
	default:
		return EINVAL
	}
	if _, ok := c.m.bytes(u32(p[2]), 4); !ok {
		return EFAULT
	}
	c.e.mu.Lock()
	full := c.e.fds.n >= c.e.fds.limit
	c.e.mu.Unlock()
	if full {
		return ENFILE
	}
	hfd, err := newSocket(domain, typ)
	if err != nil {
		return errnoOf(err)
	}
	if domain == unix.AF_INET6 {
		_ = unix.SetsockoptInt(hfd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0)
	}
	return c.addSocket(hfd, uint8(af), uint8(st), nil, 0, u32(p[2]))
}

// sockBind binds a socket to a local address (sock_bind; sock_bind_v2 also
// takes a 128-byte address storage).
//
// # Parameters
//   - fd: a socket; addr_ptr (__wasi_address_t); port (u32, host order).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL: an address length other than 4, 16 (or 128);
//     EACCES: the network policy denies the address; EADDRINUSE; EFAULT.
//
// See WasmEdge's WasiSockBindV1/V2.
func sockBind(c call, p []uint64) Errno {
	return sockAddrCall(c, p, "sock_bind", func(_ call, f *file, sa unix.Sockaddr) Errno {
		return errnoOf(unix.Bind(f.hostFD, sa))
	})
}

// sockConnect connects a socket (sock_connect; _v2 also takes storage).
//
// # Parameters
//   - fd: a socket; addr_ptr (__wasi_address_t); port (u32, host order).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL; EACCES: denied by the network policy;
//     ECONNREFUSED; EINPROGRESS: a non-blocking socket, connection under way
//     (poll for write, then SO_ERROR), or a blocking one whose SO_SNDTIMEO
//     passed; EFAULT.
//
// # Notes
// A blocking connect waits for the connection interruptibly (see wait.go).
//
// See WasmEdge's WasiSockConnectV1/V2.
func sockConnect(c call, p []uint64) Errno {
	return sockAddrCall(c, p, "sock_connect", connect)
}

func connect(c call, f *file, sa unix.Sockaddr) Errno {
	err := unix.Connect(f.hostFD, sa)
	if err != unix.EINPROGRESS && err != unix.EINTR {
		return errnoOf(err)
	}
	// The connection goes on in the background (after EINTR too).
	if !f.blocking() || !c.waitFD(f.hostFD, unix.POLLOUT, f.sndTimeo) {
		return EINPROGRESS
	}
	v, err := unix.GetsockoptInt(f.hostFD, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return errnoOf(err)
	}
	if v != 0 {
		return errnoOf(unix.Errno(v))
	}
	return ESUCCESS
}

func sockAddrCall(c call, p []uint64, op string, do func(call, *file, unix.Sockaddr) Errno) Errno {
	f, errno := c.socket(u32(p[0]), 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	a, errno := c.readAddr(u32(p[1]), true)
	if errno != ESUCCESS {
		return errno
	}
	ap, errno := a.addrPort(uint16(p[2]))
	if errno != ESUCCESS {
		return errno
	}
	if errno := c.checkNet(op, ap); errno != ESUCCESS {
		return errno
	}
	return do(c, f, toSockaddr(ap, f.family))
}

// sockListen makes a stream socket accept connections.
//
// # Parameters
//   - fd: a socket; backlog (s32).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EOPNOTSUPP (ENOTSUP): a datagram socket.
//
// See WasmEdge's WasiSockListenV1.
func sockListen(c call, p []uint64) Errno {
	f, errno := c.socket(u32(p[0]), 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	return errnoOf(unix.Listen(f.hostFD, int(int32(p[1]))))
}

// sockAcceptV1 accepts a connection (sock_accept, 2 parameters).
//
// # Parameters
//   - fd: a listening socket; ro_fd_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL: not listening; EAGAIN: non-blocking, nothing
//     pending (or SO_RCVTIMEO passed); EACCES: the peer is denied by the
//     network policy (the connection is closed); ENFILE; EFAULT.
//
// # Notes
// A blocking accept waits interruptibly (see wait.go).
//
// An import named sock_accept with the v2 signature is bound to
// sock_accept_v2, as WasmEdge does (see AliasV2).
//
// See WasmEdge's WasiSockAcceptV1.
func sockAcceptV1(c call, p []uint64) Errno { return accept(c, u32(p[0]), 0, u32(p[1])) }

// sockAcceptV2 accepts a connection with descriptor flags for it.
//
// # Parameters
//   - fd: a listening socket; fdflags (u16: NONBLOCK 4 makes the new
//     socket non-blocking); ro_fd_ptr (u32 out).
//
// # Result (Errno)
//   - as sock_accept; EINVAL: unknown flags.
//
// See WasmEdge's WasiSockAcceptV2.
func sockAcceptV2(c call, p []uint64) Errno {
	if u32(p[1]) > 0x1f {
		return EINVAL
	}
	return accept(c, u32(p[0]), uint16(p[1]), u32(p[2]))
}

func accept(c call, fd uint32, flags uint16, out uint32) Errno {
	f, errno := c.socket(fd, 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if _, ok := c.m.bytes(out, 4); !ok {
		return EFAULT
	}
	c.e.mu.Lock()
	full := c.e.fds.n >= c.e.fds.limit
	c.e.mu.Unlock()
	if full {
		return ENFILE
	}
	var nfd int
	var sa unix.Sockaddr
	var err error
	for {
		nfd, sa, err = acceptSocket(f.hostFD)
		if !c.again(f, err, unix.POLLIN, f.rcvTimeo) {
			break
		}
	}
	if err != nil {
		return errnoOf(err)
	}
	if ap, _, ok := fromSockaddr(sa); ok {
		if errno := c.checkNet("sock_accept", ap); errno != ESUCCESS {
			_ = unix.Close(nfd)
			return errno
		}
	}
	return c.addSocket(nfd, f.family, f.sockType, f, flags&fdflagNonblock, out)
}

// Receive and send flags.
const (
	riflagPeek    = 1
	riflagWaitall = 2
	roflagTrunc   = 1
)

func recvFlags(ri uint32) (int, Errno) {
	if ri > 3 {
		return 0, EINVAL
	}
	fl := 0
	if ri&riflagPeek != 0 {
		fl |= unix.MSG_PEEK
	}
	if ri&riflagWaitall != 0 {
		fl |= unix.MSG_WAITALL
	}
	return fl, ESUCCESS
}

// recv receives into the guest's iovecs and writes the length and flags.
func recv(c call, wantFrom bool, fd, iovPtr, iovLen, riFlags, lenPtr, flagsPtr uint32) (unix.Sockaddr, Errno) {
	f, errno := c.socket(fd, 0)
	if errno != ESUCCESS {
		return nil, errno
	}
	defer f.release()
	fl, errno := recvFlags(riFlags)
	if errno != ESUCCESS {
		return nil, errno
	}
	var iovArr [2][]byte
	bufs, errno := c.m.iovecs(iovPtr, iovLen, iovArr[:0])
	if errno != ESUCCESS {
		return nil, errno
	}
	if _, ok := c.m.bytes(lenPtr, 4); !ok {
		return nil, EFAULT
	}
	if _, ok := c.m.bytes(flagsPtr, 2); !ok {
		return nil, EFAULT
	}
	n, rflags, from, err := c.recvmsg(f, bufs, fl)
	if err != nil {
		return nil, errnoOf(err)
	}
	if from == nil && f.ftype == ftSocketStream && wantFrom {
		// A connected stream socket's sender is its peer (WasmEdge leaves
		// the address unset).
		from, _ = unix.Getpeername(f.hostFD)
	}
	var ro uint16
	if rflags&unix.MSG_TRUNC != 0 {
		ro |= roflagTrunc
	}
	c.m.putU32(lenPtr, uint32(n))
	c.m.putU16(flagsPtr, ro)
	return from, ESUCCESS
}

// recvmsg receives into bufs with the host flags fl, waiting as the guest
// sees f (blocking or not): a blocking stream socket with MSG_WAITALL (and
// not MSG_PEEK) receives until bufs are full, the peer closes or an error
// comes after some data, as a blocking host socket does.
func (c *call) recvmsg(f *file, bufs [][]byte, fl int) (n, rflags int, from unix.Sockaddr, err error) {
	waitAll := fl&(unix.MSG_WAITALL|unix.MSG_PEEK) == unix.MSG_WAITALL && f.ftype == ftSocketStream && f.blocking()
	if waitAll {
		fl &^= unix.MSG_WAITALL
	}
	op := sockOp{kind: opRecv, flags: fl}
	n, err = c.transfer(f, bufs, &op, waitAll)
	return n, op.rflags, op.from, err
}

// sockRecv receives data (sock_recv and sock_recv_v2).
//
// # Parameters
//   - fd: a socket; ri_data, ri_data_len: iovec array; ri_flags (PEEK 1,
//     WAITALL 2); ro_datalen_ptr (u32 out); ro_flags_ptr (u16 out:
//     DATA_TRUNCATED 1).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL: unknown flags or over 1024 iovecs; EAGAIN:
//     non-blocking, nothing to read (or SO_RCVTIMEO passed); ENOTCONN;
//     EFAULT.
//
// # Notes
// A closed connection gives success with length 0. A blocking socket waits
// for data interruptibly (see wait.go).
//
// See WasmEdge's WasiSockRecvV1.
func sockRecv(c call, p []uint64) Errno {
	_, errno := recv(c, false, u32(p[0]), u32(p[1]), u32(p[2]), u32(p[3]), u32(p[4]), u32(p[5]))
	return errno
}

// sockRecvFromV1 receives a datagram and its sender's address, without the
// port (sock_recv_from, 7 parameters).
//
// # Parameters
//   - fd; ri_data, ri_data_len; addr_ptr (__wasi_address_t: 4 or 16 bytes,
//     out); ri_flags; ro_datalen_ptr; ro_flags_ptr.
//
// # Result (Errno)
//   - as sock_recv; EINVAL: an address buffer of another size.
//
// # Notes
// An import named sock_recv_from with the v2 signature is bound to
// sock_recv_from_v2 (see AliasV2).
//
// See WasmEdge's WasiSockRecvFromV1.
func sockRecvFromV1(c call, p []uint64) Errno {
	a, errno := c.readAddr(u32(p[3]), false)
	if errno != ESUCCESS {
		return errno
	}
	from, errno := recv(c, true, u32(p[0]), u32(p[1]), u32(p[2]), u32(p[4]), u32(p[5]), u32(p[6]))
	if errno != ESUCCESS {
		return errno
	}
	if ap, _, ok := fromSockaddr(from); ok {
		putAddr(a, ap)
	}
	return ESUCCESS
}

// sockRecvFromV2 receives a datagram with its sender's address and port.
//
// # Parameters
//   - fd; ri_data, ri_data_len; addr_ptr (__wasi_address_t: 4, 16 or 128
//     bytes, out); ri_flags; port_ptr (u16 out... see Notes);
//     ro_datalen_ptr; ro_flags_ptr.
//
// # Result (Errno)
//   - as sock_recv; EINVAL: an address buffer of another size.
//
// # Notes
// WasmEdge stores the port at port_ptr in network byte order (a guest reads
// 0x901F for port 8080). PureEdge stores it in host order, the value the
// guest passed to sock_send_to and sees from sock_getlocaladdr: a guest
// that swaps the bytes to work around WasmEdge gets a wrong port here. The
// port is written as a u32 (its high half zero) when port_ptr is 4-byte
// aligned and room allows, else as a u16.
//
// See WasmEdge's WasiSockRecvFromV2.
func sockRecvFromV2(c call, p []uint64) Errno {
	a, errno := c.readAddr(u32(p[3]), true)
	if errno != ESUCCESS {
		return errno
	}
	portPtr := u32(p[5])
	if _, ok := c.m.bytes(portPtr, 2); !ok {
		return EFAULT
	}
	from, errno := recv(c, true, u32(p[0]), u32(p[1]), u32(p[2]), u32(p[4]), u32(p[6]), u32(p[7]))
	if errno != ESUCCESS {
		return errno
	}
	if ap, _, ok := fromSockaddr(from); ok {
		putAddr(a, ap)
		c.m.putU16(portPtr, ap.Port())
	}
	return ESUCCESS
}

// putAddr writes ap into a guest address buffer (and storage family).
func putAddr(a sockAddr, ap netip.AddrPort) {
	addr := ap.Addr()
	fam := uint16(afInet6)
	if addr.Is4() || (addr.Is4In6() && len(a.buf) == 4) {
		addr, fam = addr.Unmap(), afInet4
	}
	copy(a.buf, addr.AsSlice())
	if a.storage != nil {
		binary.LittleEndian.PutUint16(a.storage, fam)
	}
}

// sockSend sends data (sock_send and sock_send_v2).
//
// # Parameters
//   - fd: a socket; si_data, si_data_len: iovec array; si_flags (none
//     defined, must be 0); so_datalen_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL; EAGAIN: non-blocking and the buffer is full
//     (or SO_SNDTIMEO passed); EPIPE: the peer closed (no SIGPIPE);
//     ENOTCONN; EFAULT.
//
// # Notes
// A blocking socket waits for room interruptibly (see wait.go).
//
// See WasmEdge's WasiSockSendV1.
func sockSend(c call, p []uint64) Errno {
	return send(c, u32(p[0]), u32(p[1]), u32(p[2]), nil, u32(p[4]))
}

// sockSendTo sends a datagram to an address (sock_send_to and _v2).
//
// # Parameters
//   - fd; si_data, si_data_len; addr_ptr (__wasi_address_t; 128-byte storage
//     too); port (s32, host order); si_flags; so_datalen_ptr (u32 out).
//
// # Result (Errno)
//   - as sock_send; EACCES: the network policy denies the address.
//
// See WasmEdge's WasiSockSendToV1.
func sockSendTo(c call, p []uint64) Errno {
	a, errno := c.readAddr(u32(p[3]), true)
	if errno != ESUCCESS {
		return errno
	}
	ap, errno := a.addrPort(uint16(p[4]))
	if errno != ESUCCESS {
		return errno
	}
	if errno := c.checkNet("sock_send_to", ap); errno != ESUCCESS {
		return errno
	}
	return send(c, u32(p[0]), u32(p[1]), u32(p[2]), &ap, u32(p[6]))
}

func send(c call, fd, iovPtr, iovLen uint32, to *netip.AddrPort, outPtr uint32) Errno {
	f, errno := c.socket(fd, 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	var iovArr [2][]byte
	bufs, errno := c.m.iovecs(iovPtr, iovLen, iovArr[:0])
	if errno != ESUCCESS {
		return errno
	}
	if _, ok := c.m.bytes(outPtr, 4); !ok {
		return EFAULT
	}
	var sa unix.Sockaddr
	if to != nil {
		sa = toSockaddr(*to, f.family)
	}
	n, err := c.sendmsg(f, bufs, sa)
	if err != nil {
		return errnoOf(err)
	}
	c.m.putU32(outPtr, uint32(n))
	return ESUCCESS
}

// sendmsg sends bufs (to sa, if not nil), waiting as the guest sees f: a
// blocking stream socket sends everything unless an error comes after
// some data, as a blocking host socket does.
func (c *call) sendmsg(f *file, bufs [][]byte, sa unix.Sockaddr) (int, error) {
	op := sockOp{kind: opSend, to: sa}
	return c.transfer(f, bufs, &op, f.ftype == ftSocketStream && f.blocking())
}

// sockShutdown shuts down one or both directions of a connection.
//
// # Parameters
//   - fd: a socket; how (sdflags: RD 1, WR 2).
//
// # Result (Errno)
//   - EBADF: not open; ENOTSOCK: not a socket; EINVAL: how is 0 or unknown;
//     ENOTCONN.
//
// See #sock_shutdown.
func sockShutdown(c call, p []uint64) Errno {
	f, errno := c.socket(u32(p[0]), RightSockShutdown)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	var how int
	switch u32(p[1]) {
	case 1:
		how = unix.SHUT_RD
	case 2:
		how = unix.SHUT_WR
	case 3:
		how = unix.SHUT_RDWR
	default:
		return EINVAL
	}
	return errnoOf(unix.Shutdown(f.hostFD, how))
}

// WasmEdge's SOL_SOCKET option numbers, by index.
var sockOpts = [...]int{
	unix.SO_REUSEADDR, unix.SO_TYPE, unix.SO_ERROR, unix.SO_DONTROUTE, unix.SO_BROADCAST,
	unix.SO_SNDBUF, unix.SO_RCVBUF, unix.SO_KEEPALIVE, unix.SO_OOBINLINE, unix.SO_LINGER,
	unix.SO_RCVLOWAT, unix.SO_RCVTIMEO, unix.SO_SNDTIMEO, unix.SO_ACCEPTCONN, -1,
}

const (
	soType        = 1
	soError       = 2
	soLinger      = 9
	soRcvtimeo    = 11
	soSndtimeo    = 12
	soBindtodev   = 14
	timevalSize   = 16
	lingerSize    = 8
	intOptionSize = 4
)

// optSize is the size of an option's value.
func optSize(name uint32) uint32 {
	switch name {
	case soLinger:
		return lingerSize
	case soRcvtimeo, soSndtimeo:
		return timevalSize
	}
	return intOptionSize
}

// sockGetsockopt reads a socket option.
//
// # Parameters
//   - fd: a socket; level (u32: SOL_SOCKET 0); name (u32: WasmEdge's
//     numbering, SO_REUSEADDR 0 .. SO_BINDTODEVICE 14); flag_ptr: the value
//     (out); flag_size_ptr (u32 in: room; out: the value's size).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL: unknown level or name, or room too small
//     (4 bytes for integers, 8 for SO_LINGER, 16 for the timeouts);
//     ENOPROTOOPT: SO_BINDTODEVICE; EFAULT.
//
// # Notes
// Integer options are u32; SO_TYPE is WasmEdge's socket type and SO_ERROR a
// WASI errno, as WasmEdge converts them; SO_LINGER is {s32 onoff, s32
// linger}; the timeouts are {s64 sec, s64 usec}.
//
// See WasmEdge's WasiSockGetOpt.
func sockGetsockopt(c call, p []uint64) Errno {
	f, errno := c.socket(u32(p[0]), 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	level, name, flagPtr, sizePtr := u32(p[1]), u32(p[2]), u32(p[3]), u32(p[4])
	if level != 0 || name >= uint32(len(sockOpts)) {
		return EINVAL
	}
	if name == soBindtodev {
		return ENOPROTOOPT
	}
	room, ok := c.m.u32(sizePtr)
	if !ok {
		return EFAULT
	}
	size := optSize(name)
	if room < size {
		return EINVAL
	}
	out, ok := c.m.bytes(flagPtr, size)
	if !ok {
		return EFAULT
	}
	le := binary.LittleEndian
	switch name {
	case soLinger:
		l, err := unix.GetsockoptLinger(f.hostFD, unix.SOL_SOCKET, unix.SO_LINGER)
		if err != nil {
			return errnoOf(err)
		}
		le.PutUint32(out, uint32(l.Onoff))
		le.PutUint32(out[4:], uint32(l.Linger))
	case soRcvtimeo, soSndtimeo:
		tv, err := unix.GetsockoptTimeval(f.hostFD, unix.SOL_SOCKET, sockOpts[name])
		if err != nil {
			return errnoOf(err)
		}
		le.PutUint64(out, uint64(int64(tv.Sec)))
		le.PutUint64(out[8:], uint64(int64(tv.Usec)))
	default:
		v, err := unix.GetsockoptInt(f.hostFD, unix.SOL_SOCKET, sockOpts[name])
		if err != nil {
			return errnoOf(err)
		}
		switch name {
		case soType:
			if v == unix.SOCK_DGRAM {
				v = sockDgram
			} else {
				v = sockStream
			}
		case soError:
			if v != 0 {
				v = int(errnoOf(unix.Errno(v)))
			}
		}
		le.PutUint32(out, uint32(v))
	}
	c.m.putU32(sizePtr, size)
	return ESUCCESS
}

// sockSetsockopt sets a socket option.
//
// # Parameters
//   - fd: a socket; level (SOL_SOCKET 0); name (as sock_getsockopt);
//     flag_ptr: the value; flag_size (u32): its size.
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL: unknown level or name, a read-only option
//     (SO_TYPE, SO_ERROR, SO_ACCEPTCONN) or a size that does not fit;
//     ENOPROTOOPT: SO_BINDTODEVICE; EFAULT.
//
// See WasmEdge's WasiSockSetOpt.
func sockSetsockopt(c call, p []uint64) Errno {
	f, errno := c.socket(u32(p[0]), 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	level, name, flagPtr, size := u32(p[1]), u32(p[2]), u32(p[3]), u32(p[4])
	if level != 0 || name >= uint32(len(sockOpts)) {
		return EINVAL
	}
	switch name {
	case soBindtodev:
		return ENOPROTOOPT
	case soType, soError, 13:
		return EINVAL
	}
	if size != optSize(name) {
		return EINVAL
	}
	in, ok := c.m.bytes(flagPtr, size)
	if !ok {
		return EFAULT
	}
	le := binary.LittleEndian
	var err error
	switch name {
	case soLinger:
		err = unix.SetsockoptLinger(f.hostFD, unix.SOL_SOCKET, unix.SO_LINGER,
			&unix.Linger{Onoff: int32(le.Uint32(in)), Linger: int32(le.Uint32(in[4:]))})
	case soRcvtimeo, soSndtimeo:
		err = unix.SetsockoptTimeval(f.hostFD, unix.SOL_SOCKET, sockOpts[name],
			timeval(int64(le.Uint64(in)), int64(le.Uint64(in[8:]))))
	default:
		err = unix.SetsockoptInt(f.hostFD, unix.SOL_SOCKET, sockOpts[name], int(int32(le.Uint32(in))))
	}
	if err == nil && (name == soRcvtimeo || name == soSndtimeo) {
		return c.trackTimeout(u32(p[0]), f, name)
	}
	return errnoOf(err)
}

// trackTimeout keeps a socket's SO_RCVTIMEO or SO_SNDTIMEO, as the host
// normalised it, in its entry, for the waits of blocking calls (the host
// socket is non-blocking, so the host does not apply it).
func (c *call) trackTimeout(fd uint32, f *file, name uint32) Errno {
	tv, err := unix.GetsockoptTimeval(f.hostFD, unix.SOL_SOCKET, sockOpts[name])
	if err != nil {
		return errnoOf(err)
	}
	d := time.Duration(tv.Nano())
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	cur := c.e.fds.get(fd)
	if cur == nil || cur.h != f.h {
		return ESUCCESS // closed or renumbered meanwhile: nothing to keep
	}
	nf := cur.clone()
	if name == soRcvtimeo {
		nf.rcvTimeo = d
	} else {
		nf.sndTimeo = d
	}
	c.e.fds.replace(fd, nf)
	return ESUCCESS
}

// timeval builds a host Timeval from a guest's seconds and microseconds,
// whatever the width of its fields (int32 on 386 and arm): the seconds are
// clamped to 2^31-1 either way (68 years) so that nothing overflows, and the
// host normalises or refuses the rest.
func timeval(sec, usec int64) *unix.Timeval {
	const maxSec, maxUsec = 1<<31 - 1, 1 << 40
	sec = min(max(sec, -maxSec), maxSec)
	usec = min(max(usec, -maxUsec), maxUsec)
	tv := unix.NsecToTimeval(sec*1e9 + usec*1e3)
	return &tv
}

// sockName returns the local or peer address of a socket.
func (c *call) sockName(fd uint32, peer bool) (netip.AddrPort, uint8, Errno) {
	f, errno := c.socket(fd, 0)
	if errno != ESUCCESS {
		return netip.AddrPort{}, 0, errno
	}
	defer f.release()
	var sa unix.Sockaddr
	var err error
	if peer {
		sa, err = unix.Getpeername(f.hostFD)
	} else {
		sa, err = unix.Getsockname(f.hostFD)
	}
	if err != nil {
		return netip.AddrPort{}, 0, errnoOf(err)
	}
	ap, fam, ok := fromSockaddr(sa)
	if !ok {
		return netip.AddrPort{}, 0, EAFNOSUPPORT
	}
	return ap, fam, ESUCCESS
}

// sockGetlocaladdrV1 reports a socket's local address (sock_getlocaladdr).
//
// # Parameters
//   - fd: a socket; addr_ptr (__wasi_address_t, a 4- or 16-byte buffer,
//     out); addr_type_ptr (u32 out); port_ptr (u32 out, host order).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL: a buffer of another size; ENOMEM: an IPv6
//     address for a 4-byte buffer; EFAULT.
//
// # Notes
// The address type is 4 for IPv4 and 6 for IPv6, not the address family
// numbers (1, 2): WasmEdge keeps this quirk for the guests that depend on
// it, and so does PureEdge.
//
// See WasmEdge's WasiSockGetLocalAddrV1.
func sockGetlocaladdrV1(c call, p []uint64) Errno { return getAddrV1(c, p, false) }

// sockGetpeeraddrV1 reports a connected socket's peer address
// (sock_getpeeraddr).
//
// # Parameters
//   - as sock_getlocaladdr.
//
// # Result (Errno)
//   - as sock_getlocaladdr; ENOTCONN: not connected.
//
// # Notes
// Address type 4 or 6, as sock_getlocaladdr.
//
// See WasmEdge's WasiSockGetPeerAddrV1.
func sockGetpeeraddrV1(c call, p []uint64) Errno { return getAddrV1(c, p, true) }

func getAddrV1(c call, p []uint64, peer bool) Errno {
	a, errno := c.readAddr(u32(p[1]), false)
	if errno != ESUCCESS {
		return errno
	}
	if _, ok := c.m.bytes(u32(p[2]), 4); !ok {
		return EFAULT
	}
	if _, ok := c.m.bytes(u32(p[3]), 4); !ok {
		return EFAULT
	}
	ap, fam, errno := c.sockName(u32(p[0]), peer)
	if errno != ESUCCESS {
		return errno
	}
	addr := ap.Addr()
	if fam == afInet6 && addr.Is4In6() && len(a.buf) == 4 {
		addr, fam = addr.Unmap(), afInet4
	}
	if len(addr.AsSlice()) > len(a.buf) {
		return ENOMEM
	}
	copy(a.buf, addr.AsSlice())
	typ := uint32(4)
	if fam == afInet6 {
		typ = 6
	}
	c.m.putU32(u32(p[2]), typ)
	c.m.putU32(u32(p[3]), uint32(ap.Port()))
	return ESUCCESS
}

// sockGetlocaladdrV2 reports a socket's local address into a 128-byte
// address storage (sock_getlocaladdr_v2).
//
// # Parameters
//   - fd: a socket; addr_ptr (__wasi_address_t over a 128-byte storage:
//     u16 family @0, address @2, out); port_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; EINVAL: a buffer other than 128 bytes; EFAULT.
//
// See WasmEdge's WasiSockGetLocalAddrV2.
func sockGetlocaladdrV2(c call, p []uint64) Errno { return getAddrV2(c, p, false) }

// sockGetpeeraddrV2 reports a connected socket's peer address into a
// 128-byte address storage (sock_getpeeraddr_v2).
//
// # Parameters
//   - as sock_getlocaladdr_v2.
//
// # Result (Errno)
//   - as sock_getlocaladdr_v2; ENOTCONN.
//
// See WasmEdge's WasiSockGetPeerAddrV2.
func sockGetpeeraddrV2(c call, p []uint64) Errno { return getAddrV2(c, p, true) }

func getAddrV2(c call, p []uint64, peer bool) Errno {
	a, errno := c.readAddr(u32(p[1]), true)
	if errno != ESUCCESS {
		return errno
	}
	if a.storage == nil {
		return EINVAL
	}
	if _, ok := c.m.bytes(u32(p[2]), 4); !ok {
		return EFAULT
	}
	ap, _, errno := c.sockName(u32(p[0]), peer)
	if errno != ESUCCESS {
		return errno
	}
	putAddr(a, ap)
	c.m.putU32(u32(p[2]), uint32(ap.Port()))
	return ESUCCESS
}
