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
// compiler, PUREEDGE_SPEC_API=vm goes through a VM instead of the step API
// (see vmmode_test.go).
package spectest_test

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
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
	// passed, failed and skipped count assertions (assert_* commands) only.
	passed, failed, skipped int
	expected, knownBug      int // of failed: listed in engineLimits / pureEdgeBugs
	// asWasmEdge counts assertions (not passed, not failed) that WasmEdge
	// answers otherwise than the spec text, answered as WasmEdge does
	// (wasmEdgeDiffers).
	asWasmEdge int
	// strictFailed counts assertions that passed but whose error does not
	// carry WasmEdge's code and text: by WasmEdge's rule, the expected text
	// must start with the message of the code returned (see strictCheck).
	strictFailed int
	mismatches   []string
	// Module and action commands are counted apart: they assert nothing
	// about the engine's answers, only that it works at all.
	modules, modulesFailed int
	actions, actionsFailed int
	commandsSkipped        int
	unexpectedPass         []string
	unexpected             []string // failures that are regressions
	skipReasons            map[string]int
	// phases counts how rejected modules were rejected: an assert_invalid
	// must fail validation (0x2xx) and an assert_malformed loading (0x1xx),
	// as in WasmEdge; the other phase is a failure.
	phases map[string]int
	// calls counts the invocations by the API call that made them, to show
	// which path (PUREEDGE_SPEC_API) the run took.
	calls map[string]int
}

func (t *tally) add(o *tally) {
	for k, v := range o.calls {
		if t.calls == nil {
			t.calls = map[string]int{}
		}
		t.calls[k] += v
	}
	t.passed += o.passed
	t.failed += o.failed
	t.skipped += o.skipped
	t.expected += o.expected
	t.knownBug += o.knownBug
	t.asWasmEdge += o.asWasmEdge
	t.strictFailed += o.strictFailed
	t.mismatches = append(t.mismatches, o.mismatches...)
	t.modules += o.modules
	t.modulesFailed += o.modulesFailed
	t.actions += o.actions
	t.actionsFailed += o.actionsFailed
	t.commandsSkipped += o.commandsSkipped
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

// inCI reports whether the tests run in CI, where a missing suite or
// converter is a failure, not a reason to skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// skipOrFail skips the test, or fails it in CI.
func skipOrFail(t *testing.T, format string, args ...interface{}) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true: "+format, args...)
	}
	t.Skipf(format, args...)
}

// specMode is one way of running a suite: a name for the summary and the
// configuration its stores, loaders, validators and executors are made with.
// Other modes (another API path, instrumentation) add an entry to
// specModes or a test of their own that calls runSuite.
type specMode struct {
	name string
	conf func() *wasmedge.Configure
}

// defaultMode runs with the default configuration (the Wasm 2.0 proposals),
// on wazero's compiler, or its interpreter when PUREEDGE_SPEC_INTERPRETER
// is set.
var defaultMode = specMode{name: "", conf: func() *wasmedge.Configure {
	conf := wasmedge.NewConfigure()
	if os.Getenv("PUREEDGE_SPEC_INTERPRETER") != "" {
		conf.SetForceInterpreter(true)
	}
	return conf
}}

func TestSpec(t *testing.T) {
	dir, ok := specDir()
	if !ok {
		skipOrFail(t, "spec tests not found: set PUREEDGE_SPEC_DIR or put the suite in ../shared/testdata/spec-wasm2")
	}
	if _, _, err := findWast2json(); err != nil {
		skipOrFail(t, "wast2json not found (install Debian's wabt package): %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.wast"))
	files = onlyFiles(files)
	if len(files) == 0 {
		skipOrFail(t, "no .wast files in %s", dir)
	}
	checkExpectationTables(t)
	total := runSuite(t, files, defaultMode, true)
	if os.Getenv("PUREEDGE_SPEC_FILES") == "" {
		checkPath(t, total.calls)
	}
	addSummary(t, "spec", total)
}

// onlyFiles keeps the files named in PUREEDGE_SPEC_FILES (base names
// without extension, comma-separated), or all of them.
func onlyFiles(files []string) []string {
	only := os.Getenv("PUREEDGE_SPEC_FILES")
	if only == "" {
		return files
	}
	want := map[string]bool{}
	for _, f := range strings.Split(only, ",") {
		want[strings.TrimSuffix(strings.TrimSpace(f), ".wast")] = true
	}
	var keep []string
	for _, f := range files {
		base := filepath.Base(f)
		base = strings.TrimSuffix(strings.TrimSuffix(base, ".wast"), ".json")
		if want[base] {
			keep = append(keep, f)
		}
	}
	return keep
}

