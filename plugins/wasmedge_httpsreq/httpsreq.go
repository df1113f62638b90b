// Package wasmedgehttpsreq is PureEdge's wasmedge_httpsreq plug-in: the
// module wasmedge_httpsreq of WasmEdge 0.11-0.12, whose 3 functions send a
// guest's raw HTTP/1.x request over TLS and hand back the raw response,
// as the Rust crate wasmedge_http_req (before its switch to rustls) expects:
//
//	wasmedge_httpsreq_send_data(host_ptr, host_len, port, body_ptr, body_len)
//	wasmedge_httpsreq_get_rcv_len() -> i32
//	wasmedge_httpsreq_get_rcv(buf_ptr)
//
// Importing the package registers the plug-in:
//
//	import _ "github.com/pureedge/pureedge/plugins/wasmedge_httpsreq"
//
// Unlike WasmEdge's (OpenSSL without certificate verification, any host),
// the request goes through Go's net/http and crypto/tls with the server's
// certificate verified against the system's roots and the name the guest
// connects to, and only to hosts the host allowed:
//
//	--wasmedge-httpsreq-allow-host HOST[:PORT]  (repeatable) allow HOST (on PORT only, if given)
//	--wasmedge-httpsreq-ca-file PATH            also trust the PEM certificates in PATH
//	--wasmedge-httpsreq-timeout DURATION        the whole exchange's limit (default 30s)
//	--wasmedge-httpsreq-max-response BYTES      the largest response body kept (default 16 MiB)
//
// No host is allowed by default. The guest's bytes are parsed as an HTTP/1.x
// request (http.ReadRequest), sent to https://HOST:PORT with the guest's
// method, path, headers and body, and the response (redirects are not
// followed) is serialized back as HTTP/1.1 with a Content-Length, which is
// what the guest's parser reads. As in WasmEdge, every failure (a refused
// host, DNS, TLS, a timeout, a response too large, a pointer outside the
// guest's memory) logs an error and traps (0x40E); nothing crashes the host.
package wasmedgehttpsreq

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pureedge/pureedge/wasmedge"
)

// The names the plug-in registers.
const (
	PluginName = "wasmedge_httpsreq"
	ModuleName = "wasmedge_httpsreq"

	OptionAllowHost   = "wasmedge-httpsreq-allow-host"
	OptionCAFile      = "wasmedge-httpsreq-ca-file"
	OptionTimeout     = "wasmedge-httpsreq-timeout"
	OptionMaxResponse = "wasmedge-httpsreq-max-response"
)

// Defaults.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMaxResponse = 16 << 20
)

// config is the plug-in's global configuration; a module copies it when it
// is created.
var config = struct {
	sync.Mutex
	hosts       map[string]bool // "host" or "host:port", lower case
	roots       *x509.CertPool  // nil: the system's
	timeout     time.Duration
	maxResponse int
}{hosts: map[string]bool{}, timeout: DefaultTimeout, maxResponse: DefaultMaxResponse}

func init() {
	_ = wasmedge.RegisterPlugin(wasmedge.PluginDescriptor{
		Name:        PluginName,
		Description: "wasmedge_httpsreq: HTTPS requests of guests to allowed hosts, certificates verified.",
		Version:     wasmedge.PluginVersion{Major: 0, Minor: 10, Patch: 1, Build: 0},
		Modules: []wasmedge.PluginModuleDescriptor{{
			Name:        ModuleName,
			Description: "send a raw HTTP request over TLS",
			Create:      newModule,
		}},
		Options: []wasmedge.PluginOption{
			{
				Name:        OptionAllowHost,
				Description: "let guests send HTTPS requests to `HOST[:PORT]` (repeatable; none by default)",
				Type:        wasmedge.PluginOptionList,
				Set:         allowHost,
			},
			{
				Name:        OptionCAFile,
				Description: "trust the PEM certificates in `PATH` besides the system's roots",
				Type:        wasmedge.PluginOptionString,
				Set:         setCAFile,
			},
			{
				Name:        OptionTimeout,
				Description: "limit each request, connection to last byte, to `DURATION` (default 30s)",
				Type:        wasmedge.PluginOptionString,
				Set:         setTimeout,
			},
			{
				Name:        OptionMaxResponse,
				Description: "fail a request whose response body exceeds `BYTES` (default 16 MiB)",
				Type:        wasmedge.PluginOptionString,
				Set:         setMaxResponse,
			},
		},
	})
}

// hostKey normalises a host (an IPv6 address without brackets) and an
// optional port into the allow list's key.
func hostKey(host string, port int) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if port == 0 {
		return host
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}

func allowHost(v string) error {
	v = strings.TrimSpace(v)
	host, port := v, 0
	if h, p, err := net.SplitHostPort(v); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("bad port in %q", v)
		}
		host, port = h, n
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if host == "" || strings.ContainsAny(host, "/ \t") {
		return fmt.Errorf("not a host name: %q", v)
	}
	config.Lock()
	config.hosts[hostKey(host, port)] = true
	config.Unlock()
	return nil
}

func setCAFile(v string) error {
	pem, err := os.ReadFile(v)
	if err != nil {
		return fmt.Errorf("CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("CA file %q has no PEM certificate", v)
	}
	config.Lock()
	config.roots = pool
	config.Unlock()
	return nil
}

func setTimeout(v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d <= 0 {
		return errors.New("not a positive duration such as 30s or 500ms: " + strconv.Quote(v))
	}
	config.Lock()
	config.timeout = d
	config.Unlock()
	return nil
}

func setMaxResponse(v string) error {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 0, 31)
	if err != nil {
		return fmt.Errorf("not a byte count below 2 GiB: %q", v)
	}
	config.Lock()
	config.maxResponse = int(n)
	config.Unlock()
	return nil
}
