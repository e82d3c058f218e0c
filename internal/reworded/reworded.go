// Package reworded gives an error other words while keeping it as the
// cause: a message made to fit on one line, stripped of a library's
// prefix or of credentials still lets errors.Is and errors.As find what
// went wrong underneath (a fs.PathError, a *yaml.TypeError, a net error).
package reworded

// Error is err said as Msg.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// New returns err said as msg; nil when err is nil.
func New(msg string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Msg: msg, Err: err}
}
