module github.com/second-state/WasmEdge-go

go 1.25.0

require github.com/pureedge/pureedge v0.0.0-00010101000000-000000000000

require (
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
)

// Inside the repository the drop-in builds against the checkout beside it. A
// program that uses the drop-in adds its own replace or require for
// github.com/pureedge/pureedge (see README.md): this line is ignored there.
replace github.com/pureedge/pureedge => ../..
