// Command sockalias imports sock_accept and sock_recv_from with the
// signatures of their _v2 forms, as guests built against WasmEdge's newer
// headers do; WasmEdge binds such imports to the v2 functions. It listens
// on 127.0.0.1, prints the port, accepts one client (non-blocking flags
// argument 0), receives one message with the sender's port, and prints it.
package main

import (
	"fmt"
	"os"
	"unsafe"
)

//go:wasmimport wasi_snapshot_preview1 sock_open
func sockOpen(af, typ int32, fd unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_bind
func sockBind(fd int32, addr unsafe.Pointer, port int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_listen
func sockListen(fd, backlog int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_accept
func sockAccept(fd, flags int32, out unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_recv_from
func sockRecvFrom(fd int32, iov unsafe.Pointer, n int32, addr unsafe.Pointer, flags int32, port, nread, roflags unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_getlocaladdr_v2
func sockGetLocalAddr(fd int32, addr, port unsafe.Pointer) int32

type address struct{ buf, len uint32 }

type iovec struct{ buf, len uint32 }

func ptr(b []byte) uint32 { return uint32(uintptr(unsafe.Pointer(&b[0]))) }

func check(what string, e int32) {
	if e != 0 {
		fmt.Printf("%s: errno %d\n", what, e)
		os.Exit(1)
	}
}

func main() {
	var l, c int32
	check("sock_open", sockOpen(1, 2, unsafe.Pointer(&l)))
	ip := []byte{127, 0, 0, 1}
	check("sock_bind", sockBind(l, unsafe.Pointer(&address{ptr(ip), 4}), 0))
	check("sock_listen", sockListen(l, 4))
	storage := make([]byte, 128)
	var port uint32
	check("sock_getlocaladdr_v2", sockGetLocalAddr(l, unsafe.Pointer(&address{ptr(storage), 128}), unsafe.Pointer(&port)))
	fmt.Printf("listening %d family %d %d.%d.%d.%d\n", port, storage[0], storage[2], storage[3], storage[4], storage[5])
	check("sock_accept", sockAccept(l, 0, unsafe.Pointer(&c)))
	buf := make([]byte, 64)
	from := make([]byte, 128)
	var peerPort uint16
	var n uint32
	var fl uint16
	check("sock_recv_from", sockRecvFrom(c, unsafe.Pointer(&iovec{ptr(buf), 64}), 1, unsafe.Pointer(&address{ptr(from), 128}), 0,
		unsafe.Pointer(&peerPort), unsafe.Pointer(&n), unsafe.Pointer(&fl)))
	fmt.Printf("got %s from family %d %d.%d.%d.%d %d\n", buf[:n], from[0], from[2], from[3], from[4], from[5], peerPort)
}
