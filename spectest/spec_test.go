// Package spectest_test runs the WebAssembly 2.0 core spec test suite
// (../shared/testdata/spec-wasm2/*.wast) through the public wasmedge API.
//
// Each .wast file is converted with wabt's wast2json (cached under
// os.UserCacheDir()/pureedge/spec) and its commands run in a store of their
// own: modules are loaded with a Loader, validated with a Validator and
// instantiated (or registered) with an Executor; functions are found with
// Module.FindFunction and called with Executor.Invoke; globals are read with
// Module.FindGlobal. Every assertion passes, fails or is skipped with a
// reason; the test fails only on failures not listed in expect_test.go
// (engine limitations and known PureEdge bugs). The last line printed is
//
//	spec: N passed, M failed, K skipped
//
// Environment: PUREEDGE_SPEC_DIR names the .wast directory,
// PUREEDGE_SPEC_CACHE the conversion cache, PUREEDGE_SPEC_FILES a
// comma-separated list of .wast base names to run (all by default),
// PUREEDGE_SPEC_LOG=1 keeps the engine's error log (off by default),
// PUREEDGE_SPEC_INTERPRETER=1 runs on wazero's interpreter instead of its
// compiler.
package spectest_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pureedge/pureedge/wasmedge"
)

// specDir finds the .wast files: $PUREEDGE_SPEC_DIR, or shared/testdata/
// spec-wasm2 next to the repository or inside it.
func specDir() (string, bool) {
	if d := os.Getenv("PUREEDGE_SPEC_DIR"); d != "" {
		return d, true
	}
	for _, d := range []string{
		"../../shared/testdata/spec-wasm2", // the repository's sibling shared/
		"../shared/testdata/spec-wasm2",    // shared/ inside the checkout
		"testdata/spec-wasm2",
	} {
		if m, _ := filepath.Glob(filepath.Join(d, "*.wast")); len(m) > 0 {
			abs, err := filepath.Abs(d)
			if err == nil {
				return abs, true
			}
		}
	}
	return "", false
}

// outcome counts of a file or of the whole suite.
type tally struct {
	passed, failed, skipped int
	expected, knownBug      int // of failed: listed in engineLimits / pureEdgeBugs
	unexpectedPass          []string
	unexpected              []string // failures that are regressions
	skipReasons             map[string]int
	// phases counts how rejected modules were rejected: an assert_invalid
	// should fail validation (0x2xx) and an assert_malformed loading
	// (0x1xx), as in WasmEdge. Informational: either counts as a pass.
	phases map[string]int
}

func (t *tally) add(o *tally) {
	t.passed += o.passed
	t.failed += o.failed
	t.skipped += o.skipped
	t.expected += o.expected
	t.knownBug += o.knownBug
	t.unexpectedPass = append(t.unexpectedPass, o.unexpectedPass...)
	t.unexpected = append(t.unexpected, o.unexpected...)
	if t.skipReasons == nil {
		t.skipReasons = map[string]int{}
	}
	for k, v := range o.skipReasons {
		t.skipReasons[k] += v
	}
	if t.phases == nil {
		t.phases = map[string]int{}
	}
	for k, v := range o.phases {
		t.phases[k] += v
	}
}

