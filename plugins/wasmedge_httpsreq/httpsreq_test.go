package wasmedgehttpsreq

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/plugins/internal/plugintest"
	"github.com/pureedge/pureedge/wasmedge"
)

// setup resets the options after the test and captures the runtime's log.
func setup(t *testing.T) *bytes.Buffer {
	t.Helper()
	var logb bytes.Buffer
	wasmedge.SetLogOutput(&logb)
	t.Cleanup(func() {
		wasmedge.SetLogOutput(os.Stderr)
		config.Lock()
		config.hosts, config.roots = map[string]bool{}, nil
		config.timeout, config.maxResponse = DefaultTimeout, DefaultMaxResponse
		config.Unlock()
	})
	return &logb
}

// server is a local TLS server on 127.0.0.1 that records what it got.
type server struct {
	*httptest.Server
	requests atomic.Int32
	port     string
	caFile   string
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h(w, r)
	}))
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // TLS handshake errors of the refused tests
	s.StartTLS()
	t.Cleanup(s.Close)
	_, s.port, _ = net.SplitHostPort(s.Listener.Addr().String())
	s.caFile = filepath.Join(t.TempDir(), "ca.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
	if err := os.WriteFile(s.caFile, cert, 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// trust allows 127.0.0.1 and trusts the server's certificate.
func (s *server) trust(t *testing.T) {
	t.Helper()
	for o, v := range map[string]string{OptionAllowHost: "127.0.0.1", OptionCAFile: s.caFile} {
		if err := wasmedge.SetPluginOption(PluginName, o, v); err != nil {
			t.Fatal(err)
		}
	}
}

// run runs the httpsreq guest with args in a new VM and returns what it
// printed and the run's error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	wasm := guestbuild.MustBuild(t, filepath.Join("..", "..", "testdata", "guests", "httpsreq"))
	return plugintest.RunNew(t, wasm, args...)
}

func TestRegistered(t *testing.T) {
	p := wasmedge.FindPlugin(PluginName)
	if p == nil {
		t.Fatalf("not registered: %v", wasmedge.ListPlugins())
	}
	if got := p.ListModule(); !reflect.DeepEqual(got, []string{ModuleName}) {
		t.Errorf("ListModule = %v", got)
	}
	m := p.CreateModule(ModuleName)
	defer m.Release()
	plugintest.CheckABI(t, m, abi.HttpsReq)
}

func TestGet(t *testing.T) {
	logb := setup(t)
	var host, ua string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		host, ua = r.Host, r.Header.Get("User-Agent")
		w.Header().Set("X-Test", "yes")
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	})
	s.trust(t)
	out, err := run(t, "get", "127.0.0.1", s.port, "/path")
	if err != nil {
		t.Fatalf("run: %v (log %q)", err, logb)
	}
	if !strings.HasPrefix(out, "HTTP/1.1 200 OK\r\n") || !strings.Contains(out, "\r\nX-Test: yes\r\n") ||
		!strings.Contains(out, "\r\nContent-Length: 11\r\n") || !strings.HasSuffix(out, "\r\n\r\nhello /path\ndone\n") {
		t.Errorf("guest printed %q", out)
	}
	if host != "127.0.0.1" || ua != "" {
		t.Errorf("the server saw Host %q, User-Agent %q", host, ua)
	}
	if strings.Contains(logb.String(), "not installed") {
		t.Errorf("the mock was called: %q", logb)
	}
}

func TestPost(t *testing.T) {
	setup(t)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.Header.Get("Content-Type"), b)
	})
	s.trust(t)
	out, err := run(t, "post", "127.0.0.1", s.port, "/submit", "payload")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "HTTP/1.1 201 Created\r\n") || !strings.HasSuffix(out, "\r\n\r\nPOST text/plain payload\ndone\n") {
		t.Errorf("guest printed %q", out)
	}
}

// Redirects reach the guest; they are not followed.
func TestRedirectNotFollowed(t *testing.T) {
	setup(t)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://example.com/", http.StatusFound)
	})
	s.trust(t)
	out, err := run(t, "get", "127.0.0.1", s.port, "/")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "HTTP/1.1 302 Found\r\n") || !strings.Contains(out, "\r\nLocation: https://example.com/\r\n") {
		t.Errorf("guest printed %q", out)
	}
	if s.requests.Load() != 1 {
		t.Errorf("%d requests", s.requests.Load())
	}
}

