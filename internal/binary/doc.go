// Package binary is PureEdge's own reader and writer of the WebAssembly
// binary format.
//
// Decode parses the module-level structure of a Wasm 2.0 binary (plus the
// module-level parts of the threads, memory64, exception-handling and
// typed-function-references proposals): types, imports and exports of every
// kind, the definitions of functions, tables, memories, globals and tags, the
// start and data-count sections and the custom sections. Function bodies
// are read instruction by instruction as WasmEdge's loader reads them (with
// the proposals of a Features set: DecodeFeatures), without allocating, and
// data segments are skipped by size; wazero decodes and validates the code
// later.
//
// Malformed input yields an *errcode.Error with WasmEdge's load-phase code,
// and a Detail naming the section and the offset:
//
//	input shorter than the 8-byte header          UnexpectedEnd
//	first four bytes not "\0asm"                  MalformedMagic
//	version not 1                                 MalformedVersion
//	section id above 13                           MalformedSection
//	non-custom section repeated or out of order   JunkSection
//	content shorter or longer than the size       SectionSizeMismatch
//	section size or name length past the input    LengthOutOfBounds
//	reading past the end of the input             UnexpectedEnd
//	vector count above twice the bytes left       IntegerTooLong (function bodies)
//	custom section name longer than the section   UnexpectedEnd
//	LEB128 longer than its type allows            IntegerTooLong
//	LEB128 value out of range                     IntegerTooLarge
//	function type form not 0x60 (GC types too)    IntegerTooLong
//	bad value type                                MalformedValType
//	bad reference type (table, element, heap)     MalformedRefType
//	bad import / export kind                      MalformedImportKind / MalformedExportKind
//	global mutability not 0 or 1                  InvalidMut
//	limits flags 0x80 or 0x81, or above 7         IntegerTooLong, IntegerTooLarge
//	names that are not UTF-8                      MalformedUTF8
//	tag attribute not 0                           ExpectedZeroByte
//	element segment flags above 7, element kind   MalformedElemType
//	data segment flags above 2                    IllegalGrammar
//	non-constant instruction in an initializer    ConstExprRequired (IllegalOpCode if unknown)
//	function body: unknown opcode, or of a         IllegalOpCode
//	  proposal that is off; else out of place
//	function body: alignment exponent >= 32       MalformedMemoryOpFlags
//	function body: reserved byte not zero         ExpectedZeroByte
//	function body: memory.init, data.drop          DataCountRequired
//	  without a data count section
//	function body: ends before / after its size   JunkSection / SectionSizeMismatch
//	shared limits without threads, 64-bit limits  IntegerTooLarge
//	  without memory64
//	tag import, export or section without          MalformedImportKind /
//	  exception handling                            MalformedSection
//	function and code counts differ               IncompatibleFuncCode
//	data count and data segments differ           IncompatibleDataCount
//
// Like WasmEdge's loader, the reader is bounded by the input, not by the
// section: a section whose entries run past its declared size is reported as
// a size mismatch once read. The memory64 limits flag (bit 2) is accepted
// and recorded (Limits.Is64) although WasmEdge 0.14 rejects it; validation
// (wazero) refuses such modules later.
//
// # Bounds before allocation
//
// No count read from a module makes PureEdge allocate more than a small
// multiple of the module's size. Decode reads every vector with the input's
// end as the bound (n entries need at least n bytes; the capacity reserved
// up front is at most the bytes left divided by the smallest entry), so a
// count of 2^32-1 in a 20-byte module fails as an unexpected end after a few
// bytes. The engine that compiles the module afterwards (wazero) allocates
// by some counts before reading what they count; Decode checks those first:
//
//	locals of one function above MaxLocals (2^26, as WasmEdge)      TooManyLocals
//	locals of all functions above LocalsBudget(size)                TooManyLocals
//	  (2^16, or 8 per byte of the module if more)
//	"name" subsection counts (function and local names) that       hidden from the engine
//	  exceed the subsection's bytes                                  (Module.ForEngine)
//
// WasmEdge ignores the "name" section, so a module with a bad one still
// loads. Memory and table sizes are limits, not allocations: linear
// memories reserve address space and commit only what is touched
// (internal/engine), and ForEngine caps the maximum of the tables a module
// defines at an element limit (DefaultTableLimit, 10,000,000, unless
// configured), so that table.grow past it returns -1.
//
// EncodeShim writes the small Wasm module through which a WasmEdge host
// module that owns memories, tables or globals is materialised on wazero,
// whose host modules can only hold functions. Encode writes a Module back
// (with trivial function bodies), for tests; the Append* functions are the
// building blocks of both.
package binary
