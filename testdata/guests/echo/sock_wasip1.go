//go:build wasip1

package main

import (
	"fmt"
	"unsafe"
)

//go:wasmimport wasi_snapshot_preview1 sock_open
func sockOpen(af, typ int32, fd unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_bind
func sockBind(fd int32, addr unsafe.Pointer, port int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_listen
func sockListen(fd, backlog int32) int32

//go:wasmimport wasi_snapshot_preview1 sock_accept
func sockAccept(fd int32, out unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_recv
func sockRecv(fd int32, iov unsafe.Pointer, n, flags int32, nread, roflags unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_send
func sockSend(fd int32, iov unsafe.Pointer, n, flags int32, nsent unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 sock_getlocaladdr
func sockGetLocalAddr(fd int32, addr, typ, port unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 fd_close
func fdClose(fd int32) int32

type address struct{ buf, len uint32 }

type iovec struct{ buf, len uint32 }

func ptr(b []byte) uint32 { return uint32(uintptr(unsafe.Pointer(&b[0]))) }

func errnoErr(what string, e int32) error {
	if e == 0 {
		return nil
	}
	return fmt.Errorf("%s: errno %d", what, e)
}

func listen() (int32, int, error) {
	var fd int32
	if err := errnoErr("sock_open", sockOpen(1, 2, unsafe.Pointer(&fd))); err != nil {
		return 0, 0, err
	}
	ip := []byte{127, 0, 0, 1}
	a := address{ptr(ip), 4}
	if err := errnoErr("sock_bind", sockBind(fd, unsafe.Pointer(&a), 0)); err != nil {
		return 0, 0, err
	}
	if err := errnoErr("sock_listen", sockListen(fd, 16)); err != nil {
		return 0, 0, err
	}
	var typ, port uint32
	if err := errnoErr("sock_getlocaladdr", sockGetLocalAddr(fd, unsafe.Pointer(&a), unsafe.Pointer(&typ), unsafe.Pointer(&port))); err != nil {
		return 0, 0, err
	}
	return fd, int(port), nil
}

func accept(l int32) (int32, error) {
	var c int32
	return c, errnoErr("sock_accept", sockAccept(l, unsafe.Pointer(&c)))
}

func recv(c int32, b []byte) (int, error) {
	v := iovec{ptr(b), uint32(len(b))}
	var n uint32
	var fl uint16
	err := errnoErr("sock_recv", sockRecv(c, unsafe.Pointer(&v), 1, 0, unsafe.Pointer(&n), unsafe.Pointer(&fl)))
	return int(n), err
}

func send(c int32, b []byte) (int, error) {
	v := iovec{ptr(b), uint32(len(b))}
	var n uint32
	err := errnoErr("sock_send", sockSend(c, unsafe.Pointer(&v), 1, 0, unsafe.Pointer(&n)))
	return int(n), err
}

func closeFD(c int32) { fdClose(c) }
