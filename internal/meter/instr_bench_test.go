package meter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pureedge/pureedge/internal/guestbuild"
)

// BenchmarkInstrument rewrites a 2.6 MB Go guest (testdata/guests/hello)
// with safe points only, as a plain run's first compilation does.
func BenchmarkInstrument(b *testing.B) {
	bin, err := os.ReadFile(guestbuild.MustBuild(b, filepath.Join("..", "..", "testdata", "guests", "hello")))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(bin)))
	for b.Loop() {
		if _, _, err := Instrument(bin, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
