package bench

import (
	"testing"

	"github.com/pureedge/pureedge/wasmedge"
)

// BenchmarkNewVM measures NewVMWithConfig followed by Release.
func BenchmarkNewVM(b *testing.B) {
	for _, c := range []struct {
		name string
		conf *wasmedge.Configure
	}{
		{"plain", wasmedge.NewConfigure()},
		{"wasi", wasmedge.NewConfigure(wasmedge.WASI)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				wasmedge.NewVMWithConfig(c.conf).Release()
			}
		})
	}
}

func TestNewVMSetup(t *testing.T) {
	vm := wasmedge.NewVMWithConfig(wasmedge.NewConfigure(wasmedge.WASI))
	if vm.GetImportModule(wasmedge.WASI) == nil {
		t.Error("no WASI module")
	}
	vm.Release()
	vm = wasmedge.NewVMWithConfig(wasmedge.NewConfigure())
	if vm.GetImportModule(wasmedge.WASI) != nil {
		t.Error("WASI module without WASI")
	}
	vm.Release()
}
