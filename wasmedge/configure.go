package wasmedge

import (
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/meter"
)

// Proposal is a WebAssembly proposal that a Configure enables.
type Proposal uint32

// The proposals, numbered as in WasmEdge 0.14.
const (
	IMPORT_EXPORT_MUT_GLOBALS Proposal = iota
	NON_TRAP_FLOAT_TO_INT_CONVERSIONS
	SIGN_EXTENSION_OPERATORS
	MULTI_VALUE
	BULK_MEMORY_OPERATIONS
	REFERENCE_TYPES
	SIMD
	TAIL_CALL
	EXTENDED_CONST
	FUNCTION_REFERENCES
	GC
	MULTI_MEMORIES
	THREADS
	RELAXED_SIMD
	ANNOTATIONS
	MEMORY64
	EXCEPTION_HANDLING
	COMPONENT_MODEL
)

var proposalNames = [...]string{
	"import-export-mut-globals", "non-trap-float-to-int", "sign-extension-operators", "multi-value",
	"bulk-memory", "reference-types", "simd", "tail-call", "extended-const", "function-reference",
	"gc", "multi-memory", "threads", "relaxed-simd", "annotations", "memory64", "exception-handling",
	"component-model",
}

// String returns the proposal's name as the CLI spells it.
func (p Proposal) String() string {
	if int(p) < len(proposalNames) {
		return proposalNames[p]
	}
	return "unknown"
}

// supported maps the proposals wazero implements onto its features.
var supported = map[Proposal]api.CoreFeatures{
	IMPORT_EXPORT_MUT_GLOBALS:         api.CoreFeatureMutableGlobal,
	NON_TRAP_FLOAT_TO_INT_CONVERSIONS: api.CoreFeatureNonTrappingFloatToIntConversion,
	SIGN_EXTENSION_OPERATORS:          api.CoreFeatureSignExtensionOps,
	MULTI_VALUE:                       api.CoreFeatureMultiValue,
	BULK_MEMORY_OPERATIONS:            api.CoreFeatureBulkMemoryOperations,
	REFERENCE_TYPES:                   api.CoreFeatureReferenceTypes,
	SIMD:                              api.CoreFeatureSIMD,
	TAIL_CALL:                         experimental.CoreFeaturesTailCall,
	EXTENDED_CONST:                    experimental.CoreFeaturesExtendedConst,
	FUNCTION_REFERENCES:               experimental.CoreFeaturesTypedFunctionReferences,
	THREADS:                           experimental.CoreFeaturesThreads,
	EXCEPTION_HANDLING:                experimental.CoreFeaturesExceptionHandling,
	ANNOTATIONS:                       0, // text format only: nothing to do in a binary
}

// HostRegistration names a host module that a VM creates by itself.
type HostRegistration uint32

// WASI makes a VM create and register a wasi_snapshot_preview1 module.
const WASI HostRegistration = 0

// CompilerOptimizationLevel is the AOT compiler's optimisation level.
type CompilerOptimizationLevel uint32

// The optimisation levels.
const (
	CompilerOptLevel_O0 CompilerOptimizationLevel = iota
	CompilerOptLevel_O1
	CompilerOptLevel_O2
	CompilerOptLevel_O3
	CompilerOptLevel_Os
	CompilerOptLevel_Oz
)

// CompilerOutputFormat is the AOT compiler's output format.
type CompilerOutputFormat uint32

// The output formats.
const (
	CompilerOutputFormat_Native CompilerOutputFormat = 0
	CompilerOutputFormat_Wasm   CompilerOutputFormat = 1
)

// Configure holds the settings of VMs, loaders, validators, executors and
// compilers. It is copied into each object created from it, so it may be
// changed or released afterwards without effect on them.
type Configure struct {
	proposals     uint64
	wasi          bool
	maxPages      uint
	interpreter   bool
	optLevel      CompilerOptimizationLevel
	outputFormat  CompilerOutputFormat
	dumpIR        bool
	genericBinary bool
	interruptible bool
	instrCount    bool
	timeMeasure   bool
	costMeasure   bool
	timeLimitMS   uint
	tableLimit    uint32
	released      bool
}

const defaultProposals = 1<<IMPORT_EXPORT_MUT_GLOBALS | 1<<NON_TRAP_FLOAT_TO_INT_CONVERSIONS |
	1<<SIGN_EXTENSION_OPERATORS | 1<<MULTI_VALUE | 1<<BULK_MEMORY_OPERATIONS | 1<<REFERENCE_TYPES | 1<<SIMD

// NewConfigure returns a configuration with WasmEdge's defaults (the seven
// Wasm 2.0 proposals on) plus the given Proposal and HostRegistration
// values. Any other argument panics, as in the SDK.
func NewConfigure(params ...interface{}) *Configure {
	c := &Configure{proposals: defaultProposals, maxPages: 65536, optLevel: CompilerOptLevel_O3,
		outputFormat: CompilerOutputFormat_Wasm}
	for _, p := range params {
		switch p.(type) {
		case Proposal, HostRegistration:
			c.AddConfig(p)
		default:
			panic("Wrong argument of NewConfigure()")
		}
	}
	return c
}

