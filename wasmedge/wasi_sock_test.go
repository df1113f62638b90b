package wasmedge

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lineWriter collects a guest's output and hands over lines as they come.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	lines chan string
	part  string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 64)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.part += string(p)
	for {
		i := strings.IndexByte(w.part, '\n')
		if i < 0 {
			break
		}
		select {
		case w.lines <- w.part[:i]:
		default:
		}
		w.part = w.part[i+1:]
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// next waits for the guest's next line.
func (w *lineWriter) next(t *testing.T) string {
	t.Helper()
	select {
	case l := <-w.lines:
		return l
	case <-time.After(sockPatience):
		t.Fatalf("no output from the guest; so far: %q", w.String())
		return ""
	}
}

// sockPatience bounds every wait on a guest or a connection: only a hang
// reaches it (a slow, loaded machine, the race detector's compile, does not).
const sockPatience = 2 * time.Minute

// runSock starts the sock guest with args; setup may set a network policy.
// done yields the exit code.
func runSock(t *testing.T, setup func(*Module), args ...string) (*lineWriter, <-chan uint) {
	t.Helper()
	wasm := guest(t, "sock")
	vm := NewVMWithConfig(NewConfigure(WASI))
	out := newLineWriter()
	wasi := vm.GetImportModule(WASI)
	wasi.InitWasi(append([]string{"sock"}, args...), nil, nil)
	wasi.host.WASI.SetStdio(nil, out, out)
	if setup != nil {
		setup(wasi)
	}
	done := make(chan uint, 1)
	go func() {
		defer vm.Release()
		if _, err := vm.RunWasmFile(wasm, "_start"); err != nil {
			t.Errorf("run: %v", err)
		}
		done <- wasi.WasiGetExitCode()
	}()
	return out, done
}

func wait(t *testing.T, out *lineWriter, done <-chan uint) {
	t.Helper()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("guest exit code %d; output %q", code, out.String())
		}
	case <-time.After(sockPatience):
		t.Fatalf("guest did not finish; output %q", out.String())
	}
}

// echoServer serves one upper-casing reply per connection on 127.0.0.1.
func echoServer(t *testing.T) (port int, remote chan string) {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	remote = make(chan string, 8)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			remote <- c.RemoteAddr().String()
			buf := make([]byte, 256)
			n, _ := c.Read(buf)
			c.Write(bytes.ToUpper(buf[:n]))
			c.Close()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port, remote
}

func TestSockEchoClient(t *testing.T) {
	port, remote := echoServer(t)
	out, done := runSock(t, nil, "echo-client", strconv.Itoa(port), "hello sockets")
	wait(t, out, done)
	client := <-remote
	_, clientPort, _ := net.SplitHostPort(client)
	want := fmt.Sprintf("reply HELLO SOCKETS\nlocal 4 127.0.0.1 %s\npeer 4 127.0.0.1 %d\n", clientPort, port)
	if got := out.String(); got != want {
		t.Fatalf("guest printed %q, want %q (address type 4 for IPv4, as WasmEdge)", got, want)
	}
}

// listeningPort reads the guest's "listening 4 127.0.0.1 PORT" line.
func listeningPort(t *testing.T, out *lineWriter) string {
	t.Helper()
	l := out.next(t)
	f := strings.Fields(l)
	if len(f) != 4 || f[0] != "listening" || f[1] != "4" || f[2] != "127.0.0.1" {
		t.Fatalf("guest said %q", l)
	}
	return f[3]
}

func dialEcho(t *testing.T, out *lineWriter, network, port, msg string) string {
	t.Helper()
	c, err := net.DialTimeout(network, "127.0.0.1:"+port, sockPatience)
	if err != nil {
		time.Sleep(100 * time.Millisecond)
		t.Fatalf("%v; guest said %q", err, out.String())
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(sockPatience))
	if _, err := c.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(bufio.NewReader(c))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSockServer(t *testing.T) {
	out, done := runSock(t, nil, "server", "2")
	port := listeningPort(t, out)
	for _, msg := range []string{"one", "two"} {
		if got := dialEcho(t, out, "tcp4", port, msg); got != strings.ToUpper(msg) {
			t.Fatalf("reply %q", got)
		}
		if l := out.next(t); !strings.HasPrefix(l, "client 4 127.0.0.1 ") {
			t.Fatalf("guest said %q", l)
		}
	}
	wait(t, out, done)
}

// A non-blocking listener and poll_oneoff serve several clients at once.
func TestSockPollServer(t *testing.T) {
	const clients = 5
	out, done := runSock(t, nil, "poll-server", strconv.Itoa(clients))
	port := listeningPort(t, out)
	// Open every connection first, so the guest has several at once.
	conns := make([]net.Conn, clients)
	for i := range conns {
		c, err := net.DialTimeout("tcp4", "127.0.0.1:"+port, sockPatience)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(sockPatience))
		conns[i] = c
	}
	// Each client sends its request and shuts its side (the guest replies
	// on end of input, so nothing is ever left unread: no reset), the
	// last-connected first.
	for i := len(conns) - 1; i >= 0; i-- {
		msg := fmt.Sprintf("client %d", i)
		if _, err := conns[i].Write([]byte(msg)); err != nil {
			t.Fatalf("client %d: %v; guest said %q", i, err, out.String())
		}
		if err := conns[i].(*net.TCPConn).CloseWrite(); err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		b, err := io.ReadAll(conns[i])
		if err != nil || string(b) != strings.ToUpper(msg) {
			t.Fatalf("client %d: %q %v; guest said %q", i, b, err, out.String())
		}
	}
	if l := out.next(t); l != fmt.Sprintf("served %d", clients) {
		t.Fatalf("guest said %q", l)
	}
	wait(t, out, done)
}

