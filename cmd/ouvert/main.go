// Command ouvert checks that a public code repository is ready to publish
// under French open source rules, and tells its openness level.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)) }
