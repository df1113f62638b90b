package wasmedge

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pureedge/pureedge/internal/capi"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// RunWasmEdgeCLI runs the wasmedge tool: argv[0] is the program name, then
// options, the Wasm file and its arguments. It returns the exit status: the
// guest's exit code, or 1 when the run fails.
func RunWasmEdgeCLI(argv []string) int {
	return runCLI(argv, os.Stdout, os.Stderr)
}

// RunWasmEdgeUnifiedCLI runs the unified tool: "wasmedge [run] ..." as
// RunWasmEdgeCLI, or "wasmedge compile in.wasm out.wasm".
func RunWasmEdgeUnifiedCLI(argv []string) int {
	if len(argv) > 1 {
		switch argv[1] {
		case "run":
			return runCLI(append([]string{argv[0]}, argv[2:]...), os.Stdout, os.Stderr)
		case "compile":
			return RunWasmEdgeAOTCompilerCLI(append([]string{argv[0]}, argv[2:]...))
		}
	}
	return RunWasmEdgeCLI(argv)
}

// RunWasmEdgeAOTCompilerCLI runs "wasmedgec in.wasm out.wasm": it writes a
// universal wasm, the module with its compiled code (see Compiler).
func RunWasmEdgeAOTCompilerCLI(argv []string) int {
	fs := flag.NewFlagSet(progName(argv), flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	conf := NewConfigure()
	addProposalFlags(fs, conf)
	warm := fs.Bool("warm-cache", false, "only fill the compiled-code cache for in.wasm (no output file)")
	fs.Uint64Var(&conf.proposals, "proposal-bits", conf.proposals, "the proposals as a bit set (used by the CLI's background compilation)")
	fs.BoolVar(&conf.interruptible, "interruptible", false, "compile for runs that can be interrupted (--time-limit)")
	if err := fs.Parse(argv[1:]); err != nil {
		return 1
	}
	if *warm && fs.NArg() == 1 {
		ast, err := NewLoader().LoadFile(fs.Arg(0))
		if err == nil {
			err = NewValidatorWithConfig(conf).Validate(ast)
			engine.DoneWarmingPrepared(warmPrepared(conf, ast))
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %s: %v\n", fs.Name(), fs.Arg(0), err)
			return 1
		}
		return 0
	}
	if fs.NArg() != 2 {
		fmt.Fprintf(os.Stderr, "usage: %s compile [options] in.wasm out.wasm\n", fs.Name())
		return 1
	}
	if err := NewCompilerWithConfig(conf).Compile(fs.Arg(0), fs.Arg(1)); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %s: %v\n", fs.Name(), fs.Arg(0), err)
		return 1
	}
	return 0
}