func TestSockUDP(t *testing.T) {
	// The guest sends to a server of the test's...
	pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	go func() {
		buf := make([]byte, 64)
		n, from, err := pc.ReadFrom(buf)
		if err == nil && string(buf[:n]) == "ping" {
			pc.WriteTo([]byte("pong"), from)
		}
	}()
	port := pc.LocalAddr().(*net.UDPAddr).Port
	out, done := runSock(t, nil, "udp", strconv.Itoa(port))
	wait(t, out, done)
	want := fmt.Sprintf("reply pong from 127.0.0.1 %d\n", port)
	if got := out.String(); got != want {
		t.Fatalf("guest printed %q, want %q (the sender's port in host order)", got, want)
	}
	// ...and answers a datagram the test sends.
	out, done = runSock(t, nil, "udp-server")
	gport := listeningPort(t, out)
	c, err := net.Dial("udp4", "127.0.0.1:"+gport)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(sockPatience))
	c.Write([]byte("hi"))
	buf := make([]byte, 16)
	n, err := c.Read(buf)
	if err != nil || string(buf[:n]) != "pong" {
		t.Fatalf("reply %q %v", buf[:n], err)
	}
	if l := out.next(t); l != "got hi" {
		t.Fatalf("guest said %q", l)
	}
	wait(t, out, done)
}

func TestSockGetaddrinfo(t *testing.T) {
	out, done := runSock(t, nil, "addrinfo", "localhost", "8080")
	wait(t, out, done)
	if got := out.String(); !strings.Contains(got, "inet4 127.0.0.1 8080 type 2\n") {
		t.Fatalf("getaddrinfo(localhost, 8080) gave %q", got)
	}
	out, done = runSock(t, nil, "addrinfo", "127.0.0.1", "443")
	wait(t, out, done)
	if got := out.String(); got != "inet4 127.0.0.1 443 type 2\n" {
		t.Fatalf("getaddrinfo(127.0.0.1, 443) gave %q", got)
	}
}

func TestSockNetworkPolicy(t *testing.T) {
	port, _ := echoServer(t)
	p := strconv.Itoa(port)
	for _, tc := range []struct {
		allow, deny []string
		want        string
	}{
		{nil, nil, "errno 0"},
		{nil, []string{"all"}, "errno 2"},
		{[]string{"127.0.0.1:" + p}, []string{"all"}, "errno 0"},
		{[]string{"127.0.0.0/8:1-" + strconv.Itoa(port-1)}, nil, "errno 2"},
		{[]string{"10.0.0.0/8"}, nil, "errno 2"},
		{[]string{"*:" + p}, []string{"127.0.0.1"}, "errno 2"},
		{[]string{"[::1]"}, nil, "errno 2"},
	} {
		out, done := runSock(t, func(m *Module) {
			if err := m.SetNetworkPolicy(tc.allow, tc.deny); err != nil {
				t.Fatal(err)
			}
		}, "connect", p)
		<-done
		if got := strings.TrimSpace(out.String()); got != tc.want {
			t.Errorf("allow %v deny %v: %s, want %s", tc.allow, tc.deny, got, tc.want)
		}
	}
	if err := NewWasiModule(nil, nil, nil).SetNetworkPolicy([]string{"300.1.1.1"}, nil); err == nil {
		t.Error("a bad rule was accepted")
	}
}

func TestSockCLIPolicy(t *testing.T) {
	port, _ := echoServer(t)
	p := strconv.Itoa(port)
	wasm := guest(t, "sock")
	for _, tc := range []struct {
		flags []string
		code  int
	}{
		{nil, 0},
		{[]string{"--deny-net", "all"}, 2},
		{[]string{"--deny-net=all", "--allow-net", "10.0.0.1,127.0.0.1:" + p}, 0},
		{[]string{"--allow-net", "*:1-" + strconv.Itoa(port-1)}, 2},
		{[]string{"--allow-net", "127.0.0.1:99999"}, 1},
	} {
		var out, errb bytes.Buffer
		args := append(append([]string{"wasmedge", "--cold-start", "compile"}, tc.flags...), wasm, "connect", p)
		if code := runCLI(args, &out, &errb); code != tc.code {
			t.Errorf("%v: exit %d, want %d; %s", tc.flags, code, tc.code, errb.String())
		}
	}
	var out, errb bytes.Buffer
	runCLI([]string{"wasmedge", "--help"}, &out, &errb)
	if !strings.Contains(errb.String(), "-allow-net") || !strings.Contains(errb.String(), "-deny-net") {
		t.Errorf("--help does not document --allow-net/--deny-net:\n%s", errb.String())
	}
}

// Imports named sock_accept and sock_recv_from with the v2 signatures bind
// to the v2 functions, as in WasmEdge; the v2 address storage carries the
// family.
func TestSockV2Aliases(t *testing.T) {
	wasm := guest(t, "sockalias")
	vm := NewVMWithConfig(NewConfigure(WASI))
	out := newLineWriter()
	vm.GetImportModule(WASI).host.WASI.SetStdio(nil, out, out)
	done := make(chan error, 1)
	go func() {
		defer vm.Release()
		_, err := vm.RunWasmFile(wasm, "_start")
		done <- err
	}()
	l := out.next(t)
	var port int
	if _, err := fmt.Sscanf(l, "listening %d family 1 127.0.0.1", &port); err != nil {
		t.Fatalf("guest said %q", l)
	}
	c, err := net.Dial("tcp4", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("v2"))
	local := c.LocalAddr().(*net.TCPAddr).Port
	if l, want := out.next(t), fmt.Sprintf("got v2 from family 1 127.0.0.1 %d", local); l != want {
		t.Fatalf("guest said %q, want %q", l, want)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
