package wasi_nn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/plugins/wasi_nn/backend"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/testmodel"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/tokenizer"
	"github.com/pureedge/pureedge/wasmedge"
)

// fakeMem is one page of guest memory, as WasmEdge's own wasi_nn tests use.
type fakeMem struct {
	api.Memory
	b []byte
}

func newMem() *fakeMem { return &fakeMem{b: make([]byte, 65536)} }

func (m *fakeMem) Size() uint32 { return uint32(len(m.b)) }
func (m *fakeMem) Read(off, n uint32) ([]byte, bool) {
	if uint64(off)+uint64(n) > uint64(len(m.b)) {
		return nil, false
	}
	return m.b[off : off+n : off+n], true
}
func (m *fakeMem) WriteUint32Le(off, v uint32) bool {
	if uint64(off)+4 > uint64(len(m.b)) {
		return false
	}
	binary.LittleEndian.PutUint32(m.b[off:], v)
	return true
}
func (m *fakeMem) u32(off uint32) uint32 { return binary.LittleEndian.Uint32(m.b[off:]) }

var (
	modelOnce sync.Once
	modelPath string
	modelErr  error
)

// smallModel is a generated llama Q8_0 model (one of the golden set) with
// llama.cpp's llama-spm vocabulary.
func smallModel(t *testing.T) string {
	t.Helper()
	vocab := testmodel.VocabPath(t, "ggml-vocab-llama-spm.gguf")
	modelOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wasi_nn_test")
		if err != nil {
			modelErr = err
			return
		}
		for _, g := range testmodel.GoldenSet(vocab) {
			if g.Spec.Type == gguf.Q8_0 && g.Spec.Arch == "llama" {
				modelPath = filepath.Join(dir, g.Spec.Name())
				modelErr = testmodel.WriteFile(modelPath, g.Spec)
			}
		}
	})
	if modelErr != nil {
		t.Fatal(modelErr)
	}
	return modelPath
}

func TestMain(m *testing.M) {
	if os.Getenv("NN_LOG") == "" {
		LogOutput = &bytes.Buffer{} // the tests provoke many error lines
	}
	code := m.Run()
	if modelPath != "" {
		os.RemoveAll(filepath.Dir(modelPath))
	}
	os.Exit(code)
}

// put writes b at off and returns (off, len).
func (m *fakeMem) put(off uint32, b []byte) (uint32, uint32) {
	copy(m.b[off:], b)
	return off, uint32(len(b))
}

// loadBytes calls load with builders written at 1000.. and returns errno and graph id.
func loadBytes(e *env, m *fakeMem, enc, target uint32, builders ...[]byte) (backend.Errno, uint32) {
	off := uint32(1000 + 8*len(builders))
	for i, b := range builders {
		p, n := m.put(off, b)
		binary.LittleEndian.PutUint32(m.b[1000+8*i:], p)
		binary.LittleEndian.PutUint32(m.b[1004+8*i:], n)
		off += n
	}
	r := e.load(m, []uint32{1000, uint32(len(builders)), enc, target, 0})
	return r, m.u32(0)
}

func TestLoadValidation(t *testing.T) {
	e, m := newEnv(), newMem()
	pre := []byte("preload:" + filepath.Join(t.TempDir(), "missing.gguf"))
	cases := []struct {
		name string
		args []uint32
		want backend.Errno
	}{
		{"graph pointer out of bounds", []uint32{1000, 1, 6, 0, 65533}, backend.InvalidArgument},
		{"target AUTO", []uint32{1000, 1, 6, 3, 0}, backend.InvalidArgument},
		{"builder array out of bounds", []uint32{65530, 1, 6, 0, 0}, backend.InvalidArgument},
		{"huge builder count", []uint32{0, 0x80000000, 6, 0, 0}, backend.InvalidArgument},
	}
	for _, c := range cases {
		if got := e.load(m, c.args); got != c.want {
			t.Errorf("%s: errno %d, want %d", c.name, got, c.want)
		}
	}
	binary.LittleEndian.PutUint32(m.b[1000:], 65000)
	binary.LittleEndian.PutUint32(m.b[1004:], 1000)
	if got := e.load(m, []uint32{1000, 1, 6, 0, 0}); got != backend.InvalidArgument {
		t.Errorf("builder out of bounds: %d", got)
	}
	if got, _ := loadBytes(e, m, 6, 0, pre); got != backend.ModelNotFound {
		t.Errorf("missing model file: %d", got)
	}
	if got, _ := loadBytes(e, m, 6, 0, []byte("not a gguf file")); got != backend.InvalidArgument {
		t.Errorf("junk model: %d", got)
	}
	if got, _ := loadBytes(e, m, 6, 0, pre, []byte("{not json")); got != backend.InvalidEncoding {
		t.Errorf("bad metadata: %d", got)
	}
	for enc, want := range map[uint32]backend.Errno{0: 1, 1: 1, 3: 1, 4: 1, 9: 1, 14: 1, 5: 2, 8: 2, 15: 2, 1000: 2} {
		if got, _ := loadBytes(e, m, enc, 0, []byte("x")); got != want {
			t.Errorf("encoding %d: errno %d, want %d", enc, got, want)
		}
	}
	if len(e.graphs) != 0 {
		t.Errorf("failed loads left %d graphs", len(e.graphs))
	}
}

