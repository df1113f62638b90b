package spectest_test

// Tests of the harness's own helpers, so that a harness bug cannot pass
// assertions by accident.

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/wasmedge"
)

func val(typ, lane string, v interface{}) value {
	b, _ := json.Marshal(v)
	return value{Type: typ, LaneType: lane, Value: b}
}

func TestHarnessFloatMatches(t *testing.T) {
	for _, c := range []struct {
		exp   string
		bits  uint64
		width int
		want  bool
	}{
		{"nan:canonical", 0x7fc00000, 32, true},
		{"nan:canonical", 0xffc00000, 32, true},
		{"nan:canonical", 0x7fc00001, 32, false},
		{"nan:canonical", 0x7f800000, 32, false}, // +inf
		{"nan:arithmetic", 0x7fc00001, 32, true},
		{"nan:arithmetic", 0xffe00000, 32, true},
		{"nan:arithmetic", 0x7f800001, 32, false}, // signalling
		{"nan:canonical", 0x7ff8000000000000, 64, true},
		{"nan:canonical", 0x7ff8000000000001, 64, false},
		{"nan:arithmetic", 0xfff8000000000001, 64, true},
		{"nan:arithmetic", 0x7ff0000000000001, 64, false},
		{"2147483648", 0x80000000, 32, true}, // -0.0
		{"0", 0x80000000, 32, false},
	} {
		got, err := floatMatches(c.exp, c.bits, c.width)
		if err != nil || got != c.want {
			t.Errorf("floatMatches(%q, %#x, %d) = %v, %v; want %v", c.exp, c.bits, c.width, got, err, c.want)
		}
	}
}