// defaultConfigure is the configuration of objects created without one.
func defaultConfigure() *Configure { return NewConfigure() }

func (self *Configure) clone() *Configure {
	if self == nil {
		return defaultConfigure()
	}
	c := *self
	return &c
}

// HasConfig reports whether a Proposal or HostRegistration is set.
func (self *Configure) HasConfig(conf interface{}) bool {
	switch v := conf.(type) {
	case Proposal:
		return self.proposals&(1<<v) != 0
	case HostRegistration:
		return v == WASI && self.wasi
	default:
		panic("Wrong argument of Configure.HasConfig()")
	}
}

// AddConfig sets a Proposal or HostRegistration. Proposals bring the ones
// they depend on, as in WasmEdge (GC brings function references, which bring
// reference types).
func (self *Configure) AddConfig(conf interface{}) {
	switch v := conf.(type) {
	case Proposal:
		self.proposals |= 1 << v
		switch v {
		case GC:
			self.proposals |= 1<<FUNCTION_REFERENCES | 1<<REFERENCE_TYPES
		case FUNCTION_REFERENCES:
			self.proposals |= 1 << REFERENCE_TYPES
		}
	case HostRegistration:
		if v == WASI {
			self.wasi = true
		}
	default:
		panic("Wrong argument of Configure.AddConfig()")
	}
}

// RemoveConfig clears a Proposal or HostRegistration. As in WasmEdge,
// removing a proposal that a set one depends on is ignored.
func (self *Configure) RemoveConfig(conf interface{}) {
	switch v := conf.(type) {
	case Proposal:
		if v == FUNCTION_REFERENCES && self.HasConfig(GC) {
			return
		}
		if v == REFERENCE_TYPES && (self.HasConfig(GC) || self.HasConfig(FUNCTION_REFERENCES)) {
			return
		}
		self.proposals &^= 1 << v
	case HostRegistration:
		if v == WASI {
			self.wasi = false
		}
	default:
		panic("Wrong argument of Configure.RemoveConfig()")
	}
}

// SetMaxMemoryPage limits every memory to the given number of 64 KiB pages.
func (self *Configure) SetMaxMemoryPage(pagesize uint) { self.maxPages = pagesize }

// GetMaxMemoryPage returns the memory page limit (65536 by default).
func (self *Configure) GetMaxMemoryPage() uint { return self.maxPages }

// SetForceInterpreter makes Wasm run in wazero's interpreter instead of its
// compiler.
func (self *Configure) SetForceInterpreter(isinterpreter bool) { self.interpreter = isinterpreter }

// IsForceInterpreter reports whether the interpreter is forced.
func (self *Configure) IsForceInterpreter() bool { return self.interpreter }

// SetCompilerOptimizationLevel sets the AOT optimisation level. It is kept
// for the API; wazero's compiler has no levels.
func (self *Configure) SetCompilerOptimizationLevel(level CompilerOptimizationLevel) {
	self.optLevel = level
}

// GetCompilerOptimizationLevel returns the AOT optimisation level.
func (self *Configure) GetCompilerOptimizationLevel() CompilerOptimizationLevel {
	return self.optLevel
}

// SetCompilerOutputFormat sets the AOT output format.
func (self *Configure) SetCompilerOutputFormat(format CompilerOutputFormat) {
	self.outputFormat = format
}

// GetCompilerOutputFormat returns the AOT output format.
func (self *Configure) GetCompilerOutputFormat() CompilerOutputFormat { return self.outputFormat }

// SetCompilerDumpIR sets whether the AOT compiler dumps its IR (kept for the
// API).
func (self *Configure) SetCompilerDumpIR(isdump bool) { self.dumpIR = isdump }

// IsCompilerDumpIR reports the dump-IR setting.
func (self *Configure) IsCompilerDumpIR() bool { return self.dumpIR }

// SetCompilerGenericBinary sets whether the AOT compiler targets a generic
// CPU (kept for the API).
func (self *Configure) SetCompilerGenericBinary(isgeneric bool) { self.genericBinary = isgeneric }

// IsCompilerGenericBinary reports the generic-binary setting.
func (self *Configure) IsCompilerGenericBinary() bool { return self.genericBinary }

// SetStatisticsInstructionCounting turns instruction counting on or off.
func (self *Configure) SetStatisticsInstructionCounting(iscount bool) { self.instrCount = iscount }

// IsStatisticsInstructionCounting reports the instruction-counting setting.
func (self *Configure) IsStatisticsInstructionCounting() bool { return self.instrCount }

