package wasmedgehttpsreq

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/wasmedge"
)

// hostFuncError is WasmEdge's HostFuncError (0x40E): the guest traps.
var hostFuncError = wasmedge.NewResult(wasmedge.ErrCategory_WASM, 0x40E)

// maxHeaderBytes bounds the response's header block.
const maxHeaderBytes = 1 << 20

// instance is the state of one module instance: its options and the
// receive buffer, which each send_data replaces.
type instance struct {
	hosts       map[string]bool
	roots       *x509.CertPool
	timeout     time.Duration
	maxResponse int

	mu  sync.Mutex
	rcv []byte
}

func newModule() *wasmedge.Module {
	in := &instance{}
	config.Lock()
	in.hosts = make(map[string]bool, len(config.hosts))
	for h := range config.hosts {
		in.hosts[h] = true
	}
	in.roots, in.timeout, in.maxResponse = config.roots, config.timeout, config.maxResponse
	config.Unlock()

	mod := wasmedge.NewModule(ModuleName)
	i32 := wasmedge.NewValTypeI32()
	mod.AddFunction("wasmedge_httpsreq_send_data", wasmedge.NewFastFunction(
		wasmedge.NewFunctionType([]*wasmedge.ValType{i32, i32, i32, i32, i32}, nil), in.sendData, 0))
	mod.AddFunction("wasmedge_httpsreq_get_rcv", wasmedge.NewFastFunction(
		wasmedge.NewFunctionType([]*wasmedge.ValType{i32}, nil), in.getRcv, 0))
	mod.AddFunction("wasmedge_httpsreq_get_rcv_len", wasmedge.NewFastFunction(
		wasmedge.NewFunctionType(nil, []*wasmedge.ValType{i32}), in.getRcvLen, 0))
	return mod
}

func fail(format string, args ...any) wasmedge.Result {
	wasmedge.LogErrorf("[WasmEdge Httpsreq] "+format, args...)
	return hostFuncError
}

// sendData is wasmedge_httpsreq_send_data.
//
// # Parameters
//   - host_ptr, host_len: the host name or IP address (trailing NULs ignored)
//   - port: 1..65535
//   - body_ptr, body_len: the whole HTTP/1.x request, as the guest wrote it
//
// # Result
// None: the response replaces the receive buffer. Every failure logs an
// error and traps (0x40E): no guest memory, a range outside it, a bad port,
// a host not allowed, bytes that are not an HTTP request, and any network,
// TLS, timeout or size failure.
func (in *instance) sendData(ctx context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	var mem api.Memory
	if caller != nil {
		mem = caller.Memory()
	}
	if mem == nil {
		return fail("send_data called without a guest memory")
	}
	hptr, hlen, port := api.DecodeU32(stack[0]), api.DecodeU32(stack[1]), api.DecodeU32(stack[2])
	bptr, blen := api.DecodeU32(stack[3]), api.DecodeU32(stack[4])
	hostb, ok := mem.Read(hptr, hlen)
	if !ok {
		return fail("Fail to get Host: [%d, %d+%d) is outside the guest's memory of %d bytes", hptr, hptr, hlen, mem.Size())
	}
	body, ok := mem.Read(bptr, blen)
	if !ok {
		return fail("Fail to get Body: [%d, %d+%d) is outside the guest's memory of %d bytes", bptr, bptr, blen, mem.Size())
	}
	host := strings.TrimRight(string(hostb), "\x00")
	if port == 0 || port > 65535 {
		return fail("bad port %d", port)
	}
	if !in.hosts[hostKey(host, 0)] && !in.hosts[hostKey(host, int(port))] {
		return fail("host %q (port %d) is not allowed; allow it with --%s=%s", host, port, OptionAllowHost, host)
	}

	in.mu.Lock()
	defer in.mu.Unlock()
	in.rcv = nil
	resp, err := in.exchange(ctx, host, int(port), body)
	if err != nil {
		return fail("%s:%d: %v", host, port, err)
	}
	in.rcv = resp
	return wasmedge.Result_Success
}

// exchange sends the raw request to https://host:port and returns the
// serialized response.
func (in *instance) exchange(ctx context.Context, host string, port int, raw []byte) ([]byte, error) {
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, fmt.Errorf("the request is not HTTP/1.x: %w", err)
	}
	if req.Host == "" {
		req.Host = host
	}
	req.RequestURI = ""
	if _, ok := req.Header["User-Agent"]; !ok {
		req.Header["User-Agent"] = []string{""} // send no User-Agent of Go's: the guest's headers only
	}
	req.URL.Scheme = "https"
	req.URL.Host = net.JoinHostPort(host, strconv.Itoa(port))
	ctx, cancel := context.WithTimeout(ctx, in.timeout)
	defer cancel()
	req = req.WithContext(ctx)

	transport := &http.Transport{
		Proxy:                  nil, // straight to the host, as WasmEdge's
		TLSClientConfig:        &tls.Config{RootCAs: in.roots, ServerName: host, MinVersion: tls.VersionTLS12},
		DisableKeepAlives:      true,
		DisableCompression:     true, // the guest gets the bytes the server sent
		MaxResponseHeaderBytes: maxHeaderBytes,
		TLSHandshakeTimeout:    in.timeout,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(in.maxResponse)+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if len(data) > in.maxResponse {
		return nil, fmt.Errorf("the response body exceeds %d bytes (--%s)", in.maxResponse, OptionMaxResponse)
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	resp.ContentLength = int64(len(data))
	resp.TransferEncoding = nil
	resp.Header.Del("Transfer-Encoding")
	resp.Header.Del("Content-Length")
	var out bytes.Buffer
	if err := resp.Write(&out); err != nil {
		return nil, fmt.Errorf("serializing the response: %w", err)
	}
	return out.Bytes(), nil
}

// getRcv copies the whole receive buffer to buf_ptr; a range outside the
// memory traps with an error logged (WasmEdge writes past the memory).
func (in *instance) getRcv(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	var mem api.Memory
	if caller != nil {
		mem = caller.Memory()
	}
	if mem == nil {
		return fail("get_rcv called without a guest memory")
	}
	ptr := api.DecodeU32(stack[0])
	in.mu.Lock()
	defer in.mu.Unlock()
	if !mem.Write(ptr, in.rcv) {
		return fail("get_rcv: [%d, %d+%d) is outside the guest's memory of %d bytes", ptr, ptr, len(in.rcv), mem.Size())
	}
	return wasmedge.Result_Success
}

// getRcvLen returns the receive buffer's length.
func (in *instance) getRcvLen(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	stack[0] = api.EncodeU32(uint32(len(in.rcv)))
	in.mu.Unlock()
	return wasmedge.Result_Success
}