func TestSpec(t *testing.T) {
	dir, ok := specDir()
	if !ok {
		t.Skip("spec tests not found: set PUREEDGE_SPEC_DIR or put the suite in ../shared/testdata/spec-wasm2")
	}
	if _, _, err := findWast2json(); err != nil {
		t.Skipf("wast2json not found (install Debian's wabt package): %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.wast"))
	if only := os.Getenv("PUREEDGE_SPEC_FILES"); only != "" {
		want := map[string]bool{}
		for _, f := range strings.Split(only, ",") {
			want[strings.TrimSuffix(strings.TrimSpace(f), ".wast")] = true
		}
		var keep []string
		for _, f := range files {
			if want[strings.TrimSuffix(filepath.Base(f), ".wast")] {
				keep = append(keep, f)
			}
		}
		files = keep
	}
	if len(files) == 0 {
		t.Skip("no .wast files in " + dir)
	}
	checkExpectationTables(t)

	if os.Getenv("PUREEDGE_SPEC_LOG") == "" {
		wasmedge.SetLogOff() // failures are reported by the harness; the engine's log would flood the output
	}
	if _, unsupported := spectestSupport(); len(unsupported) > 0 {
		var whys []string
		for _, why := range unsupported {
			whys = append(whys, why)
		}
		sort.Strings(whys)
		t.Logf("the spectest module lacks %s:\n%s", unsupportedNames(unsupported), strings.Join(whys, "\n"))
	}
	var mu sync.Mutex
	total := &tally{}
	perFile := map[string]*tally{}
	t.Run("wast", func(t *testing.T) {
		for _, f := range files {
			base := filepath.Base(f)
			t.Run(strings.TrimSuffix(base, ".wast"), func(t *testing.T) {
				t.Parallel()
				ft := runFile(t, f)
				mu.Lock()
				total.add(ft)
				perFile[base] = ft
				mu.Unlock()
			})
		}
	})

	var names []string
	for n := range perFile {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if ft := perFile[n]; ft.failed > 0 {
			t.Logf("%s: %d failed (%d expected engine limitations, %d known PureEdge bugs), %d passed, %d skipped",
				n, ft.failed, ft.expected, ft.knownBug, ft.passed, ft.skipped)
		}
	}
	if testing.Verbose() {
		var reasons []string
		for r := range total.skipReasons {
			reasons = append(reasons, r)
		}
		sort.Slice(reasons, func(i, j int) bool { return total.skipReasons[reasons[i]] > total.skipReasons[reasons[j]] })
		for _, r := range reasons {
			t.Logf("skipped %5d: %s", total.skipReasons[r], r)
		}
		var phases []string
		for p := range total.phases {
			phases = append(phases, p)
		}
		sort.Strings(phases)
		for _, p := range phases {
			t.Logf("rejected %5d: %s", total.phases[p], p)
		}
	}
	for _, p := range total.unexpectedPass {
		t.Logf("now passes, remove it from the expected failures: %s", p)
	}
	if n := len(total.unexpected); n > 0 {
		sort.Strings(total.unexpected)
		t.Errorf("%d unexpected failures (regressions):\n%s", n, strings.Join(total.unexpected, "\n"))
	}
	summary = fmt.Sprintf("spec: %d failed are %d expected engine limitations, %d known PureEdge bugs, %d unexpected\n",
		total.failed, total.expected, total.knownBug, len(total.unexpected)) +
		fmt.Sprintf("spec: %d passed, %d failed, %d skipped\n", total.passed, total.failed, total.skipped)
}

// summary is printed after all tests, so that it ends the output.
var summary string

func TestMain(m *testing.M) {
	code := m.Run()
	if summary != "" {
		fmt.Print(summary)
	}
	os.Exit(code)
}

// fileRun is the state of one .wast file's run.
type fileRun struct {
	t     *testing.T
	base  string // "address.wast"
	s     *script
	tally tally

	store     *wasmedge.Store
	loader    *wasmedge.Loader
	validator *wasmedge.Validator
	exec      *wasmedge.Executor
	spectest  *wasmedge.Module
	noSpec    map[string]string // spectest item -> why it is unsupported

	current   *instance            // the last module defined
	named     map[string]*instance // by $name
	registers map[int]string       // module command index -> name to register it under
	regSkip   map[int]string       // register command index -> why it is skipped
	lostNames map[string]string    // $names of modules that were not converted -> why
	lostRegs  map[string]string    // registered names whose module is unavailable -> why
	modules   []*wasmedge.Module   // to release
}

// instance is a module defined by a module command; skip says why it is
// unusable (not converted, or failed to instantiate).
type instance struct {
	mod  *wasmedge.Module
	line int
	skip string
}

