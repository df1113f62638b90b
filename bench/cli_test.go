package bench

import (
	"os"
	"testing"

	"github.com/pureedge/pureedge/wasmedge"
)

// BenchmarkCLI runs the CLI's code in process on hello: in the interpreter
// (what a cold start runs, less the process start and the background
// compilation) and with the compiler's code in the persistent cache (a warm
// start, less the process start). Profile it to see where a start goes:
//
//	go test -run '^$' -bench CLI/interpreter -cpuprofile cpu.out ./bench/
func BenchmarkCLI(b *testing.B) {
	hello := command(b, "hello")
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	stdout := os.Stdout
	defer func() { os.Stdout = stdout }()
	for _, c := range []struct{ name, flag string }{
		// --force-interpreter starts no background compilation (which
		// would run this test binary).
		{"interpreter", "--force-interpreter"},
		{"warm", "--cold-start=compile"},
	} {
		b.Run(c.name, func(b *testing.B) {
			os.Stdout = devnull
			if code := wasmedge.RunWasmEdgeCLI([]string{"wasmedge", c.flag, hello}); code != 0 {
				os.Stdout = stdout
				b.Fatalf("exit status %d", code)
			}
			b.ResetTimer()
			for b.Loop() {
				wasmedge.RunWasmEdgeCLI([]string{"wasmedge", c.flag, hello})
			}
			b.StopTimer()
			os.Stdout = stdout
		})
	}
}