// runSuite runs the scripts (.wast files, converted here, or wast2json's
// .json files with their .wasm files beside them) in the mode, each in a
// store of its own, and returns the totals. expectations says whether the
// tables of expect_test.go apply (they name lines of the shared .wast
// files); without them every failure is unexpected.
func runSuite(t *testing.T, files []string, mode specMode, expectations bool) *tally {
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
			name := strings.TrimSuffix(strings.TrimSuffix(base, ".wast"), ".json")
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ft := runFile(t, f, mode, expectations)
				mu.Lock()
				total.add(ft)
				perFile[name+".wast"] = ft
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
		if ft := perFile[n]; ft.failed > 0 || ft.strictFailed > 0 {
			t.Logf("%s: %d failed (%d expected engine limitations, %d known PureEdge bugs), %d passed (%d without WasmEdge's code), %d skipped",
				n, ft.failed, ft.expected, ft.knownBug, ft.passed, ft.strictFailed, ft.skipped)
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
		sort.Strings(total.mismatches)
		for _, m := range total.mismatches {
			t.Logf("strict: %s", m)
		}
	}
	for _, p := range total.unexpectedPass {
		t.Logf("now passes, remove it from the expected failures: %s", p)
	}
	if n := len(total.unexpected); n > 0 {
		sort.Strings(total.unexpected)
		t.Errorf("%d unexpected failures (regressions):\n%s", n, strings.Join(total.unexpected, "\n"))
	}
	return total
}

// summaryLines formats a suite's totals. The last line is the one CI
// prints:
//
//	spec: N passed, M failed, K skipped; strict: S passed
func summaryLines(label string, total *tally) string {
	return fmt.Sprintf("%s: %d failed are %d expected engine limitations, %d known PureEdge bugs, %d unexpected\n",
		label, total.failed, total.expected, total.knownBug, len(total.unexpected)) +
		fmt.Sprintf("%s: commands: %d modules (%d failed), %d actions (%d failed), %d skipped, not counted as assertions\n",
			label, total.modules, total.modulesFailed, total.actions, total.actionsFailed, total.commandsSkipped) +
		fmt.Sprintf("%s: invocations by %s\n", label, formatCalls(total.calls)) +
		fmt.Sprintf("%s: %d answered as WasmEdge does where it differs from the spec text, not counted as passed\n", label, total.asWasmEdge) +
		fmt.Sprintf("%s: %d passed, %d failed, %d skipped; strict: %d passed (%d with another code or text than WasmEdge's)\n",
			label, total.passed, total.failed, total.skipped, total.passed-total.strictFailed, total.strictFailed)
}

// formatCalls lists the invocation counts by API call, sorted by name.
func formatCalls(calls map[string]int) string {
	if len(calls) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(calls)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, calls[k]))
	}
	return strings.Join(parts, ", ")
}

// checkPath fails the test unless every invocation went through the path
// PUREEDGE_SPEC_API chose: Executor.Invoke on the step API; the VM's own
// Execute and ExecuteRegistered (and its executor for replaced modules) on
// the VM path.
func checkPath(t *testing.T, calls map[string]int) {
	t.Helper()
	if vmMode() {
		if calls["Executor.Invoke"] != 0 || calls["VM.Execute"] == 0 || calls["VM.ExecuteRegistered"] == 0 {
			t.Errorf("PUREEDGE_SPEC_API=vm: invocations by %s", formatCalls(calls))
		}
		return
	}
	if len(calls) != 1 || calls["Executor.Invoke"] == 0 {
		t.Errorf("step API: invocations by %s", formatCalls(calls))
	}
}

// addSummary queues a suite's summary for the end of the output, and
// appends it to the file $PUREEDGE_SPEC_SUMMARY names (which .ci/run
// prints, since go test hides a passing package's output).
func addSummary(t *testing.T, label string, total *tally) {
	lines := summaryLines(label, total)
	summaryMu.Lock()
	summary += lines
	summaryMu.Unlock()
	if path := os.Getenv("PUREEDGE_SPEC_SUMMARY"); path != "" {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = f.WriteString(lines)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			t.Errorf("writing the summary to %s: %v", path, err)
		}
	}
}

