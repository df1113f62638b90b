package main

import (
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// --help lists every option of the compiled-in plug-ins with the plug-in
// that owns it: in the option's own text, or in the heading of the group
// the option is listed under.
func TestHelpListsPluginOptions(t *testing.T) {
	r := runCLI(t, nil, "--help")
	if r.code != 0 {
		t.Fatalf("--help: %+v", r)
	}
	for _, o := range []struct{ name, plugin string }{
		{"wasi-logging-allow-file", "wasi_logging"},
		{"wasi-logging-allow-dir", "wasi_logging"},
		{"allow-command", "wasmedge_process"},
		{"allow-command-all", "wasmedge_process"},
		{"wasmedge-process-max-output", "wasmedge_process"},
		{"wasmedge-httpsreq-allow-host", "wasmedge_httpsreq"},
		{"wasmedge-httpsreq-ca-file", "wasmedge_httpsreq"},
		{"wasmedge-httpsreq-timeout", "wasmedge_httpsreq"},
		{"wasmedge-httpsreq-max-response", "wasmedge_httpsreq"},
	} {
		entry, heading := helpEntry(r.stderr, o.name)
		if entry == "" {
			t.Errorf("--help does not list --%s:\n%s", o.name, r.stderr)
		} else if !strings.Contains(entry, "plug-in "+o.plugin) && !strings.Contains(heading, o.plugin) {
			t.Errorf("--help lists --%s without its plug-in %s: %q (under %q)", o.name, o.plugin, entry, heading)
		}
	}
}

// helpEntry returns the help text of option name (its line and the
// indented lines after it, up to the next option) and the last heading (a
// line that is not indented) before it.
func helpEntry(help, name string) (entry, heading string) {
	option := regexp.MustCompile(`^\s+--?([a-z0-9-]+)\b`)
	lines := strings.Split(help, "\n")
	for i, l := range lines {
		if l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") {
			heading = l
			continue
		}
		if m := option.FindStringSubmatch(l); m != nil && m[1] == name {
			entry = l
			for _, next := range lines[i+1:] {
				if option.MatchString(next) || next == "" || !(strings.HasPrefix(next, " ") || strings.HasPrefix(next, "\t")) {
					break
				}
				entry += "\n" + next
			}
			return entry, heading
		}
	}
	return "", ""
}

// The wasi_logging plug-in is compiled in: records reach stdout in
// WasmEdge's format, and a file only where an option allows it.
func TestWasiLogging(t *testing.T) {
	wasm := guest(t, "logging")
	r := runCLI(t, nil, wasm, "levels", "stdout")
	line := regexp.MustCompile(`^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[(trace|debug|info|warning|error|critical)\] [A-Za-z]+ Level Message$`)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 7 || lines[6] != "done" {
		t.Fatalf("%+v", r)
	}
	for _, l := range lines[:6] {
		if !line.MatchString(l) {
			t.Errorf("line %q", l)
		}
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "app.log")
	r = runCLI(t, nil, wasm, "levels", file)
	if r.code == 0 || !strings.Contains(r.stderr, "[error] [WasiLogging] Cannot log into file: ") {
		t.Fatalf("a file without an option: %+v", r)
	}
	r = runCLI(t, nil, "--wasi-logging-allow-dir", dir, wasm, "levels", file)
	if r.code != 0 {
		t.Fatalf("--wasi-logging-allow-dir: %+v", r)
	}
	if b, err := os.ReadFile(file); err != nil || strings.Count(string(b), "\n") != 6 {
		t.Fatalf("log file: %q, %v", b, err)
	}
}

// wasmedge_process is compiled in, denies by default, and runs what
// --allow-command (repeatable) or --allow-command-all allows.
func TestWasmEdgeProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("wasmedge_process runs commands on Unix only")
	}
	if _, err := exec.LookPath("echo"); err != nil {
		t.Skip("no echo")
	}
	wasm := guest(t, "process")
	r := runCLI(t, nil, wasm, "run", "echo", "hi")
	if r.code != 0 || !strings.Contains(r.stdout, "exit=-1 ") ||
		!strings.Contains(r.stderr, `[error] [WasmEdge Process] Permission denied: Command "echo" is not in the white list. Please use --allow-command=echo or --allow-command-all to add "echo" command into the white list.`) {
		t.Fatalf("denied by default: %+v", r)
	}
	r = runCLI(t, nil, "--allow-command", "ls", "--allow-command=echo", wasm, "run", "echo", "hi")
	if r.code != 0 || !strings.Contains(r.stdout, "exit=0 stored=0\nstdout=\"hi\\n\"") {
		t.Fatalf("--allow-command: %+v", r)
	}
	// Forbidden, the plug-in's module gives way to the mock again.
	r = runCLI(t, nil, "--forbidden-plugin", "wasmedge_process", "--allow-command-all", wasm, "run", "echo", "hi")
	if r.code == 0 || !strings.Contains(r.stderr, "WasmEdge-Process plugin not installed. Please install the plugin and restart WasmEdge.") {
		t.Fatalf("--forbidden-plugin: %+v", r)
	}
	r = runCLI(t, nil, "--allow-command-all", wasm, "run", "echo", "all")
	if r.code != 0 || !strings.Contains(r.stdout, "stdout=\"all\\n\"") {
		t.Fatalf("--allow-command-all: %+v", r)
	}
	r = runCLI(t, nil, "--allow-command-all", "--wasmedge-process-max-output", "2", wasm, "run", "echo", "all")
	if r.code != 0 || !strings.Contains(r.stdout, "stdout=\"al\"") {
		t.Fatalf("--wasmedge-process-max-output: %+v", r)
	}
	// The VM's time limit ends the call and kills the command, well before
	// its own 10 s timeout.
	if _, err := exec.LookPath("sleep"); err == nil {
		start := time.Now()
		r = runCLI(t, nil, "--time-limit", "300", "--allow-command-all", wasm, "run", "sleep", "30")
		if d := time.Since(start); r.code == 0 || d > 8*time.Second || !strings.Contains(r.stderr, "execution interrupted") {
			t.Fatalf("--time-limit: %v %+v", d, r)
		}
	}
}

// wasmedge_httpsreq is compiled in; the CLI passes its options: no host by
// default, then the allowed host with the test server's certificate.
func TestWasmEdgeHttpsReq(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello "+r.URL.Path)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	wasm := guest(t, "httpsreq")
	r := runCLI(t, nil, "--wasmedge-httpsreq-ca-file", ca, wasm, "get", "127.0.0.1", port, "/x")
	if r.code == 0 || !strings.Contains(r.stderr, `[WasmEdge Httpsreq] host "127.0.0.1" (port `+port+`) is not allowed`) {
		t.Fatalf("denied by default: %+v", r)
	}
	r = runCLI(t, nil, "--wasmedge-httpsreq-allow-host", "127.0.0.1", wasm, "get", "127.0.0.1", port, "/x")
	if r.code == 0 || !strings.Contains(r.stderr, "certificate signed by unknown authority") {
		t.Fatalf("without the CA file: %+v", r)
	}
	r = runCLI(t, nil, "--wasmedge-httpsreq-allow-host", "127.0.0.1", "--wasmedge-httpsreq-ca-file", ca,
		"--wasmedge-httpsreq-timeout", "5s", "--wasmedge-httpsreq-max-response", "100", wasm, "get", "127.0.0.1", port, "/x")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "HTTP/1.1 200 OK\r\n") || !strings.HasSuffix(r.stdout, "hello /x\ndone\n") {
		t.Fatalf("allowed: %+v", r)
	}
}