// No host is allowed by default; an allowed host on another port is not
// the allowed host:port.
func TestHostsDeniedByDefault(t *testing.T) {
	logb := setup(t)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	if err := wasmedge.SetPluginOption(PluginName, OptionCAFile, s.caFile); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "get", "127.0.0.1", s.port, "/")
	if !plugintest.IsHostFuncError(err) || strings.Contains(out, "done") {
		t.Fatalf("err %v, output %q", err, out)
	}
	want := `[error] [WasmEdge Httpsreq] host "127.0.0.1" (port ` + s.port + `) is not allowed; allow it with --wasmedge-httpsreq-allow-host=127.0.0.1`
	if !strings.Contains(logb.String(), want) {
		t.Errorf("log %q, want %q", logb, want)
	}
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowHost, "127.0.0.1:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "get", "127.0.0.1", s.port, "/"); !plugintest.IsHostFuncError(err) {
		t.Errorf("127.0.0.1:1 allowed port %s: %v", s.port, err)
	}
	if n := s.requests.Load(); n != 0 {
		t.Errorf("the server got %d requests", n)
	}
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowHost, "127.0.0.1:"+s.port); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "get", "127.0.0.1", s.port, "/"); err != nil {
		t.Errorf("127.0.0.1:%s allowed: %v", s.port, err)
	}
}

// The certificate is verified: without the CA file the test server's
// certificate is refused.
func TestCertificateVerified(t *testing.T) {
	logb := setup(t)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowHost, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, "get", "127.0.0.1", s.port, "/")
	if !plugintest.IsHostFuncError(err) {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(logb.String(), "certificate signed by unknown authority") {
		t.Errorf("log %q", logb)
	}
	if s.requests.Load() != 0 {
		t.Error("the request reached the server")
	}
	// The certificate is for 127.0.0.1 and example.com, not localhost.
	s.trust(t)
	wasmedge.SetPluginOption(PluginName, OptionAllowHost, "localhost")
	logb.Reset()
	if _, err := run(t, "get", "localhost", s.port, "/"); !plugintest.IsHostFuncError(err) {
		t.Errorf("a certificate for another name was accepted: %v", err)
	} else if !strings.Contains(logb.String(), "certificate") {
		t.Errorf("log %q", logb)
	}
}

func TestTimeout(t *testing.T) {
	logb := setup(t)
	release := make(chan struct{})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
	})
	defer close(release)
	s.trust(t)
	if err := wasmedge.SetPluginOption(PluginName, OptionTimeout, "300ms"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := run(t, "get", "127.0.0.1", s.port, "/slow")
	if !plugintest.IsHostFuncError(err) {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(logb.String(), "context deadline exceeded") {
		t.Errorf("log %q", logb)
	}
	if err := wasmedge.SetPluginOption(PluginName, OptionTimeout, "0"); err == nil {
		t.Error("a zero timeout was accepted")
	}
}

func TestMaxResponse(t *testing.T) {
	logb := setup(t)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), 1000))
	})
	s.trust(t)
	if err := wasmedge.SetPluginOption(PluginName, OptionMaxResponse, "1000"); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "get", "127.0.0.1", s.port, "/"); err != nil || !strings.HasSuffix(out, strings.Repeat("x", 1000)+"\ndone\n") {
		t.Fatalf("1000 bytes within a bound of 1000: %v %.100q", err, out)
	}
	if err := wasmedge.SetPluginOption(PluginName, OptionMaxResponse, "999"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "get", "127.0.0.1", s.port, "/"); !plugintest.IsHostFuncError(err) {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(logb.String(), "the response body exceeds 999 bytes (--wasmedge-httpsreq-max-response)") {
		t.Errorf("log %q", logb)
	}
}

