package bench

import (
	"bufio"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pureedge/pureedge/wasmedge"
)

// BenchmarkEchoServer compares a guest echo server on 127.0.0.1 (the echo
// guest, WasmEdge's socket imports, run by PureEdge) with the same Go
// program built natively for the host, in the same run. The load generator
// is one persistent connection on loopback; one op is one 64-byte request
// and its echo, so ops/s is requests per second (bounded by -benchtime).
func BenchmarkEchoServer(b *testing.B) {
	native := filepath.Join(b.TempDir(), "echo")
	build := exec.Command("go", "build", "-o", native, filepath.Join("..", "testdata", "guests", "echo"))
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building the native echo server: %v\n%s", err, out)
	}
	wasm := command(b, "echo")

	b.Run("native", func(b *testing.B) {
		cmd := exec.Command(native, "1")
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		defer cmd.Wait()
		defer cmd.Process.Kill()
		echoLoad(b, stdout)
	})
	b.Run("pureedge", func(b *testing.B) {
		// The WASI module takes the process's stdout when the VM is made.
		r, w, err := os.Pipe()
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		stdout := os.Stdout
		os.Stdout = w
		vm := wasmedge.NewVMWithConfig(wasmedge.NewConfigure(wasmedge.WASI))
		os.Stdout = stdout
		defer vm.Release()
		vm.GetImportModule(wasmedge.WASI).InitWasi([]string{"echo", "1"}, nil, nil)
		done := make(chan error, 1)
		go func() {
			_, err := vm.RunWasmFile(wasm, "_start")
			w.Close()
			done <- err
		}()
		echoLoad(b, r)
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	})
}

// echoLoad reads the server's port from out, connects, and makes b.N
// request/response round trips.
func echoLoad(b *testing.B, out io.Reader) {
	b.Helper()
	line, err := bufio.NewReader(out).ReadString('\n')
	f := strings.Fields(line)
	if err != nil || len(f) != 2 || f[0] != "listening" {
		b.Fatalf("server said %q (%v)", line, err)
	}
	c, err := net.DialTimeout("tcp4", "127.0.0.1:"+f[1], 5*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	req := make([]byte, 64)
	resp := make([]byte, 64)
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Write(req); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, resp); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