func progName(argv []string) string {
	if len(argv) > 0 {
		return argv[0]
	}
	return "wasmedge"
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// proposalFlags lists the --enable-*/--disable-* options of WasmEdge's CLI.
var enableFlags = map[string]Proposal{
	"tail-call": TAIL_CALL, "extended-const": EXTENDED_CONST, "function-reference": FUNCTION_REFERENCES,
	"gc": GC, "multi-memory": MULTI_MEMORIES, "threads": THREADS, "relaxed-simd": RELAXED_SIMD,
	"exception-handling": EXCEPTION_HANDLING, "component": COMPONENT_MODEL, "memory64": MEMORY64,
}

var disableFlags = map[string]Proposal{
	"import-export-mut-globals": IMPORT_EXPORT_MUT_GLOBALS, "non-trap-float-to-int": NON_TRAP_FLOAT_TO_INT_CONVERSIONS,
	"sign-extension-operators": SIGN_EXTENSION_OPERATORS, "multi-value": MULTI_VALUE,
	"bulk-memory": BULK_MEMORY_OPERATIONS, "reference-types": REFERENCE_TYPES, "simd": SIMD,
}

type proposalFlag struct {
	conf   *Configure
	p      Proposal
	enable bool
}

func (f proposalFlag) String() string   { return "" }
func (f proposalFlag) IsBoolFlag() bool { return true }
func (f proposalFlag) Set(v string) error {
	on, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	if on == f.enable {
		f.conf.AddConfig(f.p)
	} else {
		f.conf.RemoveConfig(f.p)
	}
	return nil
}

type allFlag struct{ conf *Configure }

func (f allFlag) String() string   { return "" }
func (f allFlag) IsBoolFlag() bool { return true }
func (f allFlag) Set(v string) error {
	if on, _ := strconv.ParseBool(v); on {
		for _, p := range enableFlags {
			if _, ok := supported[p]; ok {
				f.conf.AddConfig(p)
			}
		}
	}
	return nil
}

func addProposalFlags(fs *flag.FlagSet, conf *Configure) {
	for name, p := range enableFlags {
		fs.Var(proposalFlag{conf, p, true}, "enable-"+name, "enable the "+p.String()+" proposal")
	}
	for name, p := range disableFlags {
		fs.Var(proposalFlag{conf, p, false}, "disable-"+name, "disable the "+p.String()+" proposal")
	}
	fs.Var(allFlag{conf}, "enable-all", "enable every proposal the engine supports")
}

// cliOptions holds the parsed command line.
type cliOptions struct {
	dirs, envs     listFlag
	reactor        bool
	interpreter    bool
	pageLimit      uint
	timeLimit      uint
	gasLimit       optUint
	logLevel       string
	version        bool
	noCache        bool
	cacheDir       string
	coldStart      string
	forbidden      listFlag
	net            netFlags
	statInstr      bool
	statGas        bool
	statTime       bool
	statAll        bool
	pluginSettings []func() // applied once plug-ins are loaded
}

func runCLI(argv []string, stdout, stderr io.Writer) int {
	name := progName(argv)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	conf := NewConfigure(WASI)
	var o cliOptions
	fs.Var(&o.dirs, "dir", "preopen a directory: GUEST:HOST[:readonly], or PATH for the same on both sides (repeatable)")
	fs.Var(&o.envs, "env", "set an environment variable for the guest: KEY=VALUE (repeatable)")
	fs.BoolVar(&o.reactor, "reactor", false, "run in reactor mode: the argument after the file names the function to call")
	fs.BoolVar(&o.interpreter, "force-interpreter", false, "run in wazero's interpreter instead of its compiler")
	fs.UintVar(&o.pageLimit, "memory-page-limit", 0, "limit memories to N pages of 64 KiB")
	fs.UintVar(&o.timeLimit, "time-limit", 0, "stop the run after N milliseconds")
	fs.Var(&o.gasLimit, "gas-limit", "stop the run when its gas (cost) passes N; turns gas measuring on")
	fs.BoolVar(&o.statInstr, "enable-instruction-count", false, "count the Wasm instructions executed and print the count at exit")
	fs.BoolVar(&o.statGas, "enable-gas-measuring", false, "measure the gas (every instruction costs 1) and print it at exit")
	fs.BoolVar(&o.statTime, "enable-time-measuring", false, "print the execution time at exit")
	fs.BoolVar(&o.statAll, "enable-all-statistics", false, "enable all statistics")
	fs.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warning, error or off")
	fs.BoolVar(&o.version, "version", false, "print the version and the loaded plug-ins")
	fs.BoolVar(&o.noCache, "no-cache", false, "do not keep compiled code on disk")
	fs.StringVar(&o.coldStart, "cold-start", "interpreter", "how to run a module whose compiled code is not cached yet: "+
		"\"interpreter\" (start at once in the interpreter and compile for the next run in the background) or \"compile\" (compile first)")
	trust := fs.Bool("trust-compiled-code", false, "use the compiled code that a universal wasm (from \"wasmedge compile\") carries: it is native code, run unchecked (env "+engine.TrustCompiledEnv+"=1)")
	fs.StringVar(&o.cacheDir, "cache-dir", "", "directory of the compiled-code cache (default: the user cache directory; env "+engine.CacheDirEnv+")")
	fs.Var(&o.forbidden, "forbidden-plugin", "do not register the modules of this plug-in (repeatable)")
	o.net.register(fs)
	addProposalFlags(fs, conf)
	// What C plug-ins printed is flushed however the run ends.
	defer capi.FlushStdio()
	cliReportsErrors.Store(true)
	defer cliReportsErrors.Store(false)
	if level, ok := logLevelArg(fs, argv); ok {
		setLogLevel(level) // before addPluginFlags loads the plug-ins
	}
	addPluginFlags(fs, &o)
	fs.Bool("enable-jit", false, "accepted for WasmEdge's command lines: modules always run in wazero's compiler (unless --force-interpreter)")
	addUnsupportedFlags(fs)
	fs.Usage = func() { printHelp(stderr, name, fs) }
	if err := fs.Parse(argv[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	if o.version {
		printVersion(stdout)
		return 0
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return 1
	}
	setLogLevel(o.logLevel)
	if *trust {
		os.Setenv(engine.TrustCompiledEnv, "1")
	}
	switch {
	case o.noCache:
		engine.SetCacheDir("")
	case o.cacheDir != "":
		engine.SetCacheDir(o.cacheDir)
	}
	// As WasmEdge's: statistics are logged (info level) after the run.
	conf.SetStatisticsInstructionCounting(o.statInstr || o.statAll)
	conf.SetStatisticsCostMeasuring(o.statGas || o.statAll || o.gasLimit.set)
	conf.SetStatisticsTimeMeasuring(o.statTime || o.statAll)
	conf.SetForceInterpreter(o.interpreter)
	if o.pageLimit > 0 {
		conf.SetMaxMemoryPage(o.pageLimit)
	}
	conf.timeLimitMS = o.timeLimit
	applyPluginOptions(&o)

	file, args := fs.Arg(0), fs.Args()[1:]
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	excludeForbidden(vm, o.forbidden)
	o.gasLimit.apply(vm)
	wasiArgs := append([]string{file}, args...)
	if o.reactor {
		wasiArgs = []string{file}
	}
	envs := append([]string(nil), o.envs...)
	vm.GetImportModule(WASI).InitWasi(wasiArgs, envs, o.dirs)
	if err := wasiInitError(vm); err != nil {
		fmt.Fprintf(stderr, "%s: Bind guest directory failed: %v\n", name, err)
		return 1
	}
	if err := o.net.apply(vm); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}

	fail := func(err error) int {
		// One line: the error with its code and detail (the library's
		// own log line is left out while the CLI runs).
		var e *errcode.Error
		if errors.As(err, &e) {
			err = e
		}
		fmt.Fprintf(stderr, "%s: %s: %v\n", name, file, err)
		return 1
	}
	// Debug information is left unread (the engine drops it); a module
	// that does not load is read whole again, for its error's offsets.
	buf, reduced, err := readWasmFileForRun(file)
	if err != nil {
		return fail(err)
	}
	// The file's bytes are parsed once, for the cold-start check and the run.
	ast, e := loadOwnedAST(buf, conf)
	if e != nil && reduced {
		if buf, err = readWasmFile(file); err != nil {
			return fail(err)
		}
		ast, e = loadOwnedAST(buf, conf)
	}
	if e == nil {
		e = checkSharedFlag(conf, ast)
	}
	if e != nil {
		return fail(resultError(e))
	}
	if o.coldStart == "interpreter" && !o.interpreter && coldStart(conf, file, ast) {
		// Nothing compiled yet: the interpreter starts at once, and a
		// detached process compiles for the next run.
		vm.Release()
		conf.SetForceInterpreter(true)
		vm = NewVMWithConfig(conf)
		defer vm.Release()
		excludeForbidden(vm, o.forbidden)
		o.gasLimit.apply(vm)
		vm.GetImportModule(WASI).InitWasi(wasiArgs, envs, o.dirs)
		_ = o.net.apply(vm) // checked above
	}
	if err := vm.LoadWasmAST(ast); err != nil {
		return fail(err)
	}
	if err := vm.Validate(); err != nil {
		return fail(err)
	}
	if err := vm.Instantiate(); err != nil {
		var res *Result
		if errors.As(err, &res) && res.GetCode() == int(errcode.Terminated) {
			// The start function exited: its code is the run's.
			return int(vm.GetImportModule(WASI).WasiGetExitCode())
		}
		return fail(err)
	}
	if !o.reactor {
		if _, err := vm.Execute("_start"); err != nil {
			return fail(err)
		}
		return int(vm.GetImportModule(WASI).WasiGetExitCode())
	}
	if len(args) == 0 {
		return fail(errors.New("--reactor needs the name of the function to call"))
	}
	if vm.GetFunctionType("_initialize") != nil {
		if _, err := vm.Execute("_initialize"); err != nil {
			return fail(err)
		}
	}
	fname := args[0]
	ftype := vm.GetFunctionType(fname)
	if ftype == nil {
		return fail(fmt.Errorf("function %q is not exported", fname))
	}
	params, err := parseArgs(ftype, args[1:])
	if err != nil {
		return fail(err)
	}
	res, err := vm.Execute(fname, params...)
	if err != nil {
		return fail(err)
	}
	for _, r := range res {
		fmt.Fprintln(stdout, formatValue(r))
	}
	return int(vm.GetImportModule(WASI).WasiGetExitCode())
}

// optUint is a uint64 flag that records whether it was given.
type optUint struct {
	v   uint64
	set bool
}

func (u *optUint) String() string {
	if u == nil || !u.set {
		return ""
	}
	return strconv.FormatUint(u.v, 10)
}

func (u *optUint) Set(s string) error {
	v, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		return err
	}
	u.v, u.set = v, true
	return nil
}

// apply sets the limit on the VM's statistics, if one was given.
func (u *optUint) apply(vm *VM) {
	if u.set {
		vm.GetStatistics().SetCostLimit(uint(u.v))
	}
}

// smallModule is the size under which compiling first costs less than a
// few milliseconds: such modules are never started in the interpreter. It
// is compared with what the CLI read (readWasmFileForRun), without debug
// information, which costs the compiler nothing.
const smallModule = 256 << 10

// coldStart reports whether the module's compiled code is missing from the
// persistent cache; if so it starts a detached "compile --warm-cache" of
// the module so that the next run finds it.
func coldStart(conf *Configure, file string, ast *AST) bool {
	if len(ast.bytes) < smallModule || engine.PersistentCacheDir() == "" {
		return false
	}
	ec := conf.engineConfig()
	p := warmPrepared(conf, ast)
	if engine.WarmPrepared(p) {
		return false
	}
	if !engine.ClaimWarmingPrepared(p) {
		return true // another run is compiling it
	}
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return false
	}
	args := []string{"compile", "--warm-cache", "--proposal-bits", strconv.FormatUint(conf.proposals, 10)}
	if ec.CloseOnContextDone {
		args = append(args, "--interruptible")
	}
	cmd := exec.Command(exe, append(args, abs)...)
	cmd.Env = append(os.Environ(), engine.CacheDirEnv+"="+engine.PersistentCacheDir())
	cmd.SysProcAttr = detached()
	if cmd.Start() != nil {
		engine.DoneWarmingPrepared(p)
		return false
	}
	lowerPriority(cmd.Process.Pid)
	engine.HoldWarmingPrepared(p, cmd.Process.Pid)
	_ = cmd.Process.Release()
	return true
}

