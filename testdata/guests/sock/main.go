// Command sock exercises WasmEdge's socket extensions of
// wasi_snapshot_preview1 through raw imports, for the tests:
//
//	sock echo-client PORT MSG   connect to 127.0.0.1:PORT, send MSG, print the reply and both addresses
//	sock server N               listen on 127.0.0.1 (an ephemeral port, printed), serve N clients (reply upper-cased)
//	sock poll-server N          the same with a non-blocking listener and poll_oneoff
//	sock udp PORT               send "ping" to 127.0.0.1:PORT, print the reply and its sender's port
//	sock udp-server             bind a UDP socket, print its port, answer one datagram with "pong"
//	sock addrinfo HOST PORT     print sock_getaddrinfo's results
//	sock connect PORT           connect; print the errno and exit with it
//	sock wait WHAT [PORT]       print "waiting", then block for ever (until interrupted) in one call:
//	                            recv, read (fd_read), send (until the buffer is full; "waiting" when it is),
//	                            connect (to PORT), of a socket connected to 127.0.0.1:PORT;
//	                            accept (a listener nobody connects to); recv-from (an unbound UDP socket)
package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"unsafe"
)

//go:wasmimport wasi_snapshot_preview1 sock_open
func sockOpen(af, typ int32, fd unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_bind
func sockBind(fd int32, addr unsafe.Pointer, port int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_connect
func sockConnect(fd int32, addr unsafe.Pointer, port int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_listen
func sockListen(fd, backlog int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_accept_v2
func sockAccept(fd, flags int32, out unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_recv
func sockRecv(fd int32, iov unsafe.Pointer, n, flags int32, nread, roflags unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_send
func sockSend(fd int32, iov unsafe.Pointer, n, flags int32, nsent unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_send_to
func sockSendTo(fd int32, iov unsafe.Pointer, n int32, addr unsafe.Pointer, port, flags int32, nsent unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_recv_from_v2
func sockRecvFrom(fd int32, iov unsafe.Pointer, n int32, addr unsafe.Pointer, flags int32, port, nread, roflags unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_getlocaladdr
func sockGetLocalAddr(fd int32, addr, typ, port unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_getpeeraddr
func sockGetPeerAddr(fd int32, addr, typ, port unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_shutdown
func sockShutdown(fd, how int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_getaddrinfo
func sockGetaddrinfo(node unsafe.Pointer, nodeLen int32, svc unsafe.Pointer, svcLen int32, hints, res unsafe.Pointer, max int32, n unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 poll_oneoff
func pollOneoff(in, out unsafe.Pointer, n int32, nevents unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 fd_close
func fdClose(fd int32) int32

//go:wasmimport wasi_snapshot_preview1 fd_read
func fdRead(fd int32, iovs unsafe.Pointer, n int32, nread unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 fd_fdstat_set_flags
func fdFdstatSetFlags(fd, flags int32) int32

func ptr[T any](p *T) uint32 { return uint32(uintptr(unsafe.Pointer(p))) }

// address is __wasi_address_t over a 4-byte IPv4 buffer.
type address struct {
	buf, len uint32
}

var loopback = [4]byte{127, 0, 0, 1}

func addrOf(b []byte) *address { return &address{buf: ptr(&b[0]), len: uint32(len(b))} }

type iovec struct{ buf, len uint32 }

func iov(b []byte) *iovec { return &iovec{buf: ptr(&b[0]), len: uint32(len(b))} }

func check(what string, errno int32) {
	if errno != 0 {
		fmt.Printf("%s: errno %d\n", what, errno)
		os.Exit(int(errno))
	}
}

func open(typ int32) int32 {
	var fd int32
	check("sock_open", sockOpen(1, typ, unsafe.Pointer(&fd)))
	return fd
}

func send(fd int32, b []byte) {
	var n uint32
	check("sock_send", sockSend(fd, unsafe.Pointer(iov(b)), 1, 0, unsafe.Pointer(&n)))
}

func recv(fd int32) []byte {
	buf := make([]byte, 256)
	var n uint32
	var fl uint16
	check("sock_recv", sockRecv(fd, unsafe.Pointer(iov(buf)), 1, 0, unsafe.Pointer(&n), unsafe.Pointer(&fl)))
	return buf[:n]
}

func names(fd int32, peer bool) string {
	b := make([]byte, 4)
	var typ, port uint32
	f := sockGetLocalAddr
	if peer {
		f = sockGetPeerAddr
	}
	check("getaddr", f(fd, unsafe.Pointer(addrOf(b)), unsafe.Pointer(&typ), unsafe.Pointer(&port)))
	return fmt.Sprintf("%d %d.%d.%d.%d %d", typ, b[0], b[1], b[2], b[3], port)
}

func listen() int32 {
	fd := bound()
	announce(fd)
	return fd
}

// bound opens a TCP socket bound to a free loopback port and listening.
func bound() int32 {
	fd := open(2)
	check("sock_bind", sockBind(fd, unsafe.Pointer(addrOf(loopback[:])), 0))
	check("sock_listen", sockListen(fd, 16))
	return fd
}

// announce prints the listener's address: the test connects once it reads it.
func announce(fd int32) {
	fmt.Printf("listening %s\n", names(fd, false))
}

func serve(c int32) {
	send(c, bytes.ToUpper(recv(c)))
	check("sock_shutdown", sockShutdown(c, 3))
	check("fd_close", fdClose(c))
}

// subscription is poll_oneoff's fd_read subscription.
type subscription struct {
	userdata uint64
	tag      uint8
	_        [7]byte
	fd       uint32
	_        [28]byte
}

type event struct {
	userdata uint64
	errno    uint16
	typ      uint8
	_        [21]byte
}

// pollServer serves n clients from one thread with non-blocking sockets
// and poll_oneoff: a client's request ends when it shuts down its side, so
// nothing is left unread when the reply is sent and the socket closed (no
// reset), and a read that finds nothing (EAGAIN) only waits for the next
// poll.
func pollServer(n int) {
	// Nothing can be pending before the port is announced: the test
	// connects only once it has read it.
	l := bound()
	check("nonblock", fdFdstatSetFlags(l, 4))
	var c int32
	if e := sockAccept(l, 4, unsafe.Pointer(&c)); e != 6 {
		fmt.Printf("accept with nothing pending: errno %d, want EAGAIN\n", e)
		os.Exit(1)
	}
	announce(l)
	clients := map[int32][]byte{} // what each client has sent so far
	served := 0
	for served < n {
		subs := []subscription{{userdata: uint64(l), tag: 1, fd: uint32(l)}}
		for fd := range clients {
			subs = append(subs, subscription{userdata: uint64(fd), tag: 1, fd: uint32(fd)})
		}
		evs := make([]event, len(subs))
		var nev uint32
		check("poll_oneoff", pollOneoff(unsafe.Pointer(&subs[0]), unsafe.Pointer(&evs[0]), int32(len(subs)), unsafe.Pointer(&nev)))
		var accepted []int32
		for _, ev := range evs[:nev] {
			fd := int32(ev.userdata)
			if fd == l {
				var c int32
				for sockAccept(l, 4, unsafe.Pointer(&c)) == 0 {
					accepted = append(accepted, c)
				}
				continue
			}
			buf := make([]byte, 256)
			var got uint32
			var fl uint16
			switch e := sockRecv(fd, unsafe.Pointer(iov(buf)), 1, 0, unsafe.Pointer(&got), unsafe.Pointer(&fl)); {
			case e == 6: // EAGAIN: nothing after all
			case e != 0:
				fmt.Printf("sock_recv: errno %d\n", e)
				os.Exit(1)
			case got > 0:
				clients[fd] = append(clients[fd], buf[:got]...)
			default: // the client is done: reply, then close
				send(fd, bytes.ToUpper(clients[fd]))
				check("sock_shutdown", sockShutdown(fd, 3))
				check("fd_close", fdClose(fd))
				delete(clients, fd)
				served++
			}
		}
		// Added after the events are handled, so that a number reused by
		// accept is never taken for a closed client's.
		for _, c := range accepted {
			clients[c] = nil
		}
	}
	fmt.Printf("served %d\n", served)
}

func main() {
	arg := func(i int) int {
		v, _ := strconv.Atoi(os.Args[i])
		return v
	}
	switch os.Args[1] {
	case "echo-client":
		fd := open(2)
		check("sock_connect", sockConnect(fd, unsafe.Pointer(addrOf(loopback[:])), int32(arg(2))))
		send(fd, []byte(os.Args[3]))
		fmt.Printf("reply %s\n", recv(fd))
		fmt.Printf("local %s\npeer %s\n", names(fd, false), names(fd, true))
		check("fd_close", fdClose(fd))
	case "server":
		l := listen()
		for i := 0; i < arg(2); i++ {
			var c int32
			check("sock_accept", sockAccept(l, 0, unsafe.Pointer(&c)))
			fmt.Printf("client %s\n", names(c, true))
			serve(c)
		}
	case "poll-server":
		pollServer(arg(2))
	case "udp":
		fd := open(1)
		var n uint32
		check("sock_send_to", sockSendTo(fd, unsafe.Pointer(iov([]byte("ping"))), 1, unsafe.Pointer(addrOf(loopback[:])), int32(arg(2)), 0, unsafe.Pointer(&n)))
		buf := make([]byte, 64)
		from := make([]byte, 4)
		var port uint16
		var fl uint16
		check("sock_recv_from", sockRecvFrom(fd, unsafe.Pointer(iov(buf)), 1, unsafe.Pointer(addrOf(from)), 0, unsafe.Pointer(&port), unsafe.Pointer(&n), unsafe.Pointer(&fl)))
		fmt.Printf("reply %s from %d.%d.%d.%d %d\n", buf[:n], from[0], from[1], from[2], from[3], port)
	case "udp-server":
		fd := open(1)
		check("sock_bind", sockBind(fd, unsafe.Pointer(addrOf(loopback[:])), 0))
		fmt.Printf("listening %s\n", names(fd, false))
		buf := make([]byte, 64)
		from := make([]byte, 4)
		var port, fl uint16
		var n uint32
		check("sock_recv_from", sockRecvFrom(fd, unsafe.Pointer(iov(buf)), 1, unsafe.Pointer(addrOf(from)), 0, unsafe.Pointer(&port), unsafe.Pointer(&n), unsafe.Pointer(&fl)))
		fmt.Printf("got %s\n", buf[:n])
		check("sock_send_to", sockSendTo(fd, unsafe.Pointer(iov([]byte("pong"))), 1, unsafe.Pointer(addrOf(from)), int32(port), 0, unsafe.Pointer(&n)))
	case "addrinfo":
		addrinfo(os.Args[2], os.Args[3])
	case "wait":
		wait(os.Args[2], os.Args[3:])
	case "connect":
		fd := open(2)
		errno := sockConnect(fd, unsafe.Pointer(addrOf(loopback[:])), int32(arg(2)))
		fmt.Printf("errno %d\n", errno)
		os.Exit(int(errno))
	}
}

// wait blocks in one call that never completes, after printing "waiting":
// only an interrupt ends it.
func wait(what string, args []string) {
	connected := func() int32 {
		port, _ := strconv.Atoi(args[0])
		fd := open(2)
		check("sock_connect", sockConnect(fd, unsafe.Pointer(addrOf(loopback[:])), int32(port)))
		return fd
	}
	buf := make([]byte, 64<<10)
	var n uint32
	var fl uint16
	var errno int32
	switch what {
	case "recv":
		fd := connected()
		fmt.Println("waiting")
		errno = sockRecv(fd, unsafe.Pointer(iov(buf)), 1, 0, unsafe.Pointer(&n), unsafe.Pointer(&fl))
	case "read":
		fd := connected()
		fmt.Println("waiting")
		errno = fdRead(fd, unsafe.Pointer(iov(buf)), 1, unsafe.Pointer(&n))
	case "send":
		fd := connected()
		// Fill the buffers without blocking, then block.
		check("nonblock", fdFdstatSetFlags(fd, 4))
		for errno == 0 {
			errno = sockSend(fd, unsafe.Pointer(iov(buf)), 1, 0, unsafe.Pointer(&n))
		}
		if errno != 6 {
			check("sock_send", errno)
		}
		check("blocking", fdFdstatSetFlags(fd, 0))
		fmt.Println("waiting")
		errno = sockSend(fd, unsafe.Pointer(iov(buf)), 1, 0, unsafe.Pointer(&n))
	case "connect":
		port, _ := strconv.Atoi(args[0])
		fd := open(2)
		fmt.Println("waiting")
		errno = sockConnect(fd, unsafe.Pointer(addrOf(loopback[:])), int32(port))
	case "accept":
		l := bound()
		fmt.Println("waiting")
		var c int32
		errno = sockAccept(l, 0, unsafe.Pointer(&c))
	case "recv-from":
		fd := open(1)
		check("sock_bind", sockBind(fd, unsafe.Pointer(addrOf(loopback[:])), 0))
		fmt.Println("waiting")
		from := make([]byte, 4)
		var port uint16
		errno = sockRecvFrom(fd, unsafe.Pointer(iov(buf)), 1, unsafe.Pointer(addrOf(from)), 0, unsafe.Pointer(&port), unsafe.Pointer(&n), unsafe.Pointer(&fl))
	}
	fmt.Printf("%s returned: errno %d, %d bytes\n", what, errno, n)
}

func addrinfo(node, svc string) {
	const max = 8
	var infos [max][7]uint32
	var addrs [max][3]uint32
	var data [max][26]byte
	var canon [max][64]byte
	for i := range infos {
		infos[i][3] = ptr(&addrs[i])
		infos[i][4] = ptr(&canon[i])
		infos[i][5] = 64
		if i+1 < max {
			infos[i][6] = ptr(&infos[i+1])
		}
		addrs[i][1] = 26
		addrs[i][2] = ptr(&data[i])
	}
	var hints [7]uint32
	hints[0] = 2 << 24 // socktype STREAM (byte 3)
	first := ptr(&infos[0])
	var n uint32
	nb, sb := []byte(node), []byte(svc)
	check("sock_getaddrinfo", sockGetaddrinfo(unsafe.Pointer(&nb[0]), int32(len(nb)), unsafe.Pointer(&sb[0]), int32(len(sb)),
		unsafe.Pointer(&hints), unsafe.Pointer(&first), max, unsafe.Pointer(&n)))
	for i := uint32(0); i < n; i++ {
		fam := uint8(addrs[i][0])
		d := data[i]
		port := int(d[0])<<8 | int(d[1])
		if fam == 1 {
			fmt.Printf("inet4 %d.%d.%d.%d %d type %d\n", d[2], d[3], d[4], d[5], port, uint8(infos[i][0]>>24))
		} else {
			fmt.Printf("inet6 %x %d type %d\n", d[6:22], port, uint8(infos[i][0]>>24))
		}
	}
}