// Hostile pointers, ports and requests trap with an error logged.
func TestHostileCalls(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	for _, c := range []struct {
		args []string
		log  string
	}{
		{[]string{"bad-host"}, "Fail to get Host: [4294967280, 4294967280+64) is outside the guest's memory"},
		{[]string{"bad-body"}, "Fail to get Body: [16, 16+4294967295) is outside the guest's memory"},
		{[]string{"bad-rcv", "127.0.0.1", s.port}, "get_rcv: [4294967295, 4294967295+"},
		{[]string{"get", "127.0.0.1", "70000", "/"}, "bad port 70000"},
		{[]string{"get", "127.0.0.1", "0", "/"}, "bad port 0"},
		{[]string{"raw", "127.0.0.1", s.port, "not http at all"}, "the request is not HTTP/1.x"},
	} {
		t.Run(c.args[0], func(t *testing.T) {
			logb := setup(t)
			s.trust(t)
			out, err := run(t, c.args...)
			if !plugintest.IsHostFuncError(err) || strings.Contains(out, "done") {
				t.Errorf("err %v, output %q", err, out)
			}
			if !strings.Contains(logb.String(), "[error] [WasmEdge Httpsreq] ") || !strings.Contains(logb.String(), c.log) {
				t.Errorf("log %q, want %q", logb, c.log)
			}
		})
	}
}

// From the host there is no guest memory: a trap; get_rcv_len works (the
// real module, not the mock).
func TestCalledFromHost(t *testing.T) {
	setup(t)
	vm := wasmedge.NewVM()
	defer vm.Release()
	for _, c := range []struct {
		fn   string
		args []any
	}{
		{"wasmedge_httpsreq_send_data", []any{int32(0), int32(0), int32(443), int32(0), int32(0)}},
		{"wasmedge_httpsreq_get_rcv", []any{int32(0)}},
	} {
		if _, err := vm.ExecuteRegistered(ModuleName, c.fn, c.args...); !plugintest.IsHostFuncError(err) {
			t.Errorf("%s: %v", c.fn, err)
		}
	}
	res, err := vm.ExecuteRegistered(ModuleName, "wasmedge_httpsreq_get_rcv_len")
	if err != nil || res[0].(int32) != 0 {
		t.Errorf("get_rcv_len = %v, %v", res, err)
	}
}

func TestOptionValues(t *testing.T) {
	setup(t)
	for o, vals := range map[string][]string{
		OptionAllowHost:   {"", "a b", "host:0", "host:99999", "host:x"},
		OptionCAFile:      {filepath.Join(t.TempDir(), "missing.pem"), os.Args[0]},
		OptionTimeout:     {"soon", "-1s"},
		OptionMaxResponse: {"-1", "big", strconv.Itoa(1 << 31)},
	} {
		for _, v := range vals {
			if err := wasmedge.SetPluginOption(PluginName, o, v); err == nil {
				t.Errorf("--%s=%q accepted", o, v)
			}
		}
	}
	for _, v := range []string{"example.com", "Example.COM:8443", "[::1]:443", "::1"} {
		if err := wasmedge.SetPluginOption(PluginName, OptionAllowHost, v); err != nil {
			t.Errorf("--%s=%q: %v", OptionAllowHost, v, err)
		}
	}
	config.Lock()
	defer config.Unlock()
	for _, k := range []string{"example.com", "example.com:8443", "[::1]:443", "::1"} {
		if !config.hosts[k] {
			t.Errorf("%q not in the allow list %v", k, config.hosts)
		}
	}
}

// The CA file adds to the system's roots; it does not replace them.
func TestCAFileKeepsSystemRoots(t *testing.T) {
	setup(t)
	sys, err := x509.SystemCertPool()
	if err != nil || len(sys.Subjects()) == 0 { //nolint:staticcheck // Subjects is fine for counting
		t.Skip("no system roots here")
	}
	s := newServer(t, func(http.ResponseWriter, *http.Request) {})
	if err := wasmedge.SetPluginOption(PluginName, OptionCAFile, s.caFile); err != nil {
		t.Fatal(err)
	}
	config.Lock()
	n := len(config.roots.Subjects()) //nolint:staticcheck
	config.Unlock()
	if want := len(sys.Subjects()) + 1; n != want { //nolint:staticcheck
		t.Errorf("%d roots, want %d: the system's and the CA file's", n, want)
	}
}