// warmPrepared is what the engine compiles of ast under conf, which names the
// module's compiled code in the cache, its warm marker and the claim to
// compile it (the cold run that claims and the "compile --warm-cache" child
// that releases the claim must name the same).
func warmPrepared(conf *Configure, ast *AST) *engine.Prepared {
	return ast.prepared(conf.engineConfig(), conf.maxTableElements())
}

// parseArgs converts reactor arguments to the function's parameter types.
func parseArgs(ftype *FunctionType, args []string) ([]interface{}, error) {
	if uint(len(args)) != ftype.GetParametersLength() {
		return nil, fmt.Errorf("the function takes %d arguments, %d given", ftype.GetParametersLength(), len(args))
	}
	out := make([]interface{}, len(args))
	for i, t := range ftype.GetParameters() {
		a := args[i]
		var err error
		switch {
		case t.IsI32():
			var v int64
			v, err = strconv.ParseInt(a, 0, 64)
			if err == nil && (v < math.MinInt32 || v > math.MaxUint32) {
				err = fmt.Errorf("out of range for i32")
			}
			out[i] = int32(v)
		case t.IsI64():
			var v int64
			v, err = strconv.ParseInt(a, 0, 64)
			out[i] = v
		case t.IsF32():
			var v float64
			v, err = strconv.ParseFloat(a, 32)
			out[i] = float32(v)
		case t.IsF64():
			var v float64
			v, err = strconv.ParseFloat(a, 64)
			out[i] = v
		default:
			err = fmt.Errorf("parameters of type %s cannot be given on the command line", t)
		}
		if err != nil {
			return nil, fmt.Errorf("argument %d (%q): %v", i+1, a, err)
		}
	}
	return out, nil
}