func TestUnsupportedEncodingMessage(t *testing.T) {
	var log bytes.Buffer
	old := LogOutput
	LogOutput = &log
	defer func() { LogOutput = old }()
	e, m := newEnv(), newMem()
	loadBytes(e, m, uint32(backend.ONNX), 0, []byte("x"))
	if !strings.Contains(log.String(), "onnx backend is not built into PureEdge (supported: GGML)") {
		t.Errorf("log: %q", log.String())
	}
}

func TestHandlesAndDrain(t *testing.T) {
	path := smallModel(t)
	e, m := newEnv(), newMem()
	pre := []byte("preload:" + path)
	cfg := []byte(`{"n-predict": 8, "temp": 0, "ctx-size": 64, "unknown-key": [1, 2]}`)
	r, g0 := loadBytes(e, m, 6, 0, pre, cfg)
	if r != 0 || g0 != 0 {
		t.Fatalf("first load: errno %d id %d", r, g0)
	}
	r, g1 := loadBytes(e, m, 6, 1, pre)
	if r != 0 || g1 != 1 {
		t.Fatalf("second load: errno %d id %d", r, g1)
	}
	for _, f := range []func(api.Memory, []uint32) backend.Errno{e.compute, e.computeSingle, e.finiSingle, e.finalizeExecutionContext, e.unload} {
		if got := f(m, []uint32{99}); got != backend.InvalidArgument {
			t.Errorf("unknown id: errno %d", got)
		}
	}
	if got := e.initExecutionContext(m, []uint32{99, 0}); got != backend.InvalidArgument {
		t.Errorf("init on unknown graph: %d", got)
	}
	if got := e.initExecutionContext(m, []uint32{g0, 0}); got != 0 || m.u32(0) != 0 {
		t.Fatalf("init: %d id %d", got, m.u32(0))
	}
	// get_output_single on a fresh context: 0 bytes.
	m.b[40] = 0xff
	if got := e.getOutputSingle(m, []uint32{0, 0, 100, 100, 40}); got != 0 || m.u32(40) != 0 {
		t.Errorf("fresh get_output_single: %d, %d bytes", got, m.u32(40))
	}
	if got := e.compute(m, []uint32{0}); got != backend.InvalidArgument {
		t.Errorf("compute without a prompt: %d", got)
	}
	setPrompt := func(ctx uint32, index uint32, typ uint32, s string) backend.Errno {
		p, n := m.put(3000, []byte(s))
		binary.LittleEndian.PutUint32(m.b[2000:], 2100)
		binary.LittleEndian.PutUint32(m.b[2004:], 1)
		binary.LittleEndian.PutUint32(m.b[2008:], typ)
		binary.LittleEndian.PutUint32(m.b[2012:], p)
		binary.LittleEndian.PutUint32(m.b[2016:], n)
		return e.setInput(m, []uint32{ctx, index, 2000})
	}
	if got := setPrompt(0, 0, 2, "Hello"); got != backend.InvalidArgument {
		t.Errorf("F64 tensor type: %d", got)
	}
	if got := setPrompt(0, 0, 3, "Hello world,"); got != 0 {
		t.Fatalf("set_input: %d", got)
	}
	if got := e.compute(m, []uint32{0}); got != 0 {
		t.Fatalf("compute: %d", got)
	}
	// Too small a buffer: too_large, the size needed, nothing written.
	for i := 500; i < 600; i++ {
		m.b[i] = 0xaa
	}
	if got := e.getOutput(m, []uint32{0, 0, 500, 3, 40}); got != backend.TooLarge {
		t.Errorf("small buffer: %d", got)
	}
	need := m.u32(40)
	if need <= 3 || m.b[500] != 0xaa {
		t.Errorf("need %d, buffer %x", need, m.b[500:503])
	}
	if got := e.getOutput(m, []uint32{0, 0, 500, need, 40}); got != 0 || m.u32(40) != need {
		t.Fatalf("get_output: %d", got)
	}
	text := string(m.b[500 : 500+need])
	if got := e.getOutput(m, []uint32{0, 1, 500, 1000, 40}); got != 0 {
		t.Fatal(got)
	}
	var meta struct {
		In  int `json:"input_tokens"`
		Out int `json:"output_tokens"`
	}
	if err := json.Unmarshal(m.b[500:500+m.u32(40)], &meta); err != nil || meta.In != 4 || meta.Out != 8 {
		t.Errorf("metadata %s: %v", m.b[500:500+m.u32(40)], err)
	}
	if got := e.getOutput(m, []uint32{0, 0, 65535, 2, 40}); got != backend.InvalidArgument {
		t.Errorf("output buffer out of bounds: %d", got)
	}
	// unload: the graph stops resolving, the context drains.
	if got := e.unload(m, []uint32{g0}); got != 0 {
		t.Fatal(got)
	}
	if got := e.unload(m, []uint32{g0}); got != backend.InvalidArgument {
		t.Errorf("second unload: %d", got)
	}
	if got := e.getOutput(m, []uint32{0, 0, 500, 1000, 40}); got != 0 || string(m.b[500:500+m.u32(40)]) != text {
		t.Errorf("drain after unload: %d", got)
	}
	if got := e.compute(m, []uint32{0}); got != backend.InvalidArgument {
		t.Errorf("compute after unload: %d", got)
	}
	if got := setPrompt(0, 0, 3, "x"); got != backend.InvalidArgument {
		t.Errorf("set_input after unload: %d", got)
	}
	if got := e.finiSingle(m, []uint32{0}); got != 0 {
		t.Errorf("fini_single after unload: %d", got)
	}
	if got := e.finalizeExecutionContext(m, []uint32{0}); got != 0 {
		t.Error(got)
	}
	if got := e.finalizeExecutionContext(m, []uint32{0}); got != backend.InvalidArgument {
		t.Errorf("second finalize: %d", got)
	}
	// Ids are never reused.
	if r, g := loadBytes(e, m, 6, 0, pre); r != 0 || g != 2 {
		t.Errorf("third load: %d id %d", r, g)
	}
	if got := e.initExecutionContext(m, []uint32{g1, 0}); got != 0 || m.u32(0) != 1 {
		t.Errorf("second context id %d", m.u32(0))
	}
	// The prompt is longer than the context (ctx-size 8 leaves 4 tokens).
	if got := setPrompt(1, 1, 3, `{"ctx-size": 8}`); got != 0 {
		t.Fatal(got)
	}
	setPrompt(1, 0, 3, "one two three four five six seven")
	if got := e.compute(m, []uint32{1}); got != backend.PromptTooLong {
		t.Errorf("long prompt: %d", got)
	}
	// The context fills up while generating.
	setPrompt(1, 1, 3, `{"ctx-size": 12, "n-predict": 100, "temp": 0}`)
	setPrompt(1, 0, 3, "Hello world,")
	if got := e.compute(m, []uint32{1}); got != backend.ContextFull {
		t.Errorf("full context: %d", got)
	}
	setPrompt(1, 1, 3, `{"ctx-size": "big"}`)
	if got := setPrompt(1, 1, 3, `{"ctx-size": "big"}`); got != backend.InvalidArgument {
		t.Errorf("bad metadata type: %d", got)
	}
}