// SetStatisticsTimeMeasuring turns execution time measuring on or off.
func (self *Configure) SetStatisticsTimeMeasuring(ismeasure bool) { self.timeMeasure = ismeasure }

// IsStatisticsTimeMeasuring reports the time-measuring setting.
func (self *Configure) IsStatisticsTimeMeasuring() bool { return self.timeMeasure }

// SetStatisticsCostMeasuring turns gas (cost) measuring on or off.
func (self *Configure) SetStatisticsCostMeasuring(ismeasure bool) { self.costMeasure = ismeasure }

// IsStatisticsCostMeasuring reports the cost-measuring setting.
func (self *Configure) IsStatisticsCostMeasuring() bool { return self.costMeasure }

// Release frees the configuration. It is idempotent.
func (self *Configure) Release() {
	if self != nil {
		self.released = true
	}
}

// engineConfig maps the configuration onto a wazero runtime.
func (self *Configure) engineConfig() engine.Config {
	var f api.CoreFeatures
	for p, feat := range supported {
		if self.proposals&(1<<p) != 0 {
			f |= feat
		}
	}
	pages := uint32(65536)
	if self.maxPages < 65536 {
		pages = uint32(self.maxPages)
	}
	// Time limits and cancellation need no help from wazero: instrumented
	// code reaches a safe point often (see Async.Cancel).
	return engine.Config{Features: f, Interpreter: self.interpreter, MemoryLimitPages: pages,
		DebugInfo: logLevel.Load() <= logLevelDebug}
}

// meterOptions is the instrumentation of modules compiled under this
// configuration for the given statistics.
func (self *Configure) meterOptions(stats *Statistics) meter.Options {
	o := meter.Options{Count: self.instrCount, Cost: self.costMeasure}
	if o.Cost {
		o.Table = stats.costTable()
	}
	return o
}

// SetTimeLimit limits every execution (Execute, Run*, Invoke and their
// Async and Context forms) of VMs and executors created from this
// configuration to millisec milliseconds; 0 means no limit. A run past the
// limit stops with "execution interrupted" (0x0007).
//
// This is an extension: WasmEdge's Go SDK has no time limit (its C API and
// CLI do).
func (self *Configure) SetTimeLimit(millisec uint) {
	if self != nil {
		self.timeLimitMS = millisec
	}
}

// GetTimeLimit returns the time limit in milliseconds (0: none). It is an
// extension, as SetTimeLimit.
func (self *Configure) GetTimeLimit() uint {
	if self == nil {
		return 0
	}
	return self.timeLimitMS
}

// unsupportedProposal returns the first enabled proposal that the engine
// cannot run, if any.
func (self *Configure) unsupportedProposal() (Proposal, bool) {
	for p := IMPORT_EXPORT_MUT_GLOBALS; p <= COMPONENT_MODEL; p++ {
		if self.proposals&(1<<p) == 0 {
			continue
		}
		if _, ok := supported[p]; !ok {
			return p, true
		}
	}
	return 0, false
}

// SetMaxTableElements sets the element limit of the tables a module
// defines: table.grow past it returns -1 (an addition to the SDK API). 0,
// the default, means 10,000,000 elements.
func (self *Configure) SetMaxTableElements(n uint32) {
	if self != nil {
		self.tableLimit = n
	}
}

// maxTableElements is the table element limit (0: the default).
func (self *Configure) maxTableElements() uint32 {
	if self == nil {
		return 0
	}
	return self.tableLimit
}

// bodyProposals maps the proposals that change how function bodies are read
// onto the loader's features.
var bodyProposals = [...]struct {
	p Proposal
	f binary.Features
}{
	{SIGN_EXTENSION_OPERATORS, binary.FeatureSignExtension}, {NON_TRAP_FLOAT_TO_INT_CONVERSIONS, binary.FeatureSatConversion},
	{BULK_MEMORY_OPERATIONS, binary.FeatureBulkMemory}, {REFERENCE_TYPES, binary.FeatureReferenceTypes},
	{SIMD, binary.FeatureSIMD}, {MULTI_VALUE, binary.FeatureMultiValue}, {THREADS, binary.FeatureThreads},
	{TAIL_CALL, binary.FeatureTailCall}, {FUNCTION_REFERENCES, binary.FeatureFunctionReferences},
	{EXCEPTION_HANDLING, binary.FeatureExceptions}, {MULTI_MEMORIES, binary.FeatureMultiMemory},
	{MEMORY64, binary.FeatureMemory64},
}

// bodyFeatures are the proposals the loader reads function bodies with (a
// nil configuration is the default one).
func (self *Configure) bodyFeatures() binary.Features {
	if self == nil {
		return binary.Wasm2
	}
	var f binary.Features
	for _, bp := range bodyProposals {
		if self.proposals&(1<<bp.p) != 0 {
			f |= bp.f
		}
	}
	return f
}
