//go:build !wasip1

package main

import "syscall"

func listen() (int32, int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return 0, 0, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		return 0, 0, err
	}
	if err := syscall.Listen(fd, 16); err != nil {
		return 0, 0, err
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		return 0, 0, err
	}
	return int32(fd), sa.(*syscall.SockaddrInet4).Port, nil
}

func accept(l int32) (int32, error) {
	c, _, err := syscall.Accept(int(l))
	return int32(c), err
}

func recv(c int32, b []byte) (int, error) { return syscall.Read(int(c), b) }

func send(c int32, b []byte) (int, error) {
	return syscall.SendmsgN(int(c), b, nil, nil, syscall.MSG_NOSIGNAL)
}

func closeFD(c int32) { syscall.Close(int(c)) }