func TestLoadByName(t *testing.T) {
	path := smallModel(t)
	if err := wasmedge.SetPluginOption(PluginName, OptionPreload, "tiny:GGML:AUTO:"+path); err != nil {
		t.Fatal(err)
	}
	wasmedge.PluginInitWASINN([]string{"other:ggml:cpu:" + path, "bad:nonsense:cpu:x"})
	e, m := newEnv(), newMem()
	name := func(s string) (uint32, uint32) { return m.put(100, []byte(s)) }
	p, n := name("tiny")
	if got := e.loadByName(m, []uint32{p, n, 0}); got != 0 || m.u32(0) != 0 {
		t.Fatalf("load_by_name: %d", got)
	}
	if got := e.loadByName(m, []uint32{p, n, 0}); got != 0 || m.u32(0) != 0 {
		t.Errorf("same name, id %d", m.u32(0))
	}
	cp, cn := m.put(300, []byte(`{"ctx-size": 32}`))
	if got := e.loadByNameWithConfig(m, []uint32{p, n, cp, cn, 0}); got != 0 || m.u32(0) != 0 {
		t.Errorf("cached name with config: id %d", m.u32(0))
	}
	p2, n2 := name("other")
	if got := e.loadByName(m, []uint32{p2, n2, 0}); got != 0 || m.u32(0) != 1 {
		t.Errorf("second model: %d id %d", got, m.u32(0))
	}
	p3, n3 := name("nosuch")
	if got := e.loadByName(m, []uint32{p3, n3, 0}); got != backend.NotFound {
		t.Errorf("unknown name: %d", got)
	}
	p4, n4 := name("bad")
	if got := e.loadByName(m, []uint32{p4, n4, 0}); got != backend.NotFound {
		t.Errorf("skipped entry: %d", got)
	}
	if got := e.loadByName(m, []uint32{65500, 64, 0}); got != backend.InvalidArgument {
		t.Errorf("name out of bounds: %d", got)
	}
	if got := e.loadByName(m, []uint32{0xffffffff, 0, 0}); got != backend.InvalidArgument {
		t.Errorf("(0xffffffff, 0): %d", got)
	}
	if got := e.loadByNameWithConfig(m, []uint32{p, n, 65500, 64, 0}); got != backend.InvalidArgument {
		t.Errorf("config out of bounds: %d", got)
	}
}

