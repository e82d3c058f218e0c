package embedded

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestOnceParsesOnceAndKeepsTheCause(t *testing.T) {
	calls := 0
	load := Once("rules/broken.yaml", func() (int, error) {
		calls++
		return 7, fs.ErrNotExist
	})
	for range 3 {
		v, err := load()
		if v != 0 {
			t.Errorf("value %d beside an error, want the zero value", v)
		}
		var e *Error
		if !errors.As(err, &e) || e.Name != "rules/broken.yaml" {
			t.Fatalf("error %v is not an *Error naming the file", err)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v lost its cause", err)
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "rules/broken.yaml") {
			t.Errorf("message %q: want one line naming the file", msg)
		}
	}
	if calls != 1 {
		t.Errorf("parse ran %d times, want once", calls)
	}

	ok := Once("x", func() (string, error) { calls++; return "v", nil })
	if v, err := ok(); v != "v" || err != nil {
		t.Errorf("got %q, %v", v, err)
	}
}