// summary is printed after all tests, so that it ends the output.
var (
	summaryMu sync.Mutex
	summary   string
)

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
	// expectations: the tables of expect_test.go apply to this file.
	expectations bool

	store     *wasmedge.Store
	loader    *wasmedge.Loader
	validator *wasmedge.Validator
	exec      *wasmedge.Executor
	vm        *wasmedge.VM                // PUREEDGE_SPEC_API=vm
	vmNames   map[*wasmedge.Module]string // on the VM path: registered modules' names
	vmActive  *wasmedge.Module            // on the VM path: the VM's active module
	spectest  *wasmedge.Module
	noSpec    map[string]string // spectest item -> why it is unsupported

	current   *instance            // the last module defined
	named     map[string]*instance // by $name
	registers map[int]string       // module command index -> name to register it under
	regSkip   map[int]string       // register command index -> why it is skipped
	lostNames map[string]string    // $names of modules that were not converted -> why
	lostRegs  map[string]string    // registered names whose module is unavailable -> why
	modules   []*wasmedge.Module   // to release

	threads map[string]*thread // running threads, by $name (threads_test.go)
	parent  *fileRun           // of a thread's run: the script's
	// shm holds spectest's shared memory (threads_test.go).
	shm *shmStore
}

// instance is a module defined by a module command; skip says why it is
// unusable (not converted, or failed to instantiate).
type instance struct {
	mod  *wasmedge.Module
	line int
	skip string
}

func runFile(t *testing.T, path string, mode specMode, expectations bool) *tally {
	base := strings.TrimSuffix(filepath.Base(path), ".json")
	base = strings.TrimSuffix(base, ".wast") + ".wast"
	r := &fileRun{t: t, base: base, tally: tally{skipReasons: map[string]int{}, phases: map[string]int{}},
		named: map[string]*instance{}, registers: map[int]string{}, regSkip: map[int]string{},
		lostNames: map[string]string{}, lostRegs: map[string]string{}, expectations: expectations}
	if why, ok := skipFiles[base]; ok && expectations {
		r.skip(0, "file", why)
		return &r.tally
	}
	var s *script
	var err error
	if strings.HasSuffix(path, ".json") {
		s, err = loadJSONScript(path)
	} else {
		s, err = convert(path)
	}
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

	conf := mode.conf()
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
	if vmMode() {
		r.vm = wasmedge.NewVMWithConfig(conf)
		r.vmNames = map[*wasmedge.Module]string{}
		if stats != nil {
			r.vm.GetStatistics().SetCostLimit(1 << 62)
		}
	} else {
		r.store = wasmedge.NewStore()
		r.loader = wasmedge.NewLoaderWithConfig(conf)
		r.validator = wasmedge.NewValidatorWithConfig(conf)
		r.exec = wasmedge.NewExecutorWithConfigAndStatistics(conf, stats)
	}
	conf.Release()
	defer r.release()

	supported, unsupported := spectestSupport()
	r.noSpec = unsupported
	r.spectest, err = buildSpectest(supported)
	if err == nil {
		err = r.registerImport(r.spectest)
	}
	if err != nil {
		t.Errorf("%s: building the spectest module: %v", base, err)
		r.tally.failed++
		r.tally.unexpected = append(r.tally.unexpected, base+": spectest module: "+err.Error())
		return &r.tally
	}

	r.planRegisters()
	r.planThreadRegisters()
	for i := range s.Commands {
		r.run(i)
	}
	r.waitAll()
	return &r.tally
}

func (r *fileRun) release() {
	r.waitAll()
	r.shm.release()
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
	r.vm.Release()
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
	switch kind {
	case "register":
		return // bookkeeping, not an assertion
	case "module", "action":
		r.tally.commandsSkipped++
		r.tally.skipReasons[kind+": "+why]++
		return
	}
	r.tally.skipped++
	r.tally.skipReasons[why]++
}