// TestGuest drives generation from a Go wasip1 guest through a VM, whole
// and streamed, and checks the text is llama.cpp's greedy answer.
func TestGuest(t *testing.T) {
	path := smallModel(t)
	wasm := guestbuild.MustBuild(t, filepath.Join("..", "..", "testdata", "guests", "wasi_nn"))
	wasmedge.PluginInitWASINN([]string{"default:GGML:AUTO:" + path})

	want, last := goldenText(t, path)
	out := runGuest(t, wasm, "default", "Hello world,", `{"n-predict": 64, "temp": 0, "ctx-size": 128, "threads": 1}`)
	// After compute, get_output_single still holds the last token (as in WasmEdge).
	meta := `{"input_tokens": 4, "output_tokens": 64, "llama_build_number": 0, "llama_commit": "pureedge"}`
	wantOut := fmt.Sprintf("compute: %q\nmetadata: %s\nstream (%d bytes before): %q\nmetadata: %s\n", want, meta, last, want, meta)
	if out != wantOut {
		t.Errorf("guest printed\n%s\nwant\n%s", out, wantOut)
	}
}

func runGuest(t *testing.T, wasm string, args ...string) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	conf := wasmedge.NewConfigure(wasmedge.WASI)
	vm := wasmedge.NewVMWithConfig(conf)
	os.Stdout = stdout
	conf.Release()
	defer vm.Release()
	vm.GetImportModule(wasmedge.WASI).InitWasi(append([]string{"guest"}, args...), nil, nil)
	done := make(chan []byte)
	go func() {
		var buf bytes.Buffer
		buf.ReadFrom(r)
		done <- buf.Bytes()
	}()
	_, err = vm.RunWasmFile(wasm, "_start")
	w.Close()
	out := <-done
	if err != nil {
		t.Fatalf("run: %v (output %s)", err, out)
	}
	return string(out)
}

