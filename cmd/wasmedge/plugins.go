package main

// The standard plug-ins compiled into the command: importing a plug-in's
// package registers it.
import (
	_ "github.com/pureedge/pureedge/plugins/wasi_logging"
	_ "github.com/pureedge/pureedge/plugins/wasi_nn"
	_ "github.com/pureedge/pureedge/plugins/wasmedge_httpsreq"
	_ "github.com/pureedge/pureedge/plugins/wasmedge_process"
)