func (r *fileRun) fail(c *command, format string, args ...interface{}) {
	msg := fmt.Sprintf(format, args...)
	key := fmt.Sprintf("%s:%d", r.base, c.Line)
	switch c.Type {
	case "module":
		r.tally.modulesFailed++
	case "action":
		r.tally.actionsFailed++
	default:
		r.tally.failed++
	}
	if !r.expectations {
		r.tally.unexpected = append(r.tally.unexpected, fmt.Sprintf("%s %s: %s", key, c.Type, msg))
		r.t.Errorf("%s %s: %s", key, c.Type, msg)
		return
	}
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
	if r.expectations {
		if _, ok := engineLimits[key]; ok {
			r.tally.unexpectedPass = append(r.tally.unexpectedPass, key+" (engineLimits)")
		} else if _, ok := pureEdgeBugs[key]; ok {
			r.tally.unexpectedPass = append(r.tally.unexpectedPass, key+" (pureEdgeBugs)")
		}
	}
	switch c.Type {
	case "module":
		r.tally.modules++
	case "action":
		r.tally.actions++
	default:
		r.tally.passed++
	}
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
	case "thread":
		r.thread(c)
	case "wait":
		r.wait(c)
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
	mod, loadErr, err := r.instantiate(buf, r.holdName(c, r.registers[i]))
	if loadErr != nil {
		unusable("loading/validating: %s", describe(loadErr))
		return
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
		results, err = r.invokeFunc(inst.mod, c.Action.Field, fn, args)
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
	if r.followsWasmEdge(c, res) {
		return
	}
	got := uint32(res.GetErrorCategory())<<24 | uint32(res.GetCode())
	for _, want := range codes {
		if got == want {
			r.strictCheck(c, err, res)
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
	if err = r.check(buf); err == nil {
		r.fail(c, "module loaded and validated, want %q", c.Text)
		return
	}
	var res *wasmedge.Result
	if !errors.As(err, &res) {
		r.fail(c, "error %T (%v) is not a *wasmedge.Result", err, err)
		return
	}
	if r.followsWasmEdge(c, res) {
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
	if want := map[string]string{"assert_invalid": "a validation", "assert_malformed": "a load"}[c.Type]; phase != want {
		r.fail(c, "rejected with %s error (%s), want %s error %q", phase, describe(err), want, c.Text)
		return
	}
	r.strictCheck(c, err, res)
	r.passed(c)
}

// followsWasmEdge reports whether the command is one WasmEdge answers
// otherwise than the spec text (wasmEdgeDiffers); it counts the command as
// answered as WasmEdge does when res carries WasmEdge's code, or fails it.
func (r *fileRun) followsWasmEdge(c *command, res *wasmedge.Result) bool {
	if !r.expectations {
		return false
	}
	key := fmt.Sprintf("%s:%d", r.base, c.Line)
	d, ok := wasmEdgeDiffers[key]
	if !ok {
		return false
	}
	got := uint32(res.GetErrorCategory())<<24 | uint32(res.GetCode())
	if got != d.code {
		r.fail(c, "%s, want WasmEdge's 0x%x (%s)", describe(res), d.code, d.why)
		return true
	}
	r.tally.asWasmEdge++
	r.t.Logf("%s %s: as WasmEdge (%s)", key, c.Type, d.why)
	return true
}

// strictCheck applies WasmEdge's rule for an error's text (its
// test/spec/spectest.cpp, stringContains): the expected text must start
// with the message of the code returned ("uninitialized element 2" starts
// with "uninitialized element"). WasmEdge has no code for call stack
// exhaustion (it skips assert_exhaustion); there the error's detail is
// compared instead, as a generic runtime error whose detail says
// "call stack exhausted". A mismatch is counted, not failed: it is the
// difference between the plain and the strict figure.
func (r *fileRun) strictCheck(c *command, err error, res *wasmedge.Result) {
	msg := res.Error()
	if c.Type == "assert_exhaustion" {
		var ee *errcode.Error
		if errors.As(err, &ee) {
			msg = ee.Detail
		}
	}
	if msg != "" && strings.HasPrefix(c.Text, msg) {
		return
	}
	r.tally.strictFailed++
	r.tally.mismatches = append(r.tally.mismatches, fmt.Sprintf("%s:%d %s: %q, got %s", r.base, c.Line, c.Type, c.Text, describe(err)))
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
	mod, loadErr, err := r.instantiate(buf, "")
	if loadErr != nil {
		r.fail(c, "loading/validating: %s (want it to load and fail with %q)", describe(loadErr), c.Text)
		return
	}
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