func TestHarnessValues(t *testing.T) {
	if b, _ := parseBits("-1", 32); b != 0xffffffff {
		t.Errorf("parseBits(-1, 32) = %#x", b)
	}
	if b, _ := parseBits("-1", 64); b != math.MaxUint64 {
		t.Errorf("parseBits(-1, 64) = %#x", b)
	}
	for _, c := range []struct {
		exp  value
		got  interface{}
		want bool
	}{
		{val("i32", "", "4294967295"), int32(-1), true},
		{val("i32", "", "1"), int32(2), false},
		{val("i32", "", "1"), int64(1), false},
		{val("i64", "", "18446744073709551615"), int64(-1), true},
		{val("f32", "", "1065353216"), float32(1), true},
		{val("f64", "", "nan:canonical"), math.Float64frombits(0x7ff8000000000000), true},
		{val("f64", "", "nan:canonical"), math.NaN(), false}, // Go's NaN has payload 1: arithmetic, not canonical
		{val("f64", "", "nan:arithmetic"), math.NaN(), true},
		{val("f64", "", "0"), math.Copysign(0, -1), false},
		{val("externref", "", "null"), wasmedge.ExternRef{}, true},
		{val("externref", "", "1"), externRef(1), true},
		{val("externref", "", "1"), externRef(2), false},
		{val("externref", "", "null"), externRef(1), false},
		{val("funcref", "", "null"), wasmedge.FuncRef{}, true},
		{value{Type: "funcref"}, wasmedge.FuncRef{}, false}, // any non-null
		{val("v128", "i16", []string{"1", "2", "3", "4", "5", "6", "7", "65535"}), wasmedge.NewV128(0xffff000700060005, 0x0004000300020001), true},
		{val("v128", "i16", []string{"1", "2", "3", "4", "5", "6", "7", "65534"}), wasmedge.NewV128(0xffff000700060005, 0x0004000300020001), false},
		{val("v128", "f32", []string{"nan:canonical", "0", "0", "1065353216"}), wasmedge.NewV128(0x3f80000000000000, 0x000000007fc00000), true},
		{val("v128", "i8", []string{"1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "128"}), wasmedge.NewV128(0x8000000000000000, 1), true},
	} {
		got, err := matches(c.exp, c.got)
		if err != nil && c.want {
			t.Errorf("matches(%s, %s): %v", c.exp, show(c.got), err)
		}
		if got != c.want {
			t.Errorf("matches(%s, %s) = %v, want %v", c.exp, show(c.got), got, c.want)
		}
		// Arguments made from an expectation match it.
		if c.want && c.exp.Type != "funcref" && c.exp.Type != "externref" && !strings.Contains(string(c.exp.Value), "nan") {
			arg, err := toGo(c.exp)
			if err != nil {
				t.Errorf("toGo(%s): %v", c.exp, err)
			} else if ok, _ := matches(c.exp, arg); !ok {
				t.Errorf("toGo(%s) = %s does not match it", c.exp, show(arg))
			}
		}
	}
}

func TestHarnessTableIndexRewrite(t *testing.T) {
	in := "(table.get (local.get 0)) table.size)\n(table.set $t (x)) (table.grow 1 (y)) my.table.fill table.fill\n"
	want := "(table.get 0 (local.get 0)) table.size 0)\n(table.set $t (x)) (table.grow 1 (y)) my.table.fill table.fill 0\n"
	if got := addDefaultTableIndex(in); got != want {
		t.Errorf("addDefaultTableIndex:\n got %q\nwant %q", got, want)
	}
}

func TestHarnessForms(t *testing.T) {
	src := `;; comment (module
(module $a (func) ;; )
  (; block ( (; nested ;) ;) (data "a)\"(")
)
(register "A" $a)
(assert_return (invoke "f") (i32.const 1))

(module)
`
	forms, err := topLevelForms(src)
	if err != nil {
		t.Fatal(err)
	}
	type f struct {
		head, name, as string
		line, endLine  int
	}
	want := []f{{"module", "$a", "", 2, 4}, {"register", "$a", "A", 5, 5}, {"assert_return", "", "", 6, 6}, {"module", "", "", 8, 8}}
	if len(forms) != len(want) {
		t.Fatalf("%d forms, want %d: %+v", len(forms), len(want), forms)
	}
	for i, w := range want {
		g := forms[i]
		if (f{g.head, g.name, g.as, g.line, g.endLine}) != w {
			t.Errorf("form %d = %+v, want %+v", i, g, w)
		}
	}
	if groups := groupForms(forms); len(groups) != 2 || len(groups[0]) != 3 {
		t.Errorf("groups: %+v", groups)
	}
}

func TestHarnessProbeModules(t *testing.T) {
	for _, it := range spectestItems {
		ims := readImports(it.probe)
		if len(ims) != 1 || ims[0].module != "spectest" || ims[0].field != it.name || ims[0].kind != it.kind {
			t.Errorf("%s: probe imports %+v", it.name, ims)
		}
		conf := wasmedge.NewConfigure(wasmedge.THREADS) // shared_memory's is shared
		defer conf.Release()
		if _, err := wasmedge.NewLoaderWithConfig(conf).LoadBuffer(it.probe); err != nil {
			t.Errorf("%s: probe does not load: %v", it.name, err)
		}
	}
}

// TestHarnessFollowsWasmEdge checks the "as WasmEdge" count: an assertion
// listed in wasmEdgeDiffers counts apart when PureEdge gives WasmEdge's code
// (neither passed nor failed), and fails with any other code.
func TestHarnessFollowsWasmEdge(t *testing.T) {
	c := &command{Type: "assert_invalid", Line: 190, Text: "unknown data segment"}
	// A wrong code is a failure: listed as a known bug here, so that the
	// failure is counted (knownBug) instead of failing this test.
	pureEdgeBugs["memory_init.wast:190"] = "test"
	defer delete(pureEdgeBugs, "memory_init.wast:190")
	for _, tt := range []struct {
		code         int
		asWE, failed int
	}{
		{0x10B, 1, 0},
		{0x20D, 0, 1},
	} {
		r := &fileRun{t: t, base: "memory_init.wast", expectations: true, tally: tally{skipReasons: map[string]int{}, phases: map[string]int{}}}
		res := wasmedge.NewResult(wasmedge.ErrCategory_WASM, tt.code)
		if !r.followsWasmEdge(c, &res) {
			t.Fatalf("code %#x: memory_init.wast:190 is not taken as a WasmEdge deviation", tt.code)
		}
		if r.tally.asWasmEdge != tt.asWE || r.tally.failed != tt.failed || r.tally.knownBug != tt.failed || r.tally.passed != 0 {
			t.Errorf("code %#x: tally %+v", tt.code, r.tally)
		}
	}
	r := &fileRun{t: t, base: "memory_init.wast", expectations: true}
	other := &command{Type: "assert_invalid", Line: 196}
	res := wasmedge.NewResult(wasmedge.ErrCategory_WASM, 0x20D)
	if r.followsWasmEdge(other, &res) {
		t.Error("memory_init.wast:196 taken as a WasmEdge deviation")
	}
	if s := summaryLines("spec", &tally{asWasmEdge: 3}); !strings.Contains(s, "spec: 3 answered as WasmEdge does") {
		t.Errorf("summary without the as-WasmEdge count:\n%s", s)
	}
}
