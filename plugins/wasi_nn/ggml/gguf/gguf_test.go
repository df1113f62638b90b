package gguf_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
)

func sample(t testing.TB) []byte {
	w := gguf.NewWriter()
	w.String("general.architecture", "llama")
	w.Uint32("llama.block_count", 2)
	w.Float32("llama.rope.freq_base", 10000)
	w.Bool("flag", true)
	w.Strings("tokenizer.ggml.tokens", []string{"a", "b", "c"})
	w.Float32s("tokenizer.ggml.scores", []float32{0, -1, -2})
	w.Int32s("tokenizer.ggml.token_type", []int32{1, 1, 3})
	if err := w.Tensor("x", gguf.F32, []uint64{4, 2}, make([]byte, 32)); err != nil {
		t.Fatal(err)
	}
	if err := w.Tensor("y", gguf.Q8_0, []uint64{32}, bytes.Repeat([]byte{1}, 34)); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gguf")
	if err := os.WriteFile(path, sample(t), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if s, _ := f.String("general.architecture"); s != "llama" || f.Version != 3 {
		t.Errorf("arch %q version %d", s, f.Version)
	}
	if n, _ := f.Uint("llama.block_count"); n != 2 {
		t.Errorf("block_count %d", n)
	}
	if v, _ := f.Float("llama.rope.freq_base"); v != 10000 {
		t.Errorf("freq_base %v", v)
	}
	if b, ok := f.Bool("flag"); !b || !ok {
		t.Error("flag")
	}
	if got := f.KV["tokenizer.ggml.tokens"].Strings; len(got) != 3 || got[2] != "c" {
		t.Errorf("tokens %v", got)
	}
	if got := f.KV["tokenizer.ggml.token_type"].Ints; len(got) != 3 || got[2] != 3 {
		t.Errorf("types %v", got)
	}
	x, y := f.Tensor("x"), f.Tensor("y")
	if x == nil || y == nil || len(x.Data) != 32 || len(y.Data) != 34 || y.Data[0] != 1 || x.Elements() != 8 {
		t.Fatalf("tensors %+v %+v", x, y)
	}
	if (f.DataOffset+y.Offset)%32 != 0 {
		t.Errorf("y not aligned")
	}
}

// Every truncation of a valid file is rejected with ErrFormat, never a panic.
func TestTruncated(t *testing.T) {
	b := sample(t)
	for n := 0; n < len(b)-34; n++ {
		if _, err := gguf.Parse(b[:n]); err == nil || !errors.Is(err, gguf.ErrFormat) {
			t.Fatalf("%d bytes: err %v", n, err)
		}
	}
}

func TestCorrupt(t *testing.T) {
	b := sample(t)
	cases := map[string]func([]byte){
		"magic":   func(b []byte) { b[0] = 'X' },
		"version": func(b []byte) { b[4] = 1 },
		"huge tensor count": func(b []byte) {
			copy(b[8:16], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
		},
		"huge kv count": func(b []byte) {
			copy(b[16:24], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
		},
		"huge key length": func(b []byte) { copy(b[24:32], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}) },
	}
	for name, mutate := range cases {
		c := append([]byte(nil), b...)
		mutate(c)
		if _, err := gguf.Parse(c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := gguf.Open(filepath.Join(t.TempDir(), "none.gguf")); err == nil {
		t.Error("missing file opened")
	}
	empty := filepath.Join(t.TempDir(), "empty.gguf")
	os.WriteFile(empty, nil, 0o644)
	if _, err := gguf.Open(empty); err == nil {
		t.Error("empty file opened")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample(f))
	w := gguf.NewWriter()
	w.Version = 2
	var b bytes.Buffer
	w.WriteTo(&b)
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		gf, err := gguf.Parse(data)
		if err != nil {
			return
		}
		for _, ti := range gf.Tensors {
			if uint64(len(ti.Data)) > uint64(len(data)) {
				t.Fatalf("tensor %s larger than the file", ti.Name)
			}
		}
	})
}
