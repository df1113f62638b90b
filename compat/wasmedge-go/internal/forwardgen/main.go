package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "forward.go", "output file")
	flag.Parse()
	pkg, err := Load(".")
	if err == nil {
		var src []byte
		if src, err = Generate(pkg); err == nil {
			err = os.WriteFile(*out, src, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "forwardgen:", err)
		os.Exit(1)
	}
}
