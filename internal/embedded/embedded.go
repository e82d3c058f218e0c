// Package embedded is the one way ouvert reads the data compiled into its
// binary (the catalog, the licence list, secret patterns, licence texts,
// templates): parsed on first use, once, and a failure returned as an error
// to every caller, never a panic. The data's own tests prove it valid, so
// a failure is a defect of the build; it still reaches the user as one
// line (a rule errored, a command's error) rather than a crash.
package embedded

import (
	"fmt"
	"sync"
)

// Error is the failure to read one embedded file or set of files.
type Error struct {
	Name string // the file or directory, as embedded ("rules/licences.yaml")
	Err  error
}

func (e *Error) Error() string {
	return fmt.Sprintf("embedded data %s is broken (a defect of this build of ouvert, please report it): %v", e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Once returns a function that runs parse on its first call and then gives
// every caller the same value, or the same *Error naming name.
func Once[T any](name string, parse func() (T, error)) func() (T, error) {
	return sync.OnceValues(func() (T, error) {
		v, err := parse()
		if err != nil {
			var zero T
			return zero, &Error{Name: name, Err: err}
		}
		return v, nil
	})
}