func runFile(t *testing.T, path string) *tally {
	base := filepath.Base(path)
	r := &fileRun{t: t, base: base, tally: tally{skipReasons: map[string]int{}, phases: map[string]int{}},
		named: map[string]*instance{}, registers: map[int]string{}, regSkip: map[int]string{},
		lostNames: map[string]string{}, lostRegs: map[string]string{}}
	if why, ok := skipFiles[base]; ok {
		r.skip(0, "file", why)
		return &r.tally
	}
	s, err := convert(path)
	if err != nil {
		t.Errorf("%s: converting: %v", base, err)
		r.tally.failed++
		r.tally.unexpected = append(r.tally.unexpected, base+": conversion: "+err.Error())
		return &r.tally
	}
	r.s = s
	for _, rw := range s.Rewrites {
		t.Logf("rewrote the source: %s", rw)
	}
	for _, u := range s.Unconverted {
		switch u.Kind {
		case "module":
			if u.Name != "" {
				r.lostNames[u.Name] = fmt.Sprintf("module %s (line %d) was not converted: %s", u.Name, u.Line, u.Reason)
			}
			r.skip(u.Line, "module", "not converted: "+u.Reason)
		case "register":
			r.lostRegs[u.As] = fmt.Sprintf("register %q (line %d) was not converted: %s", u.As, u.Line, u.Reason)
		default:
			r.skip(u.Line, u.Kind, "not converted: "+u.Reason)
		}
	}

	conf := wasmedge.NewConfigure() // the defaults: the Wasm 2.0 proposals
	if os.Getenv("PUREEDGE_SPEC_INTERPRETER") != "" {
		conf.SetForceInterpreter(true)
	}
	// PUREEDGE_SPEC_METER=1 runs the suite with every statistic on and a
	// cost limit that is never reached, so that modules carry the whole
	// instrumentation (counting and cost charging, not only safe points).
	var stats *wasmedge.Statistics
	if os.Getenv("PUREEDGE_SPEC_METER") != "" {
		conf.SetStatisticsInstructionCounting(true)
		conf.SetStatisticsCostMeasuring(true)
		conf.SetStatisticsTimeMeasuring(true)
		stats = wasmedge.NewStatistics()
		stats.SetCostLimit(1 << 62)
	}
	r.store = wasmedge.NewStore()
	r.loader = wasmedge.NewLoaderWithConfig(conf)
	r.validator = wasmedge.NewValidatorWithConfig(conf)
	r.exec = wasmedge.NewExecutorWithConfigAndStatistics(conf, stats)
	conf.Release()
	defer r.release()

	supported, unsupported := spectestSupport()
	r.noSpec = unsupported
	r.spectest, err = buildSpectest(supported)
	if err == nil {
		err = r.exec.RegisterImport(r.store, r.spectest)
	}
	if err != nil {
		t.Errorf("%s: building the spectest module: %v", base, err)
		r.tally.failed++
		r.tally.unexpected = append(r.tally.unexpected, base+": spectest module: "+err.Error())
		return &r.tally
	}

	r.planRegisters()
	for i := range s.Commands {
		r.run(i)
	}
	return &r.tally
}

func (r *fileRun) release() {
	for i := len(r.modules) - 1; i >= 0; i-- {
		r.modules[i].Release()
	}
	if r.spectest != nil {
		r.spectest.Release()
	}
	r.store.Release()
	r.loader.Release()
	r.validator.Release()
	r.exec.Release()
}

// planRegisters maps each registered module to its name, so that it is
// registered when it is instantiated: the API has no way to give an
// instantiated module a second name.
func (r *fileRun) planRegisters() {
	cmds := r.s.Commands
	taken := map[string]bool{}
	for i, c := range cmds {
		if c.Type != "register" {
			continue
		}
		target := -1
		for j := i - 1; j >= 0; j-- {
			if cmds[j].Type == "module" && (c.Name == "" || cmds[j].Name == c.Name) {
				target = j
				break
			}
		}
		switch {
		case target < 0:
			if why, ok := r.lostNames[c.Name]; ok {
				r.regSkip[i] = why
				r.lostRegs[c.As] = why
			} else {
				r.regSkip[i] = fmt.Sprintf("register %q: no module %s before it", c.As, c.Name)
			}
		case r.registers[target] != "":
			// The spec allows several names for one instance; the API
			// registers an instance under one name only.
			why := fmt.Sprintf("module at line %d is registered a second time (as %q; first as %q): the API has no alias",
				cmds[target].Line, c.As, r.registers[target])
			r.regSkip[i] = why
			r.lostRegs[c.As] = why
		case taken[c.As]:
			// The spec lets a later module take a name over; the API
			// refuses a taken name (module name conflict).
			why := fmt.Sprintf("name %q is registered a second time, by the module at line %d", c.As, cmds[target].Line)
			r.regSkip[i] = why
			r.lostRegs[c.As] = why
		default:
			r.registers[target] = c.As
			taken[c.As] = true
			for j := target + 1; j < i; j++ {
				switch cmds[j].Type {
				case "module", "assert_unlinkable", "assert_uninstantiable":
					// The name becomes visible before the register command:
					// only a module between the two that imports it could
					// tell, and none in the suite does.
					r.t.Logf("%s:%d: %q is registered early, before the module at line %d", r.base, c.Line, c.As, cmds[j].Line)
				}
			}
		}
	}
}

// outcomes

func (r *fileRun) skip(line int, kind, why string) {
	if kind == "register" {
		return // bookkeeping, not an assertion
	}
	r.tally.skipped++
	r.tally.skipReasons[why]++
}

