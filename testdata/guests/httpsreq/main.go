// Command httpsreq is a guest of the wasmedge_httpsreq plug-in
// (plugins/wasmedge_httpsreq), used as wasmedge_http_req uses it:
//
//	httpsreq get HOST PORT PATH         GET PATH, prints the raw response
//	httpsreq post HOST PORT PATH BODY   POST BODY to PATH
//	httpsreq raw HOST PORT REQUEST      sends REQUEST as it is
//	httpsreq bad-host | bad-body        a host or request outside the memory (traps)
//	httpsreq bad-rcv HOST PORT          get_rcv to a buffer outside the memory (traps)
package main

import (
	"fmt"
	"os"
	"strconv"
	"unsafe"
)

//go:wasmimport wasmedge_httpsreq wasmedge_httpsreq_send_data
func sendData(hostPtr unsafe.Pointer, hostLen, port uint32, bodyPtr unsafe.Pointer, bodyLen uint32)

//go:wasmimport wasmedge_httpsreq wasmedge_httpsreq_send_data
func sendDataRaw(hostPtr, hostLen, port, bodyPtr, bodyLen uint32)

//go:wasmimport wasmedge_httpsreq wasmedge_httpsreq_get_rcv
func getRcv(ptr unsafe.Pointer)

//go:wasmimport wasmedge_httpsreq wasmedge_httpsreq_get_rcv
func getRcvRaw(ptr uint32)

//go:wasmimport wasmedge_httpsreq wasmedge_httpsreq_get_rcv_len
func getRcvLen() uint32

func send(host string, port uint32, req string) {
	h := []byte(host + "\x00") // as the Rust guest, a C string
	b := []byte(req)
	sendData(unsafe.Pointer(&h[0]), uint32(len(host)), port, unsafe.Pointer(&b[0]), uint32(len(b)))
}

func receive() string {
	buf := make([]byte, getRcvLen()+1)
	getRcv(unsafe.Pointer(&buf[0]))
	return string(buf[:len(buf)-1])
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: httpsreq MODE ...")
		os.Exit(2)
	}
	port := func() uint32 {
		p, err := strconv.ParseUint(os.Args[3], 10, 32)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		return uint32(p)
	}
	switch os.Args[1] {
	case "get":
		// The request line ends with a bare \n, as in WasmEdge's test.
		send(os.Args[2], port(), "GET "+os.Args[4]+" HTTP/1.1\nHost: "+os.Args[2]+"\r\nConnection: Close\r\n\r\n")
		fmt.Print(receive())
	case "post":
		body := os.Args[5]
		send(os.Args[2], port(), "POST "+os.Args[4]+" HTTP/1.1\r\nHost: "+os.Args[2]+"\r\nContent-Type: text/plain\r\nContent-Length: "+
			strconv.Itoa(len(body))+"\r\nConnection: close\r\n\r\n"+body)
		fmt.Print(receive())
	case "raw":
		send(os.Args[2], port(), os.Args[4])
		fmt.Print(receive())
	case "bad-host":
		req := []byte("GET / HTTP/1.1\r\n\r\n")
		sendDataRaw(0xFFFFFFF0, 64, 443, uint32(uintptr(unsafe.Pointer(&req[0]))), uint32(len(req)))
	case "bad-body":
		host := []byte("127.0.0.1")
		sendDataRaw(uint32(uintptr(unsafe.Pointer(&host[0]))), uint32(len(host)), 443, 0x10, 0xFFFFFFFF)
	case "bad-rcv":
		send(os.Args[2], port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		getRcvRaw(0xFFFFFFFF)
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
	fmt.Println("\ndone")
}
