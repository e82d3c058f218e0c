package fix

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWithHeader(t *testing.T) {
	cases := []struct{ path, in, want string }{
		{"a.go", "package a\n", "// SPDX-License-Identifier: MIT\n\npackage a\n"},
		{"a.go", "\n\npackage a\n", "// SPDX-License-Identifier: MIT\n\n\npackage a\n"},
		{"a.py", "#!/usr/bin/python3\n# coding=latin-1\nx = 1\n", "#!/usr/bin/python3\n# coding=latin-1\n# SPDX-License-Identifier: MIT\n\nx = 1\n"},
		{"a.rb", "# encoding: utf-8\nputs 1\n", "# encoding: utf-8\n# SPDX-License-Identifier: MIT\n\nputs 1\n"},
		{"a.sh", "#!/bin/sh", "#!/bin/sh\n# SPDX-License-Identifier: MIT\n"},
		{"a.js", "\ufeffvar a;\r\n", "\ufeff// SPDX-License-Identifier: MIT\r\n\r\nvar a;\r\n"},
		{"a.ml", "let x = 1\n", "(* SPDX-License-Identifier: MIT *)\n\nlet x = 1\n"},
		{"A.VUE", "<template/>\n", "<!-- SPDX-License-Identifier: MIT -->\n\n<template/>\n"},
		{"a.lua", "", "-- SPDX-License-Identifier: MIT\n"},
		{"a.m", "#import <Foundation/Foundation.h>\n", "// SPDX-License-Identifier: MIT\n\n#import <Foundation/Foundation.h>\n"},
	}
	for _, tc := range cases {
		got, ok := withHeader(tc.path, []byte(tc.in), "MIT")
		if !ok || string(got) != tc.want {
			t.Errorf("%s %q: %v %q, want %q", tc.path, tc.in, ok, got, tc.want)
		}
	}
	for _, tc := range []struct{ path, in string }{
		{"a.php", "<html><?php echo 1; ?>\n"},
		{"a.php", "<?php echo 1;\n"},
		{"a.m", "function x = f()\nend\n"},
		{"a.txt", "x\n"},
	} {
		if _, ok := withHeader(tc.path, []byte(tc.in), "MIT"); ok {
			t.Errorf("%s %q: header added where the syntax is unsure", tc.path, tc.in)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(p, []byte("old\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	written, err := Write(dir, []File{{Path: "run.sh", Old: []byte("old\n"), New: []byte("new\n")}})
	if err != nil || len(written) != 1 {
		t.Fatalf("Write: %v %v", written, err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new\n" {
		t.Errorf("content %q", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o755 {
		t.Errorf("mode %v", st.Mode())
	}
	// Changed since it was read: left alone.
	_, err = Write(dir, []File{{Path: "run.sh", Old: []byte("old\n"), New: []byte("newer\n")}})
	if !IsChanged(err) {
		t.Errorf("err = %v, want ErrChanged", err)
	}
	// Never outside the directory.
	outside := filepath.Join(t.TempDir(), "x")
	os.WriteFile(outside, []byte("o"), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, []File{{Path: "link", Old: []byte("o"), New: []byte("p")}}); err == nil {
		t.Error("wrote through a symlink")
	}
	if _, err := Write(dir, []File{{Path: "../x", Old: []byte("o"), New: []byte("p")}}); err == nil || errors.Is(err, ErrChanged) {
		t.Errorf("wrote outside: %v", err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "o" {
		t.Error("the file outside changed")
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".*ouvert-fix")); len(entries) > 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}
