package main

func testWycheproof(dir string, files []string) {}