// goldenText is llama.cpp's greedy continuation of the golden prompt for
// the model at path, as text, and the length of its last token's piece.
func goldenText(t *testing.T, path string) (string, int) {
	t.Helper()
	var golden struct {
		Steps []struct{ Token int } `json:"steps"`
	}
	name := strings.TrimSuffix(filepath.Base(path), ".gguf")
	b, err := os.ReadFile(filepath.Join("ggml", "model", "testdata", "golden", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := tokenizer.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Encode("Hello world,", true, true); fmt.Sprint(got) != fmt.Sprint(testmodel.GoldenPrompt) {
		t.Fatalf("prompt tokens %v, golden prompt %v", got, testmodel.GoldenPrompt)
	}
	var want []byte
	for _, s := range golden.Steps {
		want = append(want, v.Piece(s.Token, true)...)
	}
	return string(want), len(v.Piece(golden.Steps[len(golden.Steps)-1].Token, true))
}

// TestCLI runs the guest with the wasmedge command's --nn-preload, two
// models preloaded at once, and uses the second.
func TestCLI(t *testing.T) {
	first := smallModel(t)
	vocab := testmodel.VocabPath(t, "ggml-vocab-llama-spm.gguf")
	var second string
	for _, g := range testmodel.GoldenSet(vocab) {
		if g.Spec.Type == gguf.Q4_0 {
			second = filepath.Join(t.TempDir(), g.Spec.Name())
			if err := testmodel.WriteFile(second, g.Spec); err != nil {
				t.Fatal(err)
			}
		}
	}
	wasm := guestbuild.MustBuild(t, filepath.Join("..", "..", "testdata", "guests", "wasi_nn"))
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []byte)
	go func() {
		var buf bytes.Buffer
		buf.ReadFrom(r)
		done <- buf.Bytes()
	}()
	stdout := os.Stdout
	os.Stdout = w
	code := wasmedge.RunWasmEdgeUnifiedCLI([]string{"wasmedge",
		"--nn-preload", "first:GGML:AUTO:" + first,
		"--nn-preload=second:ggml:cpu:" + second,
		wasm, "second", "Hello world,", `{"n-predict": 64, "temp": 0, "ctx-size": 128}`})
	os.Stdout = stdout
	w.Close()
	out := string(<-done)
	if code != 0 {
		t.Fatalf("exit code %d, output %s", code, out)
	}
	text, _ := goldenText(t, second)
	want := fmt.Sprintf("compute: %q\n", text)
	if !strings.HasPrefix(out, want) {
		t.Errorf("output %s\nwant prefix %s", out, want)
	}
}

// Embedding mode returns WasmEdge's JSON with the normalized last hidden state.
func TestEmbedding(t *testing.T) {
	path := smallModel(t)
	e, m := newEnv(), newMem()
	if r, _ := loadBytes(e, m, 6, 0, []byte("preload:"+path), []byte(`{"embedding": true, "ctx-size": 64}`)); r != 0 {
		t.Fatal(r)
	}
	if got := e.initExecutionContext(m, []uint32{0, 0}); got != 0 {
		t.Fatal(got)
	}
	p, n := m.put(3000, []byte("Hello world,"))
	binary.LittleEndian.PutUint32(m.b[2000:], 2100)
	binary.LittleEndian.PutUint32(m.b[2004:], 1)
	binary.LittleEndian.PutUint32(m.b[2008:], 3)
	binary.LittleEndian.PutUint32(m.b[2012:], p)
	binary.LittleEndian.PutUint32(m.b[2016:], n)
	if got := e.setInput(m, []uint32{0, 0, 2000}); got != 0 {
		t.Fatal(got)
	}
	if got := e.compute(m, []uint32{0}); got != 0 {
		t.Fatal(got)
	}
	if got := e.getOutput(m, []uint32{0, 0, 4000, 60000, 40}); got != 0 {
		t.Fatal(got)
	}
	var out struct {
		N   int       `json:"n_embedding"`
		Vec []float64 `json:"embedding"`
	}
	if err := json.Unmarshal(m.b[4000:4000+m.u32(40)], &out); err != nil {
		t.Fatalf("%v: %s", err, m.b[4000:4000+m.u32(40)])
	}
	var sum float64
	for _, v := range out.Vec {
		sum += v * v
	}
	if out.N != 64 || len(out.Vec) != 64 || sum < 0.999 || sum > 1.001 {
		t.Errorf("n_embedding %d, %d values, squared norm %g", out.N, len(out.Vec), sum)
	}
}