func (r *fileRun) fail(c *command, format string, args ...interface{}) {
	msg := fmt.Sprintf(format, args...)
	key := fmt.Sprintf("%s:%d", r.base, c.Line)
	r.tally.failed++
	if why, ok := engineLimits[key]; ok {
		r.tally.expected++
		r.t.Logf("%s %s: expected failure (%s): %s", key, c.Type, why, msg)
		return
	}
	if why, ok := pureEdgeBugs[key]; ok {
		r.tally.knownBug++
		r.t.Logf("%s %s: known PureEdge bug (%s): %s", key, c.Type, why, msg)
		return
	}
	r.tally.unexpected = append(r.tally.unexpected, fmt.Sprintf("%s %s: %s", key, c.Type, msg))
	r.t.Errorf("%s %s: %s", key, c.Type, msg)
}

// passed records a pass, noting when the command was expected to fail.
func (r *fileRun) passed(c *command) {
	key := fmt.Sprintf("%s:%d", r.base, c.Line)
	if _, ok := engineLimits[key]; ok {
		r.tally.unexpectedPass = append(r.tally.unexpectedPass, key+" (engineLimits)")
	} else if _, ok := pureEdgeBugs[key]; ok {
		r.tally.unexpectedPass = append(r.tally.unexpectedPass, key+" (pureEdgeBugs)")
	}
	r.tally.passed++
}

// run runs command i, turning a panic into a failure.
func (r *fileRun) run(i int) {
	c := &r.s.Commands[i]
	defer func() {
		if p := recover(); p != nil {
			r.fail(c, "panic: %v\n%s", p, debug.Stack())
			if c.Type == "module" {
				r.define(c, &instance{line: c.Line, skip: fmt.Sprintf("%s:%d module panicked", r.base, c.Line)})
			}
		}
	}()
	key := fmt.Sprintf("%s:%d", r.base, c.Line)
	if why, ok := skipCommands[key]; ok {
		r.skip(c.Line, c.Type, why)
		if c.Type == "module" {
			r.define(c, &instance{line: c.Line, skip: fmt.Sprintf("%s:%d module skipped: %s", r.base, c.Line, why)})
		}
		return
	}
	switch c.Type {
	case "module":
		r.module(i, c)
	case "register":
		if why, ok := r.regSkip[i]; ok {
			r.t.Logf("%s register %q skipped: %s", key, c.As, why)
		}
	case "assert_return", "action":
		r.invoke(c, c.Type == "assert_return")
	case "assert_trap", "assert_exhaustion":
		r.invokeTrap(c)
	case "assert_invalid", "assert_malformed":
		r.assertInvalid(c)
	case "assert_unlinkable", "assert_uninstantiable":
		r.assertNoInstance(c)
	default:
		r.skip(c.Line, c.Type, "command "+c.Type+" is not part of the Wasm 2.0 suite")
	}
}

// define makes inst the current module, under its $name if it has one.
func (r *fileRun) define(c *command, inst *instance) {
	r.current = inst
	if c.Name != "" {
		r.named[c.Name] = inst
	}
}

// binaryModule reads a command's module file; why is non-empty when the
// module is text, which PureEdge cannot load.
func (r *fileRun) binaryModule(c *command) (buf []byte, why string, err error) {
	if c.ModuleType == "text" || strings.HasSuffix(c.Filename, ".wat") {
		return nil, "text module: the API loads only binary modules", nil
	}
	buf, err = os.ReadFile(filepath.Join(r.s.Dir, c.Filename))
	return buf, "", err
}

// importSkip says why a module cannot be tried: it imports a spectest item
// the API cannot make, or a name whose module is unavailable.
func (r *fileRun) importSkip(buf []byte) string {
	for _, im := range readImports(buf) {
		if im.module == "spectest" {
			if why, ok := r.noSpec[im.field]; ok {
				return why
			}
		}
		if why, ok := r.lostRegs[im.module]; ok {
			return "imports from " + im.module + ": " + why
		}
	}
	return ""
}

// load loads and validates a module with the Loader and the Validator.
func (r *fileRun) load(buf []byte) (*wasmedge.AST, error) {
	ast, err := r.loader.LoadBuffer(buf)
	if err != nil {
		return nil, err
	}
	if err := r.validator.Validate(ast); err != nil {
		ast.Release()
		return nil, err
	}
	return ast, nil
}

