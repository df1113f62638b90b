package meter

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
)

func wat(t testing.TB, src string) []byte {
	t.Helper()
	tool, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Skip("wat2wasm (Debian package wabt) is not installed")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(tool, "--debug-names", "--no-check", in, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const structureWat = `(module
 (import "env" "f" (func $imported (param i32)))
 (import "env" "g" (global $g i32))
 (table 2 funcref)
 (elem (i32.const 0) $named $unnamed_by_name)
 (global $mine (mut i32) (i32.const 5))
 (func $named (export "named") (result i32) (call $helper))
 (func $helper (result i32) (global.get $mine))
 (func $unnamed_by_name (export "other") (param i32) (call $imported (local.get 0)))
 (func (export "multi") (result i32 i64) (i32.const 1) (i64.const 2))
 (start $helper2)
 (func $helper2)
)`

// TestInstrumentKeepsStructure checks that instrumented code keeps the
// exports (their functions shifted behind the added import), the custom
// sections and the names of functions, with every statistic on.
func TestInstrumentKeepsStructure(t *testing.T) {
	bin := wat(t, structureWat)
	// A custom section of the user's, after the name section.
	bin = binary.AppendSection(bin, 0, append(binary.AppendName(nil, "mine"), "payload"...))
	// DWARF, whose code addresses the rewrite would make wrong: dropped.
	bin = binary.AppendSection(bin, 0, append(binary.AppendName(nil, ".debug_line"), "lines"...))
	orig, err := binary.Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	out, plan, err := Instrument(bin, Options{Count: true, Cost: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Segments) == 0 {
		t.Error("no segments")
	}
	got, err := binary.Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]binary.Export{}
	for _, e := range orig.Exports {
		if e.Kind == binary.ExternFunc && e.Index >= 1 {
			e.Index++ // one imported function before: the module's own shift
		}
		want[e.Name] = e
	}
	for _, e := range got.Exports {
		if w, ok := want[e.Name]; ok {
			if w != e {
				t.Errorf("export %q: %+v, want %+v", e.Name, e, w)
			}
			delete(want, e.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("exports lost: %v", want)
	}
	customs := map[string]string{}
	for _, c := range got.Customs {
		customs[c.Name] = string(c.Data)
	}
	if customs["mine"] != "payload" {
		t.Errorf("custom section: %q", customs["mine"])
	}
	if _, ok := customs[".debug_line"]; ok {
		t.Error("DWARF section kept with addresses the rewrite moved")
	}

	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	cm, err := r.CompileModule(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{"named": "named", "other": "unnamed_by_name", "multi": "$4"}
	for exp, name := range names {
		def := cm.ExportedFunctions()[exp]
		if def == nil || def.Name() != name {
			t.Errorf("export %q: function named %v, want %q", exp, def, name)
		}
	}
}

// TestUnknownIndicesStayInvalid: indices the module does not have must not
// become valid through what the rewrite adds (globals, types, locals, a
// label); Instrument refuses such modules so that validation reports them.
func TestUnknownIndicesStayInvalid(t *testing.T) {
	for _, src := range []string{
		`(module (global i32 (i32.const 0)) (func (drop (global.get 1))))`,
		`(module (func (local i32) (drop (local.get 1))))`,
		`(module (func (br 1)))`,
		`(module (type (func)) (func (call_indirect (type 1) (i32.const 0))) (table 1 funcref))`,
	} {
		bin := wat(t, src)
		if _, _, err := Instrument(bin, Options{Count: true, Cost: true}); err == nil {
			t.Errorf("instrumented %s", src)
		}
	}
	for _, bad := range [][]byte{nil, []byte("\x00asm"), []byte("\x00asm\x01\x00\x00\x00\x0a\xff")} {
		if _, _, err := Instrument(bad, Options{}); err == nil {
			t.Errorf("instrumented %q", bad)
		}
	}
}

// nestedWat branches out of nested loops by br, br_if and br_table, with
// loop results, so that the labels re-encoded past the wrappers of loops
// (see frame) are exercised.
const nestedWat = `(module
 (func (export "f") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
  (block $out (result i32)
   (loop $a
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (local.set $j (i32.const 0))
    (block $next
     (loop $b (result i32)
      (local.set $s (i32.add (local.get $s) (local.get $j)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $next (i32.ge_u (local.get $j) (local.get $i)))
      (drop (br_if $out (local.get $s) (i32.gt_u (local.get $s) (i32.const 1000))))
      (br_table $a $b $next (i32.rem_u (local.get $j) (i32.const 4)))
     )
     (drop)
    )
    (br_if $a (i32.lt_u (local.get $i) (local.get $n)))
   )
   (local.get $s)
  )
  (i32.mul (local.get $i))
 )
 ;; Loops that only br and br_if reach count their back-edges: a br from
 ;; a block inside the loop, a br_if inside an if, a loop never branched to.
 (func (export "g") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
  (loop $a
   (local.set $j (i32.const 0))
   (loop $b
    (block $skip
     (br_if $skip (i32.and (local.get $j) (i32.const 1)))
     (local.set $s (i32.add (local.get $s) (local.get $j))))
    (local.set $j (i32.add (local.get $j) (i32.const 1)))
    (if (i32.lt_u (local.get $j) (local.get $n)) (then (br_if $b (i32.const 1)))))
   (loop $once (local.set $s (i32.add (local.get $s) (i32.const 1))))
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (block $stay
    (br_if $stay (i32.ge_u (local.get $i) (local.get $n)))
    (br $a)))
  (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const 1000000)))
 )
)`

// TestNestedLoopsRunAsGiven runs nestedWat as given and instrumented in
// every mode: the results must agree, and the safe points must call the
// check function (g's 90,000 back-edges at n=300 pass the slow path of
// the back-edge countdown many times).
func TestNestedLoopsRunAsGiven(t *testing.T) {
	bin := wat(t, nestedWat)
	run := func(code []byte, checks *int) []uint64 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(true))
		defer r.Close(ctx)
		_, err := r.NewHostModuleBuilder(ImportModule).NewFunctionBuilder().WithGoModuleFunction(
			api.GoModuleFunc(func(ctx context.Context, m api.Module, s []uint64) {
				*checks++
				// Every other safe point checks (a wrapped loop's header
				// counts down again when the check returns into it).
				m.ExportedGlobal(ExportPoll).(api.MutableGlobal).Set(2)
				m.ExportedGlobal(ExportFuel).(api.MutableGlobal).Set(1 << 62)
			}), []api.ValueType{api.ValueTypeI32}, nil).Export(ImportCheck).Instantiate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mod, err := r.Instantiate(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, fn := range []string{"f", "g"} {
			for _, n := range []uint64{0, 1, 2, 5, 50, 300} {
				res, err := mod.ExportedFunction(fn).Call(ctx, n)
				if err != nil {
					t.Fatalf("%s(%d): %v", fn, n, err)
				}
				out = append(out, res[0])
			}
		}
		return out
	}
	var none int
	want := run(bin, &none)
	for _, o := range []Options{{}, {Count: true}, {Cost: true}, {Count: true, Cost: true}, {Cost: true, Table: make([]uint64, 10)}} {
		code, _, err := Instrument(bin, o)
		if err != nil {
			t.Fatal(err)
		}
		checks := 0
		if got := run(code, &checks); !slices.Equal(got, want) {
			t.Errorf("%+v: %v, as given %v", o, got, want)
		}
		if checks == 0 {
			t.Errorf("%+v: no safe point reached the check function", o)
		}
	}
}
