package wasmedge

// The WasmEdge release whose API and behaviour this package follows.
const (
	versionMajor = 0
	versionMinor = 14
	versionPatch = 1
)

// GetVersion returns the WasmEdge version this package is compatible with.
func GetVersion() string { return "0.14.1" }

// GetVersionMajor returns the major version number.
func GetVersionMajor() uint { return versionMajor }

// GetVersionMinor returns the minor version number.
func GetVersionMinor() uint { return versionMinor }

// GetVersionPatch returns the patch version number.
func GetVersionPatch() uint { return versionPatch }
