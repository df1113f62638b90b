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
)

// BenchmarkEchoServer compares a guest echo server on 127.0.0.1 (the echo
// guest, WasmEdge's socket imports, run by PureEdge's CLI) with the same Go
// program built natively for the host, in the same run. Both servers are
// processes of their own (the load generator shares a process with
// neither), the guest compiled before it starts (--cold-start compile). The
// load generator is one persistent connection on loopback; one op is one
// 64-byte request and its echo, so ops/s is requests per second (bounded by
// -benchtime). server-cpu-ns/req is the server process's CPU time per
// request (Linux), which other load on the machine disturbs less than the
// rate.
func BenchmarkEchoServer(b *testing.B) {
	dir := b.TempDir()
	native := filepath.Join(dir, "echo")
	cli := filepath.Join(dir, "wasmedge")
	for _, t := range [][2]string{{native, filepath.Join("..", "testdata", "guests", "echo")}, {cli, filepath.Join("..", "cmd", "wasmedge")}} {
		build := exec.Command("go", "build", "-o", t[0], t[1])
		if out, err := build.CombinedOutput(); err != nil {
			b.Fatalf("building %s: %v\n%s", t[1], err, out)
		}
	}
	wasm := command(b, "echo")
	for _, srv := range []struct {
		name string
		argv []string
	}{
		{"native", []string{native, "1"}},
		{"pureedge", []string{cli, "--cold-start", "compile", wasm, "1"}},
	} {
		b.Run(srv.name, func(b *testing.B) {
			cmd := exec.Command(srv.argv[0], srv.argv[1:]...)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				b.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			defer cmd.Wait()
			defer cmd.Process.Kill()
			echoLoad(b, stdout, cmd.Process.Pid)
		})
	}
}

// echoLoad reads the server's port from out, connects, and makes b.N
// request/response round trips with the server process pid.
func echoLoad(b *testing.B, out io.Reader, pid int) {
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
	cpu0, cpuOK := processCPU(pid)
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
	if cpu1, ok := processCPU(pid); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "server-cpu-ns/req")
	}
}
