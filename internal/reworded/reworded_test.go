package reworded

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestRewordedKeepsTheCause(t *testing.T) {
	cause := &fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}
	err := fmt.Errorf("list: %w", New("cannot read x", cause))
	if err.Error() != "list: cannot read x" {
		t.Errorf("message %q", err)
	}
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrPermission) || !errors.As(err, &pe) || pe != cause {
		t.Errorf("%v lost its cause", err)
	}
	if New("nothing", nil) != nil {
		t.Error("a nil error reworded is not nil")
	}
}
