package meter

import (
	"strconv"

	"github.com/pureedge/pureedge/internal/binary"
)

// With Options.ImportRefs, the rewriter gives the host a way to tell the
// engine's references to the module's imported functions: for each imported
// function i it adds an immutable funcref global set to ref.func i, exported
// as ImportRefName(i). On both of wazero's engines such a reference is a
// fixed slot of the importing instance (the same value every time ref.func
// or an element segment makes it), so reading the globals once per instance
// tells every reference to an import apart from the references to the
// module's own functions. The globals need the reference-types proposal.

// importRefPrefix starts the export names of the import reference globals.
const importRefPrefix = ReservedPrefix + "ref.import:"

// ImportRefName is the export name of the global holding the reference to
// imported function i.
func ImportRefName(i uint32) string { return importRefPrefix + strconv.FormatUint(uint64(i), 10) }

// importRefs is the number of import reference globals the rewrite adds.
func (w *writer) importRefs() uint32 {
	if !w.opts.ImportRefs {
		return 0
	}
	return w.m.importFuncs
}

// importRefGlobals appends the import reference globals, which follow the
// meter's globals.
func (w *writer) importRefGlobals(out []byte) []byte {
	for i := range w.importRefs() {
		out = append(out, byte(binary.ValFuncref), 0, opRefFunc)
		out = binary.AppendU32(out, i) // imports keep their indices
		out = append(out, opEnd)
	}
	return out
}

// importRefExports appends the exports of the import reference globals.
func (w *writer) importRefExports(out []byte) []byte {
	for i := range w.importRefs() {
		out = binary.AppendName(out, ImportRefName(i))
		out = append(out, 3)
		out = binary.AppendU32(out, w.gNext+i)
	}
	return out
}
