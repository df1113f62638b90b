// Command echo is an echo server on 127.0.0.1: it prints "listening PORT",
// serves the given number of connections one after another (echoing every
// read back until the client closes), and exits. The same program builds
// for wasip1 (WasmEdge's socket imports, sock_wasip1.go) and natively
// (the syscall package, sock_native.go), for the benchmark of bench/.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	n := 1
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	l, port, err := listen()
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	fmt.Printf("listening %d\n", port)
	buf := make([]byte, 64<<10)
	for i := 0; i < n; i++ {
		c, err := accept(l)
		if err != nil {
			fmt.Println("accept:", err)
			os.Exit(1)
		}
		for {
			k, err := recv(c, buf)
			if err != nil || k == 0 {
				break
			}
			if err := sendAll(c, buf[:k]); err != nil {
				break
			}
		}
		closeFD(c)
	}
}

func sendAll(c int32, b []byte) error {
	for len(b) > 0 {
		k, err := send(c, b)
		if err != nil {
			return err
		}
		b = b[k:]
	}
	return nil
}