func (r *fileRun) module(i int, c *command) {
	buf, why, err := r.binaryModule(c)
	if why == "" && err == nil {
		why = r.importSkip(buf)
	}
	if why != "" {
		r.skip(c.Line, c.Type, why)
		r.define(c, &instance{line: c.Line, skip: fmt.Sprintf("%s:%d module skipped: %s", r.base, c.Line, why)})
		if as := r.registers[i]; as != "" {
			r.lostRegs[as] = why
		}
		return
	}
	unusable := func(format string, args ...interface{}) {
		r.fail(c, format, args...)
		r.define(c, &instance{line: c.Line, skip: fmt.Sprintf("%s:%d module failed", r.base, c.Line)})
		if as := r.registers[i]; as != "" {
			r.lostRegs[as] = fmt.Sprintf("%s:%d module failed", r.base, c.Line)
		}
	}
	if err != nil {
		unusable("reading %s: %v", c.Filename, err)
		return
	}
	ast, err := r.load(buf)
	if err != nil {
		unusable("loading/validating: %s", describe(err))
		return
	}
	defer ast.Release()
	var mod *wasmedge.Module
	if as := r.registers[i]; as != "" {
		mod, err = r.exec.Register(r.store, ast, as)
	} else {
		mod, err = r.exec.Instantiate(r.store, ast)
	}
	if err != nil {
		unusable("instantiating: %s", describe(err))
		return
	}
	r.modules = append(r.modules, mod)
	r.define(c, &instance{mod: mod, line: c.Line})
	r.passed(c)
}

// target finds the module an action addresses.
func (r *fileRun) target(c *command) (*instance, bool) {
	if name := c.Action.Module; name != "" {
		if inst, ok := r.named[name]; ok {
			return r.usable(c, inst)
		}
		if why, ok := r.lostNames[name]; ok {
			r.skip(c.Line, c.Type, why)
			return nil, false
		}
		r.fail(c, "no module named %s", name)
		return nil, false
	}
	if r.current == nil {
		r.fail(c, "no module defined before")
		return nil, false
	}
	return r.usable(c, r.current)
}

func (r *fileRun) usable(c *command, inst *instance) (*instance, bool) {
	if inst.skip != "" {
		r.skip(c.Line, c.Type, inst.skip)
		return nil, false
	}
	return inst, true
}

// do performs an action: it invokes a function or reads a global.
func (r *fileRun) do(c *command, inst *instance) (results []interface{}, err error, ok bool) {
	switch c.Action.Type {
	case "invoke":
		fn := inst.mod.FindFunction(c.Action.Field)
		if fn == nil {
			r.fail(c, "FindFunction(%q) = nil", c.Action.Field)
			return nil, nil, false
		}
		args := make([]interface{}, len(c.Action.Args))
		for i, a := range c.Action.Args {
			v, err := toGo(a)
			if err != nil {
				r.skip(c.Line, c.Type, "argument cannot be made through the API: "+err.Error())
				return nil, nil, false
			}
			args[i] = v
		}
		results, err = r.exec.Invoke(fn, args...)
		return results, err, true
	case "get":
		g := inst.mod.FindGlobal(c.Action.Field)
		if g == nil {
			r.fail(c, "FindGlobal(%q) = nil", c.Action.Field)
			return nil, nil, false
		}
		return []interface{}{g.GetValue()}, nil, true
	}
	r.fail(c, "unknown action %q", c.Action.Type)
	return nil, nil, false
}

func (r *fileRun) invoke(c *command, check bool) {
	inst, ok := r.target(c)
	if !ok {
		return
	}
	results, err, ok := r.do(c, inst)
	if !ok {
		return
	}
	if err != nil {
		r.fail(c, "%s: %s", r.call(c), describe(err))
		return
	}
	if !check {
		r.passed(c)
		return
	}
	if len(results) != len(c.Expected) {
		r.fail(c, "%s: %d results, want %d", r.call(c), len(results), len(c.Expected))
		return
	}
	for i, exp := range c.Expected {
		ok, err := matches(exp, results[i])
		if err != nil {
			r.fail(c, "%s: result %d: %v", r.call(c), i, err)
			return
		}
		if !ok {
			r.fail(c, "%s: got %s, want %s", r.call(c), showAll(results), exp)
			return
		}
	}
	r.passed(c)
}

