//go:build unix && !linux && !darwin

package engine

// mapNoReserve: the BSDs have no MAP_NORESERVE (they do not reserve swap for
// anonymous mappings anyway).
const mapNoReserve = 0