func formatValue(v interface{}) string {
	switch x := v.(type) {
	case V128:
		hi, lo := x.GetVal()
		return fmt.Sprintf("0x%016x%016x", hi, lo)
	default:
		return fmt.Sprint(x)
	}
}

func printVersion(w io.Writer) {
	fmt.Fprintf(w, "wasmedge version %s (PureEdge, on wazero v1.12.0)\n", GetVersion())
	printPlugins(w)
}

// setLogLevel applies a --log-level value.
func setLogLevel(level string) {
	switch level {
	case "debug", "trace":
		SetLogDebugLevel()
	case "error", "critical", "warning", "warn":
		SetLogErrorLevel()
	case "off":
		SetLogOff()
	}
}

// logLevelArg finds --log-level in the options of argv (before the Wasm
// file), so that it applies before plug-ins are loaded: they are loaded
// before the options are parsed, since they add options of their own. fs
// has the other options, to tell which take a value; an unknown one (a
// plug-in's) is taken to have one.
func logLevelArg(fs *flag.FlagSet, argv []string) (string, bool) {
	level, found := "", false
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if hasValue {
			if name == "log-level" {
				level, found = value, true
			}
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				continue
			}
		}
		if i+1 < len(argv) {
			i++
			if name == "log-level" {
				level, found = argv[i], true
			}
		}
	}
	return level, found
}

// wasiInitError is why the VM's WASI module could not open a preopened
// directory, or nil.
func wasiInitError(vm *VM) error {
	if m := vm.GetImportModule(WASI); m != nil && m.host != nil && m.host.WASI != nil {
		return m.host.WASI.InitError()
	}
	return nil
}