func (r *fileRun) invokeTrap(c *command) {
	inst, ok := r.target(c)
	if !ok {
		return
	}
	results, err, ok := r.do(c, inst)
	if !ok {
		return
	}
	if err == nil {
		r.fail(c, "%s: returned %s, want a trap %q", r.call(c), showAll(results), c.Text)
		return
	}
	want := trapCodes
	if c.Type == "assert_exhaustion" {
		want = exhaustionCodes
	}
	r.checkCode(c, err, want)
}

// checkCode checks that err is a *Result with one of the codes allowed for
// the command's text.
func (r *fileRun) checkCode(c *command, err error, table map[string][]uint32) {
	var res *wasmedge.Result
	if !errors.As(err, &res) {
		r.fail(c, "error %T (%v) is not a *wasmedge.Result", err, err)
		return
	}
	codes, ok := table[c.Text]
	if !ok {
		for text, cs := range table {
			if strings.HasPrefix(c.Text, text) { // "uninitialized element 2"
				codes, ok = cs, true
			}
		}
	}
	if !ok {
		r.fail(c, "no error code known for %q (got %s)", c.Text, describe(err))
		return
	}
	got := uint32(res.GetErrorCategory())<<24 | uint32(res.GetCode())
	for _, want := range codes {
		if got == want {
			r.passed(c)
			return
		}
	}
	r.fail(c, "error %s, want %q (%s)", describe(err), c.Text, codeList(codes))
}

func (r *fileRun) assertInvalid(c *command) {
	buf, why, err := r.binaryModule(c)
	if why != "" {
		r.skip(c.Line, c.Type, why)
		return
	}
	if err != nil {
		r.fail(c, "reading %s: %v", c.Filename, err)
		return
	}
	ast, err := r.load(buf)
	if err == nil {
		ast.Release()
		r.fail(c, "module loaded and validated, want %q", c.Text)
		return
	}
	var res *wasmedge.Result
	if !errors.As(err, &res) {
		r.fail(c, "error %T (%v) is not a *wasmedge.Result", err, err)
		return
	}
	phase := "another"
	switch res.GetCode() >> 8 {
	case 1:
		phase = "a load"
	case 2:
		phase = "a validation"
	}
	r.tally.phases[fmt.Sprintf("%s with %s error", c.Type, phase)]++
	if msg := res.Error(); !strings.HasPrefix(c.Text, msg) && !strings.HasPrefix(msg, c.Text) {
		r.tally.phases[fmt.Sprintf("%s %q with message %q", c.Type, c.Text, msg)]++
	}
	if (c.Type == "assert_invalid") != (phase == "a validation") {
		r.t.Logf("%s:%d %s %q rejected with %s error: %s", r.base, c.Line, c.Type, c.Text, phase, describe(err))
	}
	r.passed(c)
}

func (r *fileRun) assertNoInstance(c *command) {
	buf, why, err := r.binaryModule(c)
	if why == "" && err == nil {
		why = r.importSkip(buf)
	}
	if why != "" {
		r.skip(c.Line, c.Type, why)
		return
	}
	if err != nil {
		r.fail(c, "reading %s: %v", c.Filename, err)
		return
	}
	ast, err := r.load(buf)
	if err != nil {
		r.fail(c, "loading/validating: %s (want it to load and fail with %q)", describe(err), c.Text)
		return
	}
	defer ast.Release()
	mod, err := r.exec.Instantiate(r.store, ast)
	if err == nil {
		mod.Release()
		r.fail(c, "module instantiated, want %q", c.Text)
		return
	}
	table := unlinkableCodes
	if c.Type == "assert_uninstantiable" {
		table = uninstantiableCodes
	}
	r.checkCode(c, err, table)
}

func (r *fileRun) call(c *command) string {
	var args []string
	for _, a := range c.Action.Args {
		args = append(args, a.String())
	}
	s := fmt.Sprintf("%s %q(%s)", c.Action.Type, c.Action.Field, strings.Join(args, ", "))
	if c.Action.Module != "" {
		s += " in " + c.Action.Module
	}
	return s
}

func showAll(vs []interface{}) string {
	var out []string
	for _, v := range vs {
		out = append(out, show(v))
	}
	return "[" + strings.Join(out, " ") + "]"
}

// describe formats an API error with its code.
func describe(err error) string {
	var res *wasmedge.Result
	if errors.As(err, &res) {
		return fmt.Sprintf("%q (0x%x, category %d)", res.Error(), res.GetCode(), res.GetErrorCategory())
	}
	return err.Error()
}

func codeList(codes []uint32) string {
	var out []string
	for _, c := range codes {
		out = append(out, fmt.Sprintf("0x%x", c))
	}
	return strings.Join(out, " or ")
}
